"""`Authorization: Bearer <token>` with a personal API token (api.models.ApiToken)."""

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.selectors import token_by_prefix
from api.services import api_token_touch
from api.tokens import matches, prefix_of

INVALID = _("This API token is not valid.")
EXPIRED = _("This API token has expired; create a new one in your profile.")
REVOKED = _("This API token was revoked.")
INACTIVE_USER = _("The account of this API token is disabled.")


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(INVALID, code="token_invalid")
        text = header[1].decode(errors="replace")
        prefix = prefix_of(text)
        token = token_by_prefix(prefix) if prefix else None
        if token is None or not matches(text, token.digest):
            raise exceptions.AuthenticationFailed(INVALID, code="token_invalid")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(REVOKED, code="token_revoked")
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(EXPIRED, code="token_expired")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(INACTIVE_USER, code="token_invalid")
        api_token_touch(token=token)
        if token.user.language:
            # As UserLanguageMiddleware does for the session: messages in the language of the owner's profile.
            translation.activate(token.user.language)
            request.LANGUAGE_CODE = token.user.language
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token from your profile."}
