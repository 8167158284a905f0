"""Reads of the api app."""

from django.db.models import QuerySet

from api.models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_by_prefix(prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(prefix=prefix).first()
