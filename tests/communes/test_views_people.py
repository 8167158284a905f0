"""People of a territory and invitations: list, create, revoke, resend."""

import pytest
from django.core import mail
from django.urls import reverse

from communes import services
from communes.models import Invitation, Role
from tests.factories import InvitationFactory, MembershipFactory
from tests.helpers import assert_login_redirect, messages_of, translated

pytestmark = pytest.mark.django_db


def people_url(territory):
    return reverse("communes:territory-people", args=[territory.slug])


def create_url(territory):
    return reverse("communes:invitation-create", args=[territory.slug])


class TestTerritoryPeople:
    def test_anonymous_goes_to_login(self, client, territory):
        assert_login_redirect(client.get(people_url(territory)), people_url(territory))

    @pytest.mark.parametrize("who", ["other_referent", "nobody"])
    def test_outsider_gets_404(self, request, client_for, territory, who):
        assert client_for(request.getfixturevalue(who)).get(people_url(territory)).status_code == 404

    @pytest.mark.parametrize("who", ["staff_a", "staff_b", "college_a"])
    def test_commune_people_get_403(self, request, client_for, territory, who):
        assert client_for(request.getfixturevalue(who)).get(people_url(territory)).status_code == 403

    def test_unknown_territory_gets_404(self, referent_client):
        assert referent_client.get(reverse("communes:territory-people", args=["nowhere"])).status_code == 404

    @pytest.mark.parametrize("method", ["post", "put"])
    def test_only_get(self, referent_client, territory, method):
        assert getattr(referent_client, method)(people_url(territory)).status_code == 405

    def test_lists_people_and_pending_invitations(self, referent_client, territory, staff_a, college_a, commune_other):
        MembershipFactory(commune=commune_other)
        InvitationFactory(commune=staff_a.memberships.get().commune, email="pending@example.org")
        InvitationFactory(referent=True, territory=territory, email="future-referent@example.org")
        InvitationFactory(commune=staff_a.memberships.get().commune, email="revoked@example.org", revoked=True)
        InvitationFactory(commune=staff_a.memberships.get().commune, email="accepted@example.org", accepted=True)
        InvitationFactory(commune=commune_other, email="bep@example.org")
        response = referent_client.get(people_url(territory))
        assert response.status_code == 200
        people = {(m.user.username, m.role) for m in response.context["memberships"]}
        assert people == {("referent", Role.REFERENT), ("staff-a", Role.STAFF), ("college-a", Role.COLLEGE)}
        assert {i.email for i in response.context["invitations"]} == {
            "pending@example.org",
            "future-referent@example.org",
        }
        content = response.content.decode()
        for hidden in ("revoked@example.org", "accepted@example.org", "bep@example.org"):
            assert hidden not in content
        assert "pending@example.org" in content


class TestInvitationCreateView:
    def test_anonymous_goes_to_login(self, client, territory):
        url = create_url(territory)
        assert_login_redirect(client.get(url), url)
        assert_login_redirect(client.post(url, {"email": "a@example.org", "role": "referent"}), url)
        assert not Invitation.objects.exists()

    @pytest.mark.parametrize("who", ["other_referent", "nobody"])
    def test_outsider_gets_404(self, request, client_for, territory, who):
        client = client_for(request.getfixturevalue(who))
        assert client.get(create_url(territory)).status_code == 404
        assert client.post(create_url(territory), {"email": "a@example.org", "role": "referent"}).status_code == 404
        assert not Invitation.objects.exists()

    @pytest.mark.parametrize("who", ["staff_a", "college_a"])
    def test_commune_people_get_403(self, request, client_for, territory, commune_a, who):
        client = client_for(request.getfixturevalue(who))
        assert client.get(create_url(territory)).status_code == 403
        data = {"email": "a@example.org", "role": "staff", "commune": commune_a.slug}
        assert client.post(create_url(territory), data).status_code == 403
        assert not Invitation.objects.exists()
        assert mail.outbox == []

    @pytest.mark.parametrize("method", ["put", "delete"])
    def test_wrong_method(self, referent_client, territory, method):
        assert getattr(referent_client, method)(create_url(territory)).status_code == 405

    def test_get_prefills_from_the_query(self, referent_client, territory, commune_a, commune_other):
        response = referent_client.get(create_url(territory), {"commune": commune_a.slug, "role": "college"})
        assert response.status_code == 200
        form = response.context["form"]
        assert form.initial == {"commune": commune_a.slug, "role": "college"}
        assert set(form.fields["commune"].queryset) == {commune_a, *territory.communes.all()}
        assert commune_other not in form.fields["commune"].queryset

    def test_invites_staff_and_sends_the_email(
        self, referent_client, referent, territory, commune_a, django_capture_on_commit_callbacks
    ):
        data = {"email": "Marc@Courcelles.example", "role": "staff", "commune": commune_a.slug}
        with django_capture_on_commit_callbacks(execute=True):
            response = referent_client.post(create_url(territory), data)
        assert response.status_code == 302
        assert response.url == reverse("communes:commune-detail", args=[commune_a.slug])
        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role, invitation.commune, invitation.invited_by) == (
            "marc@courcelles.example",
            Role.STAFF,
            commune_a,
            referent,
        )
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["marc@courcelles.example"]
        assert "/invitations/accept/" in mail.outbox[0].body
        assert len(messages_of(response)) == 1

    def test_invites_a_referent(self, referent_client, territory, commune_a, django_capture_on_commit_callbacks):
        data = {"email": "boss@igretec.example", "role": "referent", "commune": commune_a.slug}
        with django_capture_on_commit_callbacks(execute=True):
            response = referent_client.post(create_url(territory), data)
        assert response.status_code == 302
        assert response.url == people_url(territory)
        invitation = Invitation.objects.get()
        assert (invitation.role, invitation.commune) == (Role.REFERENT, None)
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_invalid_email_keeps_input(self, referent_client, territory, commune_a, headers, status):
        data = {"email": "marc-at-courcelles", "role": "college", "commune": commune_a.slug}
        response = referent_client.post(create_url(territory), data, headers=headers)
        assert response.status_code == status
        assert 'value="marc-at-courcelles"' in response.content.decode()
        assert "email" in response.context["form"].errors
        assert not Invitation.objects.exists()

    def test_commune_of_another_territory_refused(self, referent_client, territory, commune_other):
        data = {"email": "a@example.org", "role": "staff", "commune": commune_other.slug}
        response = referent_client.post(create_url(territory), data)
        assert response.status_code == 200
        assert "commune" in response.context["form"].errors
        assert 'value="a@example.org"' in response.content.decode()
        assert not Invitation.objects.exists()

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_commune_required_for_staff(self, referent_client, territory, headers, status):
        data = {"email": "a@example.org", "role": "staff", "commune": ""}
        response = referent_client.post(create_url(territory), data, headers=headers)
        assert response.status_code == status
        assert (
            translated(services.ERROR_INVITATION_COMMUNE_REQUIRED, response)
            in response.context["form"].errors["commune"]
        )
        assert 'value="a@example.org"' in response.content.decode()
        assert not Invitation.objects.exists()

    def test_duplicate_pending_refused(self, referent_client, territory, commune_a, django_capture_on_commit_callbacks):
        InvitationFactory(email="a@example.org", commune=commune_a, role=Role.STAFF)
        data = {"email": "a@example.org", "role": "staff", "commune": commune_a.slug}
        with django_capture_on_commit_callbacks(execute=True):
            response = referent_client.post(create_url(territory), data)
        assert response.status_code == 200
        assert translated(services.ERROR_INVITATION_PENDING, response) in response.context["form"].errors["email"]
        assert Invitation.objects.count() == 1
        assert mail.outbox == []

    def test_already_member_refused(self, referent_client, territory, commune_a, staff_a):
        data = {"email": staff_a.email, "role": "staff", "commune": commune_a.slug}
        response = referent_client.post(create_url(territory), data)
        assert response.status_code == 200
        assert (
            translated(services.ERROR_INVITATION_ALREADY_MEMBER, response) in response.context["form"].errors["email"]
        )
        assert not Invitation.objects.exists()


