"""Disclosure control, tested like an attacker who knows every published figure."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svidok.report.disclosure import (
    TOTAL,
    Dimension,
    DisclosureError,
    ProtectedTable,
    Unit,
    audit,
    persons_at_least,
    protect,
    suppress,
    tabulate,
    verify,
)

REGION = Dimension("region", ("settlement", "raion", "oblast"))
PERIOD = Dimension("period", ("month", "year"))
KIND = Dimension("type", ("type",), coarsen=False)


def units_for(counts, dims=1):
    """Units from {labels tuple: persons}; each person in one cell, one source."""
    units = []
    for labels, n in counts.items():
        labels = labels if isinstance(labels, tuple) else (labels,)
        for i in range(n):
            units.append(Unit(f"{'/'.join(labels)}#{i}", "S", tuple((v,) for v in labels)))
    return units


def flat(*dims):
    return [Dimension(d.name, d.levels[:1], coarsen=False) for d in dims]


def attack(protected: ProtectedTable):
    """Interval propagation over every published total: what an attacker narrows each
    suppressed cell to, knowing suppressed cells are non-zero and totals sum their cells."""
    table = protected.table
    low = {k: (1.0 if k in protected.suppressed else float(table.count(k))) for k in table.grid()}
    high = {k: (math.inf if k in protected.suppressed else float(table.count(k))) for k in low}
    eqs = [(total, members) for (total, _), members in table.equations().items()]
    for _ in range(50):
        changed = False
        for total, members in eqs:
            for m in members:
                others = [o for o in members if o != m]
                lo = low[total] - sum(high[o] for o in others)
                hi = high[total] - sum(low[o] for o in others)
                if lo > low[m]:
                    low[m], changed = lo, True
                if hi < high[m]:
                    high[m], changed = hi, True
            lo_t, hi_t = sum(low[m] for m in members), sum(high[m] for m in members)
            if lo_t > low[total]:
                low[total], changed = lo_t, True
            if hi_t < high[total]:
                high[total], changed = hi_t, True
        if not changed:
            break
    return {k: (low[k], high[k]) for k in protected.suppressed}


def assert_safe(protected: ProtectedTable):
    k = protected.min_cell
    for key, (low, high) in attack(protected).items():
        if 0 < protected.table.count(key) < k:
            assert high - low + 1 >= k, f"{key} narrowed to {low}..{high}"
    for key, n in protected.table.counts.items():
        assert key in protected.suppressed or n >= k


def test_a_region_with_three_persons_is_suppressed_and_so_is_a_partner():
    units = units_for({"UA-09": 3, "UA-14": 40, "UA-23": 12})
    protected = protect(units, flat(REGION), [0], linked=True)
    assert protected.published(("UA-09",)) is None
    assert protected.published((TOTAL,)) == 55
    # the total minus the published regions would give 3: a second region is hidden too
    hidden = [key for key in protected.suppressed if key != ("UA-09",)]
    assert hidden and protected.published(hidden[0]) is None
    assert_safe(protected)


def test_a_suppressed_cell_cannot_be_recovered_from_row_and_column_totals():
    counts = {("A", "2023"): 2, ("A", "2024"): 9, ("B", "2023"): 8, ("B", "2024"): 7}
    counts |= {("C", "2023"): 6, ("C", "2024"): 11}
    protected = protect(units_for(counts), flat(REGION, PERIOD), [0, 0], linked=True)
    assert protected.published(("A", "2023")) is None
    # both the row and the column of the small cell carry another hidden cell
    assert any(k[0] == "A" and k != ("A", "2023") for k in protected.suppressed)
    assert any(k[1] == "2023" and k != ("A", "2023") for k in protected.suppressed)
    assert_safe(protected)
    assert verify(protected) == []


def test_the_check_refuses_a_pattern_that_differencing_breaks():
    counts = {("A", "2023"): 2, ("A", "2024"): 9, ("B", "2023"): 8, ("B", "2024"): 7}
    table = tabulate(units_for(counts), flat(REGION, PERIOD), [0, 0], linked=True)
    only_primary = ProtectedTable(table, frozenset({("A", "2023")}), 5, ("settlement", "month"))
    assert audit(table, only_primary.suppressed, 5) == [("A", "2023")]
    assert attack(only_primary)[("A", "2023")] == (2, 2)  # the attacker does read it
    assert any("narrowed" in p for p in verify(only_primary))
    published_small = ProtectedTable(table, frozenset(), 5, ("settlement", "month"))
    assert any("would publish 2" in p for p in verify(published_small))


def test_two_small_cells_that_sum_to_a_small_total_leave_nothing_to_read():
    protected = protect(units_for({"A": 3, "B": 2}), flat(REGION), [0], linked=True)
    assert protected.suppressed == {("A",), ("B",), (TOTAL,)}
    assert all(value is None or value == 0 for _, value in protected.rows())


def test_a_pair_of_small_cells_is_not_enough_when_their_sum_pins_them():
    # A + B = 41 - 40 = 1 + ... : hiding A and B alone leaves A + B = 3, so each is 1 or 2
    counts = {"A": 1, "B": 2, "C": 40}
    protected = protect(units_for(counts), flat(REGION), [0], linked=True)
    assert ("C",) in protected.suppressed or (TOTAL,) in protected.suppressed
    assert_safe(protected)


def test_zero_cells_are_published_as_zero():
    counts = {("A", "2023"): 10, ("B", "2024"): 10}
    protected = protect(units_for(counts), flat(REGION, PERIOD), [0, 0], linked=True)
    assert protected.published(("A", "2024")) == 0
    assert not protected.suppressed


def test_settlements_are_coarsened_to_raions_then_oblasts_when_cells_are_small():
    units = []
    for i in range(12):  # twelve settlements, one person each, in two raions of one oblast
        path = (f"settlement {i}", f"raion {i % 2}", "UA-14")
        units.append(Unit(f"p{i}", "S", (path,)))
    protected = protect(units, [REGION], [0], linked=True)
    assert protected.table.levels == ("raion",)
    assert protected.table.values == (("raion 0", "raion 1"),)
    assert protected.notes and "settlement to raion" in protected.notes[0]


def test_days_are_coarsened_before_places_when_that_hides_fewer_persons():
    day = Dimension("period", ("day", "month", "year"))
    units = [
        Unit(f"p{i}", "S", ((("s1", "r1", "UA-14")), (f"2024-03-{i + 1:02d}", "2024-03", "2024")))
        for i in range(10)
    ]
    protected = protect(units, [REGION, day], [0, 0], linked=True)
    assert protected.table.levels == ("settlement", "month")


def test_a_person_in_two_cells_counts_once_in_the_total_and_the_audit_still_solves():
    units = [
        Unit("p1", "S", (("A",),)),
        Unit("p1", "S", (("B",),)),
        *[Unit(f"q{i}", "S", (("B",),)) for i in range(6)],
        *[Unit(f"r{i}", "S", (("C",),)) for i in range(6)],
    ]
    protected = protect(units, flat(REGION), [0], linked=True)
    assert protected.table.count((TOTAL,)) == 13  # not 14: p1 counts once
    assert ("A",) in protected.suppressed and verify(protected) == []


def test_without_linkage_a_cell_counts_the_most_any_one_source_lists():
    units = [Unit("p1", "S1", (("A",),)), Unit("p2", "S1", (("A",),)), Unit("p3", "S2", (("A",),))]
    assert persons_at_least(units, linked=False) == 2
    assert persons_at_least(units, linked=True) == 3


def test_a_minimum_below_two_protects_nothing_and_is_refused():
    with pytest.raises(DisclosureError):
        protect(units_for({"A": 3}), flat(REGION), [0], min_cell=1, linked=True)


def test_suppress_hides_nothing_when_every_cell_is_large():
    table = tabulate(units_for({"A": 5, "B": 9}), flat(REGION), [0], linked=True)
    assert suppress(table, 5) == frozenset()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from(["A", "B", "C", "D"]),
            st.sampled_from(["2022", "2023", "2024"]),
            st.sampled_from(["x", "y"]),
        ),
        st.integers(min_value=1, max_value=12),
        min_size=1,
        max_size=14,
    ),
    st.integers(min_value=3, max_value=6),
)
def test_no_random_three_way_table_lets_an_attacker_narrow_a_small_cell(counts, k):
    protected = protect(
        units_for(counts), flat(REGION, PERIOD, KIND), [0, 0, 0], min_cell=k, linked=True
    )
    assert verify(protected) == []
    assert_safe(protected)
