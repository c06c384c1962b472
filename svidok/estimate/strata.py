"""Totals across strata: sum the posterior draws or bootstrap replicates, not the intervals.

Adding the bounds of per-stratum intervals gives an interval far too wide (or, with
point estimates alone, none at all). Each stratum's draws of N are a sample from its
uncertainty; summing one draw from each stratum, many times, samples the uncertainty of
the total. Strata must not share persons (each person is counted in one stratum).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from svidok.estimate.result import Estimate

__all__ = ["sum_strata"]


def sum_strata(
    estimates: Sequence[Estimate], *, draws: int = 4000, seed: int = 1, level: float = 0.95
) -> Estimate:
    """The total over strata from each stratum's draws (resampled to a common number).

    Refused, with the reason, when a stratum's estimate was refused or its method gives no
    draws; the documented count is still the sum of the strata's documented counts.
    """
    documented = sum(e.documented for e in estimates)
    methods = sorted({e.method for e in estimates})
    method = "sum over strata of " + (methods[0] if len(methods) == 1 else "; ".join(methods))
    lists = estimates[0].lists if estimates else ()

    def refused(reason: str) -> Estimate:
        return Estimate.refusal(method, lists, documented, reason, level=level)

    if not estimates:
        return refused("no strata")
    for e in estimates:
        if not e.ok:
            return refused(f"a stratum's estimate was refused: {e.refused}")
        if e.draws is None or len(e.draws) == 0:
            return refused(
                f"{e.method} gives no draws or replicates, so strata cannot be summed with an "
                "interval; use LCMCR, dga or the bootstrap"
            )
    rng = np.random.default_rng(seed)
    total = np.zeros(draws)
    for e in estimates:
        assert e.draws is not None
        total += rng.choice(np.asarray(e.draws, dtype=float), size=draws, replace=True)
    tail = (1.0 - level) / 2.0
    lower, median, upper = np.quantile(total, [tail, 0.5, 1.0 - tail])
    return Estimate(
        method=method,
        lists=lists,
        documented=documented,
        estimate=float(median),
        lower=float(lower),
        upper=float(upper),
        level=level,
        interval="quantiles of summed draws",
        diagnostics={"strata": len(estimates), "draws": draws},
        draws=total,
    )
