"""Log-linear multiple-systems estimation: a Poisson model of the 2^J - 1 observed cells.

The log expected count of each observable capture pattern is an intercept plus main effects
plus the chosen interactions; the intercept is the log of the expected number never
captured, so N̂ = n + exp(intercept). Intervals: Rcapture's multinomial profile likelihood
(``closedpCI``), or SparseMSE's log-normal interval n + exp(qnorm(q, b0, se(b0))).
AIC is R's Poisson AIC (log y! included); BIC = AIC + (log n - 2) rank with n the number of
observed individuals, as in Rcapture.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.optimize import brentq, minimize_scalar  # type: ignore[import-untyped, unused-ignore]
from scipy.special import gammaln  # type: ignore[import-untyped, unused-ignore]
from scipy.stats import chi2, norm  # type: ignore[import-untyped, unused-ignore]

from svidok.estimate._existence import is_identifiable, mle_exists
from svidok.estimate._glm import PoissonFit, deviance, fit_poisson, independent_columns
from svidok.estimate.result import Estimate
from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = [
    "Interval",
    "Term",
    "design_matrix",
    "fit_design",
    "fit_loglinear",
    "hierarchical_closure",
    "lognormal_interval",
    "multinomial_profile_interval",
    "parse_terms",
    "profile_interval",
    "rcapture_se",
    "term_name",
]

Array = npt.NDArray[np.float64]
Term = tuple[int, ...]
Interval = Literal["profile", "multinomial", "log-normal", "none"]


# terms ------------------------------------------------------------------------------
def parse_terms(
    lists: Sequence[str], terms: Iterable[str | Sequence[str] | Sequence[int]]
) -> list[Term]:
    """Interaction terms as sorted tuples of list indices.

    A term may be ``"LA:NG"``, ``("LA", "NG")`` or ``(0, 1)``; single lists (main effects)
    are accepted and ignored, since every model has all main effects.
    """
    out: list[Term] = []
    for term in terms:
        parts: Sequence[str | int] = term.split(":") if isinstance(term, str) else term
        idx: list[int] = []
        for p in parts:
            if isinstance(p, str):
                if p not in lists:
                    raise CaptureTableError(
                        f"unknown list {p!r} in term {term!r}; lists are {list(lists)}"
                    )
                idx.append(lists.index(p))
            else:
                if not 0 <= int(p) < len(lists):
                    raise CaptureTableError(f"list index {p!r} out of range in term {term!r}")
                idx.append(int(p))
        key = tuple(sorted(set(idx)))
        if len(key) != len(idx):
            raise CaptureTableError(f"term {term!r} names a list twice")
        if len(key) >= 2 and key not in out:
            out.append(key)
    return out


def hierarchical_closure(terms: Iterable[Term]) -> list[Term]:
    """The terms together with every lower-order interaction they contain, ordered by size."""
    closed: set[Term] = set()
    for term in terms:
        for k in range(2, len(term) + 1):
            closed.update(itertools.combinations(term, k))
    return sorted(closed, key=lambda t: (len(t), t))


def term_name(lists: Sequence[str], term: Term) -> str:
    """``"LA:NG"`` for the term (0, 1) over lists LA, NG, ..."""
    return ":".join(lists[i] for i in term)


def design_matrix(patterns: npt.NDArray[np.int_], terms: Sequence[Term]) -> Array:
    """Intercept, one column per list, then one 0/1 product column per interaction term."""
    x = patterns.astype(float)
    cols = [np.ones(len(x)), *x.T]
    cols += [np.prod(x[:, list(t)], axis=1) for t in terms]
    return np.column_stack(cols)


# intervals --------------------------------------------------------------------------
def lognormal_interval(n: int, b0: float, se: float, level: float = 0.95) -> tuple[float, float]:
    """SparseMSE's interval n + exp(qnorm(q, b0, se)) for q = (1 -/+ level) / 2."""
    q = (1.0 - level) / 2.0
    return (
        n + math.exp(float(norm.ppf(q, b0, se))),
        n + math.exp(float(norm.ppf(1.0 - q, b0, se))),
    )


def _cormack(n0: float, total: float) -> float:
    """Rcapture's correction turning the Poisson profile into the multinomial one."""
    if total > 100:
        if n0 in (0.0, 1.0):
            return -total + 0.5 * math.log(2.0 * math.pi * total)
        return n0 - total - 0.5 * math.log(n0 / total)
    n0logn0 = n0 * math.log(n0) if n0 > 0 else 0.0
    return float(n0logn0 + gammaln(total + 1.0) - total * math.log(total) - gammaln(n0 + 1.0))


