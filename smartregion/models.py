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


class Version(models.Model):
    """The version of one scope of data: a database table (scope "table"), bumped once each transaction
    writing it commits; kept pages are filed under these (see smartregion.freshness)."""

    scope = models.CharField(max_length=40)
    key = models.BigIntegerField()
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="version_scope_key_unique")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}={self.version}"
