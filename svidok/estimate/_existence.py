"""Does the maximum-likelihood estimate of a log-linear model exist, and is it identifiable?

Existence is the linear programme of Fienberg & Rinaldo (2012) as SparseMSE's ``checkident``
sets it up: the MLE exists exactly when some strictly positive table has the same sufficient
statistics as the observed one, i.e. when max t subject to A'x = A'y, x >= t, x >= 0 is > 0.
The answer depends only on the design and on which cells are non-zero, so it is cached on
those: bootstrap replicates and model enumerations ask the same question many times.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog  # type: ignore[import-untyped, unused-ignore]

__all__ = ["is_identifiable", "mle_exists"]

Array = npt.NDArray[np.float64]

_CACHE: dict[tuple[bytes, bytes, tuple[int, int]], bool] = {}
_CACHE_LIMIT = 200_000
_TOL = 1e-7


def is_identifiable(a: Array) -> bool:
    """The design (cells x parameters) has full column rank."""
    if a.shape[0] < a.shape[1]:
        return False
    return bool(int(np.linalg.matrix_rank(a)) == a.shape[1])


def mle_exists(a: Array, y: Array) -> bool:
    """The (extended) MLE exists: a positive table matches the sufficient statistics a'y."""
    support = y > 0
    key = (np.ascontiguousarray(a).tobytes(), support.tobytes(), a.shape)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    result = True if support.all() else _lp_positive(a, y)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = result
    return result


def _lp_positive(a: Array, y: Array) -> bool:
    cells, params = a.shape
    # Scale so that the optimum is comparable to 1 whatever the counts.
    scale = float(y.sum()) or 1.0
    tvec = a.T @ (y / scale)
    c = np.zeros(cells + 1)
    c[-1] = -1.0  # maximise t
    a_eq = np.hstack([a.T, np.zeros((params, 1))])
    a_ub = np.hstack([-np.eye(cells), np.ones((cells, 1))])  # t - x_i <= 0
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(cells),
        A_eq=a_eq,
        b_eq=tvec,
        bounds=[(0, None)] * (cells + 1),
        method="highs",
    )
    if res.status != 0:  # pragma: no cover - x = y, t = 0 is always feasible
        return False
    return bool(-res.fun > _TOL / max(cells, 1))
