"""Saying what an estimate means: rounded to what its interval supports, with its method.

A figure such as "11,312.99" claims a precision the data do not have. Estimates are rounded
to a unit set by the interval's width (a power of ten at or below a twentieth of it), and every
statement carries the documented count, the interval, the method and the lists, or the
reason the method refused.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from svidok.estimate.result import Estimate

__all__ = ["comparison_rows", "describe", "rounded", "unit_for"]


def unit_for(lower: float, upper: float) -> int:
    """The rounding unit for an interval: the power of ten at or below a twentieth of its width."""
    width = upper - lower
    if not math.isfinite(width) or width <= 0:
        return 1
    return int(10 ** max(0, math.floor(math.log10(width / 20))))


def rounded(estimate: Estimate) -> tuple[int, int, int] | None:
    """(estimate, lower, upper) rounded to the interval's precision; None if refused.

    The lower bound never goes below the documented count: the documented persons exist.
    """
    if not estimate.ok or not all(
        math.isfinite(x) for x in (estimate.estimate, estimate.lower, estimate.upper)
    ):
        return None
    unit = unit_for(estimate.lower, estimate.upper)

    def r(x: float) -> int:
        return int(round(x / unit) * unit)

    lower = max(estimate.documented, r(estimate.lower))
    point = max(lower, r(estimate.estimate))
    return point, lower, max(point, r(estimate.upper))


def describe(estimate: Estimate, stratum: str = "") -> str:
    """One sentence for a report: documented n, estimate with interval, method, lists."""
    where = f" ({stratum})" if stratum else ""
    lists = ", ".join(estimate.lists)
    head = f"Documented{where}: at least {estimate.documented:,} persons on {len(estimate.lists)} lists ({lists})."
    figures = rounded(estimate)
    if figures is None:
        return f"{head} {estimate.method}: no estimate — {estimate.refused or 'not finite'}."
    point, lower, upper = figures
    level = f"{round(estimate.level * 100)}%"
    text = (
        f"{head} Estimated total: about {point:,} ({level} interval {lower:,}–{upper:,}; "
        f"{estimate.interval or 'interval'}), method: {estimate.method}."
    )
    if estimate.warnings:
        text += " Warnings: " + "; ".join(estimate.warnings) + "."
    return text


def comparison_rows(results: Sequence[Estimate]) -> list[dict[str, Any]]:
    """A method-comparison table: one row per method, rounded, with refusals and warnings."""
    rows = []
    for e in results:
        figures = rounded(e)
        rows.append(
            {
                "method": e.method,
                "documented": e.documented,
                "estimate": figures[0] if figures else None,
                "lower": figures[1] if figures else None,
                "upper": figures[2] if figures else None,
                "interval": e.interval,
                "terms": ", ".join(e.terms),
                "note": e.refused or "; ".join(e.warnings),
            }
        )
    return rows
