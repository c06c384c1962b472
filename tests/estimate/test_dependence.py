"""A pair of lists far more associated than the others (one copying the other) is merged."""

from __future__ import annotations

import numpy as np
import pytest

from svidok.estimate import CaptureTable, Estimate
from svidok.estimate.dependence import dependent_pair, merge_pair, pair_odds_ratios
from svidok.estimate.methods import _slow_mixing, estimate_all, recommend

LISTS = ("A", "B", "C", "D", "E")


def _two_groups(seed: int, copy: float = 0.0, source: int = 0, copier: int = 1) -> CaptureTable:
    """2,000 persons, half nearly hidden (p 0.10-0.25), half visible (p 0.40-0.60)."""
    rng = np.random.default_rng(seed)
    hidden = rng.random(2000) < 0.5
    p = np.where(hidden[:, None], rng.uniform(0.1, 0.25, (1, 5)), rng.uniform(0.4, 0.6, (1, 5)))
    caught = (rng.random((2000, 5)) < p).astype(int)
    if copy:
        copied = (caught[:, source] == 1) & (rng.random(2000) < copy)
        caught[copied, copier] = 1
    rows = caught[caught.sum(axis=1) > 0]
    return CaptureTable.from_individuals(LISTS, rows.tolist())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_heterogeneous_visibility_alone_flags_no_pair(seed):
    assert dependent_pair(_two_groups(seed)) is None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_list_copying_half_of_another_is_flagged(seed):
    found = dependent_pair(_two_groups(seed, copy=0.5, source=2, copier=4))
    assert found is not None and found.lists == ("C", "E")
    assert found.z >= 5 and found.excess >= np.log(2)
    assert "C and E" in found.describe() and "copies" in found.describe()


def test_the_odds_ratio_is_taken_among_persons_on_another_list():
    # A and B always together, never with C or D: no one on another list, so the pair's
    # 2 x 2 table is all zeros plus the half added to each cell.
    t = CaptureTable(("A", "B", "C", "D"), {(1, 1, 0, 0): 50, (0, 0, 1, 1): 30, (1, 0, 1, 0): 5})
    lor, se = pair_odds_ratios(t)[(0, 1)]
    # On C or D: 30 on neither A nor B, 5 on A only.
    assert lor == pytest.approx(np.log(0.5 * 30.5 / (5.5 * 0.5)))
    assert se == pytest.approx(np.sqrt(1 / 0.5 + 1 / 5.5 + 1 / 0.5 + 1 / 30.5))


def test_three_lists_are_never_merged_and_a_merged_pair_keeps_the_others_in_place():
    t = _two_groups(4, copy=0.5)
    assert dependent_pair(t.merge({"A": ["A"], "B": ["B"], "CDE": ["C", "D", "E"]})) is None
    merged = merge_pair(t, ("B", "D"))
    assert merged.lists == ("A", "B+D", "C", "E") and merged.n == t.n


def test_lcmcr_is_run_again_on_the_merged_table_and_put_first():
    t = _two_groups(5, copy=0.5)
    tiny = {"burnin": 200, "samples": 40, "thinning": 2, "classes": 4, "retry": False}
    results = estimate_all(t, ("independence", "lcmcr"), seed=3, options=tiny)
    assert [r.diagnostics["method_key"] for r in results] == [
        "independence",
        "lcmcr",
        "lcmcr_merged",
    ]
    merged = results[-1]
    assert merged.lists == ("A+B", "C", "D", "E")
    assert merged.diagnostics["dependent_pair"]["lists"] == ["A", "B"]
    ok = Estimate(
        "lcmcr (A+B merged)",
        merged.lists,
        t.n,
        2000.0,
        1800.0,
        2300.0,
        diagnostics=merged.diagnostics,
    )
    plain = Estimate(
        "lcmcr", LISTS, t.n, 1900.0, 1800.0, 2000.0, diagnostics={"method_key": "lcmcr"}
    )
    best, why = recommend([plain, ok])
    assert best is ok and "A and B merged" in why and "copies" in why
    none = estimate_all(_two_groups(5), ("lcmcr",), seed=3, options=tiny)
    assert [r.diagnostics["method_key"] for r in none] == ["lcmcr"]
    off = estimate_all(t, ("lcmcr",), seed=3, options={**tiny, "merge_dependent": False})
    assert len(off) == 1


def test_when_the_merged_run_refuses_lcmcr_is_recommended_with_a_warning():
    lists = ("A", "B", "C", "D")
    found = {"lists": ["A", "B"], "why": "lists A and B share ..."}
    refused = Estimate.refusal(
        "lcmcr (A+B merged)",
        ("A+B", "C", "D"),
        100,
        "chains disagree",
        diagnostics={"method_key": "lcmcr_merged", "dependent_pair": found},
    )
    plain = Estimate("lcmcr", lists, 100, 150.0, 120.0, 200.0, diagnostics={"method_key": "lcmcr"})
    best, why = recommend([plain, refused])
    assert best is plain and "A and B look dependent" in why and "floor" not in why


def test_only_a_slow_mixing_refusal_earns_the_longer_run():
    def refused(rhat: float, ess: float, cap: float = 0.0) -> Estimate:
        d = {"rhat": rhat, "ess_bulk": ess, "share_near_cap": cap}
        return Estimate.refusal("lcmcr", LISTS, 100, "no", diagnostics=d)

    assert _slow_mixing(refused(1.07, 60))
    assert not _slow_mixing(refused(1.3, 60))  # chains in different modes
    assert not _slow_mixing(refused(1.05, 60, cap=0.2))  # the data do not bound N
    assert not _slow_mixing(Estimate("lcmcr", LISTS, 100, 1.0, 1.0, 1.0))
