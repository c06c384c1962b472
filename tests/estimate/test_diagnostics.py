"""R-hat and effective sample size on chains whose answer is known."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import ndtri

from svidok.estimate.diagnostics import (
    ess_bulk,
    ess_tail,
    rank_normalize,
    rhat,
    split_chains,
    split_rhat,
)


def ar1(rho: float, chains: int, draws: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noise = rng.normal(size=(chains, draws)) * math.sqrt(1 - rho**2)
    x = np.empty((chains, draws))
    x[:, 0] = rng.normal(size=chains)
    for t in range(1, draws):
        x[:, t] = rho * x[:, t - 1] + noise[:, t]
    return x


def test_split_rhat_matches_a_hand_computation():
    # halves [1,2] [3,4] [3,4] [5,6]: W = 1/2, B = 2 * var(1.5, 3.5, 3.5, 5.5) = 16/3
    expected = math.sqrt((0.5 * 0.5 + (16 / 3) / 2) / 0.5)
    assert math.isclose(split_rhat([[1, 2, 3, 4], [3, 4, 5, 6]]), expected)


def test_split_chains_drops_the_middle_draw_of_odd_chains():
    halves = split_chains([[1, 2, 3, 4, 5]])
    assert halves.tolist() == [[1, 2], [4, 5]]


def test_rank_normalize_uses_blom_scores_with_average_ties():
    z = rank_normalize([[3.0, 1.0, 1.0, 7.0]])
    ranks = np.array([3.0, 1.5, 1.5, 4.0])
    assert np.allclose(z, ndtri((ranks - 0.375) / 4.25))


def test_well_mixed_chains_have_rhat_near_one_and_full_ess():
    x = np.random.default_rng(1).normal(size=(4, 1000))
    assert rhat(x) < 1.01
    assert 3400 < ess_bulk(x) < 4600
    assert 3000 < ess_tail(x) < 5000


def test_ess_of_an_ar1_chain_matches_its_integrated_autocorrelation():
    rho = 0.8
    x = ar1(rho, chains=4, draws=5000, seed=2)
    expected = x.size * (1 - rho) / (1 + rho)
    assert expected * 0.8 < ess_bulk(x) < expected * 1.2
    assert rhat(x) < 1.01


def test_chains_stuck_in_different_places_are_flagged():
    x = np.random.default_rng(3).normal(size=(4, 500))
    x[0] += 2.0
    assert rhat(x) > 1.1
    assert split_rhat(x) > 1.1


def test_chains_that_trend_within_themselves_are_flagged_by_splitting():
    trend = np.linspace(0.0, 4.0, 500)
    x = np.random.default_rng(4).normal(size=(4, 500)) + trend
    assert rhat(x) > 1.1


def test_chains_with_different_spread_are_caught_by_the_folded_rhat():
    x = np.random.default_rng(5).normal(size=(4, 1000))
    x[0] *= 4.0
    assert split_rhat(x) < 1.05  # the classic R-hat sees equal means
    assert rhat(x) > 1.1


def test_rhat_is_invariant_to_monotone_transformations():
    x = np.random.default_rng(6).normal(size=(4, 300))
    x[1] += 0.3
    assert rhat(x) == pytest.approx(rhat(np.exp(x)), abs=1e-12)
    assert ess_bulk(x) == pytest.approx(ess_bulk(np.exp(x)), abs=1e-9)


def test_constant_chains_count_as_converged():
    x = np.full((4, 100), 7.0)
    assert rhat(x) == 1.0
    assert ess_bulk(x) == 400


def test_too_short_chains_are_rejected():
    with pytest.raises(ValueError, match="4 draws"):
        rhat([[1.0, 2.0, 3.0]])
