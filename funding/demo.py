"""Demo data: six funding programmes modelled on real Walloon and EU schemes, their dates and amounts marked
as examples; Courcelles' sheets matched, one application granted, one submitted. Can run twice."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from communes.models import Territory
from funding import services
from funding.models import Application, FundingCall
from roadmaps.models import ProjectSheet

NOTE = "Exemple : dates et montants fictifs, à vérifier auprès du pouvoir subsidiant."

# (funder kind, funder, programme, call, link, beneficiaries, pillars, kinds, rate, floor, ceiling,
#  several communes, documents, rounds as (days from today to the opening, to the closing))
CATALOGUE = [
    (
        "region", "SPW Intérieur et Action sociale", "Smart Région — Territoire intelligent",
        "Appel à projets « Territoire intelligent » 2027", "https://www.digitalwallonia.be/",
        ["commune", "group"], [], [], 50, 10000, 200000, False,
        "Fiche projet, délibération du Collège, budget détaillé, calendrier.", [(-20, 25), (150, 210)],
    ),
    (
        "eu", "Commission européenne", "WiFi4EU", "WiFi4EU — appel à bons", "https://wifi4eu.ec.europa.eu/",
        ["commune"], [], ["public_wifi"], 100, None, 15000, False,
        "Inscription sur le portail WiFi4EU, engagement de maintenance sur trois ans.", [(40, 42)],
    ),
    (
        "eu", "Wallonie — FEDER", "FEDER Wallonie 2021-2027", "Programme FEDER — transition numérique et énergétique",
        "https://europe.wallonie.be/", ["commune", "intercommunale", "group"],
        ["energy_environment", "economy", "mobility"], [], 60, 500000, 5000000, False,
        "Formulaire FEDER, plan financier, indicateurs de réalisation.", [(-60, 75)],
    ),
    (
        "region", "SPW Mobilité et Infrastructures", "Plan d'investissement communal (PIC) 2025-2030",
        "PIC — éclairage public et mobilité", "https://interieur.wallonie.be/",
        ["commune"], ["quality_of_life", "mobility", "energy_environment"],
        ["street_lighting", "shared_mobility", "parking", "energy_monitoring"], 60, 25000, 1000000, False,
        "Plan d'investissement approuvé par le conseil communal, métrés estimatifs.", [(-10, 95)],
    ),
    (
        "province", "Province de Hainaut", "Hainaut — Supracommunalité", "Projets supracommunaux 2027",
        "https://www.hainaut.be/", ["group", "intercommunale"], [], [], 50, None, 100000, True,
        "Convention entre les communes partenaires.", [(5, 60)],
    ),
    (
        "foundation", "Fondation Roi Baudouin", "Inclusion numérique", "Appel « Inclusion numérique »",
        "https://kbs-frb.be/", ["commune", "cpas"], ["smart_citizens"], ["digital_inclusion"], 80, 5000, 40000,
        False, "Description du public visé, partenaires associatifs.", [(-30, 18)],
    ),
]  # fmt: skip


def _fields(entry) -> dict:
    kind, funder, programme, title, link, beneficiaries, pillars, kinds, rate, floor, ceiling, several, docs, _r = entry
    return {
        "funder_kind": kind,
        "funder": funder,
        "programme": programme,
        "title": title,
        "link": link,
        "beneficiaries": beneficiaries,
        "pillars": pillars,
        "function_categories": kinds,
        "cofunding_rate": Decimal(rate),
        "floor": Decimal(floor) if floor is not None else None,
        "ceiling": Decimal(ceiling) if ceiling is not None else None,
        "requires_several_communes": several,
        "documents": docs,
        "notes": NOTE,
        "is_example": True,
    }


def seed_funding(territory: Territory | None) -> list[FundingCall]:
    """The catalogue once per territory (calls matched by title), then Courcelles' two applications."""
    if territory is None:
        return []
    referent = get_user_model().objects.filter(username="referent").first()
    today = timezone.localdate()
    existing = {c.title: c for c in FundingCall.objects.filter(territory=territory)}
    calls = []
    for entry in CATALOGUE:
        title = entry[3]
        if title not in existing:
            rounds = [(today + timedelta(days=o), today + timedelta(days=c)) for o, c in entry[-1]]
            existing[title] = services.call_save(
                territory=territory, actor=referent, fields=_fields(entry), rounds=rounds
            )
        calls.append(existing[title])
    _seed_applications(calls, referent, today)
    return calls


def _seed_applications(calls: list[FundingCall], referent, today) -> None:
    sheets = {
        s.template.code: s
        for s in ProjectSheet.objects.filter(
            roadmap__commune__slug="courcelles", template__isnull=False
        ).select_related("template", "roadmap__commune")
    }
    smart, inclusion = calls[0], calls[5]
    plans = [
        (smart, "energy-monitoring", {"status": "submitted", "amount_requested": Decimal(22500)}),
        (inclusion, "digital-inclusion-spaces", {"status": "submitted", "amount_requested": Decimal(20000)}),
    ]
    for call, code, fields in plans:
        sheet = sheets.get(code)
        if sheet is None or Application.objects.filter(call=call, sheet=sheet).exists():
            continue
        application = services.application_create(call=call, sheet=sheet, actor=referent, fields=fields)
        if code == "energy-monitoring":
            services.application_update(
                application=application,
                actor=referent,
                fields={
                    "status": "granted",
                    "amount_granted": Decimal(22500),
                    "decision_date": today - timedelta(days=7),
                },
            )
