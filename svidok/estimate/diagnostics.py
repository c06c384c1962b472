"""Convergence diagnostics for Markov chains: rank-normalised split R-hat and effective sample size.

Follows Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization, folding, and
localization: an improved R-hat for assessing convergence of MCMC", as implemented in the R
package ``posterior`` and in ArviZ: chains are split in halves, draws are replaced by normal
scores of their pooled ranks, R-hat is the larger of the R-hats of the rank-normalised draws and
of their folded version (distance to the median), and ESS uses Geyer's initial monotone
sequence on the averaged autocorrelations. Input is always a ``chains x draws`` array.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy.special import ndtri  # type: ignore[import-untyped, unused-ignore]
from scipy.stats import rankdata  # type: ignore[import-untyped, unused-ignore]

__all__ = ["ess_bulk", "ess_tail", "rank_normalize", "rhat", "split_chains", "split_rhat"]

FloatArray = npt.NDArray[np.float64]
ArrayLike = npt.ArrayLike


def _as_chains(draws: ArrayLike) -> FloatArray:
    x = np.asarray(draws, dtype=np.float64)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2:
        raise ValueError("draws must be a chains x draws array")
    if x.shape[1] < 4:
        raise ValueError("at least 4 draws per chain are needed")
    return x


def split_chains(draws: ArrayLike) -> FloatArray:
    """Each chain cut into its first and second half (the middle draw of an odd chain is dropped)."""
    x = _as_chains(draws)
    half = x.shape[1] // 2
    return np.concatenate([x[:, :half], x[:, x.shape[1] - half :]], axis=0)


def rank_normalize(draws: ArrayLike) -> FloatArray:
    """Normal scores of the pooled (average-tied) ranks: ``Φ⁻¹((r - 3/8) / (S + 1/4))``."""
    x = np.asarray(draws, dtype=np.float64)
    ranks = rankdata(x, method="average").reshape(x.shape)
    return np.asarray(ndtri((ranks - 0.375) / (x.size + 0.25)), dtype=np.float64)


def split_rhat(draws: ArrayLike) -> float:
    """The classic potential scale reduction factor of Gelman & Rubin on split chains."""
    return _rhat(split_chains(draws))


def _rhat(x: FloatArray) -> float:
    m, n = x.shape
    within = float(np.mean(np.var(x, axis=1, ddof=1)))
    between = n * float(np.var(np.mean(x, axis=1), ddof=1)) if m > 1 else 0.0
    if within == 0.0:
        return 1.0 if between == 0.0 else math.inf
    pooled = (n - 1) / n * within + between / n
    return math.sqrt(pooled / within)


def rhat(draws: ArrayLike) -> float:
    """Rank-normalised split R-hat (max of the bulk and the folded version); 1 is ideal.

    Values above 1.01 suggest running longer; above 1.1 the chains have clearly not mixed.
    """
    x = _as_chains(draws)
    if np.ptp(x) == 0.0:
        return 1.0
    split = split_chains(x)
    bulk = _rhat(rank_normalize(split))
    folded = np.abs(split - np.median(split))
    tail = _rhat(rank_normalize(folded))
    return max(bulk, tail)


def _autocov(x: FloatArray) -> FloatArray:
    n = x.shape[1]
    centred = x - x.mean(axis=1, keepdims=True)
    size = 2 ** math.ceil(math.log2(2 * n))
    spectrum = np.fft.rfft(centred, n=size, axis=1)
    acov = np.fft.irfft(spectrum * np.conjugate(spectrum), n=size, axis=1)[:, :n]
    return np.asarray(acov / n, dtype=np.float64)


def _ess(x: FloatArray) -> float:
    m, n = x.shape
    if np.ptp(x) < np.finfo(np.float64).resolution:
        return float(x.size)
    acov = _autocov(x)
    mean_var = float(np.mean(acov[:, 0])) * n / (n - 1.0)
    var_plus = mean_var * (n - 1.0) / n
    if m > 1:
        var_plus += float(np.var(x.mean(axis=1), ddof=1))
    rho = np.zeros(n)
    rho_even, rho_odd = 1.0, 1.0 - (mean_var - float(np.mean(acov[:, 1]))) / var_plus
    rho[0], rho[1] = rho_even, rho_odd
    # Geyer's initial positive sequence
    t = 1
    while t < n - 3 and rho_even + rho_odd > 0.0:
        rho_even = 1.0 - (mean_var - float(np.mean(acov[:, t + 1]))) / var_plus
        rho_odd = 1.0 - (mean_var - float(np.mean(acov[:, t + 2]))) / var_plus
        if rho_even + rho_odd >= 0:
            rho[t + 1], rho[t + 2] = rho_even, rho_odd
        t += 2
    max_t = t - 2
    if rho_even > 0:
        rho[max_t + 1] = rho_even
    # Geyer's initial monotone sequence
    t = 1
    while t <= max_t - 2:
        if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]:
            rho[t + 1] = rho[t + 2] = (rho[t - 1] + rho[t]) / 2.0
        t += 2
    total = float(x.size)
    tau = -1.0 + 2.0 * float(np.sum(rho[: max_t + 1])) + float(np.sum(rho[max_t + 1 : max_t + 2]))
    tau = max(tau, 1.0 / math.log10(total))
    return total / tau


def ess_bulk(draws: ArrayLike) -> float:
    """Bulk effective sample size: ESS of the rank-normalised split chains."""
    return _ess(rank_normalize(split_chains(draws)))


def ess_tail(draws: ArrayLike, prob: float = 0.05) -> float:
    """Tail effective sample size: the smaller ESS of the indicators below the prob and 1-prob quantiles."""
    split = split_chains(draws)
    lower, upper = np.quantile(split, [prob, 1.0 - prob])
    return min(_ess((split <= lower).astype(np.float64)), _ess((split <= upper).astype(np.float64)))
