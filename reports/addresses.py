"""Where the report's resources live for the PDF renderer (see reports/fetcher.py, which serves them)."""

# `.invalid` is reserved (RFC 2606): this host can never resolve, whatever happens.
REPORT_BASE_URL = "https://report.smartregion.invalid/"
STATIC_PREFIX = f"{REPORT_BASE_URL}static/"
MEDIA_PREFIX = f"{REPORT_BASE_URL}media/"


def static_url(name: str) -> str:
    """The URL under which the renderer finds the static file `name` (e.g. "css/report-print.css")."""
    return STATIC_PREFIX + name.lstrip("/")


def media_url(name: str) -> str:
    """The URL under which the renderer finds an allow-listed media file (the territory's logo)."""
    return MEDIA_PREFIX + name.lstrip("/")
