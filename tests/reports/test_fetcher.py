"""The renderer's URL fetcher, called directly: static files and data: URIs only, nothing else opened."""

import base64

import pytest
from django.conf import settings

from reports.addresses import MEDIA_PREFIX, REPORT_BASE_URL, STATIC_PREFIX, media_url, static_url
from reports.fetcher import RefusedURL, ReportURLFetcher

CSS = (settings.BASE_DIR / "static" / "css" / "report-print.css").read_bytes()


@pytest.fixture
def fetcher():
    return ReportURLFetcher()


def test_serves_the_apps_static_files(fetcher):
    response = fetcher.fetch(static_url("css/report-print.css"))
    assert response.read() == CSS
    assert response.content_type == "text/css"
    assert fetcher.fetched == [static_url("css/report-print.css")]


def test_serves_the_vendored_font(fetcher):
    font = settings.BASE_DIR / "static" / "fonts" / "dejavu" / "DejaVuSans.ttf"
    assert fetcher.fetch(static_url("fonts/dejavu/DejaVuSans.ttf")).read() == font.read_bytes()


def test_decodes_data_uris(fetcher):
    payload = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode()
    response = fetcher.fetch(f"data:image/svg+xml;base64,{payload}")
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        f"file://{settings.BASE_DIR}/static/css/report-print.css",
        "http://169.254.169.254/latest/meta-data/",
        "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://evil.example/x.css",
        "https://evil.example/x.css",
        "ftp://evil.example/x",
        "gopher://127.0.0.1:6379/_FLUSHALL",
        "javascript:alert(1)",
        "mailto:someone@example.org",
        f"{REPORT_BASE_URL}etc/passwd",
        f"{STATIC_PREFIX}../../../../etc/passwd",
        f"{STATIC_PREFIX}..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        f"{STATIC_PREFIX}css/../../smartregion/settings.py",
        f"{STATIC_PREFIX}/etc/passwd",
        f"{STATIC_PREFIX}css%5C..%5C..%5Csmartregion%5Csettings.py",
        f"{STATIC_PREFIX}css/report-print.css?x=http://evil.example/",
        f"{STATIC_PREFIX}css/does-not-exist.css",
        f"{STATIC_PREFIX}",
        "https://report.smartregion.invalid.evil.example/static/css/report-print.css",
        "https://user:pw@report.smartregion.invalid/static/css/report-print.css",
        f"{MEDIA_PREFIX}territories/1/logo.png",
        f"{MEDIA_PREFIX}../smartregion.sqlite3",
    ],
)
def test_refuses_everything_else(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.fetched == []


def test_media_only_from_the_allow_list(settings):
    logo = settings.MEDIA_ROOT / "territories" / "7" / "logo.png"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (settings.MEDIA_ROOT / "reports").mkdir()
    (settings.MEDIA_ROOT / "reports" / "secret.pdf").write_bytes(b"%PDF")

    fetcher = ReportURLFetcher(media_names=["territories/7/logo.png"])
    assert fetcher.fetch(media_url("territories/7/logo.png")).read().startswith(b"\x89PNG")
    assert fetcher.fetch(media_url("territories/7/logo.png")).content_type == "image/png"
    for name in ("reports/secret.pdf", "territories/7/../../reports/secret.pdf", "territories/8/logo.png"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(media_url(name))


def test_an_allow_listed_name_cannot_climb_out_of_media(settings):
    fetcher = ReportURLFetcher(media_names=["../secret.txt"])
    (settings.MEDIA_ROOT.parent / "secret.txt").write_text("secret")
    with pytest.raises(RefusedURL):
        fetcher.fetch(media_url("../secret.txt"))


def test_a_symlink_out_of_the_static_dirs_is_refused(settings, tmp_path, monkeypatch):
    """Even a file the finders return is refused when it really lives outside the static directories."""
    from django.contrib.staticfiles import finders

    outside = tmp_path / "outside.css"
    outside.write_text("body{}")
    monkeypatch.setattr(finders, "find", lambda name: str(outside))
    with pytest.raises(RefusedURL):
        ReportURLFetcher().fetch(static_url("css/anything.css"))