@pytest.mark.parametrize("action", ["revoke", "resend"])
class TestInvitationActionsAccess:
    def url(self, action, invitation):
        return reverse(f"communes:invitation-{action}", args=[invitation.pk])

    @pytest.fixture
    def invitation(self, commune_a):
        return InvitationFactory(commune=commune_a, email="pending@example.org")

    def snapshot(self, invitation):
        invitation.refresh_from_db()
        return (invitation.revoked_at, invitation.sent_at, invitation.expires_at)

    def test_anonymous_goes_to_login(self, client, invitation, action):
        before = self.snapshot(invitation)
        assert_login_redirect(client.post(self.url(action, invitation)), self.url(action, invitation))
        assert self.snapshot(invitation) == before

    @pytest.mark.parametrize("who", ["staff_a", "college_a", "other_referent", "nobody"])
    def test_anyone_but_the_referent_gets_404(self, request, client_for, invitation, action, who):
        before = self.snapshot(invitation)
        response = client_for(request.getfixturevalue(who)).post(self.url(action, invitation))
        assert response.status_code == 404
        assert self.snapshot(invitation) == before
        assert mail.outbox == []

    def test_unknown_invitation_gets_404(self, referent_client, action):
        assert referent_client.post(reverse(f"communes:invitation-{action}", args=[999_999])).status_code == 404

    @pytest.mark.parametrize("method", ["get", "put"])
    def test_only_post(self, referent_client, invitation, action, method):
        before = self.snapshot(invitation)
        assert getattr(referent_client, method)(self.url(action, invitation)).status_code == 405
        assert self.snapshot(invitation) == before

    def test_accepted_invitation_is_left_alone(self, referent_client, commune_a, territory, action):
        invitation = InvitationFactory(commune=commune_a, accepted=True)
        before = self.snapshot(invitation)
        response = referent_client.post(self.url(action, invitation))
        assert response.status_code == 302
        assert response.url == people_url(territory)
        assert messages_of(response) == [translated(services.ERROR_INVITATION_USED, response)]
        assert self.snapshot(invitation) == before


class TestInvitationRevokeResend:
    def test_revoke(self, referent_client, territory, commune_a):
        invitation = InvitationFactory(commune=commune_a)
        response = referent_client.post(reverse("communes:invitation-revoke", args=[invitation.pk]))
        assert response.status_code == 302
        assert response.url == people_url(territory)
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        assert len(messages_of(response)) == 1

    def test_resend_sends_a_new_email(self, referent_client, territory, commune_a, django_capture_on_commit_callbacks):
        invitation = InvitationFactory(commune=commune_a, revoked=True)
        with django_capture_on_commit_callbacks(execute=True):
            response = referent_client.post(reverse("communes:invitation-resend", args=[invitation.pk]))
        assert response.status_code == 302
        assert response.url == people_url(territory)
        invitation.refresh_from_db()
        assert invitation.revoked_at is None
        assert invitation.sent_at is not None
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [invitation.email]
