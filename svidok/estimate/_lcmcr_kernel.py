"""The compiled Gibbs sampler of the LCMCR model (numba); imported lazily by ``lcmcr``.

A line-by-line port of ``CNPLCM_CR_Basic_Freq`` in the R package LCMCR (Manrique-Vallier 2016,
version 0.4.x): truncated stick-breaking with K classes, Beta(1, 1) priors on the class-wise
capture probabilities (or Beta(b, b) with another ``prior``), Gamma(a_alpha, b_alpha) on the concentration, and the unobserved count
drawn from a negative binomial (the improper prior ``p(N) ∝ 1/N``), redrawn while it exceeds
20 times the observed count. Everything is done on log probabilities, as in the C++ code.
Numba keeps one random stream per thread; each chain seeds it at the start, so a chain's draws
depend only on its seed, whichever thread runs it.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import numpy.typing as npt

__all__ = ["CAP", "run_chain"]

CAP = 20  # the unobserved count is redrawn while it exceeds CAP times the documented count


@numba.njit(cache=True, nogil=True)
def _log_gamma_draw(shape):  # type: ignore[no-untyped-def]
    # log of a Gamma(shape, 1) draw that stays finite for tiny shapes.
    if shape < 1.0:
        return (
            math.log(np.random.gamma(shape + 1.0, 1.0)) + math.log(1.0 - np.random.random()) / shape
        )
    return math.log(np.random.gamma(shape, 1.0))


@numba.njit(cache=True, nogil=True)
def _log_add(a, b):  # type: ignore[no-untyped-def]
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


@numba.njit(cache=True, nogil=True)
def _multinomial(total, weights, out):  # type: ignore[no-untyped-def]
    # Sequential binomials; ``weights`` need not be normalised.
    remaining_mass = 0.0
    for k in range(weights.shape[0]):
        remaining_mass += weights[k]
    left = total
    for k in range(weights.shape[0]):
        if left == 0 or remaining_mass <= 0.0:
            out[k] = 0
            continue
        if k == weights.shape[0] - 1:
            out[k] = left
        else:
            p = min(max(weights[k] / remaining_mass, 0.0), 1.0)
            out[k] = np.random.binomial(left, p)
        left -= out[k]
        remaining_mass -= weights[k]
    if left > 0:
        # Rounding left mass behind: give it to the largest class.
        out[np.argmax(weights)] += left


@numba.njit(cache=True, nogil=True)
def _categorical(weights):  # type: ignore[no-untyped-def]
    total = 0.0
    for k in range(weights.shape[0]):
        total += weights[k]
    u = np.random.random() * total
    acc = 0.0
    for k in range(weights.shape[0]):
        acc += weights[k]
        if u < acc:
            return k
    return weights.shape[0] - 1


@numba.njit(cache=True, nogil=True)
def _unobserved(n, log_p_zero, p_seen):  # type: ignore[no-untyped-def]
    # NegBin(n, p_seen) failures, redrawn while above 20 n (as in the R package). When the
    # rejection loop would take long, draw from the same truncated law by inverse CDF.
    cap = CAP * n
    if p_seen > 1e-6:
        for _ in range(200):
            draw = np.random.negative_binomial(n, p_seen)
            if draw <= cap:
                return draw
    log_w = np.empty(cap + 1)
    top = -np.inf
    for k in range(cap + 1):
        log_w[k] = math.lgamma(n + k) - math.lgamma(k + 1.0) + k * log_p_zero
        top = max(top, log_w[k])
    total = 0.0
    for k in range(cap + 1):
        log_w[k] = math.exp(log_w[k] - top)
        total += log_w[k]
    u = np.random.random() * total
    acc = 0.0
    for k in range(cap + 1):
        acc += log_w[k]
        if u < acc:
            return k
    return cap


@numba.njit(cache=True, nogil=True)
def _sweep(  # type: ignore[no-untyped-def]
    cells, freq, n, loglam, lognu, zcount, count0, state, a_alpha, b_alpha, update_alpha, prior
):
    m_cells, j_lists = cells.shape
    k_classes = lognu.shape[0]
    probs = np.empty(k_classes)
    # classes of the observed cells
    for m in range(m_cells):
        top = -np.inf
        for k in range(k_classes):
            lp = lognu[k]
            for j in range(j_lists):
                lp += loglam[j, k, cells[m, j]]
            probs[k] = lp
            top = max(top, lp)
        for k in range(k_classes):
            probs[k] = math.exp(probs[k] - top)
        if freq[m] > 1:
            _multinomial(freq[m], probs, zcount[m])
        else:
            zcount[m, :] = 0
            zcount[m, _categorical(probs)] = 1
    # capture probabilities
    for j in range(j_lists):
        for k in range(k_classes):
            on, off = 0, count0[k]
            for m in range(m_cells):
                if cells[m, j] == 1:
                    on += zcount[m, k]
                else:
                    off += zcount[m, k]
            a = _log_gamma_draw(prior + on)
            b = _log_gamma_draw(prior + off)
            c = _log_add(a, b)
            loglam[j, k, 1] = a - c
            loglam[j, k, 0] = b - c
    # stick-breaking weights
    n0 = int(state[0])
    alpha = state[1]
    count_k = np.zeros(k_classes, dtype=np.int64)
    occupied = 0
    for k in range(k_classes):
        count_k[k] = count0[k]
        for m in range(m_cells):
            count_k[k] += zcount[m, k]
        if count_k[k] > 0:
            occupied += 1
    acc_n, acc_log = 0, 0.0
    for k in range(k_classes - 1):
        acc_n += count_k[k]
        g1 = _log_gamma_draw(1.0 + count_k[k])
        g2 = _log_gamma_draw(alpha + (n0 + n - acc_n))
        gs = _log_add(g1, g2)
        lognu[k] = g1 - gs + acc_log
        acc_log += g2 - gs
    lognu[k_classes - 1] = acc_log
    # the unobserved count and its classes
    p_zero, p_seen = 0.0, 0.0
    for k in range(k_classes):
        lp = 0.0
        for j in range(j_lists):
            lp += loglam[j, k, 0]
        p_zero += math.exp(lognu[k] + lp)
        p_seen += math.exp(lognu[k]) * -math.expm1(lp)
    log_p_zero = math.log(p_zero) if p_zero > 0.0 else -np.inf
    n0 = _unobserved(n, log_p_zero, min(p_seen, 1.0))
    if n0 == 0:
        count0[:] = 0
    else:
        top = -np.inf
        for k in range(k_classes):
            lp = lognu[k]
            for j in range(j_lists):
                lp += loglam[j, k, 0]
            probs[k] = lp
            top = max(top, lp)
        for k in range(k_classes):
            probs[k] = math.exp(probs[k] - top)
        _multinomial(n0, probs, count0)
    if update_alpha:
        alpha = np.random.gamma(a_alpha + k_classes - 1.0, 1.0 / (b_alpha - lognu[k_classes - 1]))
    state[0] = n0
    state[1] = alpha
    state[2] = occupied


@numba.njit(cache=True, nogil=True)
def _chain(  # type: ignore[no-untyped-def]
    cells, freq, k_classes, a_alpha, b_alpha, burnin, samples, thinning, seed, warmup, start, prior
):
    np.random.seed(seed)
    m_cells, j_lists = cells.shape
    n = 0
    for m in range(m_cells):
        n += freq[m]
    loglam = np.empty((j_lists, k_classes, 2))
    for j in range(j_lists):
        seen = 0
        for m in range(m_cells):
            if cells[m, j] == 1:
                seen += freq[m]
        p = seen / n
        for k in range(k_classes):
            loglam[j, k, 1] = math.log(p) if p > 0.0 else -np.inf
            loglam[j, k, 0] = math.log1p(-p) if p < 1.0 else -np.inf
    lognu = np.empty(k_classes)
    acc = 0.0
    for k in range(k_classes - 1):
        g1 = _log_gamma_draw(1.0)
        g2 = _log_gamma_draw(1.0)
        gs = _log_add(g1, g2)
        lognu[k] = g1 - gs + acc
        acc += g2 - gs
    lognu[k_classes - 1] = acc
    zcount = np.zeros((m_cells, k_classes), dtype=np.int64)
    count0 = np.zeros(k_classes, dtype=np.int64)
    # ``start`` unobserved individuals per documented one, spread over the classes (0 in R);
    # different starts per chain make R-hat sensitive to modes a single start would miss.
    n0_start = min(int(start * n), CAP * n)
    if n0_start > 0:
        _multinomial(n0_start, np.exp(lognu), count0)
    state = np.array([float(n0_start), 0.3 / k_classes, 0.0])  # n0, alpha, occupied classes
    # warm-up with a small fixed concentration, as the R package does
    for _ in range(warmup):
        _sweep(cells, freq, n, loglam, lognu, zcount, count0, state, a_alpha, b_alpha, False, prior)
    for _ in range(burnin):
        _sweep(cells, freq, n, loglam, lognu, zcount, count0, state, a_alpha, b_alpha, True, prior)
    trace = np.empty((3, samples))
    for s in range(samples):
        for _ in range(thinning):
            _sweep(
                cells, freq, n, loglam, lognu, zcount, count0, state, a_alpha, b_alpha, True, prior
            )
        trace[0, s] = state[0] + n
        trace[1, s] = state[1]
        trace[2, s] = state[2]
    return trace


def run_chain(
    cells: npt.NDArray[np.int64],
    freq: npt.NDArray[np.int64],
    *,
    classes: int,
    a_alpha: float,
    b_alpha: float,
    burnin: int,
    samples: int,
    thinning: int,
    seed: int,
    warmup: int = 500,
    start: float = 0.0,
    prior: float = 1.0,
) -> npt.NDArray[np.float64]:
    """One seeded chain; returns a 3 x samples array: total N, alpha, occupied classes.

    ``prior``: the capture probabilities' Beta(prior, prior) prior (R's LCMCR: 1)."""
    trace = _chain(
        np.ascontiguousarray(cells, dtype=np.int64),
        np.ascontiguousarray(freq, dtype=np.int64),
        int(classes),
        float(a_alpha),
        float(b_alpha),
        int(burnin),
        int(samples),
        int(thinning),
        int(seed),
        int(warmup),
        float(start),
        float(prior),
    )
    return np.asarray(trace, dtype=np.float64)
