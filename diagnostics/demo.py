"""Demo data for questionnaires, and a fast generator of fictitious responses (also used by the benchmark).

`seed_questionnaires()` gives Courcelles a campaign of the template questionnaire with about sixty
fictitious responses across its groups; running it again changes nothing. Everything random comes
from `random.Random(seed)`, so the demo is the same on every machine.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from communes.models import Commune
from diagnostics.answering import answer_score, spec_of, visible_question_ids
from diagnostics.models import (
    Answer,
    AnswerChoice,
    Campaign,
    EmailStatus,
    GroupKind,
    OpenLink,
    Respondent,
    RespondentGroup,
    Response,
)
from diagnostics.selectors.responses import questionnaire_structure
from diagnostics.services import builder, campaigns
from diagnostics.services.responses import response_start_from_open_link
from diagnostics.services.tallies import tallies_add
from smartregion.questions.values import SampleInput

DEMO_COMMUNE = "courcelles"
DEMO_TITLE = "Diagnostic smart 2025"
DEMO_SEED = 20250301

# How rosy each group sees things (shifts scales and yes/no answers).
GROUP_MOOD = {
    GroupKind.COLLEGE: 0.6,
    GroupKind.ADMINISTRATION: 0.1,
    GroupKind.COMMISSIONS: -0.1,
    GroupKind.CITIZENS: -0.5,
    GroupKind.OTHER: 0.0,
}

TEXTS = {
    "Q14": [
        "L'éclairage public passé en LED : la facture a baissé et les rues sont mieux éclairées.",
        "Le guichet en ligne pour les documents d'état civil, qui évite de se déplacer.",
        "Les capteurs sur les bulles à verre : les tournées sont mieux organisées.",
        "La page Facebook de la commune, très suivie par les habitants.",
        "Le nouveau site internet, plus clair, même s'il reste incomplet.",
    ],
    "Q20": [
        "La demande de permis d'urbanisme",
        "Les inscriptions aux stages d'été",
        "La réservation des salles communales",
        "Le changement d'adresse",
        "Les demandes de primes communales",
    ],
    "Q28": ["Le hameau de Forrières", "Autour du zoning", "La rue de la Station", "Les campagnes vers Gosselies"],
    "Q36": [
        "Un repair café avec un atelier numérique pour les aînés.",
        "Le potager partagé du quartier, qui cherche un moyen de s'organiser en ligne.",
        "Une carte participative des chemins de promenade.",
        "Le club informatique des seniors.",
    ],
    "Q42": [
        "Il faut surtout former les agents avant d'acheter de nouveaux outils.",
        "Pensez aux personnes qui n'ont pas internet.",
        "Merci pour cette démarche, c'est une bonne idée de nous consulter.",
        "Commencer petit, avec un projet visible pour les habitants.",
    ],
}
OTHER_TEXTS = [
    "Une application de signalement",
    "Le bulletin communal",
    "Des capteurs de parking",
    "Le WhatsApp du quartier",
]
DEMO_PEOPLE = [
    ("Anne Lejeune", GroupKind.COLLEGE),
    ("Paul Delcourt", GroupKind.COLLEGE),
    ("Fatima El Idrissi", GroupKind.COLLEGE),
    ("Marie Dumont", GroupKind.ADMINISTRATION),
    ("Luc Vandenberghe", GroupKind.ADMINISTRATION),
    ("Sarah Maes", GroupKind.ADMINISTRATION),
    ("Kevin Lambotte", GroupKind.ADMINISTRATION),
    ("Isabelle Charlier", GroupKind.ADMINISTRATION),
    ("Giovanni Russo", GroupKind.ADMINISTRATION),
    ("Nadia Benali", GroupKind.COMMISSIONS),
    ("Philippe Hanse", GroupKind.COMMISSIONS),
    ("Chantal Wauters", GroupKind.COMMISSIONS),
]


def fake_answer(rng: random.Random, question, mood: float) -> dict:
    """A plausible answer to a question, as {row id or None: AnswerValue}, drawn by its kind."""
    kind = question.kind
    facts = SampleInput(
        options=tuple((o.pk, o.maturity) for o in question.options.all()) if kind.has_options else (),
        rows=tuple(r.pk for r in question.rows.all()) if kind.has_rows else (),
        scale=question.scale_range,
        number_max=float(question.number_max) if question.number_max is not None else None,
        allow_other=question.allow_other,
        texts=tuple(TEXTS.get(question.code, TEXTS["Q42"])),
        other_texts=tuple(OTHER_TEXTS),
        today=timezone.localdate(),
    )
    return kind.sample(rng, facts, mood)


def fake_response(rng: random.Random, questions, specs, mood: float) -> dict[int, dict]:
    """One fictitious respondent's answers, {question id: {row id: AnswerValue}}.

    Respects display conditions and required questions; answers optional questions nine times out of ten.
    """
    spec_by_id = {s.id: s for s in specs}
    chosen: dict[int, frozenset[int]] = {}
    values: dict[int, dict] = {}
    for question in questions:
        spec = spec_by_id[question.pk]
        if spec.condition_option_id and question.pk not in visible_question_ids(specs, chosen):
            continue
        if not question.required and rng.random() < 0.1:
            continue
        values[question.pk] = fake_answer(rng, question, mood)
        chosen[question.pk] = frozenset().union(*(v.option_ids for v in values[question.pk].values()))
    return values


def _open_link_of(campaign: Campaign, group: RespondentGroup) -> OpenLink:
    """The group's open link without a cap, created as staff would when there is none."""
    link = OpenLink.objects.filter(
        campaign=campaign, group=group, revoked_at__isnull=True, max_responses__isnull=True
    ).first()
    return link or campaigns.open_link_create(campaign=campaign, group=group, actor=None)


