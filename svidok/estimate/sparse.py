"""SparseMSE (Chan, Silverman & Vincent 2019): pairwise log-linear models for sparse lists.

* :func:`check_model` is SparseMSE's ``checkident``: the linear programme of Fienberg &
  Rinaldo for existence of the MLE and the rank of the design for identifiability.
* A pair of lists in the model with no case in common ("empty overlap") has its parameter
  at minus infinity: the cells containing both lists are removed and the parameter left
  out of the design (AIC counts it all the same), as SparseMSE's ``buildmodel``/``modelfit``.
* :func:`stepwise` is ``stepwisefit``/``estimatepopulation.0``: from main effects, repeatedly
  add the pair with the smallest two-sided Poisson p-value of its overlap count, while it is
  below ``pthresh`` and the enlarged model passes ``check_model``; the interval is
  n + exp(qnorm(q, b0, se(b0))).
* :func:`bca_bootstrap` is ``estimatepopulation``: multinomial resamples of the cells with
  the selection repeated in each, a jackknife acceleration, BCa quantiles (type 8).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import pdtr, pdtrc  # type: ignore[import-untyped, unused-ignore]
from scipy.stats import norm  # type: ignore[import-untyped, unused-ignore]

from svidok.estimate._existence import is_identifiable, mle_exists
from svidok.estimate._glm import PoissonFit, fit_poisson
from svidok.estimate.loglinear import lognormal_interval, parse_terms, term_name
from svidok.estimate.result import Estimate
from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = ["ModelCheck", "bca_bootstrap", "check_model", "fit_pairs", "stepwise"]

Array = npt.NDArray[np.float64]
Pair = tuple[int, int]


@dataclass(frozen=True)
class ModelCheck:
    """Outcome of SparseMSE's ``checkident`` for one model."""

    exists: bool
    identifiable: bool
    empty_overlaps: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.exists and self.identifiable

    @property
    def code(self) -> int:
        """SparseMSE's ``ierr``: 0 fine, 1 MLE does not exist, 2 not identifiable, 3 both."""
        return int(not self.exists) + 2 * int(not self.identifiable)

    @property
    def reason(self) -> str | None:
        parts = []
        if not self.exists:
            parts.append("the maximum-likelihood estimate does not exist")
        if not self.identifiable:
            parts.append("the model is not identifiable")
        return " and ".join(parts) or None


@dataclass(frozen=True)
class _Cells:
    """All observable cells of a table as arrays (patterns x, counts y)."""

    x: npt.NDArray[np.int_]
    y: Array

    @classmethod
    def of(cls, table: CaptureTable) -> _Cells:
        x, y = table.design()
        return cls(x, y)


def _pairs(table: CaptureTable, pairs: Iterable[str | Sequence[str] | Sequence[int]]) -> list[Pair]:
    parsed = parse_terms(table.lists, pairs)
    if any(len(t) != 2 for t in parsed):
        raise CaptureTableError("SparseMSE models take two-list interactions only")
    return [(t[0], t[1]) for t in parsed]


def _build(cells: _Cells, pairs: Sequence[Pair]) -> tuple[Array, Array, list[Pair], list[Pair]]:
    """SparseMSE's design: drop cells of empty overlaps in the model, keep other pairs."""
    x, y = cells.x, cells.y
    rows = np.ones(len(y), dtype=bool)
    kept: list[Pair] = []
    empty: list[Pair] = []
    for i, j in pairs:
        both = (x[:, i] == 1) & (x[:, j] == 1)
        if float(y[both].sum()) == 0.0:
            empty.append((i, j))
            rows &= ~both
        else:
            kept.append((i, j))
    xr = x[rows].astype(float)
    cols = [np.ones(len(xr)), *xr.T, *(xr[:, i] * xr[:, j] for i, j in kept)]
    return np.column_stack(cols), y[rows], kept, empty


def _check(cells: _Cells, pairs: Sequence[Pair]) -> tuple[bool, bool]:
    a, y, _, _ = _build(cells, pairs)
    return mle_exists(a, y), is_identifiable(a)


def check_model(
    table: CaptureTable, pairs: Iterable[str | Sequence[str] | Sequence[int]] = ()
) -> ModelCheck:
    """Existence (LP) and identifiability (rank) of the MLE for main effects plus ``pairs``."""
    cells = _Cells.of(table)
    parsed = _pairs(table, pairs)
    exists, ident = _check(cells, parsed)
    _, _, _, empty = _build(cells, parsed)
    return ModelCheck(exists, ident, tuple(term_name(table.lists, p) for p in empty))


