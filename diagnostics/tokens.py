"""Personal and open links without accounts.

A link's token is derived from a random nonce stored in the database and the SECRET_KEY, and looked
up by its SHA-256 hash: the database alone does not give the links away, and reminders can still
rebuild the link a person already received. After a key rotation (the old key kept in
SECRET_KEY_FALLBACKS, env DJANGO_SECRET_KEY_FALLBACKS) a link is rebuilt with the key it was made with,
the one whose token matches the stored hash, so the address shown to staff and sent in reminders
stays the one people already hold.
"""

import base64
import hashlib
import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def token_from_nonce(nonce: str, *, purpose: str, secret: str | None = None) -> str:
    """The 43-character URL-safe token of a nonce; `purpose` keeps response and open-link tokens apart."""
    digest = salted_hmac(f"smartregion.diagnostics.{purpose}", nonce, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def stored_token(nonce: str, token_hash: str, *, purpose: str) -> str:
    """The token of a stored link: made with the current key or, after a rotation, a fallback key."""
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        token = token_from_nonce(nonce, purpose=purpose, secret=secret)
        if hash_token(token) == token_hash:
            return token
    # A hash made with a key no longer configured: the link is dead whatever is built here.
    return token_from_nonce(nonce, purpose=purpose)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    return bool(TOKEN_PATTERN.match(token or ""))


def new_token(*, purpose: str) -> tuple[str, str, str]:
    """(nonce, token, hash) for a new link."""
    nonce = new_nonce()
    token = token_from_nonce(nonce, purpose=purpose)
    return nonce, token, hash_token(token)


RESPONSE = "response"
OPEN_LINK = "open-link"


def response_token(response) -> str:
    """The token of a response's personal link."""
    return stored_token(response.token_nonce, response.token_hash, purpose=RESPONSE)


def open_link_token(link) -> str:
    return stored_token(link.token_nonce, link.token_hash, purpose=OPEN_LINK)
