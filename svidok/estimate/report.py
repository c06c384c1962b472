"""Estimating every stratum of a set of capture tables, and the total across strata.

What :func:`estimate_strata` returns is everything a reader needs to judge a figure: per
stratum the documented count, the list overlap, every method's result (or refusal), the
recommended one and why; then the totals over strata for each method that gives draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from svidok.estimate.communicate import comparison_rows, rounded
from svidok.estimate.histories import Overlap, overlap
from svidok.estimate.methods import DEFAULT_METHODS, estimate_all, recommend
from svidok.estimate.result import Estimate
from svidok.estimate.strata import sum_strata
from svidok.estimate.table import CaptureTable

__all__ = ["EstimationReport", "StratumResult", "comparison", "estimate_strata", "limit_lists"]

OTHER = "(other lists)"


@dataclass
class StratumResult:
    """One stratum: its table, overlap, every method's result, and the recommended one."""

    stratum: tuple[str, ...]
    table: CaptureTable
    overlap: Overlap
    results: list[Estimate]
    recommended: Estimate | None
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "stratum": list(self.stratum),
            "documented": self.table.n,
            "overlap": self.overlap.as_dict(),
            "results": [_result(r) for r in self.results],
            "recommended": self.recommended.method if self.recommended else None,
            "why": self.why,
        }


@dataclass
class EstimationReport:
    """All strata, and totals over strata (by method, and for the recommended results)."""

    by: tuple[str, ...]
    lists: tuple[str, ...]
    merged: dict[str, list[str]]
    strata: list[StratumResult]
    totals: list[Estimate] = field(default_factory=list)
    recommended_total: Estimate | None = None

    @property
    def documented(self) -> int:
        return sum(s.table.n for s in self.strata)

    def as_dict(self) -> dict[str, Any]:
        """The documented machine-readable form (see docs/estimation.md)."""
        return {
            "by": list(self.by),
            "lists": list(self.lists),
            "merged_lists": self.merged,
            "documented": self.documented,
            "strata": [s.as_dict() for s in self.strata],
            "totals": [_result(t) for t in self.totals],
            "recommended_total": _result(self.recommended_total)
            if self.recommended_total
            else None,
        }


def _result(e: Estimate) -> dict[str, Any]:
    data = e.as_dict()
    figures = rounded(e)
    data["rounded"] = (
        None
        if figures is None
        else {"estimate": figures[0], "lower": figures[1], "upper": figures[2]}
    )
    data["diagnostics"] = _plain(data["diagnostics"])
    return data


def json_ready(value: Any) -> Any:
    """``value`` with numpy values as Python ones and NaN or infinity as null."""
    return _plain(value)


def _plain(value: Any) -> Any:
    """Diagnostics as JSON-ready values (numpy scalars and arrays to Python)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None  # NaN and infinity are not JSON
    return value


def limit_lists(
    tables: Mapping[tuple[str, ...], CaptureTable], max_lists: int
) -> tuple[dict[tuple[str, ...], CaptureTable], dict[str, list[str]]]:
    """Merge the smallest lists (over all strata) into one until at most ``max_lists`` remain.

    Sparse lists make models unstable and dga handles at most 5 lists; merging is the
    standard remedy (SparseMSE's UK data merge PF and NCA). The merge is reported.
    """
    first = next(iter(tables.values()))
    if first.j <= max_lists:
        return dict(tables), {}
    sizes = {name: 0 for name in first.lists}
    for table in tables.values():
        for name, n in table.list_sizes().items():
            sizes[name] += n
    keep = sorted(first.lists, key=lambda name: (-sizes[name], name))[: max_lists - 1]
    rest = [name for name in first.lists if name not in keep]
    groups = {name: [name] for name in first.lists if name in keep}
    groups[OTHER] = rest
    return {k: t.merge(groups) for k, t in tables.items()}, {OTHER: rest}


def _without_empty_lists(table: CaptureTable) -> CaptureTable:
    """A list that names nobody in a stratum (e.g. a Crimean list, in Kherson) does not
    operate there: it is left out of that stratum's models rather than read as evidence (a
    stratum with one list that names anyone is refused by every method: see estimate_all)."""
    sizes = table.list_sizes()
    used = [name for name in table.lists if sizes[name] > 0]
    return table.reorder(used) if 2 <= len(used) < table.j else table


def estimate_strata(
    tables: Mapping[tuple[str, ...], CaptureTable],
    *,
    by: Sequence[str] = (),
    methods: Sequence[str] = DEFAULT_METHODS,
    seed: int = 1,
    options: dict[str, Any] | None = None,
    max_lists: int = 5,
) -> EstimationReport:
    """Run the methods on every stratum; sum draws across strata where methods give them."""
    limited, merged = limit_lists(tables, max_lists)
    strata = []
    for stratum in sorted(limited):
        table = _without_empty_lists(limited[stratum])
        results = estimate_all(table, methods, seed=seed, options=options)
        best, why = recommend(results)
        strata.append(StratumResult(stratum, table, overlap(table), results, best, why))
    report = EstimationReport(
        by=tuple(by),
        lists=next(iter(limited.values())).lists if limited else (),
        merged=merged,
        strata=strata,
    )
    if len(strata) > 1:
        for i, name in enumerate(methods):
            report.totals.append(sum_strata([s.results[i] for s in strata], seed=seed))
            report.totals[-1].diagnostics["method_key"] = name
        missing = [" / ".join(s.stratum) for s in strata if s.recommended is None]
        if missing:
            report.recommended_total = Estimate.refusal(
                "sum over strata",
                report.lists,
                report.documented,
                f"no method gave an estimate for stratum {', '.join(missing)}: "
                "merge strata or lists",
            )
        else:
            report.recommended_total = sum_strata(
                [s.recommended for s in strata if s.recommended is not None], seed=seed
            )
    elif strata:
        report.recommended_total = strata[0].recommended
    return report


def comparison(report: EstimationReport) -> list[dict[str, Any]]:
    """Every stratum's method-comparison rows, with the stratum named."""
    rows = []
    for s in report.strata:
        for row in comparison_rows(s.results):
            rows.append({"stratum": " / ".join(s.stratum) or "all", **row})
    return rows
