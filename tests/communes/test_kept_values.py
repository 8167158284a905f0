"""Values kept to make the dashboard and the commune page fast (issue 22) follow each of their inputs.

- The dashboard's filter form is kept in the process under the language and the values it was bound to.
- The dashboard's annotated queryset is built once per day and per set of registered columns.
- The commune page's parts share reads inside the view's `read_once` scope, which ends with the request.
"""

import re
from datetime import timedelta

import pytest
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone

from communes import dashboard, filters
from communes.selectors import commune_overview_list
from projects import services as project_services
from projects.models import ProjectMilestone
from smartregion import memo
from tests.factories import AccompanimentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("communes:commune-list")


def filter_form(response) -> str:
    content = response.content.decode()
    return re.search(r'<form method="get".*?</form>', content, re.DOTALL).group(0)


@pytest.fixture(autouse=True)
def _no_kept_forms():
    filters._FORM_HTML.clear()


class TestFilterForm:
    def test_the_form_is_kept_and_served_again(self, referent_client, commune_a):
        first = referent_client.get(LIST_URL)
        assert len(filters._FORM_HTML) == 1
        assert filter_form(referent_client.get(LIST_URL)) == filter_form(first)
        assert len(filters._FORM_HTML) == 1

    def test_the_language_changes_the_form(self, referent_client, commune_a):
        assert "Rechercher" in filter_form(referent_client.get(LIST_URL))
        referent_client.post(reverse("accounts:language"), {"language": "en", "next": LIST_URL})
        english = filter_form(referent_client.get(LIST_URL))
        assert "Search" in english
        assert "Rechercher" not in english

    @pytest.mark.parametrize(
        ("field", "value", "shown"),
        [
            ("province", "Namur", '<option value="Namur" selected>'),
            ("phase", "diagnostic", '<option value="diagnostic" selected>'),
            ("status", "on_hold", '<option value="on_hold" selected>'),
            ("ordering", "-progress", '<option value="-progress" selected>'),
            ("late", "on", "checked"),
        ],
    )
    def test_each_value_the_form_is_bound_to_changes_it(self, referent_client, commune_a, field, value, shown):
        plain = filter_form(referent_client.get(LIST_URL))
        assert shown not in plain
        bound = filter_form(referent_client.get(LIST_URL, {field: value}))
        assert shown in bound
        assert filter_form(referent_client.get(LIST_URL)) == plain

    def test_a_search_is_shown_and_never_kept(self, referent_client, commune_a):
        assert 'value="cour"' in filter_form(referent_client.get(LIST_URL, {"q": "cour"}))
        assert 'value="lob"' in filter_form(referent_client.get(LIST_URL, {"q": "lob"}))
        assert filters._FORM_HTML == {}

    def test_what_is_kept_is_bounded(self, referent_client, commune_a, monkeypatch):
        monkeypatch.setattr(filters, "FORM_HTML_KEPT", 2)
        for province in ("Namur", "Hainaut", "Liège"):
            referent_client.get(LIST_URL, {"province": province})
        assert len(filters._FORM_HTML) <= 2


class TestOverviewBuiltOncePerDay:
    def row(self, response, commune):
        return next(c for c in response.context["communes"] if c.pk == commune.pk)

    def test_the_late_flag_follows_the_date(self, referent_client, commune_a, monkeypatch):
        today = timezone.localdate()
        MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_a), due_date=today + timedelta(days=1))
        assert self.row(referent_client.get(LIST_URL), commune_a).is_late is False
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=2))
        assert self.row(referent_client.get(LIST_URL), commune_a).is_late is True

    def test_the_rows_follow_the_data(self, referent_client, commune_a):
        today = timezone.localdate()
        milestone = MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_a), due_date=today)
        assert self.row(referent_client.get(LIST_URL), commune_a).progress == 0
        milestone.completed_on = today
        milestone.save(update_fields=["completed_on"])
        assert self.row(referent_client.get(LIST_URL), commune_a).progress == 100

    def test_a_column_registered_later_is_applied(self, referent, commune_a):
        dashboard.register_annotation("tests.column", lambda queryset: queryset.annotate(test_column=Value(7)))
        try:
            assert commune_overview_list(referent).get(pk=commune_a.pk).test_column == 7
        finally:
            del dashboard._ANNOTATIONS["tests.column"]
        assert not hasattr(commune_overview_list(referent).get(pk=commune_a.pk), "test_column")

    def test_each_user_gets_their_own_communes(self, referent, staff_a, commune_a, commune_b):
        assert set(commune_overview_list(referent)) == {commune_a, commune_b}
        assert list(commune_overview_list(staff_a)) == [commune_a]


class TestReadOnce:
    def test_outside_a_scope_every_read_computes(self):
        calls = []
        assert memo.once("k", lambda: calls.append(1) or len(calls)) == 1
        assert memo.once("k", lambda: calls.append(1) or len(calls)) == 2

    def test_inside_a_scope_a_key_is_computed_once_and_forgotten_after(self):
        calls = []
        with memo.read_once():
            assert memo.once("k", lambda: calls.append(1) or len(calls)) == 1
            assert memo.once("k", lambda: calls.append(1) or len(calls)) == 1
            assert memo.once("other", lambda: calls.append(1) or len(calls)) == 2
        with memo.read_once():
            assert memo.once("k", lambda: calls.append(1) or len(calls)) == 3

    def test_the_commune_page_shows_a_change_on_the_next_request(self, referent, referent_client, commune_a):
        url = reverse("communes:commune-detail", args=[commune_a.slug])
        project = project_services.start_project(actor=referent, commune=commune_a, title="Guichet")
        late = timezone.localdate() - timedelta(days=3)
        ProjectMilestone.objects.create(project=project, title="Maquettes approuvées", due_date=late)
        first = referent_client.get(url).content.decode()
        assert "Maquettes approuvées" in first
        ProjectMilestone.objects.create(project=project, title="Marché attribué", due_date=late)
        second = referent_client.get(url).content.decode()
        assert "Marché attribué" in second
        assert "2 jalons de projet sont en retard" in second