def _started_responses(campaign, *, count, groups, open_link, respondents) -> list[Response]:
    """The responses to fill, as people get them: the named respondents' own (from their invitation),
    then visitors of an open link (`open_link`, or one per group), each started by the view's service."""
    chosen = [r.response for r in respondents or []]
    links = {}
    for index in range(count - len(chosen)):
        group = open_link.group if open_link else groups[index % len(groups)]
        if group.pk not in links:
            links[group.pk] = open_link or _open_link_of(campaign, group)
        chosen.append(response_start_from_open_link(link=links[group.pk]))
    return chosen


def _answer_rows(response: Response, values: dict, *, spec_by_id: dict, moment) -> list[tuple[Answer, frozenset]]:
    """The Answer rows (not saved yet) of one response's values, each with its chosen options."""
    return [
        (
            Answer(
                response=response,
                campaign_id=response.campaign_id,
                group_id=response.group_id,
                question_id=question_id,
                row_id=row_id,
                number_value=value.number,
                choice_key=value.choice_key,
                text_value=value.text,
                other_text=value.other_text,
                has_value=value.has_value,
                applicable=True,
                submitted=response.submitted_at is not None,
                score=answer_score(spec_by_id[question_id], value),
                updated_at=moment,
            ),
            value.option_ids,
        )
        for question_id, per_unit in values.items()
        for row_id, value in per_unit.items()
    ]


