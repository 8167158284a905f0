import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class UserLanguageMiddleware:
    """Serve a logged-in user in the language of their profile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


SESSION_ACTIVITY_KEY = "last_activity"
SESSION_EXPIRED_KEY = "idle_expired"
SESSION_EXPIRED_MESSAGE = _("Your session expired after a period of inactivity. Please log in again.")
# The last activity is stored at most once a minute: a session write on every page would cost each page
# three more queries for a precision nobody needs.
ACTIVITY_GRANULARITY_SECONDS = 60


def session_activity_mark(session) -> None:
    session[SESSION_ACTIVITY_KEY] = int(time.time())


class IdleSessionTimeoutMiddleware:
    """Log out a user idle for more than SESSION_IDLE_TIMEOUT_MINUTES; the login page then says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(SESSION_ACTIVITY_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                request.session[SESSION_EXPIRED_KEY] = True
            elif last is None or now - last >= ACTIVITY_GRANULARITY_SECONDS:
                session_activity_mark(request.session)
        return self.get_response(request)
