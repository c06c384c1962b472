"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997; R ``dga``).

The posterior is computed exactly on a grid of values for the unobserved count: for every
decomposable graph on the lists (8, 61 or 822 graphs for 3, 4 or 5 lists) and every grid value,
the hyper-Dirichlet marginal likelihood of the completed table (prior cell count ``delta`` for
the full table, so ``delta * 2^(J-|C|)`` for a marginal over clique ``C``), times the
multinomial coefficient and the prior on the total ``N``. This follows ``dga::bma.cr``
(Johndrow, Lum & Ball; adapted by Binette), including its defaults: ``delta = 2^-J``, the
prior ``1/N``, and summaries read off the grid (quantiles are the first grid value whose
cumulative posterior exceeds the level).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln  # type: ignore[import-untyped, unused-ignore]

from svidok.estimate._graphs import DecomposableGraph, decomposable_graphs
from svidok.estimate.result import Estimate
from svidok.estimate.table import CaptureTable

__all__ = [
    "DgaPosterior",
    "LogPrior",
    "default_nmissing_grid",
    "dga",
    "dga_delta_sensitivity",
    "dga_posterior",
    "negative_binomial_prior",
]

FloatArray = npt.NDArray[np.float64]
LogPrior = Callable[[FloatArray], FloatArray]
"""Log prior density of the total N, evaluated on an array of totals (up to a constant)."""

METHOD = "dga"
MIN_LISTS, MAX_LISTS = 3, 5


def default_nmissing_grid(n: int, multiple: int = 30, points: int = 1000) -> npt.NDArray[np.int64]:
    """The grid ``unique(round(seq(1, multiple * n, length.out = points)))`` used with dga."""
    grid = np.round(np.linspace(1.0, float(multiple * n), points))
    return np.unique(grid).astype(np.int64)


def negative_binomial_prior(a: float, b: float) -> LogPrior:
    """Negative-binomial prior on N with shape ``a`` and scale ``b`` (Madigan & York 1997).

    ``log p(N) = N log b - (N + a) log(1 + b) + lgamma(N + a) - lgamma(N + 1) - lgamma(a)``,
    as in the dga examples (a = 13.14, b = 55.17 for the spina bifida data).
    """
    if a <= 0 or b <= 0:
        raise ValueError("the negative-binomial prior needs a > 0 and b > 0")

    def log_prior(total: FloatArray) -> FloatArray:
        return np.asarray(
            total * math.log(b)
            - (total + a) * math.log1p(b)
            + gammaln(total + a)
            - gammaln(total + 1.0)
            - gammaln(a),
            dtype=np.float64,
        )

    return log_prior


def _inverse_n(total: FloatArray) -> FloatArray:
    return np.asarray(-np.log(total), dtype=np.float64)


@dataclass(frozen=True)
class DgaPosterior:
    """Joint posterior over (graph, unobserved count) on a grid; rows are graphs."""

    lists: tuple[str, ...]
    documented: int
    delta: float
    graphs: tuple[DecomposableGraph, ...]
    nmissing: npt.NDArray[np.int64]
    weights: FloatArray  # graphs x grid, sums to 1

    @property
    def totals(self) -> FloatArray:
        """The grid of totals N = documented + unobserved."""
        return np.asarray(self.nmissing + self.documented, dtype=np.float64)

    def model_weights(self) -> FloatArray:
        """Posterior probability of each graph."""
        return np.asarray(self.weights.sum(axis=1), dtype=np.float64)

    def _row(self, model: int | None) -> FloatArray:
        row = self.weights.sum(axis=0) if model is None else self.weights[model]
        total = row.sum()
        if not total > 0:  # a graph whose weight underflowed: no posterior of its own
            return np.full(len(row), 1.0 / len(row))
        return np.asarray(row / total, dtype=np.float64)

    def quantile(self, level: float, model: int | None = None) -> float:
        """First grid total whose cumulative posterior exceeds ``level`` (dga's rule)."""
        cs = np.cumsum(self._row(model))
        index = int(np.argmax(cs > level)) if (cs > level).any() else len(cs) - 1
        return float(self.totals[index])

    def mode(self, model: int | None = None) -> float:
        """Grid total with the highest posterior probability."""
        return float(self.totals[int(np.argmax(self._row(model)))])

    def bayes_estimate(self, model: int | None = None) -> float:
        """Madigan & York's Bayes estimate under relative squared error: E[1/N] / E[1/N^2]."""
        w, total = self._row(model), self.totals
        return float(np.sum(w / total) / np.sum(w / total**2))

    def mean(self, model: int | None = None) -> float:
        """Posterior mean of N."""
        return float(np.sum(self._row(model) * self.totals))

    def sd(self, model: int | None = None) -> float:
        """Posterior standard deviation of N."""
        w, total = self._row(model), self.totals
        mean = float(np.sum(w * total))
        return math.sqrt(max(float(np.sum(w * (total - mean) ** 2)), 0.0))

    def top_models(self, count: int = 10) -> list[int]:
        """Indices of the graphs with the highest posterior probability, best first."""
        order = np.argsort(-self.model_weights(), kind="stable")
        return [int(i) for i in order[:count]]

    def sample(self, size: int, seed: int | None = 0) -> FloatArray:
        """Independent draws of N from the model-averaged posterior."""
        rng = np.random.default_rng(seed)
        return np.asarray(rng.choice(self.totals, size=size, p=self._row(None)), dtype=np.float64)


