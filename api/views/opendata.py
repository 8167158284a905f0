"""Open data without login: a published barometer edition as CSV or JSON, and the DCAT-AP catalogue.

Throttled per client IP (OPEN_DATA_RATE_PER_IP); cacheable (ETag, Last-Modified: the publication date).
"""

from django.http import HttpResponse, JsonResponse
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import conditional_page, require_http_methods
from rest_framework.request import Request

from api import opendata
from api.throttling import OpenDataThrottle
from barometer.access import get_public_edition
from barometer.selectors import published_snapshots
from smartregion.emails import absolute_url, request_base_url

TOO_MANY = _("Too many requests: wait a minute and try again.")


def _throttled(request) -> HttpResponse | None:
    throttle = OpenDataThrottle()
    if throttle.allow_request(Request(request), None):
        return None
    response = JsonResponse({"error": {"code": "throttled", "message": str(TOO_MANY), "fields": {}}}, status=429)
    response["Retry-After"] = str(int(throttle.wait() or 60))
    return response


def _public(response: HttpResponse, moment) -> HttpResponse:
    response["Last-Modified"] = http_date(moment.timestamp())
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_http_methods(["GET", "HEAD"])
@conditional_page
def barometer_file(request, territory_slug: str, year: int, fmt: str):
    """The frozen anonymised results of a published edition (Http404 for an edition not published)."""
    if refused := _throttled(request):
        return refused
    edition = get_public_edition(territory_slug, year)
    snapshot = edition.public_snapshot
    snapshot.edition = edition
    if fmt == "csv":
        response = HttpResponse(opendata.snapshot_csv(snapshot), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="barometre-{territory_slug}-{year}.csv"'
    else:
        response = JsonResponse(opendata.snapshot_json(snapshot), json_dumps_params={"ensure_ascii": False})
    return _public(response, snapshot.published_at)


@require_http_methods(["GET", "HEAD"])
@conditional_page
def catalog(request):
    """DCAT-AP (JSON-LD) description of every published edition, for regional open-data portals."""
    if refused := _throttled(request):
        return refused
    snapshots = list(published_snapshots())
    base_url = absolute_url("", base_url=request_base_url(request)).rstrip("/")
    response = JsonResponse(opendata.catalog(base_url, snapshots), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response