def responses_generate(
    campaign: Campaign,
    *,
    rng: random.Random,
    count: int,
    groups: list[RespondentGroup],
    submitted_share: float = 0.9,
    open_link=None,
    respondents: list[Respondent] | None = None,
    batch_size: int = 2000,
) -> int:
    """Create `count` fictitious responses with answers; returns how many answers were written.

    1. Start the responses the way people do: named `respondents` first (their invitation made theirs),
       the others through `open_link`, or an open link of their group, with the open-link start service.
    2. Draw each one's answers (display conditions, required questions, one optional question in ten left
       out, group moods) and write them in bulk, with the start and submission times they imply.
    3. Add the submitted responses' answers to the running tallies.
    """
    _sections, questions = questionnaire_structure(campaign.questionnaire_id)
    specs = [spec_of(q) for q in questions]
    spec_by_id = {s.id: s for s in specs}
    start = timezone.make_aware(timezone.datetime.combine(campaign.opens_on, timezone.datetime.min.time()))
    span = max(60.0, (min(timezone.now(), start + timedelta(days=60)) - start).total_seconds())
    started = _started_responses(campaign, count=count, groups=groups, open_link=open_link, respondents=respondents)
    kinds = {g.pk: g.kind for g in RespondentGroup.objects.filter(campaign=campaign)}
    rows = []
    for response in started:
        values = fake_response(
            rng, questions, specs, GROUP_MOOD.get(kinds[response.group_id], 0.0) + rng.uniform(-0.3, 0.3)
        )
        moment = start + timedelta(seconds=rng.uniform(0, span))
        response.started_at = response.last_saved_at = moment
        response.submitted_at = moment if rng.random() < submitted_share else None
        rows += _answer_rows(response, values, spec_by_id=spec_by_id, moment=moment)
    Answer.objects.bulk_create([answer for answer, _options in rows], batch_size=batch_size)
    AnswerChoice.objects.bulk_create(
        (AnswerChoice(answer=a, option_id=o, campaign=campaign) for a, options in rows for o in options),
        batch_size=batch_size,
    )
    Response.objects.bulk_update(started, ["started_at", "last_saved_at", "submitted_at"], batch_size=batch_size)
    tallies_add(answer for answer, _options in rows)
    return len(rows)


@transaction.atomic
def seed_questionnaires():
    """Courcelles: the template copied, an open campaign, twelve named people and about sixty responses."""
    commune = Commune.objects.filter(slug=DEMO_COMMUNE).first()
    if commune is None:
        return None
    existing = Campaign.objects.filter(commune=commune, title=DEMO_TITLE).first()
    if existing is not None:
        return existing
    referent = get_user_model().objects.filter(username="referent").first()
    template = builder.template_ensure()
    questionnaire = builder.questionnaire_copy(source=template, commune=commune, actor=referent)
    today = timezone.localdate()
    campaign = campaigns.campaign_create(
        commune=commune,
        questionnaire=questionnaire,
        actor=referent,
        title=DEMO_TITLE,
        opens_on=today - timedelta(days=21),
        closes_on=today + timedelta(days=14),
        reminder_every_days=7,
    )
    groups = {g.kind: g for g in campaign.groups.all()}
    respondents = []
    for name, kind in DEMO_PEOPLE:
        email = name.lower().replace(" ", ".").replace("é", "e") + "@courcelles.example"
        respondents += campaigns.respondents_add(
            campaign=campaign, group=groups[kind], actor=referent, people=[(name, email)], send=False
        )
    invited = timezone.now() - timedelta(days=20)
    Respondent.objects.filter(campaign=campaign).update(email_status=EmailStatus.SENT, invited_at=invited)
    link = campaigns.open_link_create(
        campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent, max_responses=300
    )
    rng = random.Random(DEMO_SEED)  # noqa: S311 - fictitious demo answers, reproducible on purpose
    answered = list(Respondent.objects.filter(campaign=campaign).select_related("response", "group"))[:10]
    responses_generate(campaign, rng=rng, count=len(answered), groups=[], respondents=answered, submitted_share=0.85)
    responses_generate(
        campaign,
        rng=rng,
        count=40,
        groups=[groups[GroupKind.CITIZENS]],
        open_link=link,
        submitted_share=0.9,
    )
    # A few more through an open link of the "other" group (created on the way, as staff would).
    responses_generate(campaign, rng=rng, count=6, groups=[groups[GroupKind.OTHER]], submitted_share=1)
    return campaign
