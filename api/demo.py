"""Demo data of the api app: a read-only token of the demo referent whose text is known (printed in the
README's demo accounts), so that the API can be tried at once. Runs twice without harm."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from api.models import ApiToken, TokenScope
from api.tokens import digest_of

DEMO_TOKEN = "sr_00000000demo_demo-token-of-the-referent-read-only"  # noqa: S105 - demo only, read only, published
DEMO_PREFIX = "00000000demo"


def seed_api() -> ApiToken | None:
    referent = get_user_model().objects.filter(username="referent").first()
    if referent is None:
        return None
    token, _created = ApiToken.objects.update_or_create(
        prefix=DEMO_PREFIX,
        defaults={
            "user": referent,
            "name": "Démo (lecture seule)",
            "digest": digest_of(DEMO_TOKEN),
            "scope": TokenScope.READ,
            "expires_at": timezone.now() + timedelta(days=365),
            "revoked_at": None,
        },
    )
    return token
