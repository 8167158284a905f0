"""Writes of the api app: personal API tokens."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, TokenScope
from api.tokens import new_token
from smartregion.errors import ServiceError

ERROR_NO_NAME = _("Give the token a name, so that you recognise it later.")
ERROR_DAYS = _("A token lasts from 1 to %(max)s days.")
ERROR_SCOPE = _("Choose read only or read and write.")
ERROR_ALREADY_REVOKED = _("This token was already revoked.")


@transaction.atomic
def api_token_create(*, actor, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token of `actor`; returns it and its text, which is shown once and never stored."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(ERROR_NO_NAME, field="name")
    if scope not in TokenScope.values:
        raise ServiceError(ERROR_SCOPE, field="scope")
    if not isinstance(days, int) or not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ServiceError(ERROR_DAYS % {"max": settings.API_TOKEN_MAX_DAYS}, field="days")
    text, prefix, digest = new_token()
    token = ApiToken.objects.create(
        user=actor,
        name=name[:80],
        prefix=prefix,
        digest=digest,
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, text


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of `actor`'s tokens: every later request with it is refused."""
    if token.revoked_at is not None:
        raise ServiceError(ERROR_ALREADY_REVOKED)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (one UPDATE, no read)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
