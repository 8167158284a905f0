from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A rule of the domain refused the change; `message` is translated and shown to the user.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class EditConflict(ServiceError):
    """Someone else saved the row since the form was read; `current_version` is the one stored now, which
    the form takes so that saving again replaces it on purpose."""

    def __init__(self, message, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


class CapabilityRefused(PermissionDenied):
    """The user reaches the object but does not hold `capability` there (raised by the access helpers).

    `may_read`: they may read the app's pages there (a refused change then says "you can read this"),
    which the 403 page uses to say the right thing.
    """

    def __init__(self, capability: str, *, may_read: bool):
        super().__init__(capability)
        self.capability = capability
        self.may_read = may_read


NO_ACCESS = _("Your role does not give you access to this page.")
READ_ONLY = _("You can read this, but your role does not allow you to change it.")
NOT_ALLOWED = _("Your role does not allow you to do this.")


def permission_denied(request, exception=None):
    """The 403 page (`handler403`): a page one may not see is not called readable.

    A refused GET is a page the user may not see at all; a refused change says they may read only when
    they hold the app's reading capability there.
    """
    if request.method in ("GET", "HEAD"):
        message = NO_ACCESS
    elif getattr(exception, "may_read", False):
        message = READ_ONLY
    else:
        message = NOT_ALLOWED
    return render(request, "403.html", {"message": message}, status=403)
