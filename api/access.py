"""Who may see or change what in the api app: a token is its owner's only."""

from django.shortcuts import get_object_or_404

from api.models import ApiToken


def get_token_for_user(user, pk: int) -> ApiToken:
    """One of the user's own tokens; Http404 for anybody else's."""
    return get_object_or_404(ApiToken, pk=pk, user=user)
