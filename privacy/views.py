import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from privacy import selectors, services
from privacy.access import get_person_for_referent, get_territory_for_referent
from privacy.forms import PersonSearchForm


@login_required
@require_GET
def people(request, slug):
    territory = get_territory_for_referent(request.user, slug)
    form = PersonSearchForm(request.GET if "q" in request.GET else None)
    found = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            found = selectors.people_search(territory=territory, q=form.cleaned_data["q"])
        else:
            status = 422
    context = {"territory": territory, "form": form, "people": found}
    return render(request, "privacy/person_search.html", context, status=status)


@login_required
@require_GET
def person_export(request, slug, kind, pk):
    _territory, person = get_person_for_referent(request.user, slug, kind, pk)
    data = selectors.person_export(person)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"personal-data-{person.kind}-{person.pk}-{slugify(person.commune.name)}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request, slug, kind, pk):
    territory, person = get_person_for_referent(request.user, slug, kind, pk)
    if request.method == "POST":
        services.person_erase(kind=person.kind, pk=person.pk, commune=person.commune, actor=request.user)
        messages.success(request, _("The personal data of this person were erased; answers and figures stay."))
        return redirect("privacy:people", slug=territory.slug)
    return render(request, "privacy/person_erase.html", {"territory": territory, "person": person})