def profile_interval(
    x: Array, y: Array, level: float = 0.95, *, keep: npt.NDArray[np.bool_] | None = None
) -> tuple[float, float]:
    """Profile-likelihood interval for N from the Poisson likelihood of the intercept.

    The intercept b0 is fixed on a grid and the other parameters refitted; the bounds are
    where the deviance has risen by the chi-square(1) quantile, mapped to n + exp(b0).
    This is what R's ``confint`` gives for the intercept of the Poisson ``glm`` (the
    reference intervals of the independence models).
    """
    n = float(y.sum())
    if keep is None:
        keep = independent_columns(x)
    fit = fit_poisson(x, y, keep=keep)
    b0, se = fit.intercept, fit.intercept_se
    rest = x[:, 1:][:, keep[1:]]
    crit = float(chi2.ppf(level, 1))
    state: dict[str, Array] = {"mu": fit.mu}

    def excess(b: float) -> float:
        if rest.shape[1] == 0:
            return deviance(y, np.full(len(y), math.exp(b))) - fit.deviance - crit
        sub = fit_poisson(rest, y, offset=np.full(len(y), b), start=state["mu"])
        return sub.deviance - fit.deviance - crit

    bounds = []
    for sign in (-1.0, 1.0):
        step = 2.0 * se
        far = b0 + sign * step
        while excess(far) < 0 and step < 50.0:
            step *= 2.0
            far = b0 + sign * step
        if excess(far) < 0:  # the likelihood never falls far enough on this side
            bounds.append(-math.inf if sign < 0 else math.inf)
            continue
        lo, hi = (far, b0) if sign < 0 else (b0, far)
        bounds.append(float(brentq(excess, lo, hi, xtol=1e-10, rtol=1e-12)))
    return n + math.exp(bounds[0]), (n + math.exp(bounds[1]) if bounds[1] < 700 else math.inf)


def multinomial_profile_interval(
    x: Array,
    y: Array,
    nhat: float,
    level: float = 0.95,
    *,
    upper_factor: float = 3.0,
) -> tuple[float, float, float, list[str]]:
    """Rcapture's multinomial profile-likelihood interval for N (``closedpCI.t``).

    ``x`` is the design of the observed cells (intercept first), ``y`` their counts,
    ``nhat`` the Poisson estimate. For each candidate N the model is refitted to the table
    completed with N - n never-captured individuals (a row of zeros besides the intercept)
    and the Poisson deviance is corrected as Cormack (1992) to a multinomial log-likelihood.
    Returns (N maximising it, lower, upper, warnings); a bound that cannot be found is
    n (lower) or inf (upper, searched up to ``upper_factor`` times N̂).
    """
    n = float(y.sum())
    xa = np.vstack([x, np.zeros(x.shape[1])])
    xa[-1, 0] = 1.0
    keep = independent_columns(xa)
    state: dict[str, Array] = {}

    def loglik(big_n: float) -> float:
        n0 = max(big_n - n, 0.0)
        ya = np.append(y, n0)
        start = state.get("mu")
        if start is not None:
            start = start.copy()
            start[-1] = max(n0, 1e-8)
        else:
            start = ya + 0.1
        fit = fit_poisson(xa, ya, start=start, keep=keep)
        state["mu"] = fit.mu
        return (fit.deviance - 2.0 * _cormack(n0, big_n)) / -2.0

    warnings: list[str] = []
    opt = minimize_scalar(
        lambda v: -loglik(v),
        bounds=(n, upper_factor * nhat),
        method="bounded",
        options={"xatol": 1e-6},
    )
    nmax = float(opt.x)
    lmax = loglik(nmax)
    cut = lmax - float(chi2.ppf(level, 1)) / 2.0

    def f(v: float) -> float:
        return loglik(v) - cut

    if f(n) < 0:
        lower = float(brentq(f, n, nmax, xtol=1e-7, rtol=1e-12))
    else:
        lower = n
        warnings.append("the lower bound of the profile interval is the number observed")
    top = upper_factor * nhat
    if f(top) < 0:
        upper = float(brentq(f, nmax, top, xtol=1e-7, rtol=1e-12))
    else:
        upper = math.inf
        warnings.append(f"the upper bound of the profile interval exceeds {top:.1f}")
    return nmax, lower, upper, warnings


# fitting ----------------------------------------------------------------------------
def rcapture_se(fit: PoissonFit) -> float:
    """SE of N̂ = n + exp(b0): sqrt(exp(b0) + exp(2 b0) var(b0)), as Rcapture."""
    b0 = fit.intercept
    return math.sqrt(math.exp(b0) + math.exp(2 * b0) * float(fit.cov[0, 0]))


