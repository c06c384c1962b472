"""Latent-class maximum likelihood with a profile-likelihood interval for N.

The frequentist counterpart of LCMCR: individuals fall into K latent classes, and within a
class lists are independent — except, optionally, one pair of lists merged into a single
four-category item, which lets that pair depend on each other in any way within each class
(a list built partly from another, two lists fed by the same source). Candidate structures —
K = 1..``max_classes`` classes, with or without one merged pair — are fitted by EM from several
random starts and ranked by AIC (``criterion``); the best gives the MLE of N, and the interval
holds the values of N whose profile log-likelihood is within chi²₁(level)/2 of the maximum.
Model choice is uncertain too (``widen``): every other candidate whose AIC is within
chi²₁(level) of the best adds the values of N where its penalised profile log-likelihood is
within that threshold of the best's maximum. AIC rather than BIC on purpose: with 5 lists and
2,000 persons, two latent groups with capture probabilities 0.1-0.25 and 0.4-0.6 raise the
log-likelihood by only about 15 over one class, less than BIC's penalty for 6 parameters, and
one class then gives intervals that miss N every time.

Why it exists next to LCMCR: when capture is heterogeneous, the hidden class is weakly
identified and the likelihood of N is flat towards large N. LCMCR's posterior then falls below
the likelihood and is narrower than it (its uniform priors on small capture probabilities
shrink the hidden class), so its 95% intervals cover the true N far less than 95% of the time;
the profile likelihood shows the width the data actually leave (docs/benchmarks.md). When the
profile likelihood does not come back down by ``cap`` x the documented count of unobserved
individuals, the data do not bound N from above, and the estimate is refused rather than given
an upper bound that would be the cap's.

Identification: a structure is only tried when it has fewer free parameters (N included) than
observable cells, and at least three items when K >= 2 (two-item latent-class models are not
identifiable); with 3 lists only the one-class models (Mt, with or without one dependent
pair) remain.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy.stats import chi2  # type: ignore[import-untyped, unused-ignore]

from svidok.estimate.result import Estimate
from svidok.estimate.table import CaptureTable

__all__ = ["latent_class"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
METHOD = "latent class MLE"
CAP = 20  # the profile is followed up to CAP x the documented count of unobserved individuals
_ITERS = 20_000
_TOL = 1e-11
DRAWS = 4000  # draws from the confidence distribution, for sums over strata


@dataclass
class _Fit:
    loglik: float
    n0: float
    logw: FloatArray
    logp: FloatArray


@dataclass(frozen=True)
class _Structure:
    classes: int
    pair: tuple[int, int] | None
    codes: IntArray  # (cells + 1) x items; the last row is the unobserved pattern
    ncat: IntArray
    params: int  # free parameters other than N

    def name(self, lists: tuple[str, ...]) -> str:
        pair = "" if self.pair is None else f", {lists[self.pair[0]]}~{lists[self.pair[1]]}"
        return f"K={self.classes}{pair}"


def _structure(cells: IntArray, classes: int, pair: tuple[int, int] | None) -> _Structure:
    j = cells.shape[1]
    patterns = np.vstack([cells, np.zeros((1, j), dtype=np.int64)])
    if pair is None:
        codes, ncat = patterns, np.full(j, 2, dtype=np.int64)
    else:
        a, b = pair
        rest = [c for c in range(j) if c not in pair]
        codes = np.column_stack([2 * patterns[:, a] + patterns[:, b], patterns[:, rest]])
        ncat = np.array([4] + [2] * len(rest), dtype=np.int64)
    params = (classes - 1) + classes * int(np.sum(ncat - 1))
    return _Structure(classes, pair, np.ascontiguousarray(codes), ncat, params)


def _identifiable(s: _Structure, j: int) -> bool:
    return s.params + 1 < 2**j - 1 and (s.classes == 1 or len(s.ncat) >= 3)


def _em(s: _Structure, f: FloatArray, n: float, n0: float, free: bool, w: _Fit) -> _Fit:
    from svidok.estimate._latentclass_kernel import em

    logw, logp = w.logw.copy(), w.logp.copy()
    ll, n0, _ = em(s.codes, s.ncat, f, n, n0, free, logw, logp, _ITERS, _TOL)
    return _Fit(float(ll), float(n0), logw, logp)


def _random_start(s: _Structure, rng: np.random.Generator, n: float) -> _Fit:
    k, items = s.classes, len(s.ncat)
    logp = np.full((k, items, 4), math.log(1e-12))
    for c in range(k):
        for i, m in enumerate(s.ncat):
            seen = rng.uniform(0.05, 0.7)  # chance of any non-zero category
            probs = np.concatenate([[1.0 - seen], seen * rng.dirichlet(np.ones(m - 1))])
            logp[c, i, :m] = np.log(probs)
    logw = np.log(rng.dirichlet(np.ones(k)))
    return _Fit(-math.inf, 0.3 * n, logw, logp)


def _mle(s: _Structure, f: FloatArray, n: float, starts: int, rng: np.random.Generator) -> _Fit:
    best: _Fit | None = None
    for _ in range(1 if s.classes == 1 else starts):
        start = _random_start(s, rng, n)
        fit = _em(s, f, n, start.n0, True, start)
        if best is None or fit.loglik > best.loglik:
            best = fit
    assert best is not None
    return best


def latent_class(
    table: CaptureTable,
    *,
    max_classes: int = 3,
    pairs: bool = True,
    level: float = 0.95,
    starts: int = 5,
    seed: int | None = 0,
    cap: float = CAP,
    criterion: Literal["aic", "bic"] = "aic",
    widen: bool = True,
) -> Estimate:
    """Latent-class MLE of the total with a profile-likelihood interval (see the module).

    Refused when the table has fewer than 3 lists, or when the profile likelihood stays
    within the interval's threshold up to ``cap`` x the documented count of unobserved
    individuals (the data give no upper bound). Diagnostics hold the chosen structure, every
    candidate's AIC (or BIC) and N̂, the candidates that widened the interval, and the fitted
    class weights and capture probabilities. ``draws`` come from the confidence distribution of
    the (widened) profile likelihood, so that strata can be summed.
    """
    if table.j < 3:
        return _refused(
            table, f"latent-class models need at least 3 lists; this table has {table.j}", {}
        )
    cells = np.array(list(table.counts), dtype=np.int64).reshape(-1, table.j)
    f = np.array(list(table.counts.values()), dtype=np.float64)
    n = float(table.n)
    rng = np.random.default_rng(seed)
    pair_options: list[tuple[int, int] | None] = [None]
    if pairs and table.j >= 3:
        pair_options += list(itertools.combinations(range(table.j), 2))
    candidates: list[tuple[float, _Structure, _Fit]] = []
    for k in range(1, max_classes + 1):
        for pair in pair_options:
            s = _structure(cells, k, pair)
            if not _identifiable(s, table.j):
                continue
            fit = _mle(s, f, n, starts, rng)
            penalty = 2.0 if criterion == "aic" else math.log(n)
            candidates.append((-2.0 * fit.loglik + s.params * penalty, s, fit))
    score, s, fit = min(candidates, key=lambda c: c[0])
    crit = float(chi2.ppf(level, 1)) / 2.0
    prof = _Profile(s, f, n, fit)
    upper = prof.bound(+1, crit, n * (1.0 + cap))
    lower = prof.bound(-1, crit, n)
    best = prof.best
    near: list[str] = []
    profiles = [(0.0, prof)]
    if widen:
        # Model choice is uncertain too: the interval also holds every value of N that another
        # candidate, its penalised likelihood within the threshold of the best, finds plausible.
        for other_score, other, other_fit in candidates:
            slack = crit - (other_score - score) / 2.0
            if other is s or slack <= 0.0:
                continue
            near.append(other.name(table.lists))
            other_prof = _Profile(other, f, n, other_fit)
            other_upper = other_prof.bound(+1, slack, n * (1.0 + cap))
            other_lower = other_prof.bound(-1, slack, n)
            profiles.append(((other_score - score) / 2.0, other_prof))
            upper = None if upper is None or other_upper is None else max(upper, other_upper)
            if lower is not None and other_lower is not None:
                lower = min(lower, other_lower)
    classes = {
        "weights": [round(math.exp(v), 4) for v in best.logw],
        "capture": _capture(s, best, table.lists),
    }
    diagnostics: dict[str, Any] = {
        "structure": s.name(table.lists),
        "classes": s.classes,
        "dependent_pair": None if s.pair is None else [table.lists[i] for i in s.pair],
        "parameters": s.params + 1,
        "criterion": criterion,
        criterion: score,
        "candidates": {
            c.name(table.lists): {criterion: round(b, 2), "estimate": round(n + cf.n0, 1)}
            for b, c, cf in candidates
        },
        "fitted_classes": classes,
        "widened_by": near,
        "starts": starts,
        "seed": seed,
        "cap": cap,
    }
    estimate = n + best.n0
    lower = n if lower is None else lower
    if upper is None:
        reason = (
            f"no upper bound: the profile likelihood of N stays within {crit:.2f} of its "
            f"maximum (at {estimate:,.0f}) up to {n * (1.0 + cap):,.0f}: under these "
            f"latent-class models the data bound the total only from below, at {lower:,.0f} "
            f"(model {s.name(table.lists)}"
            + (f", or {', '.join(near)}" if near else "")
            + "): a hidden class with very low capture probabilities fits about as well"
        )
        extra = {"unbounded": True, "lower": lower, "estimate_mle": estimate}
        return _refused(table, reason, diagnostics | extra)
    warnings: list[str] = []
    if s.pair is not None:
        warnings.append(
            f"lists {table.lists[s.pair[0]]} and {table.lists[s.pair[1]]} are modelled as "
            "dependent (merged into one item): check whether one feeds the other"
        )
    return Estimate(
        method=METHOD,
        lists=table.lists,
        documented=table.n,
        estimate=estimate,
        lower=lower,
        upper=upper,
        level=level,
        interval="profile likelihood",
        terms=(s.name(table.lists),),
        diagnostics=diagnostics,
        warnings=tuple(warnings),
        draws=_confidence_draws(profiles, estimate, np.random.default_rng(seed)),
    )


def _confidence_draws(
    profiles: list[tuple[float, _Profile]], estimate: float, rng: np.random.Generator
) -> FloatArray:
    """Draws of N from the confidence distribution of the (widened) profile likelihood.

    Phi(signed root of twice the drop from the maximum), the drop being the smallest over the
    models that widened the interval (each offset by its penalised-likelihood deficit), is an
    approximate confidence distribution whose central 95% is the interval; its draws let
    totals over strata be summed as LCMCR's posterior draws are.
    """
    grid = np.unique(np.concatenate([np.array(sorted(p.points))[:, 0] for _, p in profiles]))
    drop = np.full(len(grid), np.inf)
    for offset, p in profiles:
        pts = np.array(sorted(p.points))
        d = offset + np.maximum(p.best.loglik - pts[:, 1], 0.0)
        drop = np.minimum(drop, np.interp(grid, pts[:, 0], d, left=np.inf, right=np.inf))
    root = np.sign(grid - estimate) * np.sqrt(2.0 * np.maximum(drop, 0.0))
    root = np.maximum.accumulate(np.where(np.isfinite(root), root, -np.inf))
    keep = np.isfinite(root)
    z = rng.standard_normal(DRAWS)
    return np.asarray(np.interp(z, root[keep], grid[keep]), dtype=np.float64)


class _Profile:
    """The profile log-likelihood of N, each point warm-started from the MLE and a neighbour."""

    def __init__(self, s: _Structure, f: FloatArray, n: float, fit: _Fit) -> None:
        self.s, self.f, self.n = s, f, n
        self.best = _em(s, f, n, fit.n0, False, fit)
        self.points: list[tuple[float, float]] = [(n + self.best.n0, self.best.loglik)]

    def value(self, total: float, near: _Fit) -> _Fit:
        n0 = total - self.n
        fits = [_em(self.s, self.f, self.n, n0, False, w) for w in (self.best, near)]
        fit = max(fits, key=lambda x: x.loglik)
        self.points.append((total, fit.loglik))
        if fit.loglik > self.best.loglik + 1e-9:
            # EM stopped short of the maximum: the profile found a higher point; use it.
            self.best = fit
        return fit

    def bound(self, direction: int, crit: float, limit: float) -> float | None:
        """Where the profile drops ``crit`` below the maximum, walking up (+1) or down (-1)."""
        top = self.n + self.best.n0
        if direction > 0 and top >= limit:
            return None  # the MLE itself lies beyond the limit
        inside, near = top, self.best
        step = max(0.02 * top, 5.0)
        while True:
            total = inside + direction * step
            if (direction > 0 and total >= limit) or (direction < 0 and total <= limit):
                total = limit
            fit = self.value(total, near)
            if self.best.loglik - fit.loglik > crit:
                break
            if total == limit:
                return None if direction > 0 else limit
            inside, near = total, fit
            step *= 1.5
        outside = total
        while abs(outside - inside) > 0.25:
            mid = 0.5 * (inside + outside)
            fit = self.value(mid, near)
            if self.best.loglik - fit.loglik > crit:
                outside = mid
            else:
                inside, near = mid, fit
        return 0.5 * (inside + outside)


def _capture(s: _Structure, fit: _Fit, lists: tuple[str, ...]) -> list[dict[str, float]]:
    out = []
    for k in range(s.classes):
        p = np.exp(fit.logp[k])
        row: dict[str, float] = {}
        order = list(range(len(lists))) if s.pair is None else [*s.pair]
        if s.pair is None:
            for i, name in enumerate(lists):
                row[name] = round(float(1.0 - p[i, 0]), 4)
        else:
            a, b = s.pair
            row[lists[a]] = round(float(p[0, 2] + p[0, 3]), 4)
            row[lists[b]] = round(float(p[0, 1] + p[0, 3]), 4)
            rest = [c for c in range(len(lists)) if c not in order]
            for i, c in enumerate(rest, start=1):
                row[lists[c]] = round(float(1.0 - p[i, 0]), 4)
        out.append(row)
    return out


def _refused(table: CaptureTable, reason: str, diagnostics: dict[str, Any]) -> Estimate:
    return Estimate.refusal(
        METHOD, table.lists, table.n, reason, interval="profile likelihood", diagnostics=diagnostics
    )
