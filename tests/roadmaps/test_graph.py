"""roadmaps.graph: cycles, horizon rules and the order of work, on plain data."""

from roadmaps import graph

# e-guichet needs the website, which needs hosting; archiving needs document management.
REQUIRES = {"eguichet": {"website"}, "website": {"hosting"}, "archiving": {"ged"}}


class TestCycles:
    def test_path_follows_prerequisites(self):
        assert graph.find_path(REQUIRES, "eguichet", "hosting") == ["eguichet", "website", "hosting"]
        assert graph.find_path(REQUIRES, "hosting", "eguichet") is None

    def test_adding_an_edge_back_names_the_whole_cycle(self):
        assert graph.cycle_if_added(REQUIRES, "hosting", "eguichet") == ["hosting", "eguichet", "website", "hosting"]

    def test_edge_that_closes_nothing(self):
        assert graph.cycle_if_added(REQUIRES, "archiving", "website") is None

    def test_a_sheet_cannot_need_itself(self):
        assert graph.cycle_if_added(REQUIRES, "ged", "ged") == ["ged", "ged"]

    def test_find_cycle(self):
        assert graph.find_cycle(REQUIRES) is None
        cycle = graph.find_cycle({**REQUIRES, "hosting": {"eguichet"}})
        assert cycle[0] == cycle[-1]
        assert set(cycle) == {"eguichet", "website", "hosting"}


class TestHorizons:
    def test_sheet_before_its_prerequisite_conflicts(self):
        conflicts = graph.horizon_conflicts(REQUIRES, {"eguichet": 1, "website": 2, "hosting": 1})
        assert [(c.sheet, c.prerequisite, c.sheet_rank, c.prerequisite_rank) for c in conflicts] == [
            ("eguichet", "website", 1, 2)
        ]

    def test_same_horizon_or_later_is_fine(self):
        assert graph.horizon_conflicts(REQUIRES, {"eguichet": 2, "website": 2, "hosting": 1}) == []

    def test_unplanned_never_conflict_but_are_reported(self):
        ranks = {"eguichet": 1, "website": None, "hosting": None}
        assert graph.horizon_conflicts(REQUIRES, ranks) == []
        assert graph.unplanned_prerequisites(REQUIRES, ranks) == [("eguichet", "website")]

    def test_done_prerequisites_hold_nothing_back(self):
        ranks = {"eguichet": 1, "website": 3}
        assert graph.horizon_conflicts(REQUIRES, ranks, satisfied={"website"}) == []
        assert graph.unplanned_prerequisites(REQUIRES, {"eguichet": 1}, satisfied={"website"}) == []


class TestOrderOfWork:
    def test_prerequisites_first_then_priority(self):
        priority = {"eguichet": 1, "website": 3, "hosting": 4, "lighting": 2}
        order = graph.order_of_work(
            ["eguichet", "website", "hosting", "lighting"], REQUIRES, priority=lambda n: (priority[n],)
        )
        assert order == ["lighting", "hosting", "website", "eguichet"]

    def test_prerequisites_outside_the_group_are_ignored(self):
        order = graph.order_of_work(["eguichet", "lighting"], REQUIRES, priority=lambda n: (n,))
        assert order == ["eguichet", "lighting"]

    def test_nodes_on_a_cycle_are_kept(self):
        order = graph.order_of_work(["a", "b"], {"a": {"b"}, "b": {"a"}}, priority=lambda n: (n,))
        assert order == ["a", "b"]

    def test_by_horizon(self):
        ranks = {"website": 1, "hosting": 1, "eguichet": 2, "archiving": None}
        groups = graph.order_by_horizon(ranks, REQUIRES, priority=lambda n: (n,))
        assert groups == {1: ["hosting", "website"], 2: ["eguichet"], None: ["archiving"]}

    def test_closure(self):
        assert graph.prerequisite_closure(REQUIRES, "eguichet") == {"website", "hosting"}
        assert graph.prerequisite_closure(REQUIRES, "hosting") == set()
