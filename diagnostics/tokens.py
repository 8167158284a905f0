"""Personal and open links without accounts.

A link's token is derived from a random nonce stored in the database and the SECRET_KEY, and looked
up by its SHA-256 hash: the database alone does not give the links away, and reminders can still
rebuild the link a person already received.
"""

import base64
import hashlib
import re
import secrets

from django.utils.crypto import salted_hmac

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def token_from_nonce(nonce: str, *, purpose: str) -> str:
    """The 43-character URL-safe token of a nonce; `purpose` keeps response and open-link tokens apart."""
    digest = salted_hmac(f"smartregion.diagnostics.{purpose}", nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


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
    return token_from_nonce(response.token_nonce, purpose=RESPONSE)


def open_link_token(link) -> str:
    return token_from_nonce(link.token_nonce, purpose=OPEN_LINK)
