"""Rcapture's closed-population models (``closedp.t``, ``closedpCI.t``, ``closedpMS.t``).

Lists play the part of capture occasions. Each model is a Poisson regression of the 2^t - 1
observable cells on Rcapture's design columns:

* M0: the number of captures; Mt: one column per list;
* Mh / Mth: M0 / Mt plus heterogeneity columns of the number of captures k — Chao (lower
  bound) max(k - j + 1, 0) for j = 3..t (negative eta parameters dropped and refitted),
  Poisson(theta) theta^k - 1, Darroch k^2 / 2, Gamma(theta) log(theta) - log(theta + k);
* Mb / Mbh: behavioural response (number of occasions before the first capture and of
  captures after it), with their own formulas for N̂.

:func:`closedp_ms` enumerates the hierarchical log-linear models (all main effects, terms up
to ``maxorder``), optionally with a heterogeneity column, ranked by BIC = AIC + (log n - 2)
rank, n being the number of observed individuals.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from svidok.estimate._glm import PoissonFit, fit_poisson
from svidok.estimate.loglinear import Interval, design_matrix, fit_design, hierarchical_closure
from svidok.estimate.result import Estimate
from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = [
    "CLOSEDP_MODELS",
    "Heterogeneity",
    "best_model",
    "closedp",
    "closedp_model",
    "closedp_ms",
    "hierarchical_models",
    "model_name",
]

Array = npt.NDArray[np.float64]
Heterogeneity = Literal["Chao", "Poisson", "Darroch", "Gamma"]
Model = Literal["M0", "Mt", "Mh", "Mth", "Mb", "Mbh"]

#: closedp.t's models for t >= 3, in its order: (label, model, heterogeneity, theta).
CLOSEDP_MODELS: tuple[tuple[str, Model, Heterogeneity | None, float | None], ...] = (
    ("M0", "M0", None, None),
    ("Mt", "Mt", None, None),
    ("Mh Chao (LB)", "Mh", "Chao", None),
    ("Mh Poisson2", "Mh", "Poisson", 2.0),
    ("Mh Darroch", "Mh", "Darroch", None),
    ("Mh Gamma3.5", "Mh", "Gamma", 3.5),
    ("Mth Chao (LB)", "Mth", "Chao", None),
    ("Mth Poisson2", "Mth", "Poisson", 2.0),
    ("Mth Darroch", "Mth", "Darroch", None),
    ("Mth Gamma3.5", "Mth", "Gamma", 3.5),
    ("Mb", "Mb", None, None),
    ("Mbh", "Mbh", None, None),
)

_DEFAULT_THETA = {"Poisson": 2.0, "Gamma": 3.5}


def _heterogeneity_columns(k: Array, t: int, h: Heterogeneity, theta: float | None) -> Array:
    if h == "Chao":
        if t < 3:
            return np.zeros((len(k), 1))
        return np.column_stack([np.maximum(k - j + 1, 0.0) for j in range(3, t + 1)])
    if h == "Poisson":
        th = _DEFAULT_THETA["Poisson"] if theta is None else theta
        return (th**k - 1.0)[:, None]
    if h == "Darroch":
        return (k**2 / 2.0)[:, None]
    if h == "Gamma":
        th = _DEFAULT_THETA["Gamma"] if theta is None else theta
        return (math.log(th) - np.log(th + k))[:, None]
    raise CaptureTableError(f"unknown heterogeneity {h!r}; use Chao, Poisson, Darroch or Gamma")


def _base_columns(patterns: npt.NDArray[np.int_], model: Model) -> Array:
    x: Array = patterns.astype(float)
    k: Array = x.sum(axis=1)
    if model in ("M0", "Mh"):
        return k[:, None]
    if model in ("Mt", "Mth"):
        return x
    before = np.argmax(patterns, axis=1).astype(float)  # occasions before the first capture
    after = k - 1.0
    if model == "Mb":
        return np.column_stack([before, after])
    if model == "Mbh":
        return np.column_stack([1.0 - x[:, 0], before, after])
    raise CaptureTableError(f"unknown model {model!r}; use M0, Mt, Mh, Mth, Mb or Mbh")


def _chao_refit(x: Array, y: Array, fit: PoissonFit, nca: int) -> tuple[Array, PoissonFit, int]:
    """Drop negative eta parameters one at a time, first one first, as Rcapture's Chao.neg."""
    removed = 0
    while True:
        eta = fit.coef[nca:]
        neg = [i for i, v in enumerate(eta) if not np.isnan(v) and v < 0]
        if not neg:
            return x, fit, removed
        x = np.delete(x, nca + neg[0], axis=1)
        fit = fit_poisson(x, y)
        removed += 1


