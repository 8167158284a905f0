"""One definition of a pillar score (issue 15): the campaign's results page, the synthesis page and the
final report's context show the same scores for every pillar and respondent group on the same answers,
and a question asked in several campaigns counts once in the commune's scores."""

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diagnostics.demo import responses_generate
from diagnostics.models import GroupKind
from diagnostics.selectors.results import campaign_results, pillar_scores
from diagnostics.services import builder, campaigns
from reports.sources import questionnaire_data
from tests.diagnostics.test_results import fill

KINDS = [GroupKind.COLLEGE, GroupKind.ADMINISTRATION, GroupKind.CITIZENS]


def rounded(value):
    return None if value is None else round(value, 1)


@pytest.fixture
def generated(campaign, groups):
    rng = random.Random(11)  # noqa: S311 - test data
    responses_generate(campaign, rng=rng, count=15, groups=[groups[k] for k in KINDS], submitted_share=1)
    return campaign


def test_results_page_synthesis_and_report_agree(generated, groups, commune_a, referent_client, settings):
    settings.PRIVACY_MIN_GROUP_SIZE = 3
    results_page = referent_client.get(reverse("diagnostics:campaign-results", args=[commune_a.slug, generated.pk]))
    synthesis_page = referent_client.get(reverse("diagnostics:synthesis", args=[commune_a.slug]))
    report = questionnaire_data(commune_a)["questionnaire"]

    group_kinds = [g.kind for g in results_page.context["counted_groups"]]
    assert sorted(group_kinds) == sorted(KINDS)
    page = {
        row["pillar"].pillar: (rounded(row["value"]), [rounded(v) for v in row["by_group"]])
        for row in results_page.context["pillar_rows"]
    }
    maturity = synthesis_page.context["synthesis"].maturity
    synthesis = {p["pillar"]: (p["score"], [p["by_group"].get(kind) for kind in group_kinds]) for p in maturity.pillars}
    report_groups = {g["label"]: g["scores"] for g in report["groups"]}
    kind_labels = dict(GroupKind.choices)
    assert any(score is not None for score, _groups in page.values())
    assert page == synthesis
    for index, pillar in enumerate(report["pillars"]):
        overall, by_group = page[pillar["code"]]
        assert pillar["score"] == overall
        assert [report_groups[str(kind_labels[kind])][index] for kind in group_kinds] == by_group


def test_a_question_asked_in_two_campaigns_counts_once(commune_a, referent, settings):
    """Two campaigns of copies of the template: a copy's answers pool with the other copy's, instead of each
    copy weighing as much as a whole other question (a tiny second campaign used to pull the score)."""
    template = builder.template_ensure()
    today = timezone.localdate()
    made = []
    for title, count in [("Grande campagne", 12), ("Petite campagne", 2)]:
        questionnaire = builder.questionnaire_copy(source=template, commune=commune_a, actor=referent)
        campaign = campaigns.campaign_create(
            commune=commune_a,
            questionnaire=questionnaire,
            actor=referent,
            title=title,
            opens_on=today - timedelta(days=2),
            closes_on=today + timedelta(days=5),
        )
        made.append((campaign, count))
    # A scored 1-5 scale informing one pillar that no required question informs.
    bank = list(template.questions.prefetch_related("pillar_links"))
    taken = {link.pillar for q in bank if q.required for link in q.pillar_links.all()}
    scale = next(
        q
        for q in bank
        if q.type == "scale_5" and q.scored and len(q.pillar_links.all()) == 1
        if q.pillar_links.all()[0].pillar not in taken
    )
    pillar = scale.pillar_links.all()[0].pillar
    for (campaign, count), value in zip(made, ["1", "5"], strict=True):
        questions = {q.code: q for q in campaign.questionnaire.questions.all()}
        required = {
            q: str(q.options.first().pk) if q.kind.has_options else "3" for q in questions.values() if q.required
        }
        group = campaign.groups.get(kind=GroupKind.CITIZENS)
        for _index in range(count):
            fill(campaign, group, {**required, questions[scale.code]: value})
    # 12 answers worth 0 and 2 worth 100 pool into one question: 200 / 14, not (0 + 100) / 2.
    assert pillar_scores(commune_a).as_dict()[pillar] == pytest.approx(200 / 14)
    first = {p.pillar: p.score for p in campaign_results(made[0][0]).pillars}
    assert first[pillar] == pytest.approx(0)
