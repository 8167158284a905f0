"""Barometer editions and their results.

The referent (`barometer.manage`) reads every edition's full results, as on the edition's results page;
everybody else who reaches the territory reads the published editions' frozen, suppressed summary, the
same snapshot as the public page and the open data.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from api import serializers
from api.errors import error_response
from api.opendata import snapshot_results
from api.views.base import DetailView, ListView, conditional, with_last_modified
from barometer import services as barometer_services
from barometer.access import can_manage_territory, get_edition_for_user
from barometer.forms import ERROR_FILE_TOO_BIG
from barometer.models import Edition
from barometer.selectors import public_snapshot, territory_results
from communes.access import get_territory_for_user, territories_for_user
from smartregion.spreadsheets import MAX_UPLOAD_BYTES


class EditionList(ListView):
    """The barometer editions of the territories you reach, newest first."""

    serializer_class = serializers.EditionSerializer
    filter_backends = ()
    ordering = "-pk"

    def get_queryset(self):
        territory = get_territory_for_user(self.request.user, self.kwargs["slug"])
        return Edition.objects.filter(territory=territory).select_related("territory", "public_snapshot")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for edition in page:
            edition.status_now = edition.status()
            edition.published = hasattr(edition, "public_snapshot")
        return page


def _edition_in_reach(user, pk: int) -> Edition:
    edition = Edition.objects.select_related("territory").filter(pk=pk).first()
    if edition is None or not territories_for_user(user).filter(pk=edition.territory_id).exists():
        raise Http404
    return edition


@conditional
class EditionResults(DetailView):
    """An edition's results: complete for the referent, the published anonymised summary for the others."""

    serializer_class = serializers.EditionResultsSerializer

    def get(self, request, pk):
        edition = _edition_in_reach(request.user, pk)
        if can_manage_territory(request.user, edition.territory_id):
            results = territory_results(edition.territory, until_year=edition.year).for_edition(edition.pk)
            data = {"edition": results.edition, "anonymised": False, "questions": results.questions}
            return Response(self.get_serializer(data).data)
        snapshot = public_snapshot(edition)
        if snapshot is None:
            raise Http404
        results = snapshot_results(snapshot)
        data = {"edition": results.edition, "anonymised": True, "questions": results.questions}
        return with_last_modified(Response(self.get_serializer(data).data), snapshot.published_at)


class AnswersImport(DetailView):
    """Import an edition's answers from a file, with the same checks as the import page: every problem row by
    row in the response and nothing saved unless the whole file is clean; a clean file is saved at once."""

    serializer_class = serializers.ImportInputSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(request=serializers.ImportInputSerializer, responses={201: serializers.ImportResultSerializer})
    def post(self, request, pk):
        edition = get_edition_for_user(request.user, pk)
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            return error_response("invalid", ERROR_FILE_TOO_BIG % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)})
        pending, check = barometer_services.import_prepare(
            edition=edition, actor=request.user, filename=upload.name, data=upload.read()
        )
        if pending is None:
            rows = [{"line": e.line, "column": e.column_label, "message": str(e.message)} for e in check.errors]
            return error_response("import_not_clean", barometer_services.ERROR_IMPORT_NOT_CLEAN, rows=rows)
        responses = barometer_services.import_apply(response_import=pending, actor=request.user)
        data = {"imported": len(responses), "communes": sorted(r.commune.slug for r in responses)}
        return Response(serializers.ImportResultSerializer(data).data, status=status.HTTP_201_CREATED)
