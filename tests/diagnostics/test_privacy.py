"""Minimum group size: per-group figures and free texts of small groups are withheld but for the referent."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from diagnostics import exports
from diagnostics.models import GroupKind
from diagnostics.privacy import WITHHELD, withhold_small_groups
from diagnostics.selectors.results import campaign_results
from tests.diagnostics.test_views_results import generate


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


@pytest.fixture
def small_college(campaign, groups, settings):
    """Five answers: the college and the citizens share them, at least one group under 3 is likely;
    the minimum is set just above the smaller group so that exactly that group is withheld."""
    generate(campaign, groups, 5)
    results = campaign_results(campaign)
    counted = {g.id: g.counted for g in results.groups if g.counted}
    small_id = min(counted, key=counted.get)
    settings.PRIVACY_MIN_GROUP_SIZE = counted[small_id] + 1
    assert max(counted.values()) >= settings.PRIVACY_MIN_GROUP_SIZE  # the other group stays shown
    return small_id


def test_withhold_small_groups_blanks_figures_texts_and_pillars(campaign, small_college):
    results = withhold_small_groups(campaign_results(campaign))
    small = next(g for g in results.groups if g.id == small_college)
    assert small.withheld
    assert all(not g.withheld for g in results.groups if g.id != small_college)
    for question in results.questions:
        assert question.by_group[small_college].withheld
        assert question.by_group[small_college].answered == 0
        assert all(t.group_id != small_college for t in question.texts)
    assert all(small_college not in p.by_group for p in results.pillars)
    # Overall figures stay.
    assert results.total.counted == 5


def test_referent_sees_small_groups_staff_and_college_do_not(
    referent_client, staff_a_client, college_a_client, campaign, commune_a, small_college
):
    target = url("campaign-results", commune_a.slug, campaign.pk)
    for client in (staff_a_client, college_a_client):
        content = client.get(target).content.decode()
        assert 'id="withheld-groups"' in content
        selected = client.get(f"{target}?group={small_college}")
        assert selected.status_code == 200
        assert "alert-warning" in selected.content.decode()
        assert selected.context["questions"] == []
    referent = referent_client.get(target)
    assert 'id="withheld-groups"' not in referent.content.decode()
    assert small_college in {g.id for g in referent.context["counted_groups"]}


def test_results_export_says_withheld(staff_a_client, referent_client, campaign, commune_a, small_college):
    target = url("campaign-export", commune_a.slug, campaign.pk, "results", "csv")
    with translation.override("fr"):
        withheld = str(WITHHELD)
    assert withheld in staff_a_client.get(target).content.decode("utf-8")
    assert withheld not in referent_client.get(target).content.decode("utf-8")


def test_results_frame_marks_withheld_groups(campaign, small_college):
    results = withhold_small_groups(campaign_results(campaign))
    name = next(g.name for g in results.groups if g.id == small_college)
    frame = exports.questions_frame(results)
    rows = frame[frame.iloc[:, 3] == name]
    assert len(rows) == len(results.questions)
    assert rows.iloc[:, 5].eq(0).all()  # answered: nothing shown


def test_big_enough_groups_are_untouched(campaign, groups, settings):
    generate(campaign, groups, 8)
    settings.PRIVACY_MIN_GROUP_SIZE = 1
    results = withhold_small_groups(campaign_results(campaign))
    assert not any(g.withheld for g in results.groups)
    assert {g.kind for g in results.groups if g.counted} <= {GroupKind.COLLEGE, GroupKind.CITIZENS}


def test_staff_see_who_submitted_but_not_when(staff_a_client, referent_client, respondent, campaign, commune_a):
    response = respondent.response
    response.started_at = response.submitted_at = timezone.now()
    response.save(update_fields=["started_at", "submitted_at"])
    day = formats.date_format(timezone.localtime(response.submitted_at), "SHORT_DATE_FORMAT")
    target = url("campaign-detail", commune_a.slug, campaign.pk)
    staff_page = staff_a_client.get(target).content.decode()
    assert "Marie Dumont" in staff_page
    assert day not in staff_page
    assert day in referent_client.get(target).content.decode()
