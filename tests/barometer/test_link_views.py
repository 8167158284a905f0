"""The answer link's pages and the referent's pages for the links: access, bad input, the happy path."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from barometer import invitations
from barometer.invitations import Addresses
from barometer.models import Invitation, Invitee, InviteeRole, Response
from tests.barometer.conftest import answer


@pytest.fixture
def links(edition, commune_a, referent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitations_send(
            edition=edition,
            actor=referent,
            people={commune_a.pk: Addresses("dg@courcelles.example", "echevin@courcelles.example")},
        )
    return {i.role: invitations.invitee_token(i) for i in Invitee.objects.all()}


def _page(token, number=1):
    return reverse("barometer:answer-page", args=[token, number])


# The test edition's five questions fit on one page.
PAGE_ONE = {
    "name": "Anne Dupont",
    "q_smartness": "7",
    "q_themes": ["mobility"],
    "q_purchasing": "no",
    "q_involved": "yes",
    "q_obstacles": "Budget",
}


class TestTheLink:
    def test_page_by_page_then_both_confirm(
        self, client, links, edition, commune_a, django_capture_on_commit_callbacks
    ):
        admin, alderman = links[InviteeRole.ADMINISTRATION], links[InviteeRole.ALDERMAN]
        start = client.get(reverse("barometer:answer", args=[admin]))
        assert start.status_code == 200 and "Courcelles" in start.text
        reply = client.post(_page(admin), {**PAGE_ONE, "action": "next"})
        assert reply.status_code == 302 and reply["Location"] == reverse("barometer:answer-confirm", args=[admin])
        assert Invitee.objects.get(role=InviteeRole.ADMINISTRATION).answers["smartness"] == 7
        with django_capture_on_commit_callbacks(execute=True):
            reply = client.post(reverse("barometer:answer-confirm", args=[admin]))
        assert reply.status_code == 302
        assert not Response.objects.exists()
        # The alderman finds the administration's answers to review, and confirms them.
        page = client.get(_page(alderman))
        assert page.context["form"].initial["q_smartness"] == 7
        client.post(_page(alderman), {**PAGE_ONE, "name": "Marc Lenoir", "action": "next"})
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("barometer:answer-confirm", args=[alderman]))
        response = Response.objects.get(edition=edition, commune=commune_a)
        assert response.alderman_name == "Marc Lenoir"
        done = client.get(reverse("barometer:answer-done", args=[alderman]))
        assert done.context["submitted"] is True
        # A second submission is refused with a clear message; nothing changes.
        again = client.post(_page(admin), {**PAGE_ONE, "q_smartness": "2"})
        assert again.status_code == 409
        assert again.context["error"] == invitations.ERROR_ALREADY_SUBMITTED
        assert escape(str(again.context["error"])) in again.text
        assert response.answers.get(question__code="smartness").number == 7

    def test_an_answer_out_of_range_keeps_what_was_typed(self, client, links):
        admin = links[InviteeRole.ADMINISTRATION]
        reply = client.post(_page(admin), {**PAGE_ONE, "q_smartness": "11", "name": "Anne Dupont"})
        assert reply.status_code == 422
        assert reply.context["form"].errors["q_smartness"]
        assert 'value="Anne Dupont"' in reply.text
        assert Invitee.objects.get(role=InviteeRole.ADMINISTRATION).answers == {}

    def test_confirming_without_a_required_answer_names_the_question(self, client, links):
        admin = links[InviteeRole.ADMINISTRATION]
        reply = client.post(reverse("barometer:answer-confirm", args=[admin]))
        assert reply.status_code == 422
        assert "Is your commune smart?" in reply.text

    def test_a_link_after_closing_is_dead(self, client, links, edition):
        edition.closes_on = timezone.localdate() - timedelta(days=1)
        edition.opens_on = edition.closes_on - timedelta(days=5)
        edition.save(update_fields=["opens_on", "closes_on"])
        for url in (reverse("barometer:answer", args=[links["alderman"]]), _page(links["alderman"])):
            assert client.get(url).status_code == 410
        assert client.post(_page(links["alderman"]), PAGE_ONE).status_code == 410

    def test_a_forged_or_withdrawn_link(self, client, links, referent):
        assert client.get(reverse("barometer:answer", args=["A" * 43])).status_code == 404
        invitations.invitation_revoke(invitation=Invitation.objects.get(), actor=referent)
        assert client.get(reverse("barometer:answer", args=[links["alderman"]])).status_code == 410

    def test_a_link_shows_nothing_of_another_commune(self, client, links, edition, commune_b):
        answer(edition, commune_b, smartness=2, obstacles="Secret de Lobbes")
        page = client.get(reverse("barometer:answer-confirm", args=[links["alderman"]]))
        assert "Lobbes" not in page.text and "Secret de Lobbes" not in page.text

    def test_wrong_method(self, client, links):
        assert client.post(reverse("barometer:answer", args=[links["alderman"]])).status_code == 405
        assert client.post(reverse("barometer:answer-done", args=[links["alderman"]])).status_code == 405


class TestReferentPages:
    def test_invitations_page_sends_with_the_communes_addresses_by_default(
        self, referent_client, edition, commune_a, django_capture_on_commit_callbacks
    ):
        commune_a.director_email = "dg@courcelles.example"
        commune_a.save(update_fields=["director_email"])
        url = reverse("barometer:invitations", args=[edition.pk])
        page = referent_client.get(url)
        assert 'value="dg@courcelles.example"' in page.text
        data = {f"c{commune_a.pk}": "on", f"c{commune_a.pk}_adm": "dg@courcelles.example", f"c{commune_a.pk}_ald": ""}
        with django_capture_on_commit_callbacks(execute=True):
            reply = referent_client.post(url, data)
        assert reply.status_code == 302
        assert [m.to for m in mail.outbox] == [["dg@courcelles.example"]]

    def test_a_bad_address_is_refused_and_kept(self, referent_client, edition, commune_a):
        url = reverse("barometer:invitations", args=[edition.pk])
        reply = referent_client.post(url, {f"c{commune_a.pk}": "on", f"c{commune_a.pk}_adm": "pas-une-adresse"})
        assert reply.status_code == 200 and 'value="pas-une-adresse"' in reply.text
        assert not Invitation.objects.exists()
        reply = referent_client.post(url, {f"c{commune_a.pk}": "on"})
        assert reply.context["form"].errors[f"c{commune_a.pk}_adm"]

    def test_access(self, client, staff_a_client, other_referent_client, edition, links, commune_a):
        invitations_url = reverse("barometer:invitations", args=[edition.pk])
        remind_url = reverse("barometer:reminders-send", args=[edition.pk])
        revoke_url = reverse("barometer:invitation-revoke", args=[edition.pk, commune_a.slug])
        assert client.get(invitations_url)["Location"].startswith(reverse("accounts:login"))
        assert staff_a_client.get(invitations_url).status_code == 403
        assert staff_a_client.post(revoke_url).status_code == 403
        assert other_referent_client.post(remind_url).status_code == 404
        assert other_referent_client.post(revoke_url).status_code == 404

    def test_reminders_on_demand_and_the_rate_moves(
        self, referent_client, edition, links, django_capture_on_commit_callbacks
    ):
        remind_url = reverse("barometer:reminders-send", args=[edition.pk])
        assert referent_client.get(remind_url).status_code == 405
        mail.outbox.clear()
        for _time in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                referent_client.post(remind_url)
        assert len(mail.outbox) == 2  # the two people of the one commune, once
        detail = referent_client.get(reverse("barometer:edition-detail", args=[edition.pk]))
        assert detail.context["follow_up"].counts["not_opened"] == 1

    def test_accept_one_persons_answers(
        self, referent_client, client, links, edition, commune_a, django_capture_on_commit_callbacks
    ):
        admin = links[InviteeRole.ADMINISTRATION]
        client.post(_page(admin), {**PAGE_ONE, "action": "next"})
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("barometer:answer-confirm", args=[admin]))
        detail = referent_client.get(reverse("barometer:response-detail", args=[edition.pk, commune_a.slug]))
        assert "Anne Dupont" in detail.text
        url = reverse("barometer:invitation-accept", args=[edition.pk, commune_a.slug, "administration"])
        assert referent_client.post(url).status_code == 302
        assert Response.objects.get().respondent_name == "Anne Dupont"


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["barometer:edition-detail", "barometer:invitations"])
def test_pages_run_the_same_queries_for_one_and_many_communes(name, referent_client, edition, territory, referent):
    from tests.factories import CommuneFactory

    url = reverse(name, args=[edition.pk])

    def invite(count):
        people = {}
        for _number in range(count):
            commune = CommuneFactory(territory=territory)
            people[commune.pk] = Addresses(f"a{commune.pk}@x.be", f"b{commune.pk}@x.be")
        invitations.invitations_send(edition=edition, actor=referent, people=people)
        Invitee.objects.filter(invitation__commune_id__in=list(people)[:1]).update(answers={"smartness": 3})

    invite(1)
    referent_client.get(url)  # warm the caches (sessions, commune names)
    one = _queries(referent_client, url)
    invite(6)
    assert _queries(referent_client, url) == one


def test_the_link_pages_are_throttled_per_client_and_keep_what_was_typed(client, links, settings):
    settings.RESPONSE_SAVE_RATE = "1/m"
    admin = links[InviteeRole.ADMINISTRATION]
    statuses = [client.get(reverse("barometer:answer", args=[admin])).status_code for _time in range(3)]
    assert statuses[-1] == 429
    reply = client.post(_page(admin), {**PAGE_ONE, "name": "Anne Dupont"})
    assert reply.status_code == 422 and 'value="Anne Dupont"' in reply.text
    assert Invitee.objects.get(role=InviteeRole.ADMINISTRATION).answers == {}
