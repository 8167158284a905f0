"""Form pieces shared by every app."""

from django import forms


class EditVersionMixin(forms.Form):
    """Carries the version of the row the form was built from (optimistic lock, see smartregion.concurrency)."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and "edit_version" not in self.initial:
            self.fields["edit_version"].initial = instance.edit_version

    @property
    def field_values(self) -> dict:
        """The cleaned values of the row's own fields, for a service (the version is passed apart)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "edit_version"}