def _marginal_log_ml(
    table: CaptureTable, delta: float, nmissing: FloatArray
) -> dict[tuple[int, ...], FloatArray]:
    """Log marginal likelihood (without its denominator) of every marginal table, per grid value."""
    j = table.j
    out: dict[tuple[int, ...], FloatArray] = {}
    for size in range(1, j + 1):
        a = delta * 2.0 ** (j - size)
        for subset in _subsets(j, size):
            cells: dict[tuple[int, ...], int] = {}
            for pattern, count in table.counts.items():
                key = tuple(pattern[i] for i in subset)
                cells[key] = cells.get(key, 0) + count
            zero = cells.pop((0,) * size, 0)
            others = np.array(
                [cells.get(key, 0) for key in _patterns(size) if any(key)], dtype=np.float64
            )
            out[subset] = (
                gammaln(nmissing + zero + a)
                + float(np.sum(gammaln(others + a)))
                - 2**size * math.lgamma(a)
            )
    return out


def _subsets(j: int, size: int) -> list[tuple[int, ...]]:
    return list(itertools.combinations(range(j), size))


def _patterns(size: int) -> list[tuple[int, ...]]:
    return list(itertools.product((0, 1), repeat=size))


def dga_posterior(
    table: CaptureTable,
    *,
    delta: float | None = None,
    nmissing: Sequence[int] | npt.NDArray[np.int64] | None = None,
    log_prior: LogPrior | None = None,
    log_model_prior: Sequence[float] | None = None,
) -> DgaPosterior:
    """The joint posterior over decomposable graphs and the unobserved count (``dga::bma.cr``).

    ``delta`` defaults to ``2^-J``; ``nmissing`` to :func:`default_nmissing_grid`;
    ``log_prior`` (a function of the total N) to ``-log N``; ``log_model_prior`` (one value per
    graph, in the order of the generated graphs) to uniform.
    """
    j = table.j
    if not MIN_LISTS <= j <= MAX_LISTS:
        raise ValueError(f"dga averages over decomposable graphs for 3 to 5 lists, not {j}")
    n = table.n
    delta = 2.0**-j if delta is None else float(delta)
    if delta <= 0:
        raise ValueError("delta must be positive")
    grid = default_nmissing_grid(n) if nmissing is None else np.asarray(nmissing, dtype=np.int64)
    if grid.ndim != 1 or len(grid) == 0 or (grid < 0).any():
        raise ValueError("nmissing must be a non-empty sequence of counts >= 0")
    graphs = decomposable_graphs(j)
    missing = grid.astype(np.float64)
    total = missing + n
    comp = _marginal_log_ml(table, delta, missing)
    denominator = math.lgamma(delta * 2**j) - gammaln(total + delta * 2**j)
    observed = np.array(list(table.counts.values()), dtype=np.float64)
    multinomial = (
        gammaln(total + 1.0) - float(np.sum(gammaln(observed + 1.0))) - gammaln(missing + 1.0)
    )
    prior = (log_prior or _inverse_n)(total)

    log_w = np.empty((len(graphs), len(grid)), dtype=np.float64)
    for g, graph in enumerate(graphs):
        row = sum((comp[c] for c in graph.cliques), np.zeros_like(missing))
        row = row - sum((comp[s] for s in graph.separators), np.zeros_like(missing))
        log_w[g] = row + (len(graph.cliques) - len(graph.separators)) * denominator
    log_w += multinomial + prior
    if log_model_prior is not None:
        extra = np.asarray(log_model_prior, dtype=np.float64)
        if extra.shape != (len(graphs),):
            raise ValueError(f"log_model_prior needs one value per graph ({len(graphs)})")
        log_w += extra[:, None]
    log_w -= log_w.max()
    weights = np.exp(log_w)
    weights /= weights.sum()
    return DgaPosterior(table.lists, n, delta, graphs, grid, weights)


