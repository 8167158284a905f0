from django.template import Context, Template
from django.utils import translation

from tests.barometer.test_selectors import answered  # noqa: F401 - fixture

TEMPLATE = Template("{% load barometer %}{% barometer_latest commune %}")


def render(commune) -> str:
    with translation.override("en"):
        return TEMPLATE.render(Context({"commune": commune}))


def test_latest_answers_against_the_territory(answered, commune_a):  # noqa: F811
    html = render(commune_a)
    assert "Territory barometer: latest answers (2025)" in html
    assert "Is your commune smart?" in html
    assert "6 / 10" in html
    assert "territory mean 6.0" in html
    assert f"/barometer/communes/{commune_a.slug}/" in html


def test_says_so_plainly_before_any_answer(commune_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = render(commune_a)
    assert "has not answered the territory barometer yet" in html


def test_the_diagnostic_quotes_the_latest_barometer_answers(answered, commune_a, referent_client):  # noqa: F811
    from django.urls import reverse

    with translation.override("en"):
        response = referent_client.get(reverse("diagnostics:diagnostic-home", args=[commune_a.slug]))
    assert response.status_code == 200
    assert "Is your commune smart?" in response.content.decode()
