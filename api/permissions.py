from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from api.models import ApiToken

READ_ONLY_TOKEN = _("This token is read only: create a read-and-write token to change data.")


class TokenScope(permissions.IsAuthenticated):
    """Signed in (token or session); a read-only token reads only."""

    message = READ_ONLY_TOKEN
    code = "read_only_token"

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.can_write
