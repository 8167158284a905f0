"""smartregion/views.py helpers shared by every app's views."""

import pytest
from django import forms

from communes.services import ServiceError
from smartregion.views import apply_service_error, render_form


class NameForm(forms.Form):
    name = forms.CharField()


def test_service_error_goes_to_its_field():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    apply_service_error(form, ServiceError("Taken", field="name"))
    assert form.errors["name"] == ["Taken"]


@pytest.mark.parametrize("field", [None, "unknown"])
def test_service_error_without_a_known_field_is_general(field):
    form = NameForm({"name": "x"})
    assert form.is_valid()
    apply_service_error(form, ServiceError("Refused", field=field))
    assert form.non_field_errors() == ["Refused"]


@pytest.mark.parametrize(
    ("htmx", "invalid", "status"), [(False, False, 200), (False, True, 200), (True, False, 200), (True, True, 422)]
)
def test_render_form_status(rf, htmx, invalid, status):
    request = rf.get("/")
    request.htmx = htmx
    response = render_form(request, "communes/no_access.html", {}, invalid=invalid)
    assert response.status_code == status