def fit_design(
    table: CaptureTable,
    x: Array,
    y: Array,
    *,
    method: str,
    terms: tuple[str, ...] = (),
    interval: Interval = "profile",
    level: float = 0.95,
    check: bool = True,
    diagnostics: Mapping[str, object] | None = None,
    warnings: Sequence[str] = (),
) -> Estimate:
    """Fit a Poisson model with design ``x`` (intercept first) to cells ``y`` of ``table``.

    Shared by the estimators of this package: refuses when the MLE does not exist or the
    parameters are not identifiable (``check``), otherwise returns N̂ = n + exp(b0) with the
    requested interval.
    """
    n = table.n
    base = dict(diagnostics or {})
    warn = list(warnings)

    def refuse(reason: str) -> Estimate:
        return Estimate(
            method=method,
            lists=table.lists,
            documented=n,
            estimate=math.nan,
            lower=math.nan,
            upper=math.nan,
            level=level,
            interval="",
            terms=terms,
            diagnostics=base,
            warnings=tuple(warn),
            refused=reason,
        )

    if n == 0:
        return refuse("no one was observed on any list")
    if check and not is_identifiable(x):
        return refuse("the model is not identifiable from these cells (design not of full rank)")
    fit = fit_poisson(x, y)
    # A converged fit is the MLE; only a fit that keeps moving needs the exact LP check.
    if check and not fit.converged and not mle_exists(x, y):
        return refuse(
            "the maximum-likelihood estimate does not exist for this model "
            "(the observed zeros push some fitted cells to zero)"
        )
    if not fit.converged:
        warn.append("the Poisson fit did not converge")
    b0 = fit.intercept
    est = n + math.exp(b0)
    se = rcapture_se(fit)
    base.update(
        {
            "intercept": b0,
            "intercept_se": fit.intercept_se,
            "deviance": fit.deviance,
            "df": int(len(y) - fit.rank),
            "rank": fit.rank,
            "aic": fit.aic,
            "bic": fit.aic + (math.log(n) - 2.0) * fit.rank,
            "converged": fit.converged,
        }
    )
    lower = upper = math.nan
    label = ""
    if interval == "log-normal":
        lower, upper = lognormal_interval(n, b0, fit.intercept_se, level)
        label = "log-normal"
    elif interval == "profile":
        lower, upper = profile_interval(x, y, level, keep=fit.kept)
        label = "profile likelihood"
    elif interval == "multinomial":
        nmax, lower, upper, w = multinomial_profile_interval(x, y, est, level)
        base["multinomial_estimate"] = nmax
        warn.extend(w)
        label = "multinomial profile likelihood"
    return Estimate(
        method=method,
        lists=table.lists,
        documented=n,
        estimate=est,
        lower=lower,
        upper=upper,
        level=level,
        interval=label,
        se=se,
        terms=terms,
        diagnostics=base,
        warnings=tuple(warn),
    )


def fit_loglinear(
    table: CaptureTable,
    terms: Iterable[str | Sequence[str] | Sequence[int]] = (),
    *,
    interval: Interval = "profile",
    level: float = 0.95,
    extra_columns: Mapping[str, Sequence[float]] | None = None,
    hierarchical: bool = True,
) -> Estimate:
    """Fit main effects plus the given interactions (closed under hierarchy by default).

    ``terms`` such as ``["LA:NG", "NG:GP"]``; no terms is the independence model.
    ``extra_columns`` adds named covariate columns over the cells in ``table.patterns()``
    order (e.g. an indicator of one pattern). Refuses (``Estimate.refused``) when the MLE
    does not exist or the model is not identifiable. ``interval``: ``"profile"`` (profile
    likelihood of the Poisson intercept, as R's ``confint``), ``"multinomial"`` (Rcapture's
    ``closedpCI`` multinomial profile), ``"log-normal"`` (SparseMSE) or ``"none"``.
    """
    parsed = parse_terms(table.lists, terms)
    if hierarchical:
        parsed = hierarchical_closure(parsed)
    patterns, y = table.design()
    x = design_matrix(patterns, parsed)
    names = tuple(term_name(table.lists, t) for t in parsed)
    if extra_columns:
        cols = []
        for name, values in extra_columns.items():
            col = np.asarray(values, dtype=float)
            if col.shape != (len(y),):
                raise CaptureTableError(
                    f"extra column {name!r} needs {len(y)} values (one per observable pattern)"
                )
            cols.append(col)
        x = np.column_stack([x, *cols])
        names += tuple(extra_columns)
    label = "log-linear " + ("[" + ", ".join(names) + "]" if names else "independence")
    return fit_design(table, x, y, method=label, terms=names, interval=interval, level=level)
