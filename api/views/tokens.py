"""The pages where a person creates and revokes their personal API tokens (linked from the profile)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from api import selectors, services
from api.access import get_token_for_user
from api.forms import TokenForm
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token

SHOWN_ONCE_KEY = "api_token_shown_once"


@login_required
@require_http_methods(["GET"])
def token_list(request):
    """The person's tokens; right after a creation, the new token's text, shown this once."""
    context = {
        "tokens": selectors.tokens_of(request.user),
        "new_token": request.session.pop(SHOWN_ONCE_KEY, None),
    }
    return render(request, "api/token_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def token_create(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, text = services.api_token_create(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field, error.message)
        else:
            request.session[SHOWN_ONCE_KEY] = text
            return redirect("api:token-list")
    status = 422 if form.errors else 200
    return render(request, "api/token_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["POST"])
def token_revoke(request, pk):
    token = get_token_for_user(request.user, pk)
    try:
        services.api_token_revoke(actor=request.user, token=token)
    except ServiceError as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:token-list")
