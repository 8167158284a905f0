"""The audit trail: one record per change, with its territory, its commune (if any) and the changed fields."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from barometer import services as barometer_services
from barometer.models import BarometerVerb
from communes import services
from communes.models import Activity, ActivityVerb, Commune
from diagnostics.models import QuestionnaireActivityVerb
from diagnostics.services import campaigns as campaign_services
from tests.factories import AccompanimentFactory, ActivityFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


class TestAuditRecord:
    def test_a_commune_record_takes_the_commune_territory(self, commune_a, referent):
        activity = services.audit_record(commune=commune_a, actor=referent, verb=ActivityVerb.COMMUNE_UPDATED)
        assert (activity.territory_id, activity.commune, activity.actor) == (
            commune_a.territory_id,
            commune_a,
            referent,
        )
        assert activity.changes == {}

    def test_a_territory_record_has_no_commune(self, territory, referent):
        activity = services.audit_record(territory=territory, actor=referent, verb=ActivityVerb.TERRITORY_LOGO_UPDATED)
        assert (activity.territory, activity.commune) == (territory, None)

    def test_needs_a_commune_or_a_territory(self, referent):
        with pytest.raises(ValueError):
            services.audit_record(actor=referent, verb=ActivityVerb.COMMUNE_UPDATED)

    @pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
    def test_no_actor_for_anonymous_people(self, commune_a, actor):
        activity = services.audit_record(commune=commune_a, actor=actor, verb=ActivityVerb.COMMUNE_UPDATED)
        assert activity.actor is None

    def test_subject_is_cut_to_the_column(self, commune_a):
        activity = services.audit_record(
            commune=commune_a, actor=None, verb=ActivityVerb.MILESTONE_ADDED, subject="x" * 400
        )
        assert len(activity.subject) == 300

    def test_activity_record_is_the_commune_form(self, commune_a, referent):
        activity = services.activity_record(
            commune=commune_a, actor=referent, verb=ActivityVerb.MILESTONE_ADDED, subject="M"
        )
        assert (activity.territory_id, activity.commune, activity.subject) == (commune_a.territory_id, commune_a, "M")

    def test_deleting_the_actor_keeps_the_record(self, commune_a, staff_a):
        activity = services.audit_record(commune=commune_a, actor=staff_a, verb=ActivityVerb.COMMUNE_UPDATED)
        staff_a.delete()
        activity.refresh_from_db()
        assert activity.actor is None


class TestAuditChanges:
    def test_only_the_changed_fields(self, commune_a):
        changes = services.audit_changes(commune_a, {"name": "Courcelles-Centre", "nis_code": commune_a.nis_code})
        assert changes == {
            "model": "communes.commune",
            "fields": {"name": {"before": "Courcelles", "after": "Courcelles-Centre"}},
        }

    def test_nothing_changed_gives_nothing(self, commune_a):
        assert services.audit_changes(commune_a, {"name": "Courcelles"}) == {}

    def test_reads_the_stored_row_not_the_changed_instance(self, commune_a):
        commune_a.name = "Already set by a form"
        changes = services.audit_changes(commune_a, {"name": "Already set by a form"})
        assert changes["fields"]["name"] == {"before": "Courcelles", "after": "Already set by a form"}

    def test_free_text_and_private_fields_are_named_without_values(self, commune_a):
        changes = services.audit_changes(
            commune_a, {"notes": "A long private note", "alderman_email": "a@b.example"}, private=["alderman_email"]
        )
        assert changes["fields"] == {"notes": {}, "alderman_email": {}}
        assert "private note" not in str(changes) and "a@b.example" not in str(changes)

    def test_rows_by_id_and_dates_as_text(self, commune_a, commune_b):
        accompaniment = AccompanimentFactory(commune=commune_a, start_date=date(2026, 1, 5))
        milestone = MilestoneFactory(accompaniment=accompaniment)
        changes = services.audit_changes(accompaniment, {"start_date": date(2026, 2, 1)})
        assert changes["fields"]["start_date"] == {"before": "2026-01-05", "after": "2026-02-01"}
        other = AccompanimentFactory(commune=commune_b)
        changes = services.audit_changes(milestone, {"accompaniment": other})
        assert changes["fields"]["accompaniment"] == {"before": accompaniment.pk, "after": other.pk}


class TestServicesRecordTheirChanges:
    def test_commune_update(self, commune_a, referent):
        services.commune_update(
            commune=commune_a, actor=referent, fields={"population": 31000, "director_email": "dg@courcelles.example"}
        )
        activity = Activity.objects.get()
        assert activity.changes["fields"] == {"population": {"before": None, "after": 31000}, "director_email": {}}
        assert "dg@courcelles.example" not in str(activity.changes)

    def test_accompaniment_update(self, commune_a, referent):
        accompaniment = AccompanimentFactory(commune=commune_a)
        end = accompaniment.planned_end_date + timedelta(days=7)
        services.accompaniment_update(accompaniment=accompaniment, actor=referent, fields={"planned_end_date": end})
        activity = Activity.objects.get(verb=ActivityVerb.ACCOMPANIMENT_UPDATED)
        assert list(activity.changes["fields"]) == ["planned_end_date"]

    def test_territory_logo_removal_is_a_territory_record(self, territory, referent):
        services.territory_logo_update(territory=territory, actor=referent, logo=None)
        activity = Activity.objects.get()
        assert (activity.territory, activity.commune, activity.verb) == (
            territory,
            None,
            ActivityVerb.TERRITORY_LOGO_UPDATED,
        )

    def test_barometer_edition_is_a_territory_record(self, territory, referent):
        today = timezone.localdate()
        edition = barometer_services.edition_create(
            territory=territory, actor=referent, year=2030, title="B 2030", opens_on=today, closes_on=today
        )
        barometer_services.edition_update(edition=edition, actor=referent, fields={"title": "Baromètre 2030"})
        records = list(Activity.objects.order_by("pk").values_list("verb", "commune", "territory", "actor"))
        assert records == [
            (BarometerVerb.EDITION_CREATED, None, territory.pk, referent.pk),
            (BarometerVerb.EDITION_UPDATED, None, territory.pk, referent.pk),
        ]
        assert Activity.objects.order_by("pk").last().changes["fields"] == {
            "title": {"before": "B 2030", "after": "Baromètre 2030"}
        }

    def test_invitation_resend_is_recorded(self, commune_a, referent, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(
                territory=commune_a.territory, actor=referent, email="x@example.org", role="staff", commune=commune_a
            )
            services.invitation_resend(invitation=invitation, actor=referent)
        assert Activity.objects.filter(verb=ActivityVerb.INVITATION_RESENT, commune=commune_a).count() == 1

    def test_respondent_revoke_names_no_one(self, commune_a, referent):
        from tests.diagnostics.conftest import build_small_questionnaire

        questionnaire = build_small_questionnaire(commune_a).questionnaire
        today = timezone.localdate()
        campaign = campaign_services.campaign_create(
            commune=commune_a,
            actor=referent,
            questionnaire=questionnaire,
            title="Enquête",
            opens_on=today,
            closes_on=today + timedelta(days=10),
        )
        group = campaign.groups.first()
        (respondent,) = campaign_services.respondents_add(
            campaign=campaign,
            group=group,
            actor=referent,
            people=[("Jeanne Secret", "jeanne@secret.example")],
            send=False,
        )
        campaign_services.respondent_revoke(respondent=respondent, actor=referent)
        activity = Activity.objects.get(verb=QuestionnaireActivityVerb.RESPONDENT_REVOKED)
        assert activity.changes == {"model": "diagnostics.respondent", "ids": [respondent.pk]}
        assert "Jeanne" not in activity.subject and "secret" not in activity.subject


class TestChangedFieldLabels:
    def test_labels_of_the_changed_fields(self, commune_a):
        activity = ActivityFactory(
            commune=commune_a, changes={"model": "communes.commune", "fields": {"population": {}, "name": {}}}
        )
        assert activity.changed_field_labels() == [
            str(Commune._meta.get_field(n).verbose_name) for n in ("population", "name")
        ]

    @pytest.mark.parametrize(
        "changes",
        [{}, {"model": "nowhere.gone", "fields": {"x": {}}}, {"model": "communes.commune", "fields": {"gone": {}}}],
        ids=["empty", "unknown-model", "unknown-field"],
    )
    def test_unknown_model_or_field_falls_back_to_the_name(self, commune_a, changes):
        activity = ActivityFactory(commune=commune_a, changes=changes)
        assert activity.changed_field_labels() == list(changes.get("fields", {}))
