"""The demo: Courcelles gets a campaign with about sixty fictitious responses; seeding twice changes nothing."""

from django.core import mail

from diagnostics.demo import DEMO_COMMUNE, seed_questionnaires
from diagnostics.models import Answer, Campaign, Respondent, Response
from diagnostics.selectors.results import campaign_results, pillar_scores
from tests.factories import CommuneFactory


def test_seed_gives_courcelles_a_campaign_with_results(territory, referent):
    CommuneFactory(territory=territory, name="Courcelles", slug=DEMO_COMMUNE)
    campaign = seed_questionnaires()
    assert campaign.commune.slug == DEMO_COMMUNE
    started = Response.objects.filter(campaign=campaign, started_at__isnull=False)
    assert 55 <= started.count() <= 65
    assert started.filter(submitted_at__isnull=False).count() >= 50
    assert set(started.values_list("group__kind", flat=True)) == {
        "college",
        "administration",
        "commissions",
        "citizens",
        "other",
    }
    assert Respondent.objects.filter(campaign=campaign, response__submitted_at__isnull=True).exists()
    # Every response came the way people answer: an invitation by name, or an open link.
    assert campaign.open_links.count() == 2  # the citizens' one, and one for the "other" group
    assert not Response.objects.filter(campaign=campaign, respondent__isnull=True, open_link__isnull=True).exists()
    results = campaign_results(campaign)
    for group in results.groups:
        assert group.submitted == group.submitted_named + group.through_open_links
        assert group.submitted_named <= group.invited
    assert all(p.score is not None for p in results.pillars)
    assert pillar_scores(campaign.commune).responses == results.total.submitted
    assert mail.outbox == []


def test_seed_twice_changes_nothing_and_is_deterministic(territory, referent):
    CommuneFactory(territory=territory, name="Courcelles", slug=DEMO_COMMUNE)
    first = seed_questionnaires()
    counts = (Campaign.objects.count(), Response.objects.count(), Answer.objects.count())
    scores = pillar_scores(first.commune).as_dict()
    assert seed_questionnaires() == first
    assert counts == (Campaign.objects.count(), Response.objects.count(), Answer.objects.count())
    assert pillar_scores(first.commune).as_dict() == scores


def test_seed_without_courcelles_does_nothing(db):
    assert seed_questionnaires() is None
    assert not Campaign.objects.exists()
