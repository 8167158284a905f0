import pytest

from accounts.services import user_language_set, user_profile_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_update_saves_only_the_given_fields():
    user = UserFactory(first_name="Anne", last_name="Leroy")
    user_profile_update(user=user, fields={"first_name": "Annie"})
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Annie", "Leroy")


def test_language_set_saves_a_change(django_assert_num_queries):
    user = UserFactory(language="fr")
    with django_assert_num_queries(1):
        user_language_set(user=user, language="en")
    user.refresh_from_db()
    assert user.language == "en"


def test_language_set_without_change_writes_nothing(django_assert_num_queries):
    user = UserFactory(language="fr")
    with django_assert_num_queries(0):
        user_language_set(user=user, language="fr")
    assert user.language == "fr"
