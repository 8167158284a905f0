"""“Your next steps” on the landing pages: per role, a fixed number of queries whatever the rows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from communes.capabilities import Rights, capabilities_of
from communes.next_steps import communes_needing_attention, next_steps
from communes.selectors import commune_overview_list
from diagnostics.models import Interview, InterviewStatus, Response
from diagnostics.services import builder, campaigns
from reports.models import Report, ReportStatus
from tests.factories import AccompanimentFactory, CommuneFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

STAFF = Rights(capabilities=capabilities_of(["staff"]), reaches=True)
REFERENT = Rights(capabilities=capabilities_of(["referent"]), reaches=True)
COLLEGE = Rights(capabilities=capabilities_of(["college"]), reaches=True)


def texts(steps) -> list[str]:
    return [step.text for step in steps]


def add_milestones(commune, *, overdue: int, soon: int, later: int = 1):
    accompaniment = getattr(commune, "accompaniment", None) or AccompanimentFactory(commune=commune)
    today = timezone.localdate()
    for n in range(overdue):
        MilestoneFactory(accompaniment=accompaniment, due_date=today - timedelta(days=n + 1))
    for n in range(soon):
        MilestoneFactory(accompaniment=accompaniment, due_date=today + timedelta(days=n))
    for n in range(later):
        MilestoneFactory(accompaniment=accompaniment, due_date=today + timedelta(days=60 + n))
    MilestoneFactory(accompaniment=accompaniment, due_date=today - timedelta(days=9), completed_on=today)


def add_question(questionnaire, actor):
    builder.question_create(
        section=questionnaire.sections.get(), actor=actor, fields={"type": "short_text", "text_fr": "Une question"}
    )


def add_campaign(commune, actor, *, closed=False, people=0, submitted=0, title="Campagne"):
    questionnaire = builder.questionnaire_create(commune=commune, actor=actor, title_fr=f"Q {title}")
    builder.question_create(
        section=questionnaire.sections.get(), actor=actor, fields={"type": "short_text", "text_fr": "Une question"}
    )
    today = timezone.localdate()
    campaign = campaigns.campaign_create(
        commune=commune,
        questionnaire=questionnaire,
        actor=actor,
        title=title,
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=10),
    )
    if people:
        group = campaign.groups.first()
        added = [(f"Personne {n}", f"p{n}@example.org") for n in range(people)]
        campaigns.respondents_add(campaign=campaign, group=group, actor=actor, people=added, send=False)
    if closed:  # campaigns cannot be created closed: it closed since
        type(campaign).objects.filter(pk=campaign.pk).update(closes_on=today - timedelta(days=1))
    if submitted:
        Response.objects.filter(pk__in=list(campaign.responses.values_list("pk", flat=True)[:submitted])).update(
            submitted_at=timezone.now()
        )
    return campaign


class TestSteps:
    # A fixture, not @translation.override on the class: that decorator turns a class into a function, and
    # pytest then collected none of these tests.
    @pytest.fixture(autouse=True)
    def _in_english(self):
        with translation.override("en"):
            yield

    def test_staff_see_milestones_questionnaires_invitations_and_interviews(self, commune_a, staff_a):
        add_milestones(commune_a, overdue=2, soon=1)
        never_sent = builder.questionnaire_create(commune=commune_a, actor=staff_a, title_fr="Jamais envoyé")
        add_question(never_sent, staff_a)
        add_campaign(commune_a, staff_a, people=3)
        Interview.objects.create(commune=commune_a, held_on=timezone.localdate(), status=InterviewStatus.HELD)
        steps = texts(next_steps(commune_a, STAFF))
        assert steps[0].startswith("2 milestones are overdue (the oldest since ")
        assert steps[1] == "1 milestone is due within two weeks."
        assert "1 questionnaire is ready but has not been sent." in steps
        assert "3 invitations are waiting to be sent." in steps
        assert any(step.endswith("interviews are still to plan.") for step in steps)

    def test_nothing_to_do_says_nothing(self, commune_a, staff_a):
        add_milestones(commune_a, overdue=0, soon=0)
        campaign = add_campaign(commune_a, staff_a)
        Interview.objects.bulk_create(Interview(commune=commune_a, held_on=timezone.localdate()) for _ in range(40))
        assert next_steps(commune_a, STAFF) == []
        assert campaign.pk

    def test_an_empty_questionnaire_is_not_ready_to_send(self, commune_a, referent):
        """A blank questionnaire just started counted as “ready but not sent”, with a link to send it empty."""
        empty = builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Vide")
        steps = next_steps(commune_a, REFERENT)
        assert not any("ready but" in text for text in texts(steps))
        assert "1 questionnaire has no question yet." in texts(steps)
        step = next(s for s in steps if s.text == "1 questionnaire has no question yet.")
        assert step.url == reverse("diagnostics:questionnaire-detail", args=[commune_a.slug, empty.pk])
        assert step.action == "Add questions"
        # Staff, who do not build questionnaires, have nothing to do about it.
        assert not any("question" in text for text in texts(next_steps(commune_a, STAFF)))

    def test_several_ready_questionnaires_offer_to_send_the_latest(self, commune_a, referent):
        first = builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Un")
        second = builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Deux")
        builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Vide")
        add_question(first, referent)
        add_question(second, referent)
        step = next(s for s in next_steps(commune_a, REFERENT) if "ready but" in s.text)
        assert step.text == "2 questionnaires are ready but have not been sent."
        assert step.action == "Send the latest: new campaign"
        assert step.url.endswith(f"?questionnaire={second.pk}")
        with translation.override("fr"):
            french = next(s for s in next_steps(commune_a, REFERENT) if "prêts" in s.text)
        assert french.action == "Envoyer le plus récent\u00a0: nouvelle campagne"

    def test_referent_is_asked_to_prepare_a_first_questionnaire(self, commune_a):
        steps = next_steps(commune_a, REFERENT)
        assert "The commune has no questionnaire yet." in texts(steps)
        assert "The commune has no questionnaire yet." not in texts(next_steps(commune_a, STAFF))

    def test_college_members_are_told_what_to_read(self, commune_a, referent):
        add_milestones(commune_a, overdue=2, soon=1)
        add_campaign(commune_a, referent, people=2)  # still open: nothing to read yet
        assert next_steps(commune_a, COLLEGE) == []
        closed = add_campaign(commune_a, referent, closed=True, people=2, submitted=1, title="Avis du Collège")
        Report.objects.create(commune=commune_a, number=2, language="fr", status=ReportStatus.DONE)
        Report.objects.create(
            commune=commune_a, number=1, language="fr", status=ReportStatus.DONE, published_at=timezone.now()
        )
        steps = next_steps(commune_a, COLLEGE)
        assert texts(steps) == [
            "The results of “Avis du Collège” are ready to read.",
            "Version 1 of the final report is published.",
        ]
        assert steps[0].url == reverse("diagnostics:campaign-results", args=[commune_a.slug, closed.pk])

    def test_referent_sees_the_communes_needing_attention(self, territory, commune_a, commune_b, referent):
        add_milestones(commune_a, overdue=3, soon=0)
        AccompanimentFactory(commune=commune_b)
        idle = CommuneFactory(territory=territory, name="Anderlues", slug="anderlues")
        shown, total = communes_needing_attention(commune_overview_list(referent))
        assert [(a.commune.name, a.reason) for a in shown] == [
            ("Courcelles", "3 milestones overdue"),
            ("Anderlues", "accompaniment not started"),
        ]
        assert total == 2
        assert idle


class TestPages:
    def test_staff_land_on_their_commune_with_next_steps(self, client_for, commune_a, staff_a):
        add_milestones(commune_a, overdue=1, soon=0)
        response = client_for(staff_a).get(reverse("home"), follow=True)
        content = response.content.decode()
        assert 'id="next-steps-heading"' in content
        assert reverse("communes:commune-detail", args=[commune_a.slug]) + "#milestones-heading" in content

    def test_college_sees_results_but_no_staff_tasks(self, client_for, commune_a, college_a, referent):
        add_milestones(commune_a, overdue=1, soon=0)
        closed = add_campaign(commune_a, referent, closed=True, people=1, submitted=1)
        content = client_for(college_a).get(reverse("home"), follow=True).content.decode()
        assert reverse("diagnostics:campaign-results", args=[commune_a.slug, closed.pk]) in content
        assert "#milestones-heading" not in content

    def test_referent_dashboard_lists_communes_needing_attention(self, referent_client, commune_a, commune_b):
        add_milestones(commune_a, overdue=1, soon=0)
        content = referent_client.get(reverse("home")).content.decode()
        assert 'id="next-steps-heading"' in content
        assert reverse("communes:commune-detail", args=[commune_b.slug]) in content

    def test_page_without_steps_has_no_block(self, client_for, commune_a, college_a):
        content = client_for(college_a).get(reverse("communes:commune-detail", args=[commune_a.slug])).content
        assert b"next-steps-heading" not in content


def test_commune_page_queries_do_not_grow_with_rows(
    client_for, commune_a, staff_a, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for(staff_a)
    page = reverse("communes:commune-detail", args=[commune_a.slug])
    add_milestones(commune_a, overdue=1, soon=1)
    add_campaign(commune_a, staff_a, people=1, title="Une")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    add_milestones(commune_a, overdue=6, soon=6, later=6)
    for n in range(4):
        add_campaign(commune_a, staff_a, people=5, title=f"Campagne {n}")
        builder.questionnaire_create(commune=commune_a, actor=staff_a, title_fr=f"Jamais envoyé {n}")
    with django_assert_max_num_queries(len(few)):
        assert client.get(page).status_code == 200


def test_dashboard_queries_do_not_grow_with_communes(
    referent_client, territory, commune_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_milestones(commune_a, overdue=1, soon=0)
    with CaptureQueriesContext(connection) as few:
        assert referent_client.get(reverse("home")).status_code == 200
    for n in range(8):
        commune = CommuneFactory(territory=territory, name=f"Commune {n}", slug=f"commune-{n}")
        if n % 2:
            add_milestones(commune, overdue=2, soon=1)
    with django_assert_max_num_queries(len(few)):
        assert referent_client.get(reverse("home")).status_code == 200


def test_nobody_outside_the_commune_gets_steps(commune_a):
    add_milestones(commune_a, overdue=1, soon=1)
    assert next_steps(commune_a, Rights()) == []
