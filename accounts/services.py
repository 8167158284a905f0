from django.db import transaction

from accounts.models import User


@transaction.atomic
def user_profile_update(*, user: User, fields: dict) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    return user


def user_language_set(*, user: User, language: str) -> User:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
