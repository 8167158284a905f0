"""Finding one person's data across a territory's communes, and reading everything held about them.

People are held in four places: campaign respondents (name, e-mail, their answers), interviewees (name,
function, the interview's notes), the names written on barometer answers (administration member and
alderman in charge) and the people of the barometer's answer links (name, e-mail, their version of the
answers). A person is addressed by kind and row id: the same name in two places is two rows,
so an export or an erasure never reaches another person who happens to share a name.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from barometer.models import Answer as BarometerAnswer
from barometer.models import Invitee as BarometerInvitee
from barometer.models import Response as BarometerResponse
from communes.models import Commune, Territory
from communes.selectors import activity_of_account
from diagnostics.models import Answer, InterviewParticipant, Respondent
from privacy.models import PersonKind
from privacy.services import ERASED_DOMAIN
from smartregion.questions.values import AnswerValue, ranking_of

SEARCH_LIMIT = 100


@dataclass
class Person:
    kind: str
    pk: int
    name: str
    commune: Commune
    where: str  # the campaign, interview or barometer edition
    email: str = ""
    held: list[str] = field(default_factory=list)
    obj: object = None

    @property
    def kind_label(self) -> str:
        return str(PersonKind(self.kind).label)


def answers_held(count: int) -> str:
    return ngettext("%(count)d answer", "%(count)d answers", count) % {"count": count}


def _respondents(territory: Territory):
    return (
        Respondent.objects.filter(campaign__commune__territory=territory)
        .exclude(email__endswith="@" + ERASED_DOMAIN)
        .select_related("campaign__commune", "group")
        .annotate(answer_count=Count("response__answers", filter=Q(response__answers__has_value=True)))
    )


def _interviewees(territory: Territory):
    return (
        InterviewParticipant.objects.filter(interview__commune__territory=territory)
        .filter(~Q(name="") | ~Q(function=""))
        .select_related("interview__commune")
    )


def _barometer_responses(territory: Territory):
    return (
        BarometerResponse.objects.filter(commune__territory=territory)
        .select_related("commune", "edition")
        .annotate(answer_count=Count("answers"))
    )


def _barometer_invitees(territory: Territory):
    return (
        BarometerInvitee.objects.filter(invitation__commune__territory=territory)
        .exclude(email__endswith="@" + ERASED_DOMAIN)
        .select_related("invitation__commune", "invitation__edition")
    )


def _invitee_person(invitee) -> Person:
    held = [_("name"), _("e-mail address")]
    answered = sum(1 for value in invitee.answers.values() if value is not None)
    if answered:
        held.append(answers_held(answered))
    return Person(
        kind=PersonKind.BAROMETER_INVITEE,
        pk=invitee.pk,
        name=invitee.name or invitee.email,
        email=invitee.email,
        commune=invitee.invitation.commune,
        where=invitee.invitation.edition.title,
        held=held,
        obj=invitee,
    )


def _respondent_person(respondent) -> Person:
    held = [_("name"), _("e-mail address")]
    if respondent.answer_count:
        held.append(answers_held(respondent.answer_count))
    return Person(
        kind=PersonKind.RESPONDENT,
        pk=respondent.pk,
        name=respondent.name,
        email=respondent.email,
        commune=respondent.campaign.commune,
        where=respondent.campaign.title,
        held=held,
        obj=respondent,
    )


def _interviewee_person(participant) -> Person:
    held = [_("name")]
    if participant.function:
        held.append(_("function"))
    if participant.interview.notes:
        held.append(_("interview notes"))
    return Person(
        kind=PersonKind.INTERVIEWEE,
        pk=participant.pk,
        name=participant.name,
        commune=participant.interview.commune,
        where=str(participant.interview),
        held=held,
        obj=participant,
    )


def _barometer_person(response, kind: str) -> Person:
    held = [_("name")]
    if response.answer_count:
        held.append(answers_held(response.answer_count))
    name = response.respondent_name if kind == PersonKind.BAROMETER_RESPONDENT else response.alderman_name
    return Person(
        kind=kind,
        pk=response.pk,
        name=name,
        commune=response.commune,
        where=response.edition.title,
        held=held,
        obj=response,
    )


def people_search(*, territory: Territory, q: str) -> list[Person]:
    """Everyone held in the territory whose name (or e-mail) contains `q`: four queries whatever the rows."""
    found = [
        _respondent_person(r)
        for r in _respondents(territory).filter(Q(name__icontains=q) | Q(email__icontains=q))[:SEARCH_LIMIT]
    ]
    found += [_interviewee_person(p) for p in _interviewees(territory).filter(name__icontains=q)[:SEARCH_LIMIT]]
    responses = _barometer_responses(territory).filter(Q(respondent_name__icontains=q) | Q(alderman_name__icontains=q))[
        :SEARCH_LIMIT
    ]
    invitees = _barometer_invitees(territory).filter(Q(name__icontains=q) | Q(email__icontains=q))[:SEARCH_LIMIT]
    found += [_invitee_person(invitee) for invitee in invitees]
    needle = q.casefold()
    for response in responses:
        if needle in response.respondent_name.casefold():
            found.append(_barometer_person(response, PersonKind.BAROMETER_RESPONDENT))
        if needle in response.alderman_name.casefold():
            found.append(_barometer_person(response, PersonKind.BAROMETER_ALDERMAN))
    found.sort(key=lambda p: (p.name.casefold(), p.commune.name, p.kind, p.pk))
    return found


def person_get(*, territory: Territory, kind: str, pk: int) -> Person | None:
    """One person of the territory, or None (not found, outside the territory, or already erased)."""
    if kind == PersonKind.RESPONDENT:
        respondent = _respondents(territory).filter(pk=pk).first()
        return _respondent_person(respondent) if respondent else None
    if kind == PersonKind.INTERVIEWEE:
        participant = _interviewees(territory).filter(pk=pk).first()
        return _interviewee_person(participant) if participant else None
    if kind == PersonKind.BAROMETER_INVITEE:
        invitee = _barometer_invitees(territory).filter(pk=pk).first()
        return _invitee_person(invitee) if invitee else None
    name_field = "respondent_name" if kind == PersonKind.BAROMETER_RESPONDENT else "alderman_name"
    response = _barometer_responses(territory).filter(pk=pk).exclude(**{name_field: ""}).first()
    return _barometer_person(response, kind) if response else None


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _respondent_export(respondent) -> dict:
    response = getattr(respondent, "response", None)
    answers = (
        Answer.objects.filter(response__respondent=respondent, has_value=True)
        .select_related("question", "row")
        .prefetch_related("choices__option", "question__options")
        .order_by("question__section__position", "question__position", "row__position", "pk")
    )
    return {
        "campaign": respondent.campaign.title,
        "group": respondent.group.name,
        "language": respondent.language,
        "invited_at": _when(respondent.invited_at),
        "last_reminded_at": _when(respondent.last_reminded_at),
        "revoked_at": _when(respondent.revoked_at),
        "created_at": _when(respondent.created_at),
        "response": {
            "started_at": _when(response.started_at if response else None),
            "submitted_at": _when(response.submitted_at if response else None),
        },
        "answers": [
            {
                "question": answer.question.tr("text"),
                "statement": answer.row.tr("text") if answer.row else None,
                "choices": [choice.option.tr("label") for choice in answer.choices.all()],
                "number": str(answer.number_value) if answer.number_value is not None else None,
                "answer": _answer_in_words(answer),
                "text": answer.text_value,
                "other": answer.other_text,
            }
            for answer in answers
        ],
    }


def _answer_in_words(answer) -> str:
    """The answer as its question's kind says it (a date as 04/12/2026, a ranking in order, choices by label)."""
    value = AnswerValue(
        option_ids=frozenset(choice.option_id for choice in answer.choices.all()),
        number=answer.number_value,
        text=answer.text_value,
        other_text=answer.other_text,
        ranking=ranking_of(answer.choice_key),
    )
    labels = {option.pk: option.tr("label") for option in answer.question.options.all()}
    return answer.question.kind.describe(value, labels)


