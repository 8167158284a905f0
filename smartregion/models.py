from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A create form's token, recorded when its first POST succeeded, so that a second POST of the same page
    (double click, reload, back button) goes where the first went instead of creating a second row."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    redirect_url = models.CharField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return self.token
