"""Inventory warnings (diagnostics.inventory_checks): plain functions, no database."""

from diagnostics.inventory_checks import (
    DUPLICATE,
    SILO,
    SINGLE_KNOWLEDGE,
    ExchangeInfo,
    SystemInfo,
    duplicate_warnings,
    inventory_warnings,
    silo_warnings,
    single_knowledge_warnings,
    stale_dismissal_keys,
)


def system(id_, category="finance", status="in_operation", holders=("Ann", "Ben"), name=None):
    return SystemInfo(id=id_, name=name or f"S{id_}", category=category, status=status, holders=tuple(holders))


class TestDuplicates:
    def test_same_category_among_active_systems(self):
        warnings = duplicate_warnings([system(2, "gis"), system(1, "gis"), system(3, "finance")])
        assert [(w.key, w.system_ids) for w in warnings] == [("duplicate:gis:1,2", (1, 2))]

    def test_being_studied_counts_but_being_replaced_does_not(self):
        assert duplicate_warnings([system(1, "gis"), system(2, "gis", "being_studied")])
        assert not duplicate_warnings([system(1, "gis"), system(2, "gis", "being_replaced")])

    def test_other_category_never_duplicates(self):
        assert not duplicate_warnings([system(1, "other"), system(2, "other")])

    def test_a_third_system_makes_a_new_condition(self):
        two = duplicate_warnings([system(1, "gis"), system(2, "gis")])[0].key
        three = duplicate_warnings([system(1, "gis"), system(2, "gis"), system(3, "gis")])[0].key
        assert two != three


class TestSilos:
    def test_systems_without_exchange(self):
        systems = [system(1), system(2), system(3, name="Alone"), system(4, status="being_replaced")]
        warnings = silo_warnings(systems, [ExchangeInfo(1, 2)])
        assert [w.system_ids for w in warnings] == [(3,)]

    def test_an_exchange_in_either_direction_counts(self):
        assert not silo_warnings([system(1), system(2)], [ExchangeInfo(2, 1)])

    def test_an_exchange_with_itself_does_not(self):
        assert [w.system_ids for w in silo_warnings([system(1)], [ExchangeInfo(1, 1)])] == [(1,)]


class TestSingleKnowledge:
    def test_only_one_person(self):
        warnings = single_knowledge_warnings([system(1, holders=["Ann"]), system(2), system(3, holders=[])])
        assert [(w.system_ids, w.key) for w in warnings] == [((1,), "single_knowledge:1:ann")]

    def test_the_same_person_written_twice_is_one_person(self):
        assert single_knowledge_warnings([system(1, holders=["Ann", " ann", "ÄNN"])]) != []
        assert single_knowledge_warnings([system(1, holders=["Ann", "Anne"])]) == []

    def test_systems_not_in_operation_are_left_out(self):
        assert not single_knowledge_warnings([system(1, status="being_studied", holders=["Ann"])])

    def test_another_person_is_another_condition(self):
        a = single_knowledge_warnings([system(1, holders=["Ann"])])[0].key
        b = single_knowledge_warnings([system(1, holders=["Ben"])])[0].key
        assert a != b


def test_all_warnings_with_dismissals():
    systems = [system(1, "gis", holders=["Ann"]), system(2, "gis"), system(3)]
    dismissal = object()
    warnings = inventory_warnings(systems, [ExchangeInfo(1, 2)], {"silo:3": dismissal})
    assert [(w.kind, w.dismissed) for w in warnings] == [(DUPLICATE, False), (SINGLE_KNOWLEDGE, False), (SILO, True)]
    assert warnings[-1].dismissal is dismissal


def test_stale_dismissals():
    warnings = inventory_warnings([system(1)], [])
    assert stale_dismissal_keys({"silo:1", "silo:9", "duplicate:gis:1,2"}, warnings) == {"silo:9", "duplicate:gis:1,2"}
