"""The compiled EM step of the latent-class MLE (numba); imported lazily by ``latent_class``.

Items are categorical (a list is a 0/1 item; two lists merged into one item have 4 categories).
Row ``codes[-1]`` is the unobserved pattern (every item in category 0); its count is ``n0``,
fixed for the profile likelihood or re-estimated each step (``free``) for the MLE of N.
"""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["em"]

_FLOOR = 1e-12  # smallest probability kept, so that empty cells never give log(0)


@numba.njit(cache=True, nogil=True)
def em(codes, ncat, f, n, n0, free, logw, logp, iters, tol):  # type: ignore[no-untyped-def]
    """EM updates of ``logw`` (K) and ``logp`` (K x items x categories), in place.

    Returns (log-likelihood, n0, iterations). The log-likelihood is the multinomial one of the
    2^J cells of N = n + n0 individuals, up to a constant that does not depend on N or the
    parameters: lgamma(N + 1) - lgamma(n0 + 1) + sum of count x log cell probability.
    """
    rows, items = codes.shape
    k_classes = logw.shape[0]
    n_cats = logp.shape[2]
    lp = np.empty(k_classes)
    weight = np.empty(k_classes)
    tally = np.empty((k_classes, items, n_cats))
    prev = -np.inf
    ll = -np.inf
    it = 0
    for it in range(iters):
        weight[:] = 0.0
        tally[:] = 0.0
        ll = 0.0
        log_p0 = 0.0
        for r in range(rows):
            top = -np.inf
            for k in range(k_classes):
                v = logw[k]
                for i in range(items):
                    v += logp[k, i, codes[r, i]]
                lp[k] = v
                top = max(top, v)
            s = 0.0
            for k in range(k_classes):
                s += math.exp(lp[k] - top)
            lse = top + math.log(s)
            count = f[r] if r < rows - 1 else n0
            if r == rows - 1:
                log_p0 = lse
            if count > 0.0:
                ll += count * lse
                for k in range(k_classes):
                    q = count * math.exp(lp[k] - lse)
                    weight[k] += q
                    for i in range(items):
                        tally[k, i, codes[r, i]] += q
        total = n + n0
        ll += math.lgamma(total + 1.0) - math.lgamma(n0 + 1.0)
        if it > 0 and ll - prev <= tol * (1.0 + abs(ll)):
            break
        prev = ll
        for k in range(k_classes):
            logw[k] = math.log(max(weight[k] / total, _FLOOR))
            mass = max(weight[k], 1e-300)
            for i in range(items):
                for c in range(ncat[i]):
                    logp[k, i, c] = math.log(max(tally[k, i, c] / mass, _FLOOR))
        if free:
            p0 = min(math.exp(log_p0), 1.0 - 1e-12)
            n0 = n * p0 / (1.0 - p0)
    return ll, n0, it
