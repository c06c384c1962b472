"""SparseMSE: EXPECTED.md rows 1, 2, 3, 5 and 13."""

from __future__ import annotations

import pytest

from svidok.estimate import CaptureTable, bca_bootstrap, check_model, fit_pairs, stepwise


def test_uk_stepwise_estimate_and_entry_order_match_sparsemse(table):
    est = stepwise(table("T3"), pthresh=0.02)
    assert est.estimate == pytest.approx(11_312.990289, rel=1e-6)
    assert est.terms == ("LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO")
    assert all(p < 0.02 for p in est.diagnostics["p_values"])


def test_uk_stepwise_log_normal_interval_matches_reference(table):
    est = stepwise(table("T3"))
    assert est.interval == "log-normal"
    assert est.lower == pytest.approx(9_884.4, abs=0.5)
    assert est.upper == pytest.approx(13_027.4, abs=0.5)
    # and the published rounded statement "10,000-13,000"
    assert round(est.lower, -3) == 10_000
    assert round(est.upper, -3) == 13_000


@pytest.mark.parametrize(
    ("name", "expected"),
    [("T5", 121_521.613712), ("T7", 1_034.151065), ("T8", 2_483.383920), ("T10", 6_496.008695)],
)
def test_stepwise_estimates_match_sparsemse(table, name, expected):
    assert stepwise(table(name)).estimate == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize(
    ("pairs", "exists", "identifiable"),
    [
        (["A:B", "A:C", "B:C"], None, False),
        (["A:B"], False, True),
        (["A:B", "A:C"], False, True),
        (["A:B", "B:C"], False, True),
        (["A:C", "B:C"], True, True),
        (["A:C"], True, True),
        (["B:C"], True, True),
        ([], True, True),
    ],
)
def test_artificial_table_existence_and_identifiability(table, pairs, exists, identifiable):
    check = check_model(table("T9"), pairs)
    assert check.identifiable is identifiable
    if exists is not None:
        assert check.exists is exists
    assert check.ok is (exists is True and identifiable)


def test_empty_overlaps_are_reported_and_the_model_still_fits(table):
    t = table("T9")
    assert check_model(t, ["A:C"]).empty_overlaps == ("A:C",)
    est = fit_pairs(t, ["A:C"])
    assert est.ok
    assert est.diagnostics["empty_overlaps"] == ["A:C"]


def test_a_fixed_model_that_fails_the_check_is_refused(table):
    est = fit_pairs(table("T9"), ["A:B"])
    assert not est.ok
    assert "does not exist" in (est.refused or "")


@pytest.mark.slow
def test_uk_bca_bootstrap_interval_is_near_sparsemse(table):
    est = bca_bootstrap(table("T3"), nboot=2000, seed=20190214)
    assert est.interval == "BCa bootstrap"
    assert est.draws is not None and len(est.draws) == 2000
    assert est.lower == pytest.approx(9_367, rel=0.10)
    assert est.upper == pytest.approx(15_219, rel=0.10)
    assert est.estimate == pytest.approx(11_312.990289, rel=1e-6)


def test_stepwise_refuses_a_table_with_a_list_nobody_is_on():
    t = CaptureTable.from_cells(["A", "B", "C"], [("100", 5), ("010", 7), ("110", 2)])
    est = stepwise(t)
    assert not est.ok
    assert bca_bootstrap(t, nboot=20).refused == est.refused
