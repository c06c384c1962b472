"""Poisson log-linear fitting by iteratively reweighted least squares (what R's ``glm`` does).

Private helper of the log-linear estimators. Columns that are linear combinations of earlier
ones are dropped (R reports them as ``NA`` and leaves them out of the rank), so AIC and BIC
count only the estimable parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln  # type: ignore[import-untyped, unused-ignore]

__all__ = ["PoissonFit", "deviance", "fit_poisson", "independent_columns"]

Array = npt.NDArray[np.float64]

_MAX_ITER = 100
# IRLS from y + 0.1 reaches an existing MLE in well under this many steps; a fit still
# moving by then with fitted zeros heading to 0 is diverging (the MLE does not exist).
_DIVERGING_AFTER = 30
_ETA_FLOOR = -300.0


@dataclass(frozen=True)
class PoissonFit:
    """The maximum-likelihood fit of a Poisson log-linear model to cell counts."""

    coef: Array  # one per kept column (NaN for dropped ones)
    cov: Array  # inverse Fisher information of the kept columns (cov.unscaled)
    kept: npt.NDArray[np.bool_]
    mu: Array
    deviance: float
    loglik: float  # sum of log Poisson probabilities, log(y!) included
    rank: int
    converged: bool
    iterations: int

    @property
    def aic(self) -> float:
        """-2 log L + 2 rank, as R's glm for the Poisson family."""
        return -2.0 * self.loglik + 2.0 * self.rank

    def bic(self, n: float) -> float:
        """-2 log L + log(n) rank (Rcapture: n = observed individuals)."""
        return -2.0 * self.loglik + float(np.log(n)) * self.rank

    @property
    def intercept(self) -> float:
        return float(self.coef[0])

    @property
    def intercept_se(self) -> float:
        return float(np.sqrt(self.cov[0, 0]))


def independent_columns(x: Array, tol: float = 1e-9) -> npt.NDArray[np.bool_]:
    """Columns kept left to right while they add to the rank (R's pivoting drops later ones)."""
    keep = np.zeros(x.shape[1], dtype=bool)
    basis: Array = np.zeros((x.shape[0], 0))
    for k in range(x.shape[1]):
        col = x[:, k]
        norm = float(np.linalg.norm(col))
        if norm == 0.0:
            continue
        if basis.shape[1]:
            resid = col - basis @ (basis.T @ col)
            resid = resid - basis @ (basis.T @ resid)
        else:
            resid = col.copy()
        rnorm = float(np.linalg.norm(resid))
        if rnorm > tol * max(norm, 1.0):
            keep[k] = True
            basis = np.column_stack([basis, resid / rnorm])
    return keep


def deviance(y: Array, mu: Array) -> float:
    """Poisson deviance 2 sum(y log(y/mu) - (y - mu)), with 0 log 0 = 0."""
    pos = y > 0
    term = np.where(pos, y * np.log(np.where(pos, y, 1.0) / mu), 0.0)
    return float(2.0 * np.sum(term - (y - mu)))


def _loglik(y: Array, mu: Array) -> float:
    pos = y > 0
    logs = np.where(pos, y * np.log(np.where(pos, mu, 1.0)), 0.0)
    return float(np.sum(logs - mu - gammaln(y + 1.0)))


def fit_poisson(
    x: Array,
    y: Array,
    *,
    offset: Array | None = None,
    start: Array | None = None,
    keep: npt.NDArray[np.bool_] | None = None,
) -> PoissonFit:
    """Fit log E[y] = offset + x b by IRLS; ``start`` is a starting mean (default y + 0.1).

    Iterates well past R's stopping rule (relative deviance change 1e-8) so that estimates
    agree with R's to many digits. ``converged`` is False when the coefficients still move
    after the iteration limit, which happens when the maximum-likelihood estimate does not
    exist (some fitted cells run off to zero).
    """
    if keep is None:
        keep = independent_columns(x)
    xk = x[:, keep]
    off = np.zeros(len(y)) if offset is None else offset
    mu = (y + 0.1) if start is None else np.maximum(start, 1e-10)
    eta = np.log(mu)
    dev_old = deviance(y, mu)
    beta = np.zeros(xk.shape[1])
    converged = False
    it = 0
    zeros = y == 0
    with np.errstate(all="ignore"):
        for it in range(1, _MAX_ITER + 1):
            z = eta - off + (y - mu) / mu
            xw = xk * mu[:, None]
            info = xk.T @ xw
            try:
                new = np.asarray(np.linalg.solve(info, xw.T @ z), dtype=np.float64)
            except np.linalg.LinAlgError:
                new = np.asarray(np.linalg.lstsq(info, xw.T @ z, rcond=None)[0], dtype=np.float64)
            step = float(np.max(np.abs(new - beta))) if it > 1 else np.inf
            beta = new
            eta = np.maximum(off + xk @ beta, _ETA_FLOOR)
            mu = np.exp(eta)
            dev = deviance(y, mu)
            if not np.isfinite(dev):
                break
            small = abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-10
            dev_old = dev
            if small and step < 1e-9 * (1.0 + float(np.max(np.abs(beta)))):
                converged = True
                break
            if it >= _DIVERGING_AFTER and zeros.any() and float(mu[zeros].min()) < 1e-6:
                break
    with np.errstate(all="ignore"):
        xw = xk * mu[:, None]
        info = xk.T @ xw
        try:
            cov = np.asarray(np.linalg.inv(info), dtype=np.float64)
        except np.linalg.LinAlgError:
            cov = np.asarray(np.linalg.pinv(info), dtype=np.float64)
        loglik = _loglik(y, mu)
    coef = np.full(x.shape[1], np.nan)
    coef[keep] = beta
    return PoissonFit(
        coef=coef,
        cov=cov,
        kept=keep,
        mu=mu,
        deviance=dev_old,
        loglik=loglik,
        rank=int(keep.sum()),
        converged=converged,
        iterations=it,
    )