def _interviewee_export(participant) -> dict:
    interview = participant.interview
    return {
        "function": participant.function,
        "group": participant.get_group_display(),
        "interview": {
            "topic": interview.topic,
            "held_on": _when(interview.held_on),
            "status": interview.get_status_display(),
            "notes": interview.notes,
        },
    }


def _barometer_export(response) -> dict:
    answers = (
        BarometerAnswer.objects.filter(response=response)
        .select_related("question")
        .prefetch_related("options")
        .order_by("question__position", "pk")
    )
    return {
        "edition": response.edition.title,
        "year": response.edition.year,
        "source": response.get_source_display(),
        "answers": [
            {
                "question": answer.question.label,
                "number": answer.number,
                "yes_no": answer.boolean,
                "text": answer.text,
                "choices": [option.label for option in answer.options.all()],
            }
            for answer in answers
        ],
    }


def _invitee_export(invitee) -> dict:
    return {
        "edition": invitee.invitation.edition.title,
        "year": invitee.invitation.edition.year,
        "role": invitee.get_role_display(),
        "invited_at": _when(invitee.invited_at),
        "opened_at": _when(invitee.opened_at),
        "saved_at": _when(invitee.saved_at),
        "confirmed_at": _when(invitee.confirmed_at),
        "reminders_sent": invitee.reminders_sent,
        "answers": invitee.answers,  # their own version, by question code
    }


def person_export(person: Person) -> dict:
    """Everything held about this person, as plain data for a JSON download."""
    data = {
        "kind": person.kind,
        "kind_label": person.kind_label,
        "name": person.name,
        "commune": person.commune.name,
    }
    if person.kind == PersonKind.RESPONDENT:
        data["email"] = person.email
        data.update(_respondent_export(person.obj))
        # A respondent who also holds an account here: what that account did is theirs too.
        data["activity"] = activity_of_account(territory_id=person.commune.territory_id, email=person.email)
    elif person.kind == PersonKind.INTERVIEWEE:
        data.update(_interviewee_export(person.obj))
    elif person.kind == PersonKind.BAROMETER_INVITEE:
        data["email"] = person.email
        data.update(_invitee_export(person.obj))
    else:
        data["role"] = str(
            BarometerResponse._meta.get_field(
                "respondent_name" if person.kind == PersonKind.BAROMETER_RESPONDENT else "alderman_name"
            ).verbose_name
        )
        data.update(_barometer_export(person.obj))
    return data
