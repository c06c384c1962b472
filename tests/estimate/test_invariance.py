"""EXPECTED.md row 16: estimates do not depend on list order or on the input's shape."""

from __future__ import annotations

import pytest

from svidok.estimate import (
    CaptureTable,
    CaptureTableError,
    closedp_model,
    fit_loglinear,
    stepwise,
)

ESTIMATORS = {
    "stepwise": lambda t: stepwise(t),
    "independence": lambda t: fit_loglinear(t, interval="none"),
    "mth-darroch": lambda t: closedp_model(t, "Mth", "Darroch"),
}


@pytest.mark.parametrize("method", sorted(ESTIMATORS))
@pytest.mark.parametrize("name", ["T3", "T10", "T12"])
def test_permuting_lists_gives_the_same_estimate(table, name, method):
    t = table(name)
    fit = ESTIMATORS[method]
    reordered = t.reorder(list(reversed(t.lists)))
    rotated = t.reorder([*t.lists[1:], t.lists[0]])
    base = fit(t).estimate
    assert fit(reordered).estimate == pytest.approx(base, rel=1e-9)
    assert fit(rotated).estimate == pytest.approx(base, rel=1e-9)


def test_stepwise_chooses_the_same_terms_whatever_the_list_order(table):
    t = table("T3")
    reordered = t.reorder(list(reversed(t.lists)))
    terms = {frozenset(term.split(":")) for term in stepwise(t).terms}
    again = {frozenset(term.split(":")) for term in stepwise(reordered).terms}
    assert terms == again


@pytest.mark.parametrize("method", sorted(ESTIMATORS))
def test_individual_rows_and_tabulated_counts_give_the_same_estimate(table, method):
    t = table("T10")
    rows = CaptureTable.from_individuals(t.lists, t.individuals().tolist())
    assert ESTIMATORS[method](rows).estimate == ESTIMATORS[method](t).estimate


def test_an_all_zero_row_is_rejected_with_a_clear_error():
    with pytest.raises(CaptureTableError, match="all-zero"):
        CaptureTable.from_individuals(["A", "B", "C"], [[1, 0, 0], [0, 0, 0]])


def test_a_pattern_of_the_wrong_length_is_rejected():
    with pytest.raises(CaptureTableError, match="must have 3 values"):
        CaptureTable.from_cells(["A", "B", "C"], [("10", 4)])


def test_fewer_than_two_lists_are_rejected():
    with pytest.raises(CaptureTableError, match="at least 2 lists"):
        CaptureTable.from_cells(["A"], [("1", 4)])


def test_an_empty_table_is_refused_not_estimated():
    est = fit_loglinear(CaptureTable(("A", "B", "C"), {}))
    assert not est.ok
    with pytest.raises(CaptureTableError):
        stepwise(CaptureTable(("A", "B", "C"), {}))
