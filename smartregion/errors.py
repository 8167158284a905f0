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
