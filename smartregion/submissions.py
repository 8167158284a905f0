"""Idempotent creates: `@once_per_form_token` makes a second POST of the same create form (double click,
reload after a slow answer, back button) redirect to where the first went instead of creating a second row.

The page carries `{% form_token %}` (a random hidden token). The decorator records the token in the same
transaction as the view's writes, so of two concurrent submits one creates the row and the other waits on
the unique token, then redirects to the first one's result. Only the user who submitted first is redirected;
tokens older than `FORM_TOKEN_MAX_AGE` are purged on write.
"""

import re
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_FIELD = "form_token"  # noqa: S105 (a field name, not a secret)
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
FORM_TOKEN_MAX_AGE = timedelta(days=2)
MESSAGE_ALREADY_SAVED = _("This form was already sent: it is saved once, here is the result.")
MESSAGE_IN_PROGRESS = _("This form is still being saved; please check the list before sending it again.")


def _purge_old() -> None:
    from smartregion.models import FormSubmission

    FormSubmission.objects.filter(created_at__lt=timezone.now() - FORM_TOKEN_MAX_AGE).delete()


def once_per_form_token(view):
    """Decorator for create views: a second POST carrying the same form token creates nothing."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        from smartregion.models import FormSubmission

        token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
        if not TOKEN_PATTERN.fullmatch(token) or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = FormSubmission.objects.create(token=token, user=request.user)
            except IntegrityError:
                first = FormSubmission.objects.filter(token=token, user=request.user).first()
                if first is None:
                    # Someone else's token: ignore it rather than tell them anything about it.
                    return view(request, *args, **kwargs)
                if first.redirect_url:
                    messages.info(request, MESSAGE_ALREADY_SAVED)
                    return redirect(first.redirect_url)
                messages.info(request, MESSAGE_IN_PROGRESS)
                return redirect(request.get_full_path())
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseRedirect) or response.status_code in (302, 303):
                submission.redirect_url = response["Location"]
                submission.save(update_fields=["redirect_url"])
                _purge_old()
            else:
                # Refused input: the re-rendered form keeps its token and may still be saved once.
                submission.delete()
            return response

    wrapper.once_per_form_token = True
    return wrapper
