"""The results page, the written answers, the exports and the territory scores."""

import io
import json
import random
import re

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diagnostics.demo import responses_generate
from diagnostics.models import GroupKind
from tests.factories import CommuneFactory
from tests.helpers import cold_structures


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


def generate(campaign, groups, count, seed=3):
    rng = random.Random(seed)  # noqa: S311 - test data
    responses_generate(
        campaign,
        rng=rng,
        count=count,
        groups=[groups[GroupKind.COLLEGE], groups[GroupKind.CITIZENS]],
        submitted_share=1,
    )


def chart_data(response) -> dict:
    match = re.search(
        r'<script id="chart-data" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_results_page_runs_a_fixed_number_of_queries(college_a_client, campaign, groups, commune_a):
    target = url("campaign-results", commune_a.slug, campaign.pk)
    generate(campaign, groups, 1)
    with cold_structures(), CaptureQueriesContext(connection) as one:
        assert college_a_client.get(target).status_code == 200
    generate(campaign, groups, 80, seed=4)
    with cold_structures(), CaptureQueriesContext(connection) as many:
        response = college_a_client.get(target)
    assert response.status_code == 200
    assert len(one) == len(many)
    with cold_structures(), CaptureQueriesContext(connection) as filtered:
        college_a_client.get(target + f"?group={groups[GroupKind.CITIZENS].pk}&partial=on")
    assert len(filtered) == len(many)


def test_results_page_shows_figures_charts_and_the_radar(staff_a_client, campaign, groups, commune_a, small):
    generate(campaign, groups, 12)
    response = staff_a_client.get(url("campaign-results", commune_a.slug, campaign.pk))
    content = response.content.decode()
    assert small.q["scale10"].text_fr in content
    data = chart_data(response)
    assert {b["id"] for b in data["bars"]} >= {f"chart-q{small.q['single'].pk}", f"chart-q{small.q['scale10'].pk}"}
    assert len(data["radar"]["labels"]) == 6
    assert data["radar"]["datasets"][0]["values"][0] is not None  # mobility is scored
    assert '<noscript><div class="radar-svg"><svg' in content
    assert "chart.umd.min.js" in content
    assert "style=" not in content.split("<main", 1)[1]
    # Raw answers (one row per respondent) are the referent's only.
    assert url("campaign-export", commune_a.slug, campaign.pk, "answers", "csv") not in content


def test_college_members_get_no_raw_answer_links(college_a_client, campaign, commune_a):
    content = college_a_client.get(url("campaign-results", commune_a.slug, campaign.pk)).content.decode()
    assert url("campaign-export", commune_a.slug, campaign.pk, "results", "csv") in content
    assert url("campaign-export", commune_a.slug, campaign.pk, "answers", "csv") not in content


def test_results_of_one_group(staff_a_client, campaign, groups, commune_a):
    generate(campaign, groups, 10)
    college = groups[GroupKind.COLLEGE]
    response = staff_a_client.get(url("campaign-results", commune_a.slug, campaign.pk) + f"?group={college.pk}")
    assert response.status_code == 200
    assert chart_data(response)["radar"]["datasets"][0]["label"] == college.display_name
    assert len(chart_data(response)["radar"]["datasets"]) == 1


def test_all_written_answers_page(staff_a_client, campaign, groups, commune_a, small):
    generate(campaign, groups, 40)
    response = staff_a_client.get(url("campaign-question-texts", commune_a.slug, campaign.pk, small.q["long"].pk))
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 30
    assert staff_a_client.get(url("campaign-question-texts", commune_a.slug, campaign.pk, 999999)).status_code == 404


def test_exports_download(staff_a_client, referent_client, campaign, groups, commune_a):
    generate(campaign, groups, 5)
    csv_reply = staff_a_client.get(url("campaign-export", commune_a.slug, campaign.pk, "results", "csv"))
    assert csv_reply["Content-Type"].startswith("text/csv")
    assert "attachment;" in csv_reply["Content-Disposition"]
    assert csv_reply["Content-Disposition"].endswith(
        "-results-" + csv_reply["Content-Disposition"].split("-results-")[1]
    )
    raw = url("campaign-export", commune_a.slug, campaign.pk, "answers", "xlsx") + "?partial=on"
    assert staff_a_client.get(raw).status_code == 403  # one row per respondent: the referent only
    xlsx = referent_client.get(raw)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.active.max_row == 6


def test_territory_scores_page(referent_client, campaign, groups, territory, commune_a, commune_b):
    generate(campaign, groups, 5)
    response = referent_client.get(url("territory-scores", territory.slug))
    content = response.content.decode()
    assert commune_a.name in content
    assert commune_b.name in content
    with CaptureQueriesContext(connection) as few:
        referent_client.get(url("territory-scores", territory.slug))
    CommuneFactory.create_batch(5, territory=territory)
    with CaptureQueriesContext(connection) as more:
        referent_client.get(url("territory-scores", territory.slug))
    assert len(few) == len(more)


# Figures per group, on demand --------------------------------------------------------------------


def details_link(campaign, commune, question, query=""):
    return f"{url('campaign-results', commune.slug, campaign.pk)}?{query}details={question.pk}"


def test_results_page_links_the_figures_per_group_instead_of_rendering_them(
    staff_a_client, campaign, groups, commune_a, small
):
    generate(campaign, groups, 12)
    content = staff_a_client.get(url("campaign-results", commune_a.slug, campaign.pk)).content.decode()
    single = small.q["single"]
    link = details_link(campaign, commune_a, single)
    # A real link (works without JavaScript) that htmx follows into the question's card.
    assert f'href="{link}#result-{single.pk}"' in content
    assert f'hx-get="{link}"' in content
    assert f'hx-target="#group-details-{single.pk}"' in content
    cards = content.split('id="result-', 1)[1].split('<script id="chart-data"')[0]
    assert groups[GroupKind.CITIZENS].display_name not in cards


def test_details_without_javascript_show_one_question_per_group_in_the_page(
    staff_a_client, campaign, groups, commune_a, small
):
    generate(campaign, groups, 12)
    response = staff_a_client.get(details_link(campaign, commune_a, small.q["scale10"]))
    assert response.status_code == 200
    card = response.content.decode().split(f'id="group-details-{small.q["scale10"].pk}"', 1)[1].split("</article>")[0]
    assert groups[GroupKind.COLLEGE].display_name in card
    assert groups[GroupKind.CITIZENS].display_name in card
    # Other questions keep their link.
    assert f'hx-get="{details_link(campaign, commune_a, small.q["single"])}"' in response.content.decode()


def test_details_fragment_for_htmx(staff_a_client, campaign, groups, commune_a, small):
    generate(campaign, groups, 12)
    question = small.q["single"]
    response = staff_a_client.get(details_link(campaign, commune_a, question, "partial=on&"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert groups[GroupKind.COLLEGE].display_name in content
    assert groups[GroupKind.CITIZENS].display_name in content
    for option in question.options.all():
        assert option.label_fr in content
    grid = staff_a_client.get(details_link(campaign, commune_a, small.q["grid"]), HTTP_HX_REQUEST="true")
    assert grid.status_code == 200
    assert small.q["grid"].rows.first().text_fr in grid.content.decode()
    missing = staff_a_client.get(
        f"{url('campaign-results', commune_a.slug, campaign.pk)}?details=999999", HTTP_HX_REQUEST="true"
    )
    assert missing.status_code == 404


def test_details_fragment_runs_a_fixed_number_of_queries(college_a_client, campaign, groups, commune_a, small):
    target = details_link(campaign, commune_a, small.q["multiple"])
    generate(campaign, groups, 1)
    with cold_structures(), CaptureQueriesContext(connection) as one:
        assert college_a_client.get(target, HTTP_HX_REQUEST="true").status_code == 200
    generate(campaign, groups, 40, seed=5)
    with cold_structures(), CaptureQueriesContext(connection) as many:
        assert college_a_client.get(target, HTTP_HX_REQUEST="true").status_code == 200
    assert len(one) == len(many)


def test_results_page_queries_do_not_grow_with_responses_or_groups_answering(
    college_a_client, campaign, groups, commune_a
):
    """1 response of one group, then many responses of every group: the same number of queries."""
    target = url("campaign-results", commune_a.slug, campaign.pk)
    responses_generate(campaign, rng=random.Random(8), count=1, groups=[groups[GroupKind.COLLEGE]], submitted_share=1)  # noqa: S311
    with cold_structures(), CaptureQueriesContext(connection) as one:
        assert college_a_client.get(target).status_code == 200
    responses_generate(campaign, rng=random.Random(9), count=120, groups=list(groups.values()))  # noqa: S311
    with cold_structures(), CaptureQueriesContext(connection) as many:
        assert college_a_client.get(target).status_code == 200
    assert len(one) == len(many)
