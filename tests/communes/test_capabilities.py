"""The capabilities table (communes.capabilities), the rights object templates read, and adding a role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template import Context, Template
from django.urls import reverse

from communes import access
from communes.capabilities import (
    ROLE_CAPABILITIES,
    AppRights,
    Rights,
    UnknownCapability,
    capabilities_of,
    check_table,
    declare,
    declared,
    reading_capability,
)
from communes.models import Membership, Role
from diagnostics.capabilities import READ_QUESTIONNAIRES, READ_RESULTS
from smartregion.errors import NO_ACCESS, NOT_ALLOWED, READ_ONLY
from tests.diagnostics.conftest import build_small_questionnaire
from tests.diagnostics.workspace.conftest import build_workspace
from tests.factories import UserFactory


class TestTable:
    def test_every_role_has_a_row_and_every_row_a_role(self):
        assert set(ROLE_CAPABILITIES) == set(Role.values)

    def test_the_table_names_declared_capabilities_only_and_each_is_held(self):
        assert check_table() == []

    def test_check_table_reports_an_undeclared_name_and_an_unheld_capability(self, monkeypatch):
        monkeypatch.setitem(ROLE_CAPABILITIES, Role.COLLEGE, ROLE_CAPABILITIES[Role.COLLEGE] | {"roadmaps.fly"})
        monkeypatch.setitem(ROLE_CAPABILITIES, Role.REFERENT, ROLE_CAPABILITIES[Role.REFERENT] - {"roadmaps.plan"})
        assert check_table() == [
            "roadmaps.fly: in ROLE_CAPABILITIES but never declared",
            "roadmaps.plan: declared but no role holds it",
        ]

    def test_each_role_holds_what_the_role_below_holds(self):
        assert ROLE_CAPABILITIES[Role.COLLEGE] < ROLE_CAPABILITIES[Role.STAFF] < ROLE_CAPABILITIES[Role.REFERENT]

    def test_a_role_without_a_row_holds_nothing(self):
        assert capabilities_of(["nobody-knows"]) == frozenset()
        assert capabilities_of([Role.COLLEGE, Role.STAFF]) == ROLE_CAPABILITIES[Role.STAFF]


class TestDeclare:
    @pytest.mark.parametrize("name", ["roadmaps", "roadmaps.", ".publish", "roadmaps.publish.now"])
    def test_a_name_reads_app_dot_action(self, name):
        with pytest.raises(ValueError, match="<app>.<action>"):
            declare(name, "x")

    def test_declaring_again_with_the_same_words_is_harmless_another_meaning_is_refused(self):
        description = declared()["roadmaps.publish"]
        assert declare("roadmaps.publish", description) == "roadmaps.publish"
        with pytest.raises(ValueError, match="declared twice"):
            declare("roadmaps.publish", "something else")

    def test_reading_capability_of_an_app(self):
        assert reading_capability("roadmaps.publish") == "roadmaps.read"
        assert reading_capability("privacy.manage_people") == "communes.read"


class TestRights:
    def test_can_answers_from_the_capabilities_held(self):
        rights = Rights(capabilities=frozenset({"roadmaps.publish"}), reaches=True)
        assert rights.can("roadmaps.publish")
        assert not rights.can("roadmaps.plan")

    def test_everything_for_superusers(self):
        assert all(Rights(reaches=True, everything=True).can(name) for name in declared())

    def test_an_undeclared_capability_is_an_error_not_a_refusal(self):
        with pytest.raises(UnknownCapability):
            Rights().can("roadmaps.fly")

    def test_templates_read_rights_app_action(self):
        rights = Rights(capabilities=frozenset({"roadmaps.publish"}), reaches=True)
        template = Template(
            "{% if rights.roadmaps.publish %}publish{% endif %}{% if rights.roadmaps.plan %}plan{% endif %}"
            "{% if rights.reaches %} reaches{% endif %}"
        )
        assert template.render(Context({"rights": rights})) == "publish reaches"

    @pytest.mark.parametrize("lookup", ["rights.roadmaps.publsh", "rights.roadmap.publish"])
    def test_a_typo_in_a_template_fails_loudly(self, lookup):
        with pytest.raises(UnknownCapability):
            Template(f"{{% if {lookup} %}}x{{% endif %}}").render(Context({"rights": Rights()}))

    def test_app_rights_in_python(self):
        app = AppRights(Rights(capabilities=frozenset({"roadmaps.plan"})), "roadmaps")
        assert app.plan is True
        assert app["publish"] is False


# Adding a role: one row in the table -------------------------------------------------------------
# A provider working on a procurement may read the commune's questionnaires (their questions) and nothing
# else. Nothing but the row (and the membership naming the role) is added: the access helpers, the pages
# and the 403 page honour it.

PROVIDER = "provider"


@pytest.fixture
def provider(monkeypatch, commune_a):
    monkeypatch.setitem(ROLE_CAPABILITIES, PROVIDER, frozenset({"diagnostics.read_questionnaires"}))
    user = UserFactory()
    Membership.objects.create(user=user, role=PROVIDER, territory=commune_a.territory, commune=commune_a)
    return user


@pytest.mark.django_db
class TestAddingARole:
    def test_the_access_helpers_honour_the_new_row(self, provider, commune_a, commune_b):
        assert access.get_commune_for_user(provider, commune_a.slug, need=READ_QUESTIONNAIRES) == commune_a
        with pytest.raises(PermissionDenied):
            access.get_commune_for_user(provider, commune_a.slug)
        with pytest.raises(PermissionDenied):
            access.get_commune_for_user(provider, commune_a.slug, need=READ_RESULTS)
        with pytest.raises(Http404):
            access.get_commune_for_user(provider, commune_b.slug, need=READ_QUESTIONNAIRES)
        assert access.commune_rights(provider, commune_a).roles == {PROVIDER}

    def test_the_pages_honour_the_new_row(self, provider, client_for, commune_a, commune_b, referent):
        questionnaire = build_small_questionnaire(commune_a, referent).questionnaire
        client = client_for(provider)
        detail = reverse("diagnostics:questionnaire-detail", args=[commune_a.slug, questionnaire.pk])
        page = client.get(detail)
        assert page.status_code == 200
        assert questionnaire.title_fr in page.content.decode()
        assert client.get(reverse("communes:commune-detail", args=[commune_a.slug])).status_code == 403
        assert client.get(reverse("diagnostics:diagnostic-home", args=[commune_a.slug])).status_code == 403
        assert client.get(reverse("diagnostics:interview-list", args=[commune_a.slug])).status_code == 403
        assert client.get(reverse("roadmaps:roadmap-detail", args=[commune_a.slug])).status_code == 403
        assert client.get(reverse("communes:commune-detail", args=[commune_b.slug])).status_code == 404

    def test_without_the_row_the_role_reaches_the_commune_and_may_do_nothing(self, provider, monkeypatch, commune_a):
        monkeypatch.delitem(ROLE_CAPABILITIES, PROVIDER)
        rights = access.commune_rights(provider, commune_a)
        assert rights.reaches
        assert not any(rights.can(name) for name in declared())


# The 403 page (issue 15) -------------------------------------------------------------------------


@pytest.mark.django_db
class TestForbiddenPage:
    def _text(self, response) -> str:
        assert response.status_code == 403
        return response.content.decode()

    def test_a_page_the_college_may_not_see_does_not_say_they_may_read_it(self, college_a_client, commune_a):
        page = self._text(college_a_client.get(reverse("diagnostics:interview-list", args=[commune_a.slug])))
        assert str(NO_ACCESS) in page
        assert str(READ_ONLY) not in page

    def test_a_form_page_refused_says_no_access_too(self, college_a_client, commune_a):
        page = self._text(college_a_client.get(reverse("communes:commune-update", args=[commune_a.slug])))
        assert str(NO_ACCESS) in page

    def test_a_change_refused_to_who_may_read_says_so(self, college_a_client, commune_a, referent):
        ws = build_workspace(commune_a, referent)
        url = reverse("diagnostics:finding-publish", args=[commune_a.slug, ws.finding.pk])
        page = self._text(college_a_client.post(url, {"published": "1"}))
        assert str(READ_ONLY) in page

    def test_a_refused_change_on_a_territory_page_says_not_allowed(self, staff_a_client, territory):
        url = reverse("reports:territory-logo-delete", args=[territory.slug])
        page = self._text(staff_a_client.post(url))
        assert str(NOT_ALLOWED) in page
        assert str(READ_ONLY) not in page

    def test_french_by_default(self, college_a_client, commune_a):
        page = self._text(college_a_client.get(reverse("diagnostics:interview-list", args=[commune_a.slug])))
        assert "Votre rôle ne vous donne pas accès à cette page." in page
