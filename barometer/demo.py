"""Demo barometer: IGRETEC's 2019 and 2022 editions, with fictitious answers marked as demo data.

The answers are invented, but chosen so that the results reproduce the figures IGRETEC published:
2022, 14 of 30 communes: smartness mean 4.4 (62/14), citizens informed 5.6 (78/14), priority themes
quality of life 71 % (10/14), citizens 57 % (8/14), environment/energy 50 % (7/14), mobility 42 %
(6/14 = 42.9 %, the article truncates), governance 21 % (3/14), economy 14 % (2/14); call for projects
64 % (9/14); citizens involved 36 % (5/14); procurement done 21 % (3/14); central purchasing body
strongly interested 50 % (7/14), interested but not a priority 36 % (5/14); cybersecurity
insufficiently armed 64 % (9/14). 2019, 10 communes: smartness 2.8 (28/10), citizens informed 3.8 (38/10).
The current edition (this year, open) is answered through the communes' own links: invitations to
all 30 communes, 9 answered (3 by their binôme, 6 by one person whose answers the referent accepted),
4 started, the others not opened yet. Seeding twice changes nothing.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from barometer import invitations, services
from barometer.models import (
    Edition,
    EmailStatus,
    Invitation,
    Invitee,
    InviteeRole,
    PublicSnapshot,
    Response,
    ResponseSource,
)
from barometer.question_sets import FIRST_EDITION_CODES, STANDARD_QUESTIONS, standard_position
from communes.models import Territory

TITLE = "Territoire intelligent : où en est votre commune ? Édition {year}"

QOL, CIT, ENV, MOB, GOV, ECO = (
    "quality_of_life",
    "smart_citizens",
    "energy_environment",
    "mobility",
    "governance",
    "economy",
)
STRONG, NOT_PRIORITY, NOT_INTERESTED = "strongly_interested", "interested_not_priority", "not_interested"
ARMED, NOT_ARMED = "sufficiently_armed", "insufficiently_armed"

REASONS = [
    "Manque de moyens humains et financiers.",
    "Manque de connaissances techniques et de temps.",
    "Le coût des technologies reste élevé pour une commune de notre taille.",
    "Connectivité insuffisante sur une partie du territoire.",
]
INFORMED_REASONS = [
    "Population vieillissante, peu à l’aise avec le numérique.",
    "Population multiculturelle, difficile à toucher par un seul canal.",
    "Réticence de certains citoyens.",
    "Communication sur les réseaux sociaux, le site internet et l’e-guichet.",
]
OBSTACLES = [
    "Pas de personnel dédié au numérique.",
    "Crainte de mal faire en matière de marchés publics.",
    "Sollicitations de prestataires privés difficiles à évaluer.",
    "On ne sait pas par où commencer.",
]
DEFINITIONS = [
    "Une commune qui utilise le numérique pour mieux servir ses citoyens.",
    "Des services connectés et des données partagées au service du territoire.",
    "Une administration simplifiée et une participation citoyenne renforcée.",
]
CYBER = [
    "Manque de personnel qualifié ; nous passons vers un cloud belge.",
    "La menace augmente plus vite que nos moyens.",
    "Appel à un sous-traitant expert avec une obligation de résultats.",
]

# 2022: (commune, smartness, citizens informed, themes, call for projects, citizens involved,
#        procurement done, central purchasing body, cybersecurity)
ANSWERS_2022 = [
    ("Courcelles", 6, 7, {QOL, CIT, ENV, MOB}, True, True, True, STRONG, NOT_ARMED),
    ("Charleroi", 7, 8, {QOL, CIT, MOB, ECO, GOV}, True, True, True, STRONG, ARMED),
    ("Fleurus", 5, 6, {QOL, ENV}, True, False, False, STRONG, NOT_ARMED),
    ("Thuin", 4, 5, {QOL, CIT, ENV}, True, True, False, NOT_PRIORITY, NOT_ARMED),
    ("Chimay", 3, 4, {ENV, MOB}, False, False, False, NOT_PRIORITY, NOT_ARMED),
    ("Gerpinnes", 5, 6, {QOL, CIT}, True, False, False, STRONG, ARMED),
    ("Walcourt", 4, 5, {QOL, ENV, GOV}, True, False, False, NOT_PRIORITY, NOT_ARMED),
    ("Sambreville", 5, 6, {CIT, MOB, ECO}, True, True, True, STRONG, ARMED),
    ("Pont-à-Celles", 4, 5, {QOL, CIT}, False, False, False, NOT_INTERESTED, NOT_ARMED),
    ("Montigny-le-Tilleul", 5, 6, {QOL, ENV, MOB}, True, False, False, STRONG, ARMED),
    ("Couvin", 3, 4, {CIT, GOV}, False, False, False, NOT_INTERESTED, NOT_ARMED),
    ("Farciennes", 4, 6, {QOL, MOB}, True, True, False, NOT_PRIORITY, NOT_ARMED),
    ("Seneffe", 3, 5, {CIT, ENV}, False, False, False, STRONG, ARMED),
    ("Ham-sur-Heure-Nalinnes", 4, 5, {QOL}, False, False, False, NOT_PRIORITY, NOT_ARMED),
]

# 2019: (commune, smartness, citizens informed, themes, citizens involved, procurement done)
ANSWERS_2019 = [
    ("Courcelles", 4, 5, {QOL, CIT}, True, False),
    ("Charleroi", 4, 5, {MOB, ECO, GOV}, True, True),
    ("Fleurus", 3, 4, {QOL, ENV}, False, False),
    ("Thuin", 3, 4, {QOL}, False, False),
    ("Chimay", 2, 3, {ENV}, False, False),
    ("Gerpinnes", 3, 4, {QOL, MOB}, False, False),
    ("Walcourt", 2, 3, {ENV, GOV}, False, False),
    ("Sambreville", 3, 4, {CIT, MOB}, True, False),
    ("Lobbes", 2, 3, {QOL}, False, False),
    ("Anderlues", 2, 3, {MOB}, False, False),
]

# The pair who answered for Courcelles, matching the demo accounts of that commune.
RESPONDENTS = {"Courcelles": ("Marc Lambert", "Jean Martin")}


def _pick(texts: list[str], index: int) -> str:
    return texts[index % len(texts)]


def _answers_2022(index, smartness, informed, themes, call, involved, procurement, purchasing, cyber) -> dict:
    return {
        "smart_definition": _pick(DEFINITIONS, index),
        "smartness": smartness,
        "smartness_reasons": _pick(REASONS, index),
        "priority_themes": sorted(themes),
        "pst_smart_actions": True,
        "call_for_projects": call,
        "citizens_informed": informed,
        "citizens_informed_reasons": _pick(INFORMED_REASONS, index),
        "citizens_involved": involved,
        "procurement_done": procurement,
        "central_purchasing": purchasing,
        "cybersecurity": cyber,
        "cybersecurity_practices": _pick(CYBER, index) if index % 2 == 0 else None,
        "obstacles": _pick(OBSTACLES, index),
    }


def _answers_2019(index, smartness, informed, themes, involved, procurement) -> dict:
    return {
        "smart_definition": _pick(DEFINITIONS, index + 1),
        "smartness": smartness,
        "smartness_reasons": _pick(REASONS, index + 1),
        "priority_themes": sorted(themes),
        "pst_smart_actions": index % 3 != 2,
        "citizens_informed": informed,
        "citizens_informed_reasons": _pick(INFORMED_REASONS, index + 2),
        "citizens_involved": involved,
        "procurement_done": procurement,
        "obstacles": _pick(OBSTACLES, index + 1),
    }


def _edition_2019(territory: Territory) -> Edition:
    edition = Edition.objects.filter(territory=territory, year=2019).first()
    if edition is not None:
        return edition
    edition = services.edition_create(
        territory=territory,
        actor=None,
        year=2019,
        title=TITLE.format(year=2019),
        opens_on=date(2019, 9, 16),
        closes_on=date(2019, 11, 29),
    )
    for question in STANDARD_QUESTIONS:
        if question["code"] in FIRST_EDITION_CODES:
            services.question_create(
                edition=edition, actor=None, position=standard_position(question["code"]), **question
            )
    return edition


def _edition_2022(territory: Territory, first: Edition) -> Edition:
    """Started from the 2019 questions (same codes), then the questions added in 2022."""
    edition = Edition.objects.filter(territory=territory, year=2022).first()
    if edition is not None:
        return edition
    edition = services.edition_create(
        territory=territory,
        actor=None,
        year=2022,
        title=TITLE.format(year=2022),
        opens_on=date(2022, 1, 28),
        closes_on=date(2022, 3, 31),
        copy_from=first,
    )
    for question in STANDARD_QUESTIONS:
        if question["code"] not in FIRST_EDITION_CODES:
            services.question_create(
                edition=edition, actor=None, position=standard_position(question["code"]), **question
            )
    return edition


def _seed_answers(edition: Edition, communes: dict, rows: list[tuple]) -> None:
    answered = set(Response.objects.filter(edition=edition).values_list("commune__name", flat=True))
    for index, (name, *values) in enumerate(rows):
        if name in answered or name not in communes:
            continue
        answers = _answers_2022(index, *values) if edition.year == 2022 else _answers_2019(index, *values)
        respondent, alderman = RESPONDENTS.get(name, ("", ""))
        services.response_save(
            edition=edition,
            commune=communes[name],
            actor=None,
            answers=answers,
            source=ResponseSource.REFERENT,
            respondent_name=respondent,
            alderman_name=alderman,
            is_demo=True,
        )


def seed_barometer(territory: Territory) -> list[Edition]:
    """Create the 2019 and 2022 editions of the territory and their demo answers (idempotent)."""
    communes = {c.name: c for c in territory.communes.all()}
    first = _edition_2019(territory)
    second = _edition_2022(territory, first)
    _seed_answers(first, communes, ANSWERS_2019)
    _seed_answers(second, communes, ANSWERS_2022)
    for edition in (first, second):
        if not PublicSnapshot.objects.filter(edition=edition).exists():
            services.edition_publish(edition=edition, actor=None)
    current = _seed_current(territory, second, communes)
    return [first, second] + ([current] if current else [])


# The current edition, answered through the links ------------------------------------------------

LINK_BINOMES = ["Charleroi", "Fleurus", "Thuin"]
LINK_SINGLES = ["Chimay", "Gerpinnes", "Walcourt", "Sambreville", "Pont-à-Celles", "Montigny-le-Tilleul"]
LINK_STARTED = ["Couvin", "Farciennes", "Seneffe", "Lobbes"]
SINGLE_NAMES = ["Anne Goffin", "Thierry Piron", "Claire Delvaux", "Olivier Jacquet", "Valérie Dumont", "Marc Gillet"]
BINOME_NAMES = [("Sophie Dubois", "Luc Collard"), ("Nathalie Renard", "Pierre Masson"), ("Julie Lejeune", "Éric Hardy")]


def _seed_current(territory: Territory, previous: Edition, communes: dict) -> Edition | None:
    """This year's edition, open, with every commune invited and some answering through their links."""
    today = timezone.localdate()
    if Edition.objects.filter(territory=territory, year=today.year).exists():
        return None
    edition = services.edition_create(
        territory=territory,
        actor=None,
        year=today.year,
        title=TITLE.format(year=today.year),
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=40),
        copy_from=previous,
    )
    invitees = _invite_all(edition, list(communes.values()))
    rows = {name: values for name, *values in ANSWERS_2022}
    referent = get_user_model().objects.filter(username="referent").first()
    for index, name in enumerate(LINK_BINOMES + LINK_SINGLES + LINK_STARTED):
        if name not in communes:
            continue
        admin, alderman = invitees[communes[name].pk]
        for invitee in (admin, alderman) if name in LINK_BINOMES else (admin,):
            invitations.invitee_open(invitee=invitee)
        answers = _answers_2022(index, *rows.get(name, rows["Courcelles"]))
        if name in LINK_STARTED:
            half = dict(list(answers.items())[: len(answers) // 2])
            invitations.invitee_save(invitee=admin, answers=half, name="")
            continue
        people = BINOME_NAMES[index] if name in LINK_BINOMES else (SINGLE_NAMES[index - len(LINK_BINOMES)], "")
        invitations.invitee_save(invitee=admin, answers=answers, name=people[0])
        Invitee.objects.filter(pk=admin.pk).update(confirmed_at=timezone.now())
        if name in LINK_BINOMES:
            invitations.invitee_save(invitee=alderman, answers=answers, name=people[1])
            invitations.invitee_confirm(invitee=alderman)
        else:
            invitations.invitation_accept_single(invitation=admin.invitation, invitee=admin, actor=referent)
    return edition


def _invite_all(edition: Edition, communes: list) -> dict[int, tuple[Invitee, Invitee]]:
    """Every commune invited at both addresses, as if the e-mails had gone out (no e-mail is sent)."""
    from smartregion import tokens  # noqa: PLC0415 - only the demo makes links by hand

    now = timezone.now() - timedelta(days=19)
    found = {}
    for commune in communes:
        invitation = Invitation.objects.create(edition=edition, commune=commune, is_demo=True)
        pair = []
        for role, email in (
            (InviteeRole.ADMINISTRATION, commune.director_email or f"dg@{commune.slug}.demo.invalid"),
            (InviteeRole.ALDERMAN, commune.alderman_email or f"echevin@{commune.slug}.demo.invalid"),
        ):
            nonce, _token, token_hash = tokens.new_token(purpose=invitations.PURPOSE)
            pair.append(
                Invitee.objects.create(
                    invitation=invitation,
                    role=role,
                    email=email,
                    token_nonce=nonce,
                    token_hash=token_hash,
                    email_status=EmailStatus.SENT,
                    invited_at=now,
                )
            )
        found[commune.pk] = tuple(pair)
    return found
