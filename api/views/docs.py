"""The browsable reference of the API: Swagger UI from the static files (drf-spectacular-sidecar), no CDN."""

from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3.1 schema, public (it describes the API, never data); throttled per IP like all anonymous use."""

    permission_classes = [AllowAny]


@extend_schema(exclude=True)
class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI under the site's own policy: its script comes from ?script, its styles from files."""

    permission_classes = [AllowAny]
    template_name = "api/swagger_ui.html"


@csrf_exempt  # changes nothing, and a POST to a wrong address deserves the same JSON 404
def not_found(request, *args, **kwargs):
    """An address under /api/ that names no endpoint: the API's JSON 404."""
    from django.http import JsonResponse

    from api.errors import NOT_FOUND

    return JsonResponse({"error": {"code": "not_found", "message": str(NOT_FOUND), "fields": {}}}, status=404)
