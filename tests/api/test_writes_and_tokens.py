"""Recording an indicator value through the API (the form's service), and the personal tokens: their pages,
their rules, hashed at rest, shown once, expiry, scope, revocation, throttling per token."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from api import services
from api.models import ApiToken, TokenScope
from api.tokens import digest_of
from communes.models import Activity
from projects.models import IndicatorValue
from smartregion.errors import ServiceError

pytestmark = pytest.mark.django_db


def _values_url(project):
    indicator = project.indicators.get()
    return reverse("api:indicator-value-create", args=[project.commune.slug, project.pk, indicator.pk])


# Record an indicator value ---------------------------------------------------------------------------


def test_staff_record_a_value_with_a_write_token(api_client, staff_a, project_a):
    client = api_client(staff_a, TokenScope.WRITE)
    body = {"measured_on": "2026-02-28", "value": "150.5", "note": "Relevé"}
    response = client.post(_values_url(project_a), body, content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {"measured_on": "2026-02-28", "value": "150.50", "note": "Relevé"}
    recorded = IndicatorValue.objects.get(measured_on=datetime.date(2026, 2, 28))
    assert recorded.recorded_by == staff_a
    assert Activity.objects.filter(verb="indicator_measured", actor=staff_a).exists()


def test_a_future_date_is_refused_on_its_field_by_the_service(api_client, staff_a, project_a):
    client = api_client(staff_a, TokenScope.WRITE)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        _values_url(project_a), {"measured_on": future, "value": "1"}, content_type="application/json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    with translation.override("fr"):
        assert error["fields"]["measured_on"] == [gettext("A measure cannot be dated in the future.")]
    assert IndicatorValue.objects.count() == 1


def test_not_a_number_is_refused(api_client, staff_a, project_a):
    client = api_client(staff_a, TokenScope.WRITE)
    response = client.post(
        _values_url(project_a), {"measured_on": "2026-01-01", "value": "beaucoup"}, content_type="application/json"
    )
    assert (response.status_code, list(response.json()["error"]["fields"])) == (400, ["value"])


def test_a_read_only_token_cannot_write(api_client, staff_a, project_a):
    client = api_client(staff_a, TokenScope.READ)
    response = client.post(
        _values_url(project_a), {"measured_on": "2026-01-01", "value": "3"}, content_type="application/json"
    )
    assert (response.status_code, response.json()["error"]["code"]) == (403, "read_only_token")
    assert IndicatorValue.objects.count() == 1


def test_the_college_may_not_write(api_client, college_a, project_a):
    client = api_client(college_a, TokenScope.WRITE)
    response = client.post(
        _values_url(project_a), {"measured_on": "2026-01-01", "value": "3"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_wrong_method_is_405(api_client, staff_a, project_a):
    assert api_client(staff_a, TokenScope.WRITE).get(_values_url(project_a)).status_code == 405


def test_the_session_needs_csrf_to_write(client_for, staff_a, project_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)
    response = client.post(
        _values_url(project_a), {"measured_on": "2026-01-01", "value": "3"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert IndicatorValue.objects.count() == 1


# Tokens ----------------------------------------------------------------------------------------------


def test_a_token_is_hashed_at_rest_and_finds_its_user(staff_a):
    token, text = services.api_token_create(actor=staff_a, name="BI", scope=TokenScope.READ, days=10)
    assert text not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.digest == digest_of(text)
    assert text.startswith(f"sr_{token.prefix}_")


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"name": " "}, "name"), ({"days": 0}, "days"), ({"days": 10_000}, "days"), ({"scope": "admin"}, "scope")],
)
def test_token_rules(staff_a, fields, field):
    with pytest.raises(ServiceError) as error:
        services.api_token_create(actor=staff_a, **({"name": "BI", "scope": "read", "days": 5} | fields))
    assert error.value.field == field
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused(client, staff_a, commune_a, token_for):
    text = token_for(staff_a)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("api:commune-list"), headers={"Authorization": f"Bearer {text}"})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "token_expired")


def test_a_revoked_token_is_refused(client, staff_a, commune_a, token_for):
    text = token_for(staff_a)
    services.api_token_revoke(actor=staff_a, token=ApiToken.objects.get())
    response = client.get(reverse("api:commune-list"), headers={"Authorization": f"Bearer {text}"})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "token_revoked")
    with pytest.raises(ServiceError):
        services.api_token_revoke(actor=staff_a, token=ApiToken.objects.get())


def test_a_tampered_token_is_refused(client, staff_a, commune_a, token_for):
    text = token_for(staff_a)
    response = client.get(reverse("api:commune-list"), headers={"Authorization": f"Bearer {text[:-2]}xx"})
    assert response.status_code == 401


def test_throttled_per_token(client, staff_a, commune_a, token_for, settings):
    settings.API_TOKEN_RATE = "2/m"
    first, second = token_for(staff_a), token_for(staff_a)
    url = reverse("api:commune-list")
    statuses = [client.get(url, headers={"Authorization": f"Bearer {first}"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(url, headers={"Authorization": f"Bearer {second}"}).status_code == 200
    refused = client.get(url, headers={"Authorization": f"Bearer {first}"})
    assert refused.json()["error"]["code"] == "throttled" and refused["Retry-After"]
    for token in ApiToken.objects.all():
        cache.delete(f"throttle_api_token_{token.prefix}")


def test_last_used_is_noted(client, staff_a, commune_a, token_for):
    text = token_for(staff_a)
    client.get(reverse("api:commune-list"), headers={"Authorization": f"Bearer {text}"})
    assert ApiToken.objects.get().last_used_at is not None


# Token pages -----------------------------------------------------------------------------------------


def test_profile_links_the_tokens(staff_a_client):
    page = staff_a_client.get(reverse("accounts:profile")).content.decode()
    assert reverse("api:token-list") in page


def test_token_pages_need_login(client):
    for name in ("api:token-list", "api:token-create"):
        assert client.get(reverse(name))["Location"].startswith("/accounts/login/")


def test_create_shows_the_token_once(staff_a_client, staff_a):
    response = staff_a_client.post(reverse("api:token-create"), {"name": "Power BI", "scope": "read", "days": "30"})
    assert response["Location"] == reverse("api:token-list")
    token = ApiToken.objects.get(user=staff_a)
    first = staff_a_client.get(reverse("api:token-list")).content.decode()
    assert f"sr_{token.prefix}_" in first and 'id="new-token"' in first
    again = staff_a_client.get(reverse("api:token-list")).content.decode()
    assert 'id="new-token"' not in again


def test_bad_input_keeps_what_was_typed(staff_a_client):
    response = staff_a_client.post(reverse("api:token-create"), {"name": "Power BI", "scope": "read", "days": "0"})
    assert response.status_code == 422
    assert 'value="Power BI"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_own_token_only(staff_a_client, staff_b, staff_a):
    own, _text = services.api_token_create(actor=staff_a, name="A", scope="read", days=3)
    other, _text = services.api_token_create(actor=staff_b, name="B", scope="read", days=3)
    assert staff_a_client.post(reverse("api:token-revoke", args=[other.pk])).status_code == 404
    assert staff_a_client.get(reverse("api:token-revoke", args=[own.pk])).status_code == 405
    assert staff_a_client.post(reverse("api:token-revoke", args=[own.pk])).status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None and other.revoked_at is None


def test_messages_in_the_language_of_the_tokens_owner(api_client, staff_a, project_a):
    staff_a.language = "en"
    staff_a.save(update_fields=["language"])
    client = api_client(staff_a, TokenScope.WRITE)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        _values_url(project_a), {"measured_on": future, "value": "1"}, content_type="application/json"
    )
    assert response.json()["error"]["fields"]["measured_on"] == ["A measure cannot be dated in the future."]
    assert response.json()["error"]["message"] == "Some fields need your attention."