def _behavioural(model: Model, fit: PoissonFit, t: int) -> tuple[float, float]:
    """N̂ and its SE for Mb and Mbh (Rcapture's closed forms and delta method)."""
    b = fit.coef
    cov = fit.cov
    if model == "Mb":
        e1, e2 = math.exp(b[1]), math.exp(b[2])
        denom = 1.0 + e2 - e1
        n_hat = math.exp(b[0]) * (1.0 + e2) ** t / denom
        v = n_hat * np.array([1.0, e1 / denom, t * e2 / (1.0 + e2) - e2 / denom])
    else:
        e3, e4 = math.exp(b[2]), math.exp(b[3])
        e23 = math.exp(b[1] + b[2])
        denom = 1.0 + e4 - e3
        scale = math.exp(b[0]) * (1.0 + e4) ** (t - 1)
        n_hat = scale * (1.0 + e23 / denom)
        v = scale * np.array(
            [
                1.0 + e23 / denom,
                e23 / denom,
                e23 / denom + math.exp(b[1] + 2 * b[2]) / denom**2,
                (t - 1) * e4 / (1.0 + e4) - math.exp(b[1] + b[2] + b[3]) / denom**2,
            ]
        )
    var = float(v @ cov @ v) - n_hat
    return n_hat, math.sqrt(var) if var > 0 else math.nan


def closedp_model(
    table: CaptureTable,
    model: Model = "M0",
    heterogeneity: Heterogeneity | None = None,
    *,
    theta: float | None = None,
    extra_columns: Mapping[str, Sequence[float]] | None = None,
    interval: Interval = "none",
    level: float = 0.95,
    label: str | None = None,
) -> Estimate:
    """One Rcapture closed-population model, e.g. ``closedp_model(t, "Mth", "Poisson")``.

    ``extra_columns`` appends named columns over the cells in ``table.patterns()`` order
    (Rcapture's ``mX``), e.g. ``{"111111": indicator}`` for "Mt plus a 111111 column".
    Heterogeneous models need at least 3 lists. Intervals as :func:`fit_loglinear`
    (not available for Mb and Mbh). BIC = AIC + (log n - 2) rank.
    """
    t = table.j
    if model in ("Mh", "Mth"):
        if heterogeneity is None:
            heterogeneity = "Chao"
        if t < 3:
            raise CaptureTableError("heterogeneous models need at least 3 lists")
    elif heterogeneity is not None:
        raise CaptureTableError(f"model {model} takes no heterogeneity (use Mh or Mth)")
    patterns, y = table.design()
    base = _base_columns(patterns, model)
    cols = [np.ones(len(y)), *base.T]
    names = [f"extra:{name}" for name in extra_columns or {}]
    for name, values in (extra_columns or {}).items():
        col = np.asarray(values, dtype=float)
        if col.shape != (len(y),):
            raise CaptureTableError(
                f"extra column {name!r} needs {len(y)} values (one per observable pattern)"
            )
        cols.append(col)
    nca = len(cols)
    if heterogeneity is not None:
        k = patterns.sum(axis=1).astype(float)
        cols.extend(_heterogeneity_columns(k, t, heterogeneity, theta).T)
    x = np.column_stack(cols)
    if label is None:
        label = model
        if heterogeneity is not None:
            th = theta if theta is not None else _DEFAULT_THETA.get(heterogeneity)
            label += f" {heterogeneity}" + (f"{th:g}" if th is not None else "")
        if names:
            label += " + " + ", ".join(extra_columns or {})
    method = f"closedp {label}"
    diag: dict[str, object] = {"model": label}
    if heterogeneity == "Chao":
        fit0 = fit_poisson(x, y)
        x, _, removed = _chao_refit(x, y, fit0, nca)
        diag["eta_removed"] = removed
    if model in ("Mb", "Mbh"):
        return _fit_behavioural(table, model, x, y, method, diag, level)
    return fit_design(
        table,
        x,
        y,
        method=method,
        terms=tuple(names),
        interval=interval,
        level=level,
        diagnostics=diag,
    )


