"""Procurement services: creation and pre-filling, thresholds from the data, the procedure at each boundary,
the splitting warning, central purchasing, criteria, offers, scores and award rules, the timeline."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from communes.models import Activity
from mutualisation import selectors as mutualisation_selectors
from mutualisation.models import FrameworkAgreement
from procurement import procedure, selectors, services
from procurement.models import Procurement, ProcurementStatus, SectionKey
from projects.models import Project
from roadmaps.models import ProjectSheet
from smartregion.errors import ServiceError
from tests.procurement.conftest import add_bidder, score_all

TODAY = datetime.date(2026, 12, 4)


def _create(commune, actor, amount, *, sheet=None, project=None, day=TODAY, purchase_type="services", **extra):
    return services.procurement_create(
        actor=actor,
        commune=commune,
        title=extra.pop("title", "Achat"),
        sheet=sheet,
        project=project,
        purchase_type=purchase_type,
        estimated_amount=Decimal(amount),
        procedure_date=day,
        **extra,
    )


class TestCreate:
    def test_from_a_sheet_prefills_the_specifications(self, procurement, sheet):
        assert procurement.title == sheet.title
        assert procurement.function_category == "website"
        sections = {s["key"]: s for s in selectors.specification_sections(procurement)}
        assert list(sections) == SectionKey.values
        assert "Refondre le site communal." in sections["context"]["text"]
        interoperability = sections["interoperability"]["text"]
        assert "Agenda culturel" in interoperability  # the sheet exchanges data with it
        assert "Ancien site (WebCo)" in interoperability  # being replaced, same function
        assert "Agenda culturel → Ancien site (événements)" in interoperability  # manual exchange to remove
        numbers = [r["number"] for s in sections.values() for r in s["requirements"]]
        assert "R3.1" in numbers and "R6.1" in numbers  # website's functional requirement, GDPR
        assert [(c.name, c.weight, c.is_price) for c in procurement.criteria.all()] == [
            ("Price", 40, True),
            ("Technical value", 60, False),
        ]
        assert Activity.objects.filter(verb="procurement_created").count() == 1

    def test_from_a_project_keeps_its_sheet(self, commune_a, referent, sheet):
        project = Project.objects.create(commune=commune_a, sheet=sheet, title="Projet site")
        procurement = _create(commune_a, referent, 1000, project=project)
        assert (procurement.project, procurement.sheet) == (project, sheet)

    def test_a_sheet_or_a_project_is_needed(self, commune_a, referent):
        with pytest.raises(ServiceError) as refused:
            _create(commune_a, referent, 1000)
        assert refused.value.field == "sheet"
        assert not Procurement.objects.exists()

    def test_another_communes_sheet_is_refused(self, commune_b, referent, sheet):
        with pytest.raises(ServiceError, match="another commune"):
            _create(commune_b, referent, 1000, sheet=sheet)

    @pytest.mark.parametrize("amount", ["abc", "-5", "NaN"])
    def test_a_bad_amount_is_refused(self, commune_a, referent, sheet, amount):
        with pytest.raises(ServiceError) as refused:
            services.procurement_create(
                actor=referent,
                commune=commune_a,
                title="",
                sheet=sheet,
                purchase_type="supplies",
                estimated_amount=amount,
            )
        assert refused.value.field == "estimated_amount"


class TestThresholdsFromTheData:
    def test_in_force_on_a_date(self, db):
        now = selectors.thresholds_on(TODAY, "services")
        assert (now.low_value.amount, now.negotiated.amount, now.eu_publication.amount) == (30000, 140000, 216000)
        assert "2025/2152" in now.eu_publication.source
        assert selectors.thresholds_on(TODAY, "works").eu_publication.amount == 5404000
        before = selectors.thresholds_on(datetime.date(2025, 6, 1), "supplies")
        assert before.eu_publication.amount == 221000
        assert selectors.thresholds_on(datetime.date(2025, 6, 1), "works").eu_publication.amount == 5538000

    @pytest.mark.parametrize(
        ("purchase_type", "amount", "expected"),
        [
            ("services", "29999.99", procedure.LOW_VALUE),
            ("services", "30000", procedure.NEGOTIATED),
            ("services", "30000.01", procedure.NEGOTIATED),
            ("supplies", "139999.99", procedure.NEGOTIATED),
            ("supplies", "140000", procedure.BELGIAN_PUBLICATION),
            ("supplies", "140000.01", procedure.BELGIAN_PUBLICATION),
            ("services", "215999.99", procedure.BELGIAN_PUBLICATION),
            ("services", "216000", procedure.EU_PUBLICATION),
            ("services", "216000.01", procedure.EU_PUBLICATION),
            ("works", "5403999.99", procedure.BELGIAN_PUBLICATION),
            ("works", "5404000", procedure.EU_PUBLICATION),
            ("works", "5404000.01", procedure.EU_PUBLICATION),
        ],
    )
    def test_each_boundary(self, commune_a, referent, sheet, purchase_type, amount, expected):
        procurement = _create(commune_a, referent, amount, sheet=sheet, purchase_type=purchase_type)
        assert selectors.overview(procurement).proposal.procedure == expected

    @pytest.mark.parametrize(
        ("buyer", "amount", "expected"),
        [
            ("federal", "139999.99", procedure.NEGOTIATED),
            ("federal", "140000", procedure.EU_PUBLICATION),
            ("federal", "140000.01", procedure.EU_PUBLICATION),
            ("cpas", "215999.99", procedure.BELGIAN_PUBLICATION),
            ("intercommunale", "216000", procedure.EU_PUBLICATION),
            ("central_purchasing", "216000.01", procedure.EU_PUBLICATION),
        ],
    )
    def test_the_eu_boundary_depends_on_the_buyer(self, commune_a, referent, sheet, buyer, amount, expected):
        procurement = _create(commune_a, referent, amount, sheet=sheet, purchase_type="supplies", buyer=buyer)
        assert procurement.buyer == buyer
        assert selectors.overview(procurement).proposal.procedure == expected

    @pytest.mark.parametrize(
        ("day", "amount", "expected"),
        [
            (datetime.date(2025, 6, 1), "142999.99", procedure.NEGOTIATED),
            (datetime.date(2025, 6, 1), "143000", procedure.BELGIAN_PUBLICATION),
            (datetime.date(2025, 12, 31), "143000.01", procedure.BELGIAN_PUBLICATION),
            (datetime.date(2026, 1, 1), "141000", procedure.BELGIAN_PUBLICATION),
        ],
    )
    def test_the_negotiated_threshold_follows_its_dates(self, commune_a, referent, sheet, day, amount, expected):
        procurement = _create(commune_a, referent, amount, sheet=sheet, day=day)
        assert selectors.overview(procurement).proposal.procedure == expected

    def test_each_belgian_row_cites_what_was_read(self, db):
        now = selectors.thresholds_on(TODAY, "services")
        assert "art. 90" in now.negotiated.source and "2025/2152" in now.negotiated.source
        assert "30.000 EUR HTVA" in now.low_value.source
        assert "143.000" in selectors.thresholds_on(datetime.date(2025, 6, 1), "works").negotiated.source

    def test_each_row_says_to_which_buyers_it_applies(self, db):
        central = selectors.thresholds_on(TODAY, "services", "federal")
        assert central.eu_publication.amount == 140000
        assert "autorités publiques centrales" in central.eu_publication.source
        assert selectors.thresholds_on(TODAY, "works", "federal").eu_publication.amount == 5404000
        assert selectors.thresholds_on(datetime.date(2025, 6, 1), "supplies", "federal").eu_publication.amount == 143000
        assert selectors.thresholds_on(TODAY, "services", "commune").eu_publication.amount == 216000

    def test_the_demo_amount_gets_the_negotiated_procedure(self, procurement):
        proposal = selectors.overview(procurement).proposal
        assert proposal.procedure == procedure.NEGOTIATED
        assert len(proposal.reasons) == 3


class TestSplitting:
    def test_two_purchases_of_20000_of_the_same_kind_in_one_year(self, commune_a, referent, sheet):
        first = _create(commune_a, referent, 20000, sheet=sheet, function_category="website")
        assert selectors.overview(first).splitting is None
        second = _create(commune_a, referent, 20000, sheet=sheet, function_category="website")
        warning = selectors.overview(second).splitting
        assert (warning.total, warning.count, warning.limit.amount) == (40000, 2, 30000)
        assert selectors.overview(first).splitting is not None

    def test_another_year_another_kind_or_a_cancelled_one_do_not_add_up(self, commune_a, referent, sheet):
        first = _create(commune_a, referent, 20000, sheet=sheet, function_category="website")
        _create(commune_a, referent, 20000, sheet=sheet, function_category="website", day=datetime.date(2025, 12, 4))
        _create(commune_a, referent, 20000, sheet=sheet, function_category="parking")
        cancelled = _create(commune_a, referent, 20000, sheet=sheet, function_category="website")
        services.procurement_update(actor=referent, procurement=cancelled, values={"status": "cancelled"})
        assert selectors.overview(first).splitting is None


class TestCentralPurchasing:
    def test_a_valid_framework_of_the_territory_for_the_same_function(self, procurement, territory, other_territory):
        def agreement(title, **extra):
            values = {
                "territory": territory,
                "title": title,
                "function_category": "website",
                "valid_from": datetime.date(2026, 1, 1),
                "valid_until": datetime.date(2027, 12, 31),
                **extra,
            }
            return FrameworkAgreement.objects.create(**values)

        valid = agreement("Sites communaux")
        agreement("Expiré", valid_until=datetime.date(2026, 12, 3))
        agreement("Autre fonction", function_category="parking")
        agreement("Autre territoire", territory=other_territory)
        agreement("Pas encore", valid_from=datetime.date(2026, 12, 5))
        last_day = agreement("Dernier jour", valid_until=procurement.procedure_date)
        assert selectors.overview(procurement).frameworks == [last_day, valid]
        # One place: the procurement asks the mutualisation catalogue, which gives the same answer.
        assert selectors.overview(procurement).frameworks == mutualisation_selectors.active_frameworks(
            territory.pk, category="website", day=procurement.procedure_date
        )


class TestCriteria:
    def test_weights_must_add_up_to_100(self, procurement, referent):
        with pytest.raises(ServiceError, match="must add up to 100") as refused:
            services.criteria_replace(
                actor=referent, procurement=procurement, rows=[("Prix", 40, True), ("Qualité", 50, False)]
            )
        assert "90" in str(refused.value.message)
        assert [c.weight for c in procurement.criteria.all()] == [40, 60]

    def test_one_price_criterion_at_most(self, procurement, referent):
        with pytest.raises(ServiceError, match="one price criterion"):
            services.criteria_replace(actor=referent, procurement=procurement, rows=[("A", 50, True), ("B", 50, True)])

    def test_replace_keeps_the_scores_of_criteria_kept_by_name(self, procurement, referent):
        bidder = add_bidder(procurement, referent, "Alpha", 100)
        score_all(procurement, referent, {bidder: 8})
        rows = [("Price", 30, True), ("Technical value", 50, False), ("Support", 20, False)]
        services.criteria_replace(actor=referent, procurement=procurement, rows=rows)
        assert [(c.name, c.weight) for c in procurement.criteria.all()] == [
            ("Price", 30),
            ("Technical value", 50),
            ("Support", 20),
        ]
        assert bidder.scores.count() == 1


class TestOffersAndScores:
    def test_an_offer_after_the_deadline_is_refused(self, procurement, referent):
        deadline = timezone.now()
        services.procurement_update(actor=referent, procurement=procurement, values={"offers_deadline": deadline})
        add_bidder(procurement, referent, "À l'heure", 100, offer_received_at=deadline)
        with pytest.raises(ServiceError, match="after the offers deadline") as refused:
            add_bidder(
                procurement, referent, "En retard", 100, offer_received_at=deadline + datetime.timedelta(seconds=1)
            )
        assert refused.value.field == "offer_received_at"
        assert list(procurement.bidders.values_list("name", flat=True)) == ["À l'heure"]

    @pytest.mark.parametrize(("typed", "stored"), [("0123 456 789", "0123.456.789"), ("1234.567.890", "1234.567.890")])
    def test_company_number(self, procurement, referent, typed, stored):
        bidder = add_bidder(procurement, referent, "A", 100, company_number=typed)
        assert bidder.company_number == stored

    def test_a_bad_company_number_is_refused(self, procurement, referent):
        with pytest.raises(ServiceError, match="company number"):
            add_bidder(procurement, referent, "A", 100, company_number="2123456789")

    @pytest.mark.parametrize("score", ["-0.01", "10.01", "11"])
    def test_a_score_outside_its_scale_is_refused(self, procurement, referent, score):
        bidder = add_bidder(procurement, referent, "Alpha", 100)
        with pytest.raises(ServiceError, match="between 0 and 10"):
            score_all(procurement, referent, {bidder: score})
        assert not bidder.scores.exists()

    def test_scores_at_the_ends_of_the_scale_are_kept(self, procurement, referent):
        alpha = add_bidder(procurement, referent, "Alpha", 100)
        beta = add_bidder(procurement, referent, "Beta", 100)
        assert score_all(procurement, referent, {alpha: 0, beta: 10}) == 2


class TestAward:
    @pytest.fixture
    def offers(self, procurement, referent):
        alpha = add_bidder(procurement, referent, "Alpha", 50000)
        beta = add_bidder(procurement, referent, "Beta", 62500)
        gamma = add_bidder(procurement, referent, "Gamma", 40000, regular=False, irregularity="Offre non signée")
        score_all(procurement, referent, {alpha: 5, beta: 9, gamma: 10})
        return alpha, beta, gamma

    def test_ranking_by_the_grid(self, procurement, offers):
        alpha, beta, gamma = offers
        grid = selectors.procurement_grid(procurement)
        assert [(r.name, r.total, r.rank) for r in grid.rows] == [
            ("Beta", Decimal("86.00"), 1),
            ("Alpha", Decimal("70.00"), 2),
            ("Gamma", Decimal("100.00"), None),
        ]

    def test_an_irregular_offer_cannot_win(self, procurement, referent, offers):
        with pytest.raises(ServiceError, match="irregular offer"):
            services.award_propose(actor=referent, procurement=procurement, bidder=offers[2])
        procurement.refresh_from_db()
        assert procurement.winner is None

    def test_an_excluded_bidder_cannot_win(self, procurement, referent, offers):
        services.bidder_save(
            actor=referent, procurement=procurement, bidder=offers[1], values={"name": "Beta", "excluded": True}
        )
        with pytest.raises(ServiceError, match="excluded"):
            services.award_propose(actor=referent, procurement=procurement, bidder=offers[1])

    def test_weights_not_100_refuse_the_award(self, procurement, referent, offers):
        procurement.criteria.filter(is_price=True).update(weight=30)
        with pytest.raises(ServiceError, match="must add up to 100"):
            services.award_propose(actor=referent, procurement=procurement, bidder=offers[1])

    def test_an_unscored_offer_cannot_win(self, procurement, referent, offers):
        delta = add_bidder(procurement, referent, "Delta", 45000)
        with pytest.raises(ServiceError):
            services.award_propose(actor=referent, procurement=procurement, bidder=delta)

    def test_award(self, procurement, referent, offers):
        services.award_propose(actor=referent, procurement=procurement, bidder=offers[1], reasons="Meilleur rapport")
        procurement.refresh_from_db()
        assert (procurement.winner, procurement.status) == (offers[1], ProcurementStatus.AWARDED)
        assert Activity.objects.filter(verb="award_proposed").exists()


class TestTimeline:
    def test_a_past_step_not_done_is_late(self, procurement, referent):
        services.procurement_update(
            actor=referent,
            procurement=procurement,
            values={"college_decision_on": datetime.date(2026, 11, 1), "award_decision_on": datetime.date(2026, 12, 1)},
        )
        steps = {s["name"]: s for s in selectors.timeline(procurement, standstill=True, today=TODAY)}
        assert steps["college_decision_on"]["late"]
        assert steps["standstill"]["value"] == datetime.date(2026, 12, 16)
        procurement.status = ProcurementStatus.AWARDED
        steps = {s["name"]: s for s in selectors.timeline(procurement, standstill=False, today=TODAY)}
        assert not any(s["late"] for s in steps.values())
        assert "standstill" not in steps


def test_requirement_from_the_library_and_typed(procurement, referent):
    library = selectors.library_for(procurement).filter(section="security").first()
    added = services.requirement_add(actor=referent, procurement=procurement, section="", origin=library)
    assert added.section == "security" and added.text == library.text_en
    typed = services.requirement_add(actor=referent, procurement=procurement, section="scope", text="Lot unique.")
    assert selectors.specification_sections(procurement)[1]["requirements"][0]["number"] == "R2.1"
    with pytest.raises(ServiceError, match="Write the requirement"):
        services.requirement_add(actor=referent, procurement=procurement, section="scope", text="  ")
    services.requirement_delete(actor=referent, requirement=typed)
    assert selectors.specification_sections(procurement)[1]["requirements"] == []


def test_sheet_deleted_later_leaves_the_procurement(procurement, sheet):
    ProjectSheet.objects.filter(pk=sheet.pk).delete()
    procurement.refresh_from_db()
    assert procurement.sheet is None