@dataclass(frozen=True)
class _Fit:
    pairs: list[Pair]
    empty: list[Pair]
    a: Array
    y: Array
    fit: PoissonFit

    @property
    def aic(self) -> float:
        return self.fit.aic + 2.0 * len(self.empty)


def _fit(cells: _Cells, pairs: Sequence[Pair], start: Array | None = None) -> _Fit:
    a, y, _, empty = _build(cells, pairs)
    fit = fit_poisson(a, y, start=start if start is not None and len(start) == len(y) else None)
    return _Fit(list(pairs), empty, a, y, fit)


def _estimate(table: CaptureTable, f: _Fit, method: str, level: float, check: bool) -> Estimate:
    n = table.n
    names = tuple(term_name(table.lists, p) for p in f.pairs)
    diag: dict[str, object] = {
        "empty_overlaps": [term_name(table.lists, p) for p in f.empty],
        "intercept": f.fit.intercept,
        "intercept_se": f.fit.intercept_se,
        "deviance": f.fit.deviance,
        "aic": f.aic,
        "converged": f.fit.converged,
    }
    if check:
        exists, ident = mle_exists(f.a, f.y), is_identifiable(f.a)
        if not (exists and ident):
            reason = ModelCheck(exists, ident).reason
            return Estimate(
                method=method,
                lists=table.lists,
                documented=n,
                estimate=math.nan,
                lower=math.nan,
                upper=math.nan,
                level=level,
                terms=names,
                diagnostics=diag,
                refused=f"{reason} for this model",
            )
    b0, se = f.fit.intercept, f.fit.intercept_se
    lower, upper = lognormal_interval(n, b0, se, level)
    return Estimate(
        method=method,
        lists=table.lists,
        documented=n,
        estimate=n + math.exp(b0),
        lower=lower,
        upper=upper,
        level=level,
        interval="log-normal",
        se=se * math.exp(b0),
        terms=names,
        diagnostics=diag,
        warnings=() if f.fit.converged else ("the Poisson fit did not converge",),
    )


def fit_pairs(
    table: CaptureTable,
    pairs: Iterable[str | Sequence[str] | Sequence[int]] = (),
    *,
    level: float = 0.95,
) -> Estimate:
    """SparseMSE's ``modelfit`` of main effects plus ``pairs`` (refused if it fails the check).

    The interval is log-normal; ``se`` is the delta-method SE of the unobserved count,
    exp(b0) se(b0).
    """
    parsed = _pairs(table, pairs)
    f = _fit(_Cells.of(table), parsed)
    return _estimate(table, f, "SparseMSE fixed model", level, check=True)


def _two_sided(count: float, mean: float) -> float:
    """min(P(X <= count), P(X >= count)) for X ~ Poisson(mean), as SparseMSE."""
    below = float(pdtr(count, mean))
    above = 1.0 if count <= 0 else float(pdtrc(count - 1.0, mean))
    return min(below, above)


def _stepwise(cells: _Cells, pthresh: float) -> tuple[_Fit, list[float]]:
    x, y = cells.x, cells.y
    m = x.shape[1]
    ints = [(i, j) for i in range(m - 1) for j in range(i + 1, m)]
    nstar = [float(y[(x[:, i] == 1) & (x[:, j] == 1)].sum()) for i, j in ints]
    current = _fit(cells, [])
    chosen: list[Pair] = []
    pvalues: list[float] = []
    included = [False] * len(ints)
    if pthresh <= 0:
        return current, pvalues
    for _ in ints:
        dat = current.a[:, 1 : m + 1]
        lam = current.fit.mu
        pval = np.ones(len(ints))
        for k, (i, j) in enumerate(ints):
            if not included[k]:
                pstar = float(np.sum(lam * dat[:, i] * dat[:, j]))
                pval[k] = _two_sided(nstar[k], pstar)
        # SparseMSE sets the p-value of a candidate failing checkident to 1 and takes the
        # first smallest; checking candidates from the smallest p-value up until one
        # passes picks the same pair with far fewer linear programmes.
        pick = None
        for k in sorted(range(len(ints)), key=lambda c: (pval[c], c)):
            if included[k] or pval[k] >= pthresh:
                break
            exists, ident = _check(cells, [*chosen, ints[k]])
            if exists and ident:
                pick = k
                break
        if pick is None:
            break
        chosen.append(ints[pick])
        included[pick] = True
        pvalues.append(float(pval[pick]))
        current = _fit(cells, chosen, start=current.fit.mu)
    return current, pvalues


