"""A pair of lists more associated than the others: one list probably copies the other.

Latent classes explain association between lists that comes from people being more or less
visible: people on one list are more often on every other list. A list built partly from
another (an NGO that copies a court register's names, a national list fed by the regional
one) adds an association between just those two lists that heterogeneity does not explain,
and LCMCR then absorbs it into a class of people on both, with intervals that cover the true
total too rarely (docs/benchmarks.md). Merging such a pair into one list (on either) removes
the direct dependence and leaves a table the latent-class model fits (under the model,
a union of two lists is still independent of the others given the class).

The check: for each pair of lists, the log odds ratio of being on one and on the other,
among the persons found on at least one of the *other* lists (who were documented whatever
the pair did, so the ratio is not distorted by who is unobserved). Heterogeneity makes every
pair's odds ratio above 1; a copied pair's stands out from the others'. The pair is flagged
when its log odds ratio exceeds the median of the other pairs' by at least ``min_excess``
(its odds ratio at least twice the typical pair's) and by ``min_z`` of its standard errors.
It needs at least 4 lists (so that merging leaves 3, the fewest a latent-class model needs).

Calibration (benchmarks/estimate_coverage.py, N = 2,000, 100 tables each): where list B
copies half of list A's members, the pair A-B stood out by 6.5-13.9 standard errors (excess
0.8-1.7) in every table; without copying (homogeneous, two or nearly-invisible groups), the
most outstanding pair's z was at most 4.7 and its excess at most 0.6.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from svidok.estimate.table import CaptureTable

__all__ = ["DependentPair", "dependent_pair", "merge_pair", "pair_odds_ratios"]

MIN_Z = 5.0
MIN_EXCESS = math.log(2.0)


@dataclass(frozen=True)
class DependentPair:
    """The flagged pair, its log odds ratio, the other pairs' median, and the z-score."""

    lists: tuple[str, str]
    log_odds_ratio: float
    others_median: float
    se: float

    @property
    def excess(self) -> float:
        return self.log_odds_ratio - self.others_median

    @property
    def z(self) -> float:
        return self.excess / self.se

    def describe(self) -> str:
        a, b = self.lists
        return (
            f"lists {a} and {b} share far more persons than heterogeneous visibility explains "
            f"(odds ratio {math.exp(self.log_odds_ratio):.1f} among persons on the other lists, "
            f"against {math.exp(self.others_median):.1f} for the typical pair; "
            f"{self.z:.1f} standard errors): one probably copies part of the other, or both "
            "draw on the same people in a way the others do not"
        )


def pair_odds_ratios(table: CaptureTable) -> dict[tuple[int, int], tuple[float, float]]:
    """(log odds ratio, standard error) of each pair, among persons on another list.

    Each 2 x 2 count gets 0.5 added (Haldane), so empty cells give finite ratios.
    """
    out: dict[tuple[int, int], tuple[float, float]] = {}
    for a, b in itertools.combinations(range(table.j), 2):
        cells = [[0.5, 0.5], [0.5, 0.5]]
        for pattern, count in table.counts.items():
            if any(pattern[c] for c in range(table.j) if c not in (a, b)):
                cells[pattern[a]][pattern[b]] += count
        (n00, n01), (n10, n11) = cells
        out[(a, b)] = (
            math.log(n11 * n00 / (n10 * n01)),
            math.sqrt(1 / n11 + 1 / n10 + 1 / n01 + 1 / n00),
        )
    return out


def _median(values: list[float]) -> float:
    s = sorted(values)
    m = len(s) // 2
    return s[m] if len(s) % 2 else 0.5 * (s[m - 1] + s[m])


def dependent_pair(
    table: CaptureTable, *, min_z: float = MIN_Z, min_excess: float = MIN_EXCESS
) -> DependentPair | None:
    """The pair of lists whose association stands out most, if it stands out enough."""
    if table.j < 4:
        return None
    ratios = pair_odds_ratios(table)
    best: DependentPair | None = None
    for pair, (lor, se) in ratios.items():
        others = _median([v[0] for p, v in ratios.items() if p != pair])
        candidate = DependentPair((table.lists[pair[0]], table.lists[pair[1]]), lor, others, se)
        if best is None or candidate.z > best.z:
            best = candidate
    if best is None or best.z < min_z or best.excess < min_excess:
        return None
    return best


def merge_pair(table: CaptureTable, pair: tuple[str, str]) -> CaptureTable:
    """The table with the two lists merged into one named ``A+B``, in the first one's place."""
    a, b = pair
    groups: dict[str, list[str]] = {}
    for name in table.lists:
        if name == a:
            groups[f"{a}+{b}"] = [a, b]
        elif name != b:
            groups[name] = [name]
    return table.merge(groups)
