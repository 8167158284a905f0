"""Every page: anonymous → login, outsider → 404, read-only → 403 for a write, wrong method → 405, happy path;
lists run a fixed number of queries for one row and for many."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from funding import forms, services
from funding.models import Application, FundingCall, FundingSettings, ReminderOptOut
from roadmaps.models import ProjectSheet
from smartregion.money import euros
from tests.funding.conftest import make_call

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"funding:{name}", args=args)


def call_body(**changes):
    today = timezone.localdate()
    body = {
        "funder_kind": "eu",
        "funder": "Commission européenne",
        "programme": "WiFi4EU",
        "title": "WiFi4EU 2027",
        "beneficiaries": ["commune"],
        "pillars": ["smart_citizens"],
        "function_categories": ["public_wifi"],
        "cofunding_rate": "100",
        "floor": "",
        "ceiling": "15000",
        "round_1_opens": today.isoformat(),
        "round_1_closes": (today + timedelta(days=30)).isoformat(),
    }
    return {**body, **changes}


class TestCatalogue:
    def test_anonymous_goes_to_log_in(self, client, territory):
        response = client.get(url("catalogue", territory.slug))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_an_outsider_gets_404(self, client_for, other_referent, territory):
        assert client_for(other_referent).get(url("catalogue", territory.slug)).status_code == 404

    def test_staff_read_it_without_the_add_button(self, client_for, staff_a, call, territory):
        page = client_for(staff_a).get(url("catalogue", territory.slug)).content.decode()
        assert call.title in page and url("call-create", territory.slug) not in page

    def test_filters(self, client_for, referent, call, territory):
        page = client_for(referent).get(url("catalogue", territory.slug), {"q": "nothing"}).content.decode()
        assert call.title not in page
        page = client_for(referent).get(url("catalogue", territory.slug), {"funder": "region"}).content.decode()
        assert call.title in page

    @pytest.mark.parametrize("count", [1, 12])
    def test_fixed_queries(self, client_for, referent, territory, count, django_assert_num_queries):
        for n in range(count):
            make_call(territory, referent, title=f"Appel {n}")
        client = client_for(referent)
        client.get(url("catalogue", territory.slug))
        with django_assert_num_queries(7):
            assert client.get(url("catalogue", territory.slug)).status_code == 200


class TestCallCreate:
    def test_staff_may_not(self, client_for, staff_a, territory):
        assert client_for(staff_a).post(url("call-create", territory.slug), call_body()).status_code == 403
        assert not FundingCall.objects.exists()

    def test_wrong_method(self, client_for, referent, territory):
        assert client_for(referent).put(url("call-create", territory.slug)).status_code == 405

    def test_the_referent_adds_a_call(self, client_for, referent, territory):
        response = client_for(referent).post(url("call-create", territory.slug), call_body())
        call = FundingCall.objects.get()
        assert response.status_code == 302 and response["Location"] == url("call-detail", territory.slug, call.pk)
        assert call.rounds.count() == 1 and call.function_categories == ["public_wifi"]

    def test_closing_before_opening_is_told_on_the_field_and_the_input_kept(self, client_for, referent, territory):
        today = timezone.localdate()
        body = call_body(round_1_closes=(today - timedelta(days=1)).isoformat(), title="Mon appel tapé")
        response = client_for(referent).post(url("call-create", territory.slug), body)
        assert response.status_code == 200
        with translation.override("fr"):
            assert response.context["form"].errors["round_1_closes"] == [str(forms.ERROR_CLOSES_BEFORE_OPENS)]
        assert "Mon appel tapé" in response.content.decode() and not FundingCall.objects.exists()

    def test_a_rate_above_100_is_refused(self, client_for, referent, territory):
        response = client_for(referent).post(url("call-create", territory.slug), call_body(cofunding_rate="120"))
        assert "cofunding_rate" in response.context["form"].errors and not FundingCall.objects.exists()


class TestCallPages:
    def test_detail_lists_the_sheets_it_fits(self, client_for, staff_a, call, sheet, territory):
        page = client_for(staff_a).get(url("call-detail", territory.slug, call.pk)).content.decode()
        assert sheet.title in page

    def test_the_college_does_not_see_a_draft_roadmaps_sheets(self, client_for, college_a, call, sheet, territory):
        sheet.roadmap.status = "draft"
        sheet.roadmap.save()
        page = client_for(college_a).get(url("call-detail", territory.slug, call.pk)).content.decode()
        assert sheet.title not in page

    def test_update(self, client_for, referent, staff_a, call, territory):
        assert client_for(staff_a).get(url("call-update", territory.slug, call.pk)).status_code == 403
        response = client_for(referent).post(url("call-update", territory.slug, call.pk), call_body(title="Nouveau"))
        assert response.status_code == 302
        call.refresh_from_db()
        assert call.title == "Nouveau"

    def test_a_call_of_another_territory_is_404(self, client_for, other_referent, other_territory, call):
        assert client_for(other_referent).get(url("call-detail", other_territory.slug, call.pk)).status_code == 404


class TestCalendar:
    @pytest.mark.parametrize("view", ["list", "month"])
    def test_deadlines_with_the_sheets_that_could_apply(self, client_for, staff_a, call, sheet, territory, view):
        response = client_for(staff_a).get(url("calendar", territory.slug), {"view": view})
        page = response.content.decode()
        assert response.status_code == 200 and call.title in page
        if view == "list":
            assert sheet.title in page

    @pytest.mark.parametrize("month", ["x-13", "2027-13", "9999-12", "0001-01", "1-2-3", ""])
    def test_a_bad_month_falls_back_to_this_month(self, client_for, staff_a, territory, month):
        response = client_for(staff_a).get(url("calendar", territory.slug), {"view": "month", "month": month})
        assert response.status_code == 200 and response.context["month"] == timezone.localdate().replace(day=1)

    @pytest.mark.parametrize("count", [1, 8])
    def test_fixed_queries(self, client_for, referent, roadmap, territory, count, django_assert_num_queries):
        for n in range(count):
            make_call(territory, referent, title=f"Appel {n}")
            ProjectSheet.objects.create(roadmap=roadmap, title=f"Fiche {n}", pillars=["mobility"], investment=50000)
        client = client_for(referent)
        client.get(url("calendar", territory.slug))
        with django_assert_num_queries(8):
            assert client.get(url("calendar", territory.slug)).status_code == 200


class TestSheetFunding:
    def test_outsider_and_anonymous(self, client, client_for, staff_b, sheet, commune_a):
        assert client_for(staff_b).get(url("sheet-funding", commune_a.slug, sheet.pk)).status_code == 404
        assert client.get(url("sheet-funding", commune_a.slug, sheet.pk)).status_code == 302

    def test_matches_near_misses_and_share(self, client_for, staff_a, referent, territory, call, sheet, commune_a):
        make_call(territory, referent, title="Appel énergie", pillars=["energy_environment"])
        page = client_for(staff_a).get(url("sheet-funding", commune_a.slug, sheet.pk)).content.decode()
        assert "Appel mobilité" in page and "Appel énergie" in page
        assert url("application-create", commune_a.slug, sheet.pk) + f"?call={call.pk}" in page

    def test_the_sheet_page_shows_the_panel(self, client_for, staff_a, call, sheet, commune_a):
        page = client_for(staff_a).get(reverse("roadmaps:sheet-detail", args=[commune_a.slug, sheet.pk])).content
        assert url("sheet-funding", commune_a.slug, sheet.pk).encode() in page

    @pytest.mark.parametrize("count", [1, 8])
    def test_fixed_queries(
        self, client_for, staff_a, referent, territory, sheet, commune_a, count, django_assert_num_queries
    ):
        for n in range(count):
            call = make_call(territory, referent, title=f"Appel {n}")
            services.application_create(call=call, sheet=sheet, actor=staff_a, fields={})
        client = client_for(staff_a)
        client.get(url("sheet-funding", commune_a.slug, sheet.pk))
        with django_assert_num_queries(11):
            assert client.get(url("sheet-funding", commune_a.slug, sheet.pk)).status_code == 200


class TestApplications:
    def test_the_college_may_not_apply(self, client_for, college_a, call, sheet, commune_a):
        response = client_for(college_a).post(url("application-create", commune_a.slug, sheet.pk), {"call": call.pk})
        assert response.status_code == 403 and not Application.objects.exists()

    def test_wrong_method(self, client_for, staff_a, sheet, commune_a):
        assert client_for(staff_a).delete(url("application-create", commune_a.slug, sheet.pk)).status_code == 405

    def test_staff_apply_then_record_the_grant(self, client_for, staff_a, call, sheet, commune_a):
        client = client_for(staff_a)
        body = {"call": call.pk, "status": "submitted", "amount_requested": "48000", "probability": "70"}
        response = client.post(url("application-create", commune_a.slug, sheet.pk), body)
        assert response.status_code == 302
        application = Application.objects.get()
        body = {"status": "granted", "amount_requested": "48000", "amount_granted": "50000", "probability": "70"}
        response = client.post(url("application-update", commune_a.slug, application.pk), body)
        with translation.override("fr"):
            assert response.context["form"].errors["amount_granted"] == [str(services.ERROR_GRANTED_ABOVE_REQUESTED)]
        body["amount_granted"] = "40000"
        assert client.post(url("application-update", commune_a.slug, application.pk), body).status_code == 302
        application.refresh_from_db()
        assert (application.status, application.amount_granted) == ("granted", Decimal(40000))

    def test_an_application_through_another_commune_is_404(self, client_for, referent, staff_a, call, sheet, commune_b):
        application = services.application_create(call=call, sheet=sheet, actor=staff_a, fields={})
        assert client_for(referent).get(url("application-update", commune_b.slug, application.pk)).status_code == 404


class TestTerritoryView:
    def test_staff_may_not(self, client_for, staff_a, territory):
        assert client_for(staff_a).get(url("territory-applications", territory.slug)).status_code == 403

    def test_figures_per_call_and_success_rate(self, client_for, referent, staff_a, roadmap, call, sheet, territory):
        other = ProjectSheet.objects.create(roadmap=roadmap, title="Autre", pillars=["mobility"], investment=30000)
        granted = {"status": "granted", "amount_requested": Decimal(40000), "amount_granted": Decimal(30000)}
        services.application_create(call=call, sheet=sheet, actor=staff_a, fields=granted)
        services.application_create(call=call, sheet=other, actor=staff_a, fields={"status": "refused"})
        response = client_for(referent).get(url("territory-applications", territory.slug))
        (row,) = response.context["per_call"]
        assert (row.count, row.requested, row.granted, row.success_rate) == (2, Decimal(40000), Decimal(30000), 0.5)
        assert "50 %" in response.content.decode().replace("\xa0", " ")
        assert ("granted", 1) in [(value, count) for value, _label, count in response.context["by_status"]]
        filtered = client_for(referent).get(url("territory-applications", territory.slug), {"status": "refused"})
        assert [a.sheet for a in filtered.context["applications"]] == [other]

    @pytest.mark.parametrize("count", [1, 8])
    def test_fixed_queries(
        self, client_for, referent, staff_a, roadmap, territory, call, count, django_assert_num_queries
    ):
        for n in range(count):
            sheet = ProjectSheet.objects.create(roadmap=roadmap, title=f"Fiche {n}")
            services.application_create(call=call, sheet=sheet, actor=staff_a, fields={})
        client = client_for(referent)
        client.get(url("territory-applications", territory.slug))
        with django_assert_num_queries(8):
            assert client.get(url("territory-applications", territory.slug)).status_code == 200


class TestReminderSettings:
    def test_staff_may_not(self, client_for, staff_a, territory):
        assert client_for(staff_a).post(url("reminder-settings", territory.slug), {}).status_code == 403

    def test_the_referent_sets_n_days(self, client_for, referent, territory):
        response = client_for(referent).post(
            url("reminder-settings", territory.slug), {"reminder_days": "21", "reminders_enabled": "on"}
        )
        assert response.status_code == 302
        assert FundingSettings.objects.get(territory=territory).reminder_days == 21

    def test_out_of_range_is_refused(self, client_for, referent, territory):
        response = client_for(referent).post(url("reminder-settings", territory.slug), {"reminder_days": "0"})
        assert "reminder_days" in response.context["form"].errors and not FundingSettings.objects.exists()


class TestUnsubscribe:
    def test_a_forged_token_is_404(self, client):
        assert client.get(url("unsubscribe", "forged")).status_code == 404

    def test_the_link_asks_then_stops_the_reminders(self, client, staff_a, territory):
        token = services.unsubscribe_token(user_id=staff_a.pk, territory_id=territory.pk)
        assert client.get(url("unsubscribe", token)).status_code == 200
        assert not ReminderOptOut.objects.exists()
        assert client.post(url("unsubscribe", token)).status_code == 200
        assert client.post(url("unsubscribe", token)).status_code == 200
        assert ReminderOptOut.objects.get().user == staff_a


class TestSharedApplications:
    @pytest.fixture
    def shared(self, territory, commune_a):
        from mutualisation.models import SharedProject

        return SharedProject.objects.create(territory=territory, title="Vélos intercommunaux", lead_commune=commune_a)

    def test_staff_may_not(self, client_for, staff_a, territory):
        assert client_for(staff_a).get(url("shared-application-create", territory.slug)).status_code == 403

    def test_the_referent_applies_once_for_all_communes(self, client_for, referent, territory, call, shared):
        client = client_for(referent)
        body = {"shared_project": shared.pk, "call": call.pk, "status": "submitted", "probability": "50"}
        response = client.post(url("shared-application-create", territory.slug), body)
        assert response.status_code == 302
        application = Application.objects.get()
        assert (application.shared_project, application.sheet) == (shared, None)
        page = client.get(url("territory-applications", territory.slug)).content.decode()
        assert shared.title in page
        body = {"status": "granted", "amount_requested": "100", "amount_granted": "90", "probability": "50"}
        response = client.post(url("shared-application-update", territory.slug, application.pk), body)
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.amount_granted == Decimal(90)

    def test_a_second_application_is_told_on_the_call(self, client_for, referent, territory, call, shared):
        services.application_create(call=call, shared_project=shared, actor=referent, fields={})
        body = {"shared_project": shared.pk, "call": call.pk, "status": "idea", "probability": "50"}
        response = client_for(referent).post(url("shared-application-create", territory.slug), body)
        assert "call" in response.context["form"].errors and Application.objects.count() == 1


def test_the_unsubscribe_link_is_throttled(client, staff_a, territory, settings):
    settings.FUNDING_UNSUBSCRIBE_RATE = "2/h"
    token = services.unsubscribe_token(user_id=staff_a.pk, territory_id=territory.pk)
    statuses = [client.get(url("unsubscribe", token), REMOTE_ADDR="10.9.8.7").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert not ReminderOptOut.objects.exists()


class TestPanels:
    def test_the_commune_page_leads_to_the_catalogue_and_for_the_referent_to_applications(
        self, client_for, referent, college_a, commune_a, territory
    ):
        page = client_for(college_a).get(reverse("communes:commune-detail", args=[commune_a.slug])).content.decode()
        assert url("catalogue", territory.slug) in page and url("territory-applications", territory.slug) not in page
        page = client_for(referent).get(reverse("communes:commune-detail", args=[commune_a.slug])).content.decode()
        assert url("territory-applications", territory.slug) in page

    def test_the_sheet_panel_shows_the_share_and_roi_net(self, client_for, staff_a, call, sheet, commune_a):
        sheet.yearly_financial_gains = Decimal(20000)
        sheet.save()
        fields = {"status": "granted", "amount_requested": Decimal(40000), "amount_granted": Decimal(40000)}
        services.application_create(call=call, sheet=sheet, actor=staff_a, fields=fields)
        response = client_for(staff_a).get(reverse("roadmaps:sheet-detail", args=[commune_a.slug, sheet.pk]))
        page = response.content.decode()
        panel = page[page.index("funding-panel-heading") :]
        # Over 6 years, gains of 120 000: net value 40 000 gross, 80 000 net of the 40 000 granted.
        with translation.override("fr"):
            assert euros(40000) in panel and euros(80000) in panel
