"""Named capabilities and the one table that grants them to roles.

A capability names one thing a person may do or see, `<app>.<action>` (`roadmaps.publish`,
`diagnostics.read_interview_notes`). Each app declares its own in `<app>/capabilities.py` with `declare()`;
communes never imports them: `CommunesConfig.ready()` imports every app's `capabilities` module, and the
table below names capabilities by their string. `check_table()` (run by a system check and by the tests)
refuses a table naming a capability nobody declared, and a declared capability no role holds.

`ROLE_CAPABILITIES` is the table: one row per role (`communes.models.Role` values), the set of
capabilities the role holds on the communes it reaches. A superuser holds every capability. A role whose
memberships name no commune (the referent) reaches every commune of its territory and holds its row on
the territory too (`territory_rights`); other roles reach their commune only. A role with no row holds
nothing. Adding a role: a `Role` choice and one row here (README, "Adding a role").

Access helpers (`<app>/access.py`) take `need=CAPABILITY`; templates get one `Rights` object per commune
and read `rights.roadmaps.publish` (Python: `rights.can("roadmaps.publish")`). Naming an undeclared
capability raises `UnknownCapability`, in code and in templates, so a typo fails loudly.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, NewType

Capability = NewType("Capability", str)


class UnknownCapability(LookupError):
    """A capability (or app) nobody declared: a programming error, never a refusal."""


_DECLARED: dict[str, str] = {}
# The apps of the declared capabilities, kept as they are declared: templates ask for them at each `rights.x`.
_APPS: set[str] = set()


def declare(name: str, description: str) -> Capability:
    """Declare `<app>.<action>` with a short description (for the README and the matrix test's messages)."""
    app, dot, action = name.partition(".")
    if not (app and dot and action) or "." in action:
        raise ValueError(f"a capability reads '<app>.<action>': {name!r}")
    if _DECLARED.get(name, description) != description:
        raise ValueError(f"capability {name!r} declared twice")
    _DECLARED[name] = description
    _APPS.add(app)
    return Capability(name)


def declared() -> Mapping[str, str]:
    """Every declared capability and its description."""
    return dict(_DECLARED)


def is_declared(name: str) -> bool:
    return name in _DECLARED


def reading_capability(name: str) -> Capability:
    """The capability of reading the pages of `name`'s app (`<app>.read`), else the commune's page."""
    app = name.partition(".")[0]
    return Capability(f"{app}.read") if f"{app}.read" in _DECLARED else Capability("communes.read")


COMMUNES_READ = declare("communes.read", "read the commune's page and its accompaniment")
COMMUNES_READ_NOTES = declare("communes.read_notes", "read the internal notes on the commune")
COMMUNES_EDIT = declare("communes.edit", "change the commune's details")
COMMUNES_MANAGE_ACCOMPANIMENT = declare(
    "communes.manage_accompaniment", "start and change the accompaniment and its milestones"
)
COMMUNES_MANAGE_MEMBERS = declare("communes.manage_members", "see and invite the people of the territory")
COMMUNES_READ_AUDIT_TRAIL = declare("communes.read_audit_trail", "read the territory's audit trail")


# The table -----------------------------------------------------------------------------------------

_COLLEGE: Final = frozenset(
    {
        "communes.read",
        "diagnostics.read",
        "diagnostics.read_questionnaires",
        "diagnostics.read_results",
        "roadmaps.read",
        "reports.download",
        "barometer.read",
        # projects
        "projects.read",
        # mutualisation
        "mutualisation.read",
        # procurement
        "procurement.read",
        # funding
        "funding.read",
        # api
    }
)
_STAFF: Final = _COLLEGE | {
    "communes.read_notes",
    "diagnostics.edit",
    "diagnostics.read_interview_notes",
    "diagnostics.send_questionnaires",
    "roadmaps.read_drafts",
    "roadmaps.edit",
    "reports.preview",
    "barometer.fill",
    # projects
    "projects.edit",
    # mutualisation
    "mutualisation.answer",
    # procurement
    "procurement.edit",
    # funding
    "funding.apply",
    # api
}
_REFERENT: Final = _STAFF | {
    "communes.edit",
    "communes.manage_accompaniment",
    "communes.manage_members",
    "communes.read_audit_trail",
    "diagnostics.decide",
    "diagnostics.build_questionnaires",
    "diagnostics.export_raw_answers",
    "diagnostics.see_small_groups",
    "diagnostics.read_territory_scores",
    "roadmaps.manage",
    "roadmaps.publish",
    "roadmaps.plan",
    "reports.request",
    "reports.read_unpublished",
    "reports.publish",
    "reports.manage_logo",
    "barometer.fill_any_time",
    "barometer.manage",
    "privacy.manage_people",
    # projects
    "projects.manage",
    # mutualisation
    "mutualisation.manage",
    # procurement
    "procurement.award",
    "procurement.manage_library",
    # funding
    "funding.manage",
    # api
}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    "college": _COLLEGE,
    "staff": _STAFF,
    "referent": _REFERENT,
}


def capabilities_of(roles: Iterable[str]) -> frozenset[str]:
    """The union of the rows of `roles`; a role without a row grants nothing."""
    held: frozenset[str] = frozenset()
    for role in roles:
        held |= ROLE_CAPABILITIES.get(role, frozenset())
    return held


def check_table() -> list[str]:
    """What is wrong with the table: capabilities it names that nobody declared, declared ones nobody holds."""
    named = frozenset().union(*ROLE_CAPABILITIES.values())
    problems = [f"{name}: in ROLE_CAPABILITIES but never declared" for name in sorted(named - set(_DECLARED))]
    problems += [f"{name}: declared but no role holds it" for name in sorted(set(_DECLARED) - named)]
    return problems


# What templates and views receive -----------------------------------------------------------------


@dataclass(frozen=True)
class Rights:
    """What one person may do on one commune (or territory): `rights.can(name)`, `rights.<app>.<action>`.

    `reaches`: the person holds a role there at all (else the object is out of reach: Http404).
    """

    capabilities: frozenset[str] = frozenset()
    reaches: bool = False
    everything: bool = False  # superusers
    roles: frozenset[str] = field(default=frozenset())

    def can(self, capability: str) -> bool:
        if capability not in _DECLARED:
            raise UnknownCapability(capability)
        return self.everything or capability in self.capabilities

    def __getitem__(self, app: str) -> "AppRights":
        if app in _APPS:
            return AppRights(self, app)
        if app in self.__dataclass_fields__:
            raise KeyError(app)  # the template engine then reads the attribute
        raise UnknownCapability(app)


@dataclass(frozen=True)
class AppRights:
    """`rights.roadmaps` in a template: `rights.roadmaps.publish` asks for `roadmaps.publish`."""

    rights: Rights
    app: str

    def __getitem__(self, action: str) -> bool:
        return self.rights.can(f"{self.app}.{action}")

    def __getattr__(self, action: str) -> bool:
        if action.startswith("_"):
            raise AttributeError(action)
        return self.rights.can(f"{self.app}.{action}")


NO_RIGHTS: Final = Rights()
