import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_a_session(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "sessionid" not in response.cookies


def test_healthz_refuses_writes(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_answers_head_for_load_balancers(client):
    assert client.head(reverse("healthz")).status_code == 200
