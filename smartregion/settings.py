"""Settings for smartregion.

With no environment at all the portal runs embedded: SQLite under var/, Celery eager, local-memory
cache, media under var/media, e-mail printed to the console. DATABASE_URL and REDIS_URL switch to
PostgreSQL and Redis. Every variable is listed in .env.example.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from smartregion.env import env_bool, env_int, env_list, env_rate, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SMARTREGION_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", True)

# The embedded default key is only for a developer's machine; production must set its own.
_DEV_SECRET_KEY = "embedded-development-key-not-for-production"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
# Former keys, newest first, comma-separated: signed invitations, sessions and the questionnaire links
# (diagnostics/tokens.py) made with them keep working after DJANGO_SECRET_KEY is rotated.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "template_partials",
    "axes",
    "smartregion",
    "accounts",
    "communes",
    "diagnostics",
    "roadmaps",
    "barometer",
    "reports",
    "projects",
    "mutualisation",
    "procurement",
    "funding",
    "api",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "smartregion.middleware.SecurityHeadersMiddleware",
    "smartregion.middleware.DatabaseUnavailableMiddleware",
    # Before anything reads the database: kept pages depend on every table their request reads.
    "smartregion.pagecache.KeptPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "smartregion.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smartregion.urls"
WSGI_APPLICATION = "smartregion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "communes.context_processors.navigation",
            ],
            # {% form_token %} on every create form (see smartregion/submissions.py).
            "builtins": [
                "smartregion.templatetags.submissions",
                "smartregion.templatetags.french",
                "smartregion.templatetags.money",
                "smartregion.templatetags.panels",
            ],
        },
    }
]

# Database: SQLite under var/ unless DATABASE_URL names PostgreSQL.
DATABASE_URL = env_url("DATABASE_URL", schemes=("postgres", "postgresql", "sqlite"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "smartregion.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection counts failures per username *and* IP together, so that a town hall behind
# one address is never locked out as a whole.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind the proxy each user has their own address (smartregion.clientip), not the proxy's.
AXES_CLIENT_IP_CALLABLE = "smartregion.clientip.client_ip"
# Password spraying: this many failures from one address over the cool-off lock it for every username.
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20, minimum=1)
# Password reset e-mails per address and per IP within the window; past it the answer is the same, nothing is sent.
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3, minimum=1)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10, minimum=1)
PASSWORD_RESET_LIMIT_WINDOW_MINUTES = env_int("PASSWORD_RESET_LIMIT_WINDOW_MINUTES", 60, minimum=1)
# How long the link confirming a new e-mail address stays valid.
EMAIL_CHANGE_VALID_HOURS = env_int("EMAIL_CHANGE_VALID_HOURS", 24, minimum=1)
# A session unused this long is logged out.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 120, minimum=1)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)

# Internationalisation: French first, English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates day first, as Belgian readers expect (smartregion/formats/en); French keeps Django's.
FORMAT_MODULE_PATH = ["smartregion.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "smartregion_language"

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
# Media is never served directly: every file goes through a view that checks permissions.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Redis: Celery broker and cache. Without it, tasks run eagerly in-process.
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss"))
# Seconds a page waits for Redis (connect, then each read or write) before it gives up: a dead Redis must
# cost a request well under 2 s, not the client's defaults (~19 s with Celery's publish retries).
REDIS_SOCKET_TIMEOUT = env_int("REDIS_TIMEOUT_MS", 500, minimum=50) / 1000
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
            # Several instances (or parallel test workers: pytest-xdist sets PYTEST_XDIST_WORKER=gw0, gw1, ...)
            # sharing one Redis database each get their own key prefix, so throttles and caches never mix.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX") or os.environ.get("PYTEST_XDIST_WORKER", ""),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Kept pages are filed under keys holding this salt (smartregion.pagecache).
# A new salt at each start by default, so that a new release never serves what older code cached; set it
# (e.g. to the release's id) to share the cache between the processes of one release.
FRESHNESS_SALT = env_str("FRESHNESS_SALT") or secrets.token_hex(8)
# The key pages are kept between changes of the tables they read (smartregion.pagecache).
PAGE_CACHE = env_bool("PAGE_CACHE", True)

# Eager tasks still open a producer: an in-memory broker URL without a host made kombu warn "No hostname
# was supplied" on every first enqueue.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# No result backend: outcomes live in status rows (reports, roadmaps, e-mail states); nothing reads AsyncResult.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT * 2,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
# A page that enqueues a task must answer quickly when Redis is away: one immediate retry, then the
# service's on_failure undoes what the request created and the user is told to try again.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Automatic questionnaire reminders, and e-mails stuck in the queue (diagnostics).
    "diagnostics-questionnaire-emails": {"task": "diagnostics.questionnaire_emails_process_due", "schedule": 3600.0},
    # Report versions whose worker died (running with a stale claim) or whose task never reached Redis.
    "reports-sweep-stale": {"task": "reports.reports_sweep_stale", "schedule": 300.0},
    # Evaluation reports of projects whose worker died or whose task never reached Redis (projects).
    "projects-evaluations-sweep-stale": {"task": "projects.evaluations_sweep_stale", "schedule": 300.0},
    # Roadmaps whose scoring task was lost or could not be queued (Redis away).
    "roadmaps-rescore-stale": {"task": "roadmaps.stale_roadmaps_rescore", "schedule": 120.0},
    # Personal data of accompaniments closed more than PRIVACY_RETENTION_MONTHS ago (privacy), once a day.
    "privacy-retention-purge": {"task": "privacy.retention_purge", "schedule": 86400.0},
    # Previews of imports (PST, barometer, …) nobody confirmed within their validity (smartregion.imports).
    "imports-sweep": {"task": "smartregion.imports_sweep", "schedule": 3600.0},
    # Scheduled reminders of the barometer's answer links (never twice the same day per commune).
    "barometer-reminders": {"task": "barometer.reminders_process_due", "schedule": 3600.0},
    # Deadline reminders of the calls for projects (funding), N days ahead; once per deadline and person.
    "funding-reminders": {"task": "funding.reminders_send", "schedule": 3600.0 * 6},
}

# Respondents' privacy (diagnostics.privacy, privacy app): per-group figures and free texts over fewer
# respondents than this are withheld for everyone but the referent; personal data of accompaniments
# closed more than this many months ago is purged (aggregates stay).
PRIVACY_MIN_GROUP_SIZE = env_int("PRIVACY_MIN_GROUP_SIZE", 3, minimum=1)
PRIVACY_RETENTION_MONTHS = env_int("PRIVACY_RETENTION_MONTHS", 24, minimum=1)
PRIVACY_CONTACT = env_str("PRIVACY_CONTACT")

# Final reports (reports app): rendering limits, and when a running job counts as abandoned.
REPORT_SOFT_TIME_LIMIT = env_int("REPORT_SOFT_TIME_LIMIT", CELERY_TASK_SOFT_TIME_LIMIT, minimum=1)
REPORT_TIME_LIMIT = env_int("REPORT_TIME_LIMIT", CELERY_TASK_TIME_LIMIT, minimum=1)
# A running job older than this is abandoned (its worker died): it must exceed the hard time limit,
# so that a job still alive is never taken over.
REPORT_STALE_AFTER_SECONDS = env_int("REPORT_STALE_AFTER_SECONDS", REPORT_TIME_LIMIT + 60, minimum=1)
REPORT_MAX_ATTEMPTS = env_int("REPORT_MAX_ATTEMPTS", 3, minimum=1)
# A report is rendered as parts (reports/assembly.py): this many processes render them at once (0: one per
# core), and project sheets go by groups of this many, each group starting a page.
REPORT_RENDER_PROCESSES = env_int("REPORT_RENDER_PROCESSES", 0, minimum=0)
REPORT_SHEETS_PER_PART = env_int("REPORT_SHEETS_PER_PART", 4, minimum=1)
if not REPORT_SOFT_TIME_LIMIT < REPORT_TIME_LIMIT < REPORT_STALE_AFTER_SECONDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Report limits must satisfy REPORT_SOFT_TIME_LIMIT < REPORT_TIME_LIMIT < REPORT_STALE_AFTER_SECONDS."
    )
# Redis must not hand an unacknowledged report to a second worker while the first may still run it.
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = max(
    CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"], REPORT_STALE_AFTER_SECONDS * 2
)

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "smartregion <noreply@smartregion.local>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Without SITE_URL, e-mail links use the address of the request that sent them (smartregion/emails.py).
SITE_URL_SET = bool(env_str("SITE_URL"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Production (DJANGO_DEBUG off) gets HTTPS-only, prefixed cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes from inside the network speak plain HTTP
_SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _SECURE_COOKIES
CSRF_COOKIE_SECURE = _SECURE_COOKIES
if _SECURE_COOKIES:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Behind the documented reverse proxy every request comes from the proxy's address: the client's own is
# then read from X-Forwarded-For, counting DJANGO_PROXY_COUNT trusted hops from the right. Without a proxy
# that header is the client's to forge, so it is ignored (smartregion.clientip).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1, minimum=1)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Open questionnaire links (anonymous): django-ratelimit rates ("count/s|m|h|d") kept in the default cache
# (Redis when REDIS_URL is set), keyed on smartregion.clientip; a bot-like start or submit is refused quietly.
OPEN_LINK_START_RATE_PER_IP = env_rate("OPEN_LINK_START_RATE_PER_IP", "20/h")
OPEN_LINK_START_RATE_PER_LINK = env_rate("OPEN_LINK_START_RATE_PER_LINK", "600/h")
RESPONSE_SAVE_RATE = env_rate("RESPONSE_SAVE_RATE", "240/m")
RESPONSE_SUBMIT_RATE = env_rate("RESPONSE_SUBMIT_RATE", "20/h")
RESPONSE_LINK_EMAIL_RATE = env_rate("RESPONSE_LINK_EMAIL_RATE", "5/h")  # per address and per response
# The unsubscribe links of the funding deadline reminders (anonymous), per client IP.
FUNDING_UNSUBSCRIBE_RATE = env_rate("FUNDING_UNSUBSCRIBE_RATE", "30/h")
OPEN_LINK_MIN_FILL_SECONDS = env_int("OPEN_LINK_MIN_FILL_SECONDS", 3, minimum=0)
OPEN_LINK_COOKIE_DAYS = env_int("OPEN_LINK_COOKIE_DAYS", 365, minimum=1)

# The REST API (api app): personal tokens or the browser session, JSON only, throttled per token through
# the default cache (Redis when REDIS_URL is set). Rates are "count/s|m|h|d".
API_TOKEN_RATE = env_rate("API_TOKEN_RATE", "600/m")
API_SESSION_RATE = env_rate("API_SESSION_RATE", "600/m")
OPEN_DATA_RATE_PER_IP = env_rate("OPEN_DATA_RATE_PER_IP", "120/m")
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "smartregion API",
    "DESCRIPTION": "The territory's data as the portal shows it, with the same access rules. See /api/docs/.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own "django" logger has a console handler; propagating to ours printed each of its lines
        # twice ("Watching for file changes with StatReloader").
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates each rendering step at INFO; refused resources still show as warnings.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
