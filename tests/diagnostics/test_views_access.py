"""Who reaches which questionnaire page: every URL of the app against every role.

Anonymous → login; staff of another commune and the referent of another territory → 404; a role
below the page's level → 403; the wrong HTTP method → 405. Respondent pages have no account and
are covered in test_views_respond.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from diagnostics.models import GroupKind
from diagnostics.services import campaigns
from tests.helpers import assert_login_redirect

READ, CONTRIBUTE, MANAGE = 1, 2, 3


@dataclass(frozen=True)
class Page:
    name: str
    args: tuple  # names of objects in the `objects` fixture, or literal values
    level: int
    method: str = "get"  # the method the page answers; the other one must give 405 ("both": GET and POST)


PAGES = [
    Page("questionnaire-list", ("slug",), READ),
    Page("questionnaire-create", ("slug",), MANAGE, "both"),
    Page("questionnaire-detail", ("slug", "questionnaire"), READ),
    Page("questionnaire-update", ("slug", "questionnaire"), MANAGE, "both"),
    Page("questionnaire-new-version", ("slug", "questionnaire"), MANAGE, "post"),
    Page("questionnaire-delete", ("slug", "questionnaire"), MANAGE, "post"),
    Page("questionnaire-preview", ("slug", "questionnaire", 1), READ),
    Page("question-bank", ("slug", "questionnaire"), MANAGE, "both"),
    Page("section-create", ("slug", "questionnaire"), MANAGE, "both"),
    Page("section-update", ("slug", "questionnaire", "section"), MANAGE, "both"),
    Page("section-delete", ("slug", "questionnaire", "section"), MANAGE, "post"),
    Page("section-move", ("slug", "questionnaire", "section"), MANAGE, "post"),
    Page("question-create", ("slug", "questionnaire", "section"), MANAGE, "both"),
    Page("question-update", ("slug", "questionnaire", "question"), MANAGE, "both"),
    Page("question-delete", ("slug", "questionnaire", "question"), MANAGE, "post"),
    Page("question-move", ("slug", "questionnaire", "question"), MANAGE, "post"),
    Page("campaign-create", ("slug",), CONTRIBUTE, "both"),
    Page("campaign-detail", ("slug", "campaign"), CONTRIBUTE),
    Page("campaign-update", ("slug", "campaign"), CONTRIBUTE, "both"),
    Page("group-create", ("slug", "campaign"), CONTRIBUTE, "both"),
    Page("group-update", ("slug", "campaign", "group"), CONTRIBUTE, "both"),
    Page("group-delete", ("slug", "campaign", "group"), CONTRIBUTE, "post"),
    Page("respondent-create", ("slug", "campaign"), CONTRIBUTE, "both"),
    Page("respondent-revoke", ("slug", "campaign", "respondent"), CONTRIBUTE, "post"),
    Page("respondent-remind", ("slug", "campaign", "respondent"), CONTRIBUTE, "post"),
    Page("invitations-send", ("slug", "campaign"), CONTRIBUTE, "post"),
    Page("reminders-send", ("slug", "campaign"), CONTRIBUTE, "post"),
    Page("open-link-create", ("slug", "campaign"), CONTRIBUTE, "both"),
    Page("open-link-update", ("slug", "campaign", "link"), CONTRIBUTE, "both"),
    Page("open-link-revoke", ("slug", "campaign", "link"), CONTRIBUTE, "post"),
    Page("campaign-results", ("slug", "campaign"), READ),
    Page("campaign-question-texts", ("slug", "campaign", "question"), READ),
    Page("campaign-export", ("slug", "campaign", "results", "csv"), READ),
    Page("campaign-export", ("slug", "campaign", "results", "xlsx"), READ),
    # One row per respondent: the referent only (privacy).
    Page("campaign-export", ("slug", "campaign", "answers", "csv"), MANAGE),
    Page("campaign-export", ("slug", "campaign", "answers", "xlsx"), MANAGE),
]


@pytest.fixture
def objects(commune_a, small, campaign, groups, respondent, referent):
    link = campaigns.open_link_create(campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent)
    return {
        "slug": commune_a.slug,
        "questionnaire": small.questionnaire.pk,
        "section": small.questionnaire.sections.last().pk,
        "question": small.q["long"].pk,
        "campaign": campaign.pk,
        "group": groups[GroupKind.OTHER].pk,
        "respondent": respondent.pk,
        "link": link.pk,
    }


@pytest.fixture
def roles(client_for, staff_a, staff_b, college_a, referent, other_referent):
    return {
        "staff_b": client_for(staff_b),
        "other_referent": client_for(other_referent),
        "college_a": (client_for(college_a), READ),
        "staff_a": (client_for(staff_a), CONTRIBUTE),
        "referent": (client_for(referent), MANAGE),
    }


def url_of(page: Page, objects: dict) -> str:
    return reverse(f"diagnostics:{page.name}", args=[objects.get(a, a) if isinstance(a, str) else a for a in page.args])


def request(client, method, url):
    return client.get(url) if method == "get" else client.post(url)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.name}-{'-'.join(str(a) for a in p.args[2:])}")
def test_access(page, objects, roles):
    url = url_of(page, objects)
    methods = ["get", "post"] if page.method == "both" else [page.method]
    for method in methods:
        assert_login_redirect(request(Client(), method, url), url)
        assert request(roles["staff_b"], method, url).status_code == 404, f"staff_b {method}"
        assert request(roles["other_referent"], method, url).status_code == 404, f"other_referent {method}"
        for role in ("college_a", "staff_a", "referent"):
            client, level = roles[role]
            status = request(client, method, url).status_code if level < page.level or method == "get" else None
            if level < page.level:
                assert status == 403, f"{role} {method}: {status}"
            elif status is not None:
                assert status == 200, f"{role} {method}: {status}"
    if page.method != "both":
        wrong = "post" if page.method == "get" else "get"
        client, _level = roles["referent"]
        assert request(client, wrong, url).status_code == 405


def test_a_questionnaire_of_another_commune_is_not_found(referent_client, small, commune_b):
    url = reverse("diagnostics:questionnaire-detail", args=[commune_b.slug, small.questionnaire.pk])
    assert referent_client.get(url).status_code == 404


def test_a_campaign_of_another_commune_is_not_found(staff_b_client, staff_b, campaign, commune_b):
    url = reverse("diagnostics:campaign-results", args=[commune_b.slug, campaign.pk])
    assert staff_b_client.get(url).status_code == 404


def test_territory_scores_are_for_its_referent(
    territory, referent_client, other_referent_client, staff_a_client, client
):
    url = reverse("diagnostics:territory-scores", args=[territory.slug])
    assert referent_client.get(url).status_code == 200
    assert other_referent_client.get(url).status_code == 404
    assert staff_a_client.get(url).status_code in (403, 404)
    assert_login_redirect(client.get(url), url)
    assert referent_client.post(url).status_code == 405


def test_unknown_export_kind_is_not_a_url(commune_a, campaign):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("diagnostics:campaign-export", args=[commune_a.slug, campaign.pk, "passwords", "csv"])
