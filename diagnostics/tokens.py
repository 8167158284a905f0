"""Personal and open links without accounts.

A link's token is derived from a random nonce stored in the database and the SECRET_KEY, and looked
up by its SHA-256 hash: the database alone does not give the links away, and reminders can still
rebuild the link a person already received. After a key rotation (the old key kept in
SECRET_KEY_FALLBACKS, env DJANGO_SECRET_KEY_FALLBACKS) a link is rebuilt with the key it was made with,
the one whose token matches the stored hash, so the address shown to staff and sent in reminders
stays the one people already hold.
"""

from smartregion import tokens
from smartregion.tokens import hash_token, looks_like_token

__all__ = ["hash_token", "looks_like_token", "new_token", "open_link_token", "response_token"]

# The questionnaires' links were made under the salt "smartregion.diagnostics.<purpose>" (kept, so that the
# links people hold stay valid); the rules themselves are smartregion.tokens'.
_SALT = "diagnostics"


def new_token(*, purpose: str) -> tuple[str, str, str]:
    """(nonce, token, hash) for a new link."""
    return tokens.new_token(purpose=f"{_SALT}.{purpose}")


def stored_token(nonce: str, token_hash: str, *, purpose: str) -> str:
    return tokens.stored_token(nonce, token_hash, purpose=f"{_SALT}.{purpose}")


RESPONSE = "response"
OPEN_LINK = "open-link"


def response_token(response) -> str:
    """The token of a response's personal link."""
    return stored_token(response.token_nonce, response.token_hash, purpose=RESPONSE)


def open_link_token(link) -> str:
    return stored_token(link.token_nonce, link.token_hash, purpose=OPEN_LINK)