def stepwise(table: CaptureTable, pthresh: float = 0.02, *, level: float = 0.95) -> Estimate:
    """SparseMSE's stepwise model choice and estimate (``estimatepopulation.0``).

    Terms are listed in the order they entered; ``diagnostics["p_values"]`` gives the
    p-value of each when it entered.
    """
    if table.n == 0:
        raise CaptureTableError("no one was observed on any list")
    f, pvalues = _stepwise(_Cells.of(table), pthresh)
    # Added pairs passed checkident on the way; this catches a main-effects model that
    # cannot be fitted (e.g. a list nobody is on).
    est = _estimate(table, f, f"SparseMSE stepwise (pthresh {pthresh:g})", level, check=True)
    est.diagnostics["p_values"] = pvalues
    return est


def _point(cells: _Cells, pthresh: float) -> float:
    """The stepwise estimate, NaN when even the main-effects model cannot be fitted."""
    f, _ = _stepwise(cells, pthresh)
    if not f.fit.converged and not mle_exists(f.a, f.y):
        return math.nan
    return float(cells.y.sum() + math.exp(f.fit.intercept))


def bca_bootstrap(
    table: CaptureTable,
    nboot: int = 1000,
    pthresh: float = 0.02,
    *,
    level: float = 0.95,
    seed: int | None = 1234,
) -> Estimate:
    """BCa bootstrap interval of the stepwise estimate, selection repeated in each replicate.

    Resamples are multinomial over the observed cells with the observed total; the
    acceleration comes from the jackknife that removes one individual at a time (grouped
    by cell). The replicates are in ``draws``. The numbers differ from R's run to run
    because the random streams differ; the method is SparseMSE's ``estimatepopulation``.
    """
    if nboot < 10:
        raise CaptureTableError("at least 10 bootstrap replicates are needed")
    cells = _Cells.of(table)
    n = int(cells.y.sum())
    if n == 0:
        raise CaptureTableError("no one was observed on any list")
    point = stepwise(table, pthresh, level=level)
    if not point.ok:
        return point
    popest = point.estimate
    rng = np.random.default_rng(seed)
    probs = cells.y / n
    reps = np.empty(nboot)
    for b in range(nboot):
        counts = rng.multinomial(n, probs).astype(float)
        reps[b] = _point(_Cells(cells.x, counts), pthresh)
    jack = np.zeros(len(cells.y))
    for k in np.flatnonzero(cells.y > 0):
        yk = cells.y.copy()
        yk[k] -= 1
        jack[k] = _point(_Cells(cells.x, yk), pthresh)
    warn: list[str] = []
    bad = int(np.isnan(reps).sum())
    if bad:
        warn.append(f"{bad} of {nboot} resamples could not be fitted and were left out")
        reps = reps[~np.isnan(reps)]
    w = np.where(np.isnan(jack), 0.0, cells.y)
    jack = np.nan_to_num(jack)
    jr = float(np.sum(w * jack)) / float(w.sum()) - jack
    denom = 6.0 * float(np.sum(w * jr**2)) ** 1.5
    ahat = float(np.sum(w * jr**3)) / denom if denom > 0 else 0.0
    q = (1.0 - level) / 2.0
    lower, upper = _bca(reps, popest, ahat, (q, 1.0 - q))
    diag = dict(point.diagnostics)
    diag.update({"acceleration": ahat, "replicates": nboot, "seed": seed})
    return Estimate(
        method=f"SparseMSE stepwise (pthresh {pthresh:g}), BCa bootstrap",
        lists=table.lists,
        documented=n,
        estimate=popest,
        lower=lower,
        upper=upper,
        level=level,
        interval="BCa bootstrap",
        se=float(np.std(reps, ddof=1)),
        terms=point.terms,
        diagnostics=diag,
        warnings=tuple(warn),
        draws=reps,
    )


def _bca(reps: Array, popest: float, ahat: float, alpha: Sequence[float]) -> tuple[float, float]:
    """SparseMSE's ``bcaconfvalues`` with R's type-8 quantiles."""
    share = float(np.mean(reps < popest))
    share = min(max(share, 0.5 / len(reps)), 1.0 - 0.5 / len(reps))
    z0 = float(norm.ppf(share))
    za = norm.ppf(np.asarray(alpha))
    za0 = za + z0
    zq = norm.cdf(z0 + za0 / (1.0 - ahat * za0))
    lo, hi = np.quantile(reps, zq, method="median_unbiased")
    return float(lo), float(hi)
