from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts.middleware import session_activity_mark
from accounts.throttles import login_ip_failure_record
from smartregion.clientip import client_ip


@receiver(user_login_failed)
def count_login_failure_per_ip(sender, credentials, request=None, **kwargs):
    if request is not None:
        login_ip_failure_record(ip=client_ip(request))


@receiver(user_logged_in)
def start_the_idle_clock(sender, request=None, user=None, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_activity_mark(request.session)
