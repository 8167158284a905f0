"""Out-of-range ids posted to choice fields are a form error, not a 500 (OverflowError on SQLite)."""

import pytest
from django import forms

from communes.models import Commune

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


def test_multiple_choice_with_an_out_of_range_id_is_a_form_error(commune_a):
    field = forms.ModelMultipleChoiceField(queryset=Commune.objects.all())
    with pytest.raises(forms.ValidationError) as error:
        field.clean([str(commune_a.pk), HUGE])
    assert error.value.code == "invalid_choice"
    assert field.clean([str(commune_a.pk)]).get() == commune_a


def test_single_choice_and_in_lookups_with_out_of_range_ids(commune_a):
    field = forms.ModelChoiceField(queryset=Commune.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean(HUGE)
    assert list(Commune.objects.filter(pk__in=[int(HUGE), commune_a.pk])) == [commune_a]
    assert list(Commune.objects.filter(pk__in=[int(HUGE)])) == []
    assert list(Commune.objects.filter(pk__in=[-int(HUGE)])) == []
