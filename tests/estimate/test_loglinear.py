"""Log-linear fits of the observed cells: EXPECTED.md rows 4 and 10, and refusals."""

from __future__ import annotations

import math

import pytest

from svidok.estimate import CaptureTable, CaptureTableError, fit_loglinear
from svidok.estimate.loglinear import hierarchical_closure, parse_terms

# Row 4: independence model, N̂ (rel 1e-6) and profile-likelihood 95% interval (rel 1e-4).
INDEPENDENCE = {
    "T3": (13_444.131, 12_004.03, 15_160.33),
    "T5": (52_923.894, 48_640.87, 57_776.91),
    "T7": (1_034.151, 673.49, 1_771.30),
    "T8": (2_007.142, 1_440.52, 2_971.43),
    "T10": (827.167, 725.50, 964.05),
}


@pytest.mark.parametrize("name", sorted(INDEPENDENCE))
def test_independence_model_matches_published_estimate_and_profile_interval(table, name):
    point, lower, upper = INDEPENDENCE[name]
    est = fit_loglinear(table(name))
    assert est.ok
    assert est.terms == ()
    # published to 3 decimals: the rounding is within rel 1e-6 at these sizes
    assert est.estimate == pytest.approx(point, rel=1e-6, abs=5e-4)
    assert est.interval == "profile likelihood"
    assert est.lower == pytest.approx(lower, rel=1e-4)
    assert est.upper == pytest.approx(upper, rel=1e-4)


def test_saturated_three_list_model_equals_the_closed_form(table):
    t = table("T14")
    c = t.counts
    est = fit_loglinear(t, ["P:Q", "P:E", "Q:E"], interval="none")
    missing = (
        c[(1, 1, 1)]
        * c[(1, 0, 0)]
        * c[(0, 1, 0)]
        * c[(0, 0, 1)]
        / (c[(1, 1, 0)] * c[(1, 0, 1)] * c[(0, 1, 1)])
    )
    assert est.estimate == pytest.approx(t.n + missing, rel=1e-9)
    assert est.estimate == pytest.approx(1_312.7647, abs=5e-5)
    assert est.diagnostics["df"] == 0


def test_bic_adds_log_n_minus_two_per_parameter(table):
    t = table("T11")
    est = fit_loglinear(t, ["c1:c2"], interval="none")
    d = est.diagnostics
    assert d["bic"] == pytest.approx(d["aic"] + (math.log(t.n) - 2) * d["rank"], rel=1e-12)
    assert d["rank"] == 1 + 4 + 1


def test_log_normal_and_multinomial_intervals_bracket_the_estimate(table):
    t = table("T10")
    for kind in ("log-normal", "multinomial"):
        est = fit_loglinear(t, interval=kind)
        assert t.n < est.lower < est.estimate < est.upper


def test_extra_columns_enter_the_design(table):
    t = table("T12")
    base = fit_loglinear(t, interval="none")
    flag = [1.0 if p == (1, 1, 1, 1) else 0.0 for p in t.patterns()]
    more = fit_loglinear(t, extra_columns={"1111": flag}, interval="none")
    assert more.diagnostics["rank"] == base.diagnostics["rank"] + 1
    assert more.terms == ("1111",)


def test_an_indicator_of_an_empty_cell_is_refused(table):
    t = table("T11")  # nobody was on all four lists
    flag = [1.0 if p == (1, 1, 1, 1) else 0.0 for p in t.patterns()]
    assert not fit_loglinear(t, extra_columns={"1111": flag}).ok


def test_a_model_whose_estimate_does_not_exist_is_refused(table):
    est = fit_loglinear(table("T9"), ["A:B"])
    assert not est.ok
    assert "does not exist" in (est.refused or "")
    assert math.isnan(est.estimate)


def test_a_list_nobody_is_on_gives_a_refusal_not_a_number():
    t = CaptureTable.from_cells(["A", "B", "C"], [("100", 5), ("010", 7), ("110", 2)])
    est = fit_loglinear(t)
    assert not est.ok


def test_terms_are_closed_under_hierarchy():
    assert hierarchical_closure([(0, 1, 2)]) == [(0, 1), (0, 2), (1, 2), (0, 1, 2)]


def test_unknown_list_in_a_term_is_a_clear_error(table):
    with pytest.raises(CaptureTableError, match="unknown list"):
        parse_terms(table("T3").lists, ["LA:XX"])