def dga(
    table: CaptureTable,
    *,
    delta: float | None = None,
    nmissing: Sequence[int] | npt.NDArray[np.int64] | None = None,
    log_prior: LogPrior | None = None,
    prior_name: str | None = None,
    level: float = 0.95,
    draws: int = 4000,
    seed: int | None = 0,
) -> Estimate:
    """Model-averaged dga estimate of the total: posterior median and quantile interval.

    Diagnostics carry the Bayes estimate (E[1/N]/E[1/N^2]), the posterior mode and mean, the
    top graphs with their posterior weights, and the posterior mass near the end of the grid
    (a warning is given when the grid probably cuts the posterior off). ``draws`` samples of N
    are drawn from the exact posterior (seeded) for combining strata.
    """
    j = table.j
    if not MIN_LISTS <= j <= MAX_LISTS:
        return _refused(
            table,
            f"dga averages over decomposable graphs for 3 to 5 lists; this table has {j} "
            "(merge lists or use another method)",
        )
    post = dga_posterior(table, delta=delta, nmissing=nmissing, log_prior=log_prior)
    tail = (1.0 - level) / 2.0
    refined = nmissing is None and _too_coarse(post, tail)
    if refined:  # R's grid (30n / 1000 steps) is coarser than the posterior: read it finer
        post = dga_posterior(
            table, delta=delta, nmissing=_finer_grid(post, tail), log_prior=log_prior
        )
    model_w = post.model_weights()
    top = post.top_models(10)
    summary = [
        {
            "model": post.graphs[i].describe(table.lists),
            "weight": float(model_w[i]),
            "median": post.quantile(0.5, i),
            "bayes_estimate": post.bayes_estimate(i),
            "mode": post.mode(i),
        }
        for i in top
    ]
    row = post._row(None)
    edge = float(row[-max(1, len(row) // 20) :].sum())
    warnings: list[str] = []
    full = sum(
        float(model_w[i])
        for i, g in enumerate(post.graphs)
        if len(g.cliques) == 1 and len(g.cliques[0]) == j
    )
    if full > tail:
        warnings.append(
            f"the graph with every interaction, which cannot tell how many are unobserved, "
            f"holds {full:.0%} of the weight: it pulls the lower bound towards the documented count"
        )
    if edge > 0.01:
        warnings.append(
            f"{edge:.1%} of the posterior lies in the top 5% of the unobserved-count grid "
            f"(up to {int(post.nmissing[-1])}); the grid probably cuts the posterior off"
        )
    lower, upper = post.quantile(tail), post.quantile(1.0 - tail)
    if upper <= lower:
        return _refused(
            table,
            f"the posterior sits on one value ({int(lower):,}) even on a fine grid: no "
            "interval can be given"
            + (
                f"; the graph with every interaction holds {full:.0%} of the weight"
                if full > tail
                else ""
            ),
        )
    diagnostics: dict[str, Any] = {
        "delta": post.delta,
        "prior": prior_name or ("1/N" if log_prior is None else "custom"),
        "grid": {
            "min": int(post.nmissing[0]),
            "max": int(post.nmissing[-1]),
            "points": len(post.nmissing),
        },
        "models": len(post.graphs),
        "top_model": summary[0]["model"],
        "top_model_weight": summary[0]["weight"],
        "model_weights": summary,
        "bayes_estimate": post.bayes_estimate(),
        "mode": post.mode(),
        "mean": post.mean(),
        "grid_edge_mass": edge,
        "grid_refined": refined,
    }
    return Estimate(
        method=METHOD,
        lists=table.lists,
        documented=table.n,
        estimate=post.quantile(0.5),
        lower=lower,
        upper=upper,
        level=level,
        interval="posterior quantiles",
        se=post.sd(),
        terms=tuple(str(summary[0]["model"]).split(" + ")),
        diagnostics=diagnostics,
        warnings=tuple(warnings),
        draws=post.sample(draws, seed) if draws > 0 else None,
    )


# The interval must span this many grid steps, else the posterior is read on a finer grid.
_MIN_STEPS = 20


def _too_coarse(post: DgaPosterior, tail: float) -> bool:
    """Whether the central interval spans fewer than ``_MIN_STEPS`` steps of R's default grid
    (a table of thousands: the posterior then sits on one or two grid values, and the interval
    collapses to a point or to the documented count)."""
    cs = np.cumsum(post._row(None))
    low, high = int(np.argmax(cs > tail)), int(np.argmax(cs > 1.0 - tail))
    return high - low < _MIN_STEPS and len(post.nmissing) > 1


def _finer_grid(post: DgaPosterior, tail: float, points: int = 5000) -> npt.NDArray[np.int64]:
    """Every unobserved count (or ``points`` evenly spaced) between the grid values around
    the posterior's mass: from a step below the first value with mass to a step above the last.
    """
    row = post._row(None)
    mass = np.flatnonzero(row > 1e-12 * row.max())
    grid = post.nmissing
    start = int(grid[max(int(mass[0]) - 1, 0)])
    stop = int(grid[min(int(mass[-1]) + 1, len(grid) - 1)])
    fine = np.round(np.linspace(float(max(start, 0)), float(stop), points))
    return np.unique(fine).astype(np.int64)


def dga_delta_sensitivity(
    table: CaptureTable,
    deltas: Sequence[float] | None = None,
    **options: Any,
) -> dict[float, Estimate]:
    """Run :func:`dga` for several prior cell counts ``delta`` (default 2^-J/4 .. 4 * 2^-J, 1).

    The hyper-Dirichlet prior matters when lists overlap little; a result that moves a lot
    with ``delta`` should be reported with that caveat.
    """
    if deltas is None:
        base = 2.0**-table.j
        deltas = (base / 4, base / 2, base, 2 * base, 4 * base, 1.0)
    return {float(d): dga(table, delta=float(d), **options) for d in deltas}


def _refused(table: CaptureTable, reason: str) -> Estimate:
    return Estimate.refusal(METHOD, table.lists, table.n, reason, interval="posterior quantiles")
