# Production image for smartregion: gunicorn web, Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SMARTREGION_VAR_DIR=/app/var

# WeasyPrint's native libraries and a font; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 smartregion \
    && useradd --system --uid 1000 --gid smartregion --home-dir /app --shell /usr/sbin/nologin smartregion

WORKDIR /app

COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Translations and static files are baked in. The secret below exists only for this build step.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-not-a-secret \
        python manage.py compilemessages --ignore .venv --ignore var \
    && DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-not-a-secret \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media \
    && chown -R smartregion:smartregion /app/var

USER smartregion

EXPOSE 8000

CMD ["gunicorn", "smartregion.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
