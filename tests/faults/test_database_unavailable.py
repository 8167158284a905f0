import pytest
from django.db.utils import InterfaceError, OperationalError
from django.urls import reverse

from communes import views

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_request_caught_by_a_database_restart_fails_cleanly(error, referent_client, commune_a, monkeypatch):
    def unavailable(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "get_commune_for_user", unavailable)
    response = referent_client.get(reverse("communes:commune-detail", args=[commune_a.slug]))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert reverse("communes:commune-detail", args=[commune_a.slug]) in response.content.decode()


def test_other_errors_are_not_disguised(referent_client, commune_a, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views, "get_commune_for_user", broken)
    referent_client.raise_request_exception = True
    with pytest.raises(ValueError, match="a bug"):
        referent_client.get(reverse("communes:commune-detail", args=[commune_a.slug]))