def _fit_behavioural(
    table: CaptureTable,
    model: Model,
    x: Array,
    y: Array,
    method: str,
    diag: dict[str, object],
    level: float,
) -> Estimate:
    n = table.n
    fit = fit_poisson(x, y)
    warn = [] if fit.converged else ["the Poisson fit did not converge"]
    try:
        n_hat, se = _behavioural(model, fit, table.j)
    except (OverflowError, ZeroDivisionError):
        n_hat, se = math.nan, math.nan
    if not math.isfinite(n_hat) or n_hat < n:
        return Estimate(
            method=method,
            lists=table.lists,
            documented=n,
            estimate=math.nan,
            lower=math.nan,
            upper=math.nan,
            level=level,
            diagnostics=diag,
            warnings=tuple(warn),
            refused="the behavioural model gives no finite estimate for these data",
        )
    diag.update(
        {
            "deviance": fit.deviance,
            "df": int(len(y) - fit.rank),
            "rank": fit.rank,
            "aic": fit.aic,
            "bic": fit.aic + (math.log(n) - 2.0) * fit.rank,
            "converged": fit.converged,
        }
    )
    return Estimate(
        method=method,
        lists=table.lists,
        documented=n,
        estimate=n_hat,
        lower=math.nan,
        upper=math.nan,
        level=level,
        se=se,
        diagnostics=diag,
        warnings=tuple(warn),
    )


def closedp(table: CaptureTable, *, interval: Interval = "none") -> list[Estimate]:
    """All of Rcapture's ``closedp.t`` models, in its order (M0, Mt and Mb for 2 lists).

    Pick one with ``min(results, key=lambda e: e.diagnostics["bic"])`` (refused ones have
    no ``bic``); see :func:`best_model`.
    """
    models = (
        CLOSEDP_MODELS
        if table.j >= 3
        else [m for m in CLOSEDP_MODELS if m[1] in ("M0", "Mt", "Mb")]
    )
    out = []
    for label, model, h, theta in models:
        out.append(
            closedp_model(
                table,
                model,
                h,
                theta=theta,
                interval=interval if model not in ("Mb", "Mbh") else "none",
                label=label,
            )
        )
    return out


# model selection -------------------------------------------------------------------
Generators = tuple[tuple[int, ...], ...]


def hierarchical_models(t: int, maxorder: int | None = None) -> Iterator[Generators]:
    """Every hierarchical model with all main effects and terms of order <= ``maxorder``.

    A model is given by its generating interactions (an antichain of subsets of size >= 2);
    the independence model is ``()``. ``maxorder`` defaults to t - 1, as closedpMS.t.
    """
    top = t - 1 if maxorder is None else maxorder
    if not 1 <= top <= t - 1:
        raise CaptureTableError(f"maxorder must be between 1 and {t - 1}")
    candidates = [c for k in range(top, 1, -1) for c in itertools.combinations(range(t), k)]

    def rec(i: int, chosen: list[tuple[int, ...]]) -> Iterator[Generators]:
        if i == len(candidates):
            yield tuple(chosen)
            return
        c = candidates[i]
        sc = set(c)
        if not any(sc < set(g) for g in chosen):
            chosen.append(c)
            yield from rec(i + 1, chosen)
            chosen.pop()
        yield from rec(i + 1, chosen)

    yield from rec(0, [])


def model_name(t: int, generators: Generators) -> str:
    """Rcapture's name, e.g. ``[12,13,14]`` or ``[12,3,4]`` (lists numbered from 1)."""
    covered = {i for g in generators for i in g}
    parts = list(generators) + [(i,) for i in range(t) if i not in covered]
    parts.sort(key=lambda g: (-len(g), g))
    sep = "" if t <= 9 else "."
    return "[" + ",".join(sep.join(str(i + 1) for i in g) for g in parts) + "]"


