"""Every API error is JSON: `{"error": {"code": <stable code>, "message": <translated>, "fields": {...}}}`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from smartregion.errors import ServiceError

NOT_FOUND = _("Nothing here, or nothing you may see.")
NO_ACCESS = _("Your role does not allow you to do this.")
INVALID = _("Some fields need your attention.")

# DRF's default codes, renamed where they read badly; the others are kept as DRF names them.
CODES = {"not_found": "not_found", "permission_denied": "permission_denied", "invalid": "invalid"}


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    return {}


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        exc = exceptions.ValidationError({exc.field or "non_field_errors": [str(exc.message)]})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(NO_ACCESS)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = {"code": "invalid", "message": str(INVALID), "fields": _fields(exc.detail)}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        body = {"code": CODES.get(code, code), "message": str(detail), "fields": {}}
    response.data = {"error": body}
    return response


def error_response(code: str, message, status_code=status.HTTP_400_BAD_REQUEST, **extra) -> Response:
    return Response({"error": {"code": code, "message": str(message), "fields": {}, **extra}}, status=status_code)
