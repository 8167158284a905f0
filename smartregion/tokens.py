"""Unguessable links without accounts, for any app (the barometer's answer links use it).

The questionnaires' links (`diagnostics.tokens`) and the barometer's answer links both use it: a token
is derived from a random nonce stored in the database and the SECRET_KEY, and looked up by its SHA-256
hash, so the database alone does not give the links away and reminders can rebuild the link a person
already received. After a key rotation a link is rebuilt with the key whose token matches the stored hash.
"""

import base64
import hashlib
import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def token_from_nonce(nonce: str, *, purpose: str, secret: str | None = None) -> str:
    """The 43-character URL-safe token of a nonce; `purpose` ("barometer.invitee") keeps kinds of links apart."""
    digest = salted_hmac(f"smartregion.{purpose}", nonce, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    return bool(TOKEN_PATTERN.match(token or ""))


def new_token(*, purpose: str) -> tuple[str, str, str]:
    """(nonce, token, hash) for a new link."""
    nonce = secrets.token_urlsafe(32)
    token = token_from_nonce(nonce, purpose=purpose)
    return nonce, token, hash_token(token)


def stored_token(nonce: str, token_hash: str, *, purpose: str) -> str:
    """The token of a stored link: made with the current key or, after a rotation, a fallback key."""
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        token = token_from_nonce(nonce, purpose=purpose, secret=secret)
        if hash_token(token) == token_hash:
            return token
    return token_from_nonce(nonce, purpose=purpose)  # a key no longer configured: the link is dead anyway
