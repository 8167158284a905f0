"""Making and checking the text of a personal API token (no database here)."""

import hashlib
import hmac
import secrets

PREFIX = "sr"


def new_token() -> tuple[str, str, str]:
    """A fresh token: (the text shown once, its lookup prefix, the digest stored)."""
    prefix = secrets.token_hex(6)
    text = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    return text, prefix, digest_of(text)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def prefix_of(text: str) -> str | None:
    """The lookup prefix of a token's text, or None when it is not shaped like one of ours."""
    parts = text.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or len(parts[1]) != 12 or not parts[2]:
        return None
    return parts[1]


def matches(text: str, digest: str) -> bool:
    return hmac.compare_digest(digest_of(text), digest)
