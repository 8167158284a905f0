class ServiceError(Exception):
    """A rule of the domain refused the change; `message` is translated and shown to the user.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
