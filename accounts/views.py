import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import LanguageForm, ProfileForm
from accounts.middleware import SESSION_EXPIRED_KEY, SESSION_EXPIRED_MESSAGE
from accounts.services import (
    email_change_confirm,
    email_change_request,
    user_language_set,
    user_profile_update,
)
from accounts.throttles import login_ip_is_locked, password_reset_allowed
from smartregion.clientip import client_ip
from smartregion.emails import absolute_url, request_base_url
from smartregion.errors import ServiceError
from smartregion.tasks import QUEUE_UNAVAILABLE
from smartregion.views import render_form

# The language a visitor picked with the switch before logging in: it was the person now at the keyboard.
LANGUAGE_CHOSEN_KEY = "language_chosen"


class LoginView(auth_views.LoginView):
    """Django's login, refused outright to an address past the per-IP failure ceiling (password spraying).

    A language picked on the login page wins over the profile's (and becomes it): someone who clicked
    "English" and then logged in expects English. The cookie then follows the profile, so that the
    login page after logging out is in the user's language.
    """

    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and login_ip_is_locked(ip=client_ip(request)):
            return render(request, "accounts/locked_out.html", status=429)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        chosen = self.request.session.pop(LANGUAGE_CHOSEN_KEY, None)
        if chosen in dict(settings.LANGUAGES):
            user = user_language_set(user=user, language=chosen)
        language_cookie_set(response, user.language)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.session.pop(SESSION_EXPIRED_KEY, False):
            context["session_expired_message"] = SESSION_EXPIRED_MESSAGE
        return context


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, sending nothing past the per-address or per-IP limit but answering the same."""

    def form_valid(self, form):
        if not password_reset_allowed(ip=client_ip(self.request), email=form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        # The link starts like every e-mail link: SITE_URL when set, else the address the request came to.
        self.extra_email_context = {"base_url": absolute_url("", base_url=request_base_url(self.request))}
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    # A copy, so that a rejected post does not show its values in the menu of the re-rendered page.
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        changed = [f for f in form.changed_data if f not in ("email", "current_password")]
        user = user_profile_update(user=form.instance, fields={f: form.cleaned_data[f] for f in changed})
        translation.activate(user.language)
        messages.success(request, _("Your profile is saved."))
        if form.email_changed():
            user = email_change_request(
                user=user, new_email=form.cleaned_data["email"], base_url=request_base_url(request)
            )
            if user.email_change_queued.ok is False:
                messages.error(request, QUEUE_UNAVAILABLE)
            else:
                messages.info(
                    request,
                    _("A confirmation link was sent to %(email)s; your address changes once you open it.")
                    % {"email": form.cleaned_data["email"]},
                )
        response = HttpResponseRedirect(reverse("accounts:profile"))
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render_form(request, "accounts/profile.html", {"form": form}, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request, token):
    """Confirm a new e-mail address from the link sent to it (a POST, so that mail scanners change nothing)."""
    if request.method == "GET":
        return render(request, "accounts/email_change_confirm.html", {})
    try:
        email_change_confirm(user=request.user, token=token)
    except ServiceError as error:
        return render(request, "accounts/email_change_confirm.html", {"error": error.message}, status=400)
    messages.success(request, _("Your e-mail address is changed."))
    return HttpResponseRedirect(reverse("accounts:profile"))


@require_POST
def language_set(request):
    """Switch the interface language, for anonymous visitors (cookie) and users (profile too)."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            user_language_set(user=request.user, language=language)
        else:
            request.session[LANGUAGE_CHOSEN_KEY] = language
        language_cookie_set(response, language)
    return response


def language_cookie_set(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
