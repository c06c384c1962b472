"""The latent-class MLE with a profile-likelihood interval, and its place in the recommendation."""

from __future__ import annotations

import numpy as np

from svidok.estimate import CaptureTable, Estimate
from svidok.estimate.latentclass import latent_class
from svidok.estimate.methods import DEFAULT_METHODS, recommend

LISTS = ("A", "B", "C", "D", "E")


def _simulate(seed: int, *, hidden: float, copy: float = 0.0, n: int = 2000) -> CaptureTable:
    rng = np.random.default_rng(seed)
    is_hidden = rng.random(n) < hidden
    p = np.where(
        is_hidden[:, None], rng.uniform(0.10, 0.25, (1, 5)), rng.uniform(0.40, 0.60, (1, 5))
    )
    caught = (rng.random((n, 5)) < p).astype(int)
    if copy:
        caught[(caught[:, 0] == 1) & (rng.random(n) < copy), 1] = 1
    return CaptureTable.from_individuals(LISTS, caught[caught.sum(axis=1) > 0].tolist())


def test_it_refuses_tables_with_fewer_than_three_lists():
    table = CaptureTable.from_cells(("A", "B"), [("10", 30), ("01", 20), ("11", 10)])
    result = latent_class(table)
    assert not result.ok and "at least 3 lists" in (result.refused or "")


def test_one_homogeneous_class_gives_a_narrow_interval_around_the_truth():
    table = _simulate(3, hidden=0.0)
    result = latent_class(table, seed=1)
    assert result.ok
    assert result.diagnostics["classes"] == 1
    assert result.lower <= 2000 <= result.upper
    assert result.upper - result.lower < 300


def test_two_latent_groups_are_found_and_the_interval_covers_the_truth():
    table = _simulate(4, hidden=0.5)
    result = latent_class(table, seed=1)
    assert result.ok, result.refused
    assert result.diagnostics["classes"] >= 2
    assert result.lower <= 2000 <= result.upper
    # the hidden group's low capture probabilities are recovered
    capture = result.diagnostics["fitted_classes"]["capture"]
    assert min(np.mean(list(c.values())) for c in capture) < 0.3


def test_a_list_copying_another_is_modelled_as_a_dependent_pair():
    table = _simulate(5, hidden=0.5, copy=0.5)
    result = latent_class(table, seed=1)
    assert result.ok, result.refused
    assert result.diagnostics["dependent_pair"] == ["A", "B"]
    assert any("A and B" in w for w in result.warnings)
    assert result.lower <= 2000 <= result.upper


def test_its_draws_follow_the_profile_likelihood_interval():
    result = latent_class(_simulate(4, hidden=0.5), seed=1)
    assert result.draws is not None
    lower, upper = np.quantile(result.draws, [0.025, 0.975])
    width = result.upper - result.lower
    assert abs(lower - result.lower) < 0.05 * width
    assert abs(upper - result.upper) < 0.05 * width


def test_it_refuses_when_the_likelihood_gives_no_upper_bound():
    # a small heterogeneous population, and the profile followed only 1% above the documented
    # count: it cannot come down within that room
    table = _simulate(6, hidden=0.5, n=300)
    result = latent_class(table, seed=1, cap=0.01)
    assert not result.ok
    assert result.diagnostics["unbounded"] is True
    assert "no upper bound" in (result.refused or "")


def _estimate(key: str, *, ok: bool = True, **diagnostics: object) -> Estimate:
    lists = ("A", "B", "C")
    if ok:
        e = Estimate(key, lists, 100, 150.0, 120.0, 200.0)
    else:
        e = Estimate.refusal(key, lists, 100, "refused")
    return Estimate(
        e.method,
        e.lists,
        e.documented,
        e.estimate,
        e.lower,
        e.upper,
        refused=e.refused,
        diagnostics={"method_key": key, **diagnostics},
    )


def test_the_latent_class_mle_is_offered_but_lcmcr_is_put_first():
    assert "latentclass" not in DEFAULT_METHODS
    best, why = recommend([_estimate("lcmcr"), _estimate("latentclass"), _estimate("dga")])
    assert best is not None and best.diagnostics["method_key"] == "lcmcr"
    assert "LCMCR" in why


def test_the_latent_class_mle_is_put_first_only_when_nothing_else_gave_a_result():
    alone = [_estimate("lcmcr", ok=False), _estimate("latentclass"), _estimate("independence")]
    best, why = recommend(alone)
    assert best is not None and best.diagnostics["method_key"] == "latentclass"
    assert "profile-likelihood" in why


def test_an_unbounded_latent_class_profile_does_not_stop_the_recommendation():
    unbounded = _estimate("latentclass", ok=False, unbounded=True, lower=123.0)
    best, _ = recommend([_estimate("lcmcr"), unbounded, _estimate("dga")])
    assert best is not None and best.diagnostics["method_key"] == "lcmcr"
