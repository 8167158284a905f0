"""The referent finds one person across the territory's communes, exports what is held, erases it."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from barometer.models import Response as BarometerResponse
from communes.models import Activity
from diagnostics.models import Answer, Respondent
from diagnostics.selectors.results import campaign_results
from privacy.forms import SEARCH_TOO_SHORT
from privacy.models import PersonKind, PrivacyVerb
from privacy.selectors import answers_held
from privacy.services import ERASED_DOMAIN
from tests.privacy.conftest import add_respondents, make_interviewee


def people_url(territory, q=None):
    url = reverse("privacy:people", kwargs={"slug": territory.slug})
    return url if q is None else f"{url}?q={q}"


def person_url(name, territory, kind, pk):
    return reverse(f"privacy:{name}", kwargs={"slug": territory.slug, "kind": kind, "pk": pk})


# Access ------------------------------------------------------------------------------------------


@pytest.fixture
def urls(territory, marie):
    return {
        "people": (people_url(territory, "marie"), "GET"),
        "export": (person_url("person-export", territory, PersonKind.RESPONDENT, marie.pk), "GET"),
        "erase": (person_url("person-erase", territory, PersonKind.RESPONDENT, marie.pk), "POST"),
    }


@pytest.mark.parametrize("which", ["people", "export", "erase"])
def test_anonymous_is_sent_to_log_in(client, urls, which):
    url, method = urls[which]
    response = client.post(url) if method == "POST" else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("which", ["people", "export", "erase"])
def test_referent_of_another_territory_gets_404(other_referent_client, urls, which):
    url, method = urls[which]
    response = other_referent_client.post(url) if method == "POST" else other_referent_client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["staff_a_client", "staff_b_client", "college_a_client"])
@pytest.mark.parametrize("which", ["people", "export", "erase"])
def test_staff_and_college_are_refused(request, urls, which, role, marie):
    client = request.getfixturevalue(role)
    url, method = urls[which]
    response = client.post(url) if method == "POST" else client.get(url)
    assert response.status_code == 403
    marie.refresh_from_db()
    assert marie.name == "Marie Dumont"


@pytest.mark.parametrize(("which", "wrong"), [("people", "POST"), ("export", "POST"), ("erase", "PUT")])
def test_wrong_method_is_405(referent_client, urls, which, wrong):
    url, _method = urls[which]
    assert referent_client.generic(wrong, url).status_code == 405


def test_unknown_kind_or_person_of_another_territory_is_404(referent_client, territory, commune_other):
    outsider = make_interviewee(commune_other, name="Hors Territoire")
    assert referent_client.get(person_url("person-export", territory, "nobody", 1)).status_code == 404
    assert referent_client.get(person_url("person-export", territory, "interviewee", outsider.pk)).status_code == 404
    assert referent_client.post(person_url("person-erase", territory, "interviewee", outsider.pk)).status_code == 404
    outsider.refresh_from_db()
    assert outsider.name == "Hors Territoire"


def test_people_page_is_linked_from_the_territory_people_page(referent_client, territory):
    page = referent_client.get(reverse("communes:territory-people", kwargs={"slug": territory.slug}))
    assert people_url(territory) in page.content.decode()


# Search ------------------------------------------------------------------------------------------


def test_search_page_without_query_shows_the_form_and_nobody(referent_client, territory, marie):
    response = referent_client.get(people_url(territory))
    assert response.status_code == 200
    assert "Marie Dumont" not in response.content.decode()


def test_search_finds_each_kind_across_the_territory(referent_client, territory, commune_b, marie, barometer_response):
    interviewee = make_interviewee(commune_b, name="Jean Dupont")
    response = referent_client.get(people_url(territory, "marie"))
    assert response.status_code == 200
    people = response.context["people"]
    assert [(p.kind, p.pk) for p in people] == [(PersonKind.RESPONDENT, marie.pk)]
    assert "marie@courcelles.example" in response.content.decode()
    # by e-mail too
    assert [p.pk for p in referent_client.get(people_url(territory, "courcelles.example")).context["people"]] == [
        marie.pk
    ]
    found = referent_client.get(people_url(territory, "dupont")).context["people"]
    assert [(p.kind, p.pk, p.commune) for p in found] == [(PersonKind.INTERVIEWEE, interviewee.pk, commune_b)]
    found = referent_client.get(people_url(territory, "lambert")).context["people"]
    assert [(p.kind, p.pk) for p in found] == [(PersonKind.BAROMETER_RESPONDENT, barometer_response.pk)]
    found = referent_client.get(people_url(territory, "ruiz")).context["people"]
    assert [(p.kind, p.pk) for p in found] == [(PersonKind.BAROMETER_ALDERMAN, barometer_response.pk)]


def test_search_lists_what_is_held(referent_client, territory, marie):
    response = referent_client.get(people_url(territory, "marie"))
    (person,) = response.context["people"]
    assert person.where == "Campagne test"
    assert person.held == [gettext("name"), gettext("e-mail address"), answers_held(1)]


def test_search_never_reaches_another_territory(referent_client, territory, commune_other):
    make_interviewee(commune_other, name="Jean Ailleurs")
    assert referent_client.get(people_url(territory, "ailleurs")).context["people"] == []


@pytest.mark.parametrize("q", ["", "m", "   "])
def test_search_too_short_is_422_with_a_message_and_input_kept(referent_client, territory, q):
    response = referent_client.get(people_url(territory, q))
    assert response.status_code == 422
    assert escape(str(SEARCH_TOO_SHORT)) in response.content.decode()
    assert response.context["form"]["q"].value() == q
    assert response.context["people"] is None


def test_search_runs_a_fixed_number_of_queries(
    referent_client, territory, campaign, groups, referent, commune_b, django_assert_num_queries
):
    add_respondents(campaign, groups["administration"], referent, [("Anne Un", "anne1@x.example")])
    make_interviewee(commune_b, name="Anne Deux")
    url = people_url(territory, "anne")
    referent_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as one:
        assert len(referent_client.get(url).context["people"]) == 2
    add_respondents(
        campaign, groups["administration"], referent, [(f"Anne {i}", f"anne-{i}@x.example") for i in range(12)]
    )
    for i in range(8):
        make_interviewee(commune_b, name=f"Anne interviewée {i}")
    with django_assert_num_queries(len(one)):
        assert len(referent_client.get(url).context["people"]) == 22


# Export ------------------------------------------------------------------------------------------


def test_export_respondent_holds_identity_and_answers_and_nothing_of_another_person(
    referent_client, territory, marie, paul
):
    response = referent_client.get(person_url("person-export", territory, PersonKind.RESPONDENT, marie.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["name"] == "Marie Dumont"
    assert data["email"] == "marie@courcelles.example"
    assert data["campaign"] == "Campagne test"
    assert [a["text"] for a in data["answers"]] == ["Réponse de Marie"]
    body = response.content.decode()
    assert "Paul" not in body
    assert "paul@" not in body


def test_export_interviewee_holds_function_and_interview_notes(referent_client, territory, commune_a):
    person = make_interviewee(commune_a)
    make_interviewee(commune_a, name="Autre Personne", function="Directrice", notes="Autres notes")
    data = json.loads(referent_client.get(person_url("person-export", territory, "interviewee", person.pk)).content)
    assert data["name"] == "Jean Dupont"
    assert data["function"] == "Échevin"
    assert data["interview"]["notes"] == "Notes de l'entretien"
    assert "Autre Personne" not in json.dumps(data)


def test_export_barometer_respondent_holds_their_answers(referent_client, territory, barometer_response):
    url = person_url("person-export", territory, PersonKind.BAROMETER_RESPONDENT, barometer_response.pk)
    data = json.loads(referent_client.get(url).content)
    assert data["name"] == "Luc Lambert"
    assert "Ana Ruiz" not in json.dumps(data)
    assert [a["number"] for a in data["answers"] if a["number"] is not None] == [4]


# Erase -------------------------------------------------------------------------------------------


def test_erase_get_shows_what_will_be_erased_and_changes_nothing(referent_client, territory, marie):
    response = referent_client.get(person_url("person-erase", territory, PersonKind.RESPONDENT, marie.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Marie Dumont" in body
    assert "csrfmiddlewaretoken" in body
    marie.refresh_from_db()
    assert marie.name == "Marie Dumont"
    assert not Activity.objects.filter(verb=PrivacyVerb.PERSON_ERASED).exists()


def test_erase_respondent_keeps_answers_and_figures_and_records_an_anonymous_audit_entry(
    referent_client, referent, territory, commune_a, campaign, marie, paul
):
    before = campaign_results(campaign)
    answers_before = Answer.objects.filter(campaign=campaign).count()
    url = person_url("person-erase", territory, PersonKind.RESPONDENT, marie.pk)
    response = referent_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == people_url(territory)
    assert any("erased" in str(m) or "effacé" in str(m) for m in response.context["messages"])
    marie.refresh_from_db()
    assert marie.name == ""
    assert marie.email.endswith("@" + ERASED_DOMAIN)
    paul.refresh_from_db()
    assert (paul.name, paul.email) == ("Paul Martin", "paul@courcelles.example")
    assert Answer.objects.filter(campaign=campaign).count() == answers_before
    assert campaign_results(campaign) == before
    assert Respondent.objects.filter(campaign=campaign).count() == 2
    (entry,) = Activity.objects.filter(verb=PrivacyVerb.PERSON_ERASED)
    assert (entry.commune, entry.actor) == (commune_a, referent)
    assert entry.created_at is not None
    assert entry.subject == str(PersonKind.RESPONDENT.label)
    assert "Marie" not in entry.subject and "marie" not in entry.subject
    feed = referent_client.get(reverse("communes:commune-detail", kwargs={"slug": commune_a.slug})).content.decode()
    assert escape(str(PrivacyVerb.PERSON_ERASED.label)) in feed
    assert "Marie" not in feed
    # Erased people are no longer found, and a second erasure finds nobody.
    assert referent_client.get(people_url(territory, "marie")).context["people"] == []
    assert referent_client.post(url).status_code == 404


def test_erase_interviewee_blanks_name_and_function_only(referent_client, territory, commune_a):
    person = make_interviewee(commune_a)
    other = make_interviewee(commune_a, name="Autre Personne")
    referent_client.post(person_url("person-erase", territory, "interviewee", person.pk))
    person.refresh_from_db()
    other.refresh_from_db()
    assert (person.name, person.function) == ("", "")
    assert person.interview.notes == "Notes de l'entretien"
    assert other.name == "Autre Personne"
    (entry,) = Activity.objects.filter(verb=PrivacyVerb.PERSON_ERASED)
    assert "Jean" not in entry.subject


def test_erase_barometer_alderman_keeps_the_other_name_and_the_answers(referent_client, territory, barometer_response):
    answers = barometer_response.answers.count()
    url = person_url("person-erase", territory, PersonKind.BAROMETER_ALDERMAN, barometer_response.pk)
    assert referent_client.post(url).status_code == 302
    row = BarometerResponse.objects.get(pk=barometer_response.pk)
    assert (row.respondent_name, row.alderman_name) == ("Luc Lambert", "")
    assert row.answers.count() == answers > 0
    assert Activity.objects.filter(verb=PrivacyVerb.PERSON_ERASED, commune=row.commune).count() == 1


def test_export_respondent_gives_each_answer_in_words_as_its_kind_says_it(referent_client, territory, marie, small):
    """A date answer is stored as a number (YYYYMMDD); the export says the day, not 20261204.0000."""
    from diagnostics.services import builder
    from tests.privacy.conftest import say

    short = small.q["short"]
    day = builder.question_create(
        section=short.section, actor=None, fields={"type": "date", "text_fr": "Date de votre arrivée"}, pillars=[]
    )
    say(marie, day, "04/12/2026")
    data = json.loads(
        referent_client.get(person_url("person-export", territory, PersonKind.RESPONDENT, marie.pk)).content
    )
    in_words = {a["question"]: a["answer"] for a in data["answers"]}
    assert in_words["Date de votre arrivée"] == "04/12/2026"
    assert in_words[short.tr("text")] == "Réponse de Marie"


# The people of the barometer's answer links --------------------------------------------------------


@pytest.fixture
def link_person(territory, commune_a, referent):
    from barometer import invitations
    from barometer.models import Invitee
    from tests.barometer.conftest import make_edition

    edition = make_edition(territory, year=2026)
    invitations.invitations_send(
        edition=edition,
        actor=referent,
        people={commune_a.pk: invitations.Addresses("sophie.dubois@courcelles.example", "autre@courcelles.example")},
    )
    invitee = Invitee.objects.get(email="sophie.dubois@courcelles.example")
    return invitations.invitee_save(invitee=invitee, answers={"smartness": 6}, name="Sophie Dubois")


def test_search_export_and_erase_a_person_of_an_answer_link(referent_client, territory, link_person):
    from barometer.models import Invitee

    page = referent_client.get(people_url(territory, "sophie"))
    assert [(p.kind, p.pk) for p in page.context["people"]] == [(PersonKind.BAROMETER_INVITEE, link_person.pk)]
    data = json.loads(
        referent_client.get(
            person_url("person-export", territory, PersonKind.BAROMETER_INVITEE, link_person.pk)
        ).content
    )
    assert (data["name"], data["email"], data["answers"]) == (
        "Sophie Dubois",
        "sophie.dubois@courcelles.example",
        {"smartness": 6},
    )
    assert "autre@courcelles.example" not in json.dumps(data)
    url = person_url("person-erase", territory, PersonKind.BAROMETER_INVITEE, link_person.pk)
    assert referent_client.post(url).status_code == 302
    row = Invitee.objects.get(pk=link_person.pk)
    assert (row.name, row.email.endswith(ERASED_DOMAIN), row.answers) == ("", True, {"smartness": 6})
    assert Invitee.objects.get(email="autre@courcelles.example")


def test_the_retention_purge_erases_the_people_of_the_links(link_person, commune_a):
    from barometer.models import Invitee
    from privacy.services import personal_data_erase

    erased = personal_data_erase(commune_ids=[commune_a.pk])
    assert erased.barometer_respondents == 2
    assert not Invitee.objects.exclude(email__endswith=ERASED_DOMAIN).exists()
    assert personal_data_erase(commune_ids=[commune_a.pk]).total == 0