def closedp_ms(
    table: CaptureTable,
    heterogeneity: Heterogeneity | None = None,
    *,
    theta: float | None = None,
    maxorder: int | None = None,
    criterion: Literal["bic", "aic"] = "bic",
    allow_long: bool = False,
) -> list[Estimate]:
    """Fit every hierarchical model (closedpMS.t) and rank them by BIC (or AIC), best first.

    Each model is main effects plus the interactions implied by its generators, plus one
    heterogeneity column (or Chao's columns) when ``heterogeneity`` is given. Models whose
    MLE does not exist or that are not identifiable are refused and ranked last. Like
    Rcapture this refuses long enumerations (t = 6 with maxorder >= 3, t >= 7 with
    maxorder >= 2) unless ``allow_long``.
    """
    t = table.j
    top = t - 1 if maxorder is None else maxorder
    if not allow_long and ((t == 6 and top >= 3) or (t >= 7 and top >= 2)):
        raise CaptureTableError(
            f"enumerating all models for {t} lists up to order {top} is long; "
            "lower maxorder or pass allow_long=True"
        )
    patterns, y = table.design()
    k = patterns.sum(axis=1).astype(float)
    hcols = None if heterogeneity is None else _heterogeneity_columns(k, t, heterogeneity, theta)
    results: list[Estimate] = []
    # Existence of the MLE is inherited by submodels, so models are fitted smallest first
    # and any model containing one whose MLE was found not to exist is refused unfitted.
    index = {term: b for b, term in enumerate(hierarchical_closure([tuple(range(t))]))}
    models = []
    for gens in hierarchical_models(t, top):
        terms = hierarchical_closure(gens)
        mask = sum(1 << index[term] for term in terms)
        models.append((len(terms), gens, terms, mask))
    models.sort(key=lambda m: m[0])
    missing: list[int] = []
    for _, gens, terms, mask in models:
        x = design_matrix(patterns, terms)
        nca = x.shape[1]
        name = model_name(t, gens)
        diag: dict[str, object] = {"model": name}
        label = name + (f" {heterogeneity}" if heterogeneity else "")
        method = f"closedpMS {label}"
        names = tuple(":".join(table.lists[i] for i in term) for term in terms)
        if any(m & ~mask == 0 for m in missing):
            results.append(_refused(table, method, names, diag, _NO_MLE))
            continue
        if hcols is not None:
            x = np.column_stack([x, hcols])
            if heterogeneity == "Chao":
                x, _, removed = _chao_refit(x, y, fit_poisson(x, y), nca)
                diag["eta_removed"] = removed
        est = fit_design(table, x, y, method=method, terms=names, interval="none", diagnostics=diag)
        if est.refused and "does not exist" in est.refused and hcols is None:
            missing.append(mask)
        results.append(est)

    def key(e: Estimate) -> tuple[int, float]:
        return (0, float(e.diagnostics[criterion])) if e.ok else (1, 0.0)

    return sorted(results, key=key)


_NO_MLE = (
    "the maximum-likelihood estimate does not exist for this model "
    "(it contains a smaller model whose estimate does not exist)"
)


def _refused(
    table: CaptureTable, method: str, terms: tuple[str, ...], diag: dict[str, object], reason: str
) -> Estimate:
    return Estimate(
        method=method,
        lists=table.lists,
        documented=table.n,
        estimate=math.nan,
        lower=math.nan,
        upper=math.nan,
        terms=terms,
        diagnostics=diag,
        refused=reason,
    )


def best_model(results: Sequence[Estimate], criterion: Literal["bic", "aic"] = "bic") -> Estimate:
    """The estimate with the smallest criterion among those not refused."""
    usable = [e for e in results if e.ok and criterion in e.diagnostics]
    if not usable:
        raise CaptureTableError("no model could be fitted")
    return min(usable, key=lambda e: float(e.diagnostics[criterion]))
