from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from smartregion.emails import absolute_url, greeting_name
from smartregion.errors import ServiceError
from smartregion.tasks import enqueue_on_commit


@transaction.atomic
def user_profile_update(*, user: User, fields: dict) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    return user


def user_language_set(*, user: User, language: str) -> User:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


# E-mail change -----------------------------------------------------------------------------------

EMAIL_CHANGE_SALT = "accounts.email-change"
ERROR_EMAIL_CHANGE_INVALID = _("This confirmation link is not valid or has expired. Change your address again.")
ERROR_EMAIL_CHANGE_TAKEN = _("An account already uses this e-mail address.")


def email_change_token(*, user: User, new_email: str) -> str:
    # The current address is signed too: once any change is confirmed, older links are dead.
    return signing.dumps({"u": user.pk, "e": new_email, "o": user.email}, salt=EMAIL_CHANGE_SALT)


def email_change_request(*, user: User, new_email: str, base_url: str = "") -> User:
    """Ask the new address to confirm the change; the address is not changed yet.

    1. Sign a link holding the user, the new and the current address.
    2. Once the transaction commits, e-mail it (on `base_url` unless SITE_URL is set) to the new address
       and tell the old one.
    """
    from accounts import tasks

    token = email_change_token(user=user, new_email=new_email.strip())
    user.email_change_queued = enqueue_on_commit(tasks.email_change_emails_send, user.pk, token, base_url)
    return user


def email_change_emails_send(*, user_id: int, token: str, base_url: str = "") -> bool:
    """Send the confirmation link to the new address and a notice to the old one."""
    payload = signing.loads(token, salt=EMAIL_CHANGE_SALT)
    user = User.objects.filter(pk=user_id).first()
    if user is None or payload["u"] != user.pk or payload["o"] != user.email:
        return False
    link = absolute_url(reverse("accounts:email-change-confirm", args=[token]), base_url=base_url)
    context = {
        "user": user,
        "name": greeting_name(user.get_full_name()),
        "link": link,
        "new_email": payload["e"],
        "hours": settings.EMAIL_CHANGE_VALID_HOURS,
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/email_change_subject.txt", context).strip()
        send_mail(subject, render_to_string("accounts/email/email_change_body.txt", context), None, [payload["e"]])
        if user.email:
            notice = render_to_string("accounts/email/email_change_notice.txt", context)
            send_mail(subject, notice, None, [user.email])
    return True


@transaction.atomic
def email_change_confirm(*, user: User, token: str) -> User:
    """Set the new address from a confirmation link, if it is the user's, recent and still free."""
    try:
        payload = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=settings.EMAIL_CHANGE_VALID_HOURS * 3600)
    except signing.BadSignature:
        raise ServiceError(ERROR_EMAIL_CHANGE_INVALID) from None
    user = User.objects.select_for_update().get(pk=user.pk)
    if payload.get("u") != user.pk or payload.get("o") != user.email:
        raise ServiceError(ERROR_EMAIL_CHANGE_INVALID)
    if User.objects.filter(email__iexact=payload["e"]).exclude(pk=user.pk).exists():
        raise ServiceError(ERROR_EMAIL_CHANGE_TAKEN)
    user.email = payload["e"]
    user.save(update_fields=["email"])
    return user
