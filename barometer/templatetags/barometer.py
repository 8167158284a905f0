"""The commune's latest barometer answers, for pages of other apps (the diagnostic)."""

from django import template

from barometer import selectors

register = template.Library()


@register.inclusion_tag("barometer/includes/latest_answers.html")
def barometer_latest(commune, *, heading_level: int = 2):
    """A card with the commune's answers to the latest edition it answered, against the territory."""
    return {"commune": commune, "latest": selectors.latest_answers_for_commune(commune), "h": heading_level}


@register.filter
def peer_answer(peers, code: str):
    """The figures of the communes like this one for the question `code` (a `selectors.PeerView`)."""
    return peers.answers.get(code) if peers else None
