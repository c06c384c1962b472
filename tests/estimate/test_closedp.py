"""Rcapture closed-population models: EXPECTED.md rows 8, 9, 14 and 15."""

from __future__ import annotations

import pytest

from svidok.estimate import CaptureTableError, best_model, closedp, closedp_model, closedp_ms
from svidok.estimate.closedp import hierarchical_models, model_name


def by_model(results):
    return {e.diagnostics["model"]: e for e in results}


def test_hare_mth_poisson2_matches_published_fit(table):
    est = closedp_model(table("T13"), "Mth", "Poisson", theta=2)
    assert est.estimate == pytest.approx(81.1, abs=0.05)
    assert est.se == pytest.approx(5.57, abs=0.05)
    assert est.diagnostics["aic"] == pytest.approx(146.327, abs=0.05)


def test_hare_mt_plus_an_all_occasions_column_matches_published_fit(table):
    t = table("T13")
    flag = [1.0 if all(p) else 0.0 for p in t.patterns()]
    est = closedp_model(t, "Mt", extra_columns={"111111": flag})
    assert est.estimate == pytest.approx(76.8, abs=0.05)
    assert est.se == pytest.approx(3.9, abs=0.05)
    assert est.diagnostics["aic"] == pytest.approx(146.085, abs=0.05)


@pytest.mark.parametrize(
    ("model", "expected"),
    [("M0", 75.4), ("Mt", 75.1), ("Mh Poisson2", 81.5), ("Mh Darroch", 90.4)],
)
def test_hare_closedp_models_match_published_estimates(table, model, expected):
    est = by_model(closedp(table("T13")))[model]
    assert est.estimate == pytest.approx(expected, abs=0.1)


def test_hiv_min_bic_closedp_model_is_mt_with_published_fit(table):
    results = closedp(table("T11"))
    chosen = best_model(results)
    assert chosen.diagnostics["model"] == "Mt"
    assert chosen.estimate == pytest.approx(11_124.6, abs=0.1)
    assert chosen.se == pytest.approx(904.8, abs=0.1)
    assert chosen.diagnostics["aic"] == pytest.approx(90.062, abs=0.1)
    assert chosen.diagnostics["bic"] == pytest.approx(117.800, abs=0.1)


def test_lesbian_min_bic_closedp_model_is_mth_darroch(table):
    chosen = best_model(closedp(table("T12")))
    assert chosen.diagnostics["model"] == "Mth Darroch"


def test_lesbian_best_darroch_model_has_pairs_12_13_14(table):
    ranking = closedp_ms(table("T12"), "Darroch")
    top = ranking[0]
    assert top.diagnostics["model"] == "[12,13,14]"
    assert set(top.terms) == {"A:B", "A:C", "A:D"}
    assert top.estimate == pytest.approx(7_030.7, abs=0.1)
    bics = [e.diagnostics["bic"] for e in ranking if e.ok]
    assert bics == sorted(bics)


def test_closedp_fits_all_twelve_models_for_three_or_more_lists(table):
    results = closedp(table("T12"))
    assert len(results) == 12
    assert all(e.ok for e in results)


def test_three_lists_have_eight_hierarchical_models():
    models = list(hierarchical_models(3))
    assert len(models) == 8
    assert model_name(3, ()) == "[1,2,3]"
    assert model_name(4, ((0, 1), (0, 2), (0, 3))) == "[12,13,14]"


def test_long_enumerations_are_refused_unless_asked(table):
    with pytest.raises(CaptureTableError, match="long"):
        closedp_ms(table("T13"))


def test_heterogeneous_models_need_three_lists(table):
    two = table("T11").merge({"a": ["c1", "c2"], "b": ["c3", "c4"]})
    with pytest.raises(CaptureTableError, match="at least 3 lists"):
        closedp_model(two, "Mh", "Darroch")
    assert [e.diagnostics["model"] for e in closedp(two)] == ["M0", "Mt", "Mb"]
