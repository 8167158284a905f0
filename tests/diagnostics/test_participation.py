"""Participation is defined once (diagnostics.participation) and every page, export and the report agree."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from diagnostics.exports import participation_frame
from diagnostics.models import GroupKind, Response
from diagnostics.participation import Participation, participation_total, response_rate
from diagnostics.selectors.responses import campaigns_participation, with_participation
from diagnostics.selectors.results import campaign_results
from diagnostics.services import campaigns, responses
from reports.sources import questionnaire_data


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


# The definitions ---------------------------------------------------------------------------------


def test_the_rate_is_over_invitations_only():
    part = Participation(invited=3, started_named=2, submitted_named=1, started_open=7, submitted_open=6)
    assert part.started == 9
    assert part.submitted == 7
    assert part.rate == pytest.approx(1 / 3)
    assert part.rate_percent == 33


def test_no_invitation_no_rate_even_with_open_link_answers():
    part = Participation(started_open=5, submitted_open=5)
    assert part.rate is None
    assert part.rate_percent is None
    assert response_rate(submitted_named=0, invited=0) is None


def test_totals_add_every_count():
    total = participation_total([Participation(invited=2, submitted_named=1), Participation(submitted_open=4)])
    assert total == Participation(invited=2, submitted_named=1, submitted_open=4)
    assert participation_total([]) == Participation()


# One campaign, seen everywhere -------------------------------------------------------------------


def _answer_and_submit(response, small):
    single = small.q["single"]
    responses.response_autosave(
        response=response, question_id=single.pk, data={f"q{single.pk}": str(small.option("single", 2))}
    )
    responses.response_submit(response=response)


@pytest.fixture
def mixed(campaign, groups, referent, small):
    """Commissions: three invited by name, one submitted, one started; citizens: an open link, two submitted
    and one started; a fourth person invited then withdrawn before answering."""
    commissions = groups[GroupKind.COMMISSIONS]
    people = campaigns.respondents_add(
        campaign=campaign,
        group=commissions,
        actor=referent,
        people=[(f"Personne {i}", f"p{i}@example.org") for i in range(4)],
        send=False,
    )
    _answer_and_submit(people[0].response, small)
    short = small.q["short"]
    responses.response_autosave(response=people[1].response, question_id=short.pk, data={f"q{short.pk}": "Début"})
    campaigns.respondent_revoke(respondent=people[3], actor=referent)
    link = campaigns.open_link_create(campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent)
    for index in range(3):
        response = responses.response_start_from_open_link(link=link)
        if index < 2:
            _answer_and_submit(response, small)
        else:
            responses.response_autosave(response=response, question_id=short.pk, data={f"q{short.pk}": "Début"})
    return campaign


def test_the_selector_counts_by_route(mixed, groups):
    parts = campaigns_participation([mixed.pk])[mixed.pk]
    assert parts[groups[GroupKind.COMMISSIONS].pk] == Participation(invited=3, started_named=2, submitted_named=1)
    assert parts[groups[GroupKind.CITIZENS].pk] == Participation(started_open=3, submitted_open=2)


def test_results_page_export_report_and_list_agree(mixed, groups, staff_a_client, commune_a):
    commissions, citizens = groups[GroupKind.COMMISSIONS], groups[GroupKind.CITIZENS]
    expected = {commissions.pk: (3, 1, 33, 0), citizens.pk: (0, 0, None, 2)}

    page = staff_a_client.get(url("campaign-results", commune_a.slug, mixed.pk))
    shown = {g.id: g for g in page.context["results"].groups}
    for pk, (invited, named, rate, through_links) in expected.items():
        group = shown[pk]
        assert (group.invited, group.submitted_named, group.through_open_links) == (invited, named, through_links)
        assert (None if group.response_rate is None else round(100 * group.response_rate)) == rate
    content = page.content.decode()
    assert "33 %" in content

    results = campaign_results(mixed)
    with translation.override("en"):
        frame = participation_frame(results)  # one row per group, in order, then the total
    for index, group in enumerate(results.groups):
        if group.id not in expected:
            continue
        invited, named, rate, through_links = expected[group.id]
        row = frame.iloc[index]
        assert (row["Invited by name"], row["Submitted by name"]) == (invited, named)
        assert row["Submitted through open links"] == through_links
        share = row["Response rate (named)"]
        assert (None if share is None or share != share else round(100 * share)) == rate  # NaN: no rate

    report = questionnaire_data(commune_a)["participation"]
    (campaign_row,) = report["campaigns"]
    by_label = {g["label"]: g for g in campaign_row["groups"]}
    for group, pk in ((commissions, commissions.pk), (citizens, citizens.pk)):
        invited, named, rate, through_links = expected[pk]
        row = by_label[group.display_name]
        assert (row["invited"] or 0, row["answered"], row["rate"], row["open"]) == (invited, named, rate, through_links)
    assert campaign_row["respondents"] == 3  # every submission, by name or through the link
    assert campaign_row["invited"] == 3

    listing = staff_a_client.get(reverse("diagnostics:questionnaire-list", args=[commune_a.slug]))
    (listed,) = [c for c in listing.context["campaigns"] if c.pk == mixed.pk]
    assert listed.participation == Participation(
        invited=3, started_named=2, submitted_named=1, started_open=3, submitted_open=2
    )
    listing_page = listing.content.decode()
    assert "1 sur 3 invités" in listing_page
    assert "2 par des liens ouverts" in listing_page

    detail = staff_a_client.get(url("campaign-detail", commune_a.slug, mixed.pk))
    assert detail.context["participation"] == listed.participation


def test_withdrawn_people_who_submitted_stay_counted(mixed, groups, referent):
    person = Response.objects.get(campaign=mixed, respondent__name="Personne 0").respondent
    campaigns.respondent_revoke(respondent=person, actor=referent)
    part = campaigns_participation([mixed.pk])[mixed.pk][groups[GroupKind.COMMISSIONS].pk]
    assert (part.invited, part.submitted_named) == (3, 1)


def test_participation_of_many_campaigns_in_a_fixed_number_of_queries(commune_a, small, referent, campaign):
    today = timezone.localdate()
    for index in range(4):
        other = campaigns.campaign_create(
            commune=commune_a,
            questionnaire=small.questionnaire,
            actor=referent,
            title=f"Autre {index}",
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=5),
        )
        link = campaigns.open_link_create(campaign=other, group=other.groups.first(), actor=referent)
        responses.response_start_from_open_link(link=link)
    with CaptureQueriesContext(connection) as queries:
        listed = with_participation(type(campaign).objects.filter(commune=commune_a))
    assert len(listed) == 5
    assert len(queries) == 3  # the campaigns, their responses, their invitations


def test_the_rate_in_a_list_cell_does_not_wrap_before_its_percent_sign():
    """“8 of 12 invited (67 %)” broke between “67” and “%” in the campaign list's narrow column."""
    from django.template.loader import render_to_string

    with translation.override("fr"):
        html = render_to_string(
            "diagnostics/includes/participation_cell.html", {"p": Participation(invited=12, submitted_named=8)}
        )
    assert "(67&nbsp;%)" in html
    assert "(67 %)" not in html
