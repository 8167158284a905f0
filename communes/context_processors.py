from communes.access import is_referent


def navigation(request):
    """Whether to show the referent's entries; computed only when a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_is_referent": lambda: is_referent(user)}
