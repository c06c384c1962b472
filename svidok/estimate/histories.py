"""Capture histories from resolved persons, and the overlap of the lists they form.

Input is what the store knows after linkage, reduced to plain mappings: for each stratum
(e.g. a region and a period), each resolved person and the lists that name them. Which
sources form which list is the user's choice (an organisation, a source kind, a merge of
sparse lists); :func:`capture_tables` only needs the result of that choice.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = ["Overlap", "capture_tables", "merge_lists", "merge_table", "overlap"]

Stratum = tuple[str, ...]


def merge_lists(
    memberships: Mapping[str, Iterable[str]], merges: Mapping[str, Sequence[str]]
) -> dict[str, set[str]]:
    """Rename lists into merged ones: ``{"NGO": ["A", "B"]}`` makes A and B one list "NGO"."""
    into = {member: name for name, members in merges.items() for member in members}
    return {person: {into.get(x, x) for x in lists} for person, lists in memberships.items()}


def merge_table(table: CaptureTable, merges: Mapping[str, Sequence[str]]) -> CaptureTable:
    """The table with lists merged: ``{"PFNCA": ["PF", "NCA"]}`` makes a person on PF or NCA
    (or both) a person on PFNCA. Names no list of the table names are an error."""
    unknown = sorted({m for members in merges.values() for m in members} - set(table.lists))
    if unknown:
        raise CaptureTableError(
            f"lists to merge {unknown} are not in the table; its lists: {', '.join(table.lists)}"
        )
    into = {member: name for name, members in merges.items() for member in members}
    names: list[str] = []
    for name in table.lists:
        merged = into.get(name, name)
        if merged not in names:
            names.append(merged)
    position = {name: names.index(into.get(name, name)) for name in table.lists}
    counts: dict[tuple[int, ...], int] = {}
    for pattern, count in table.counts.items():
        merged_pattern = [0] * len(names)
        for name, on in zip(table.lists, pattern, strict=True):
            if on:
                merged_pattern[position[name]] = 1
        key = tuple(merged_pattern)
        counts[key] = counts.get(key, 0) + count
    return CaptureTable(tuple(names), counts)


def capture_tables(
    strata: Mapping[Stratum, Mapping[str, Iterable[str]]],
    lists: Sequence[str] | None = None,
) -> dict[Stratum, CaptureTable]:
    """One capture table per stratum from {stratum: {person: lists naming them}}.

    ``lists`` fixes the lists and their order (default: every list seen, sorted); a person
    named only on lists outside it is not captured and is left out. Each table has the same
    lists, so that strata can be compared and summed.
    """
    seen = sorted({x for people in strata.values() for ls in people.values() for x in ls})
    names = tuple(lists) if lists is not None else tuple(seen)
    if len(names) < 2:
        raise CaptureTableError(
            f"estimation needs at least 2 lists; the chosen sources form {len(names)}"
            + (f" ({names[0]})" if names else "")
        )
    index = {name: i for i, name in enumerate(names)}
    tables = {}
    for stratum, people in strata.items():
        rows = []
        for on in people.values():
            row = [0] * len(names)
            for x in on:
                if x in index:
                    row[index[x]] = 1
            if any(row):
                rows.append(row)
        tables[stratum] = CaptureTable.from_individuals(names, rows)
    return tables


@dataclass(frozen=True)
class Overlap:
    """How the lists of a capture table overlap: what an analyst checks before modelling."""

    lists: tuple[str, ...]
    documented: int
    sizes: dict[str, int]
    only_on: dict[str, int]  # persons on that list and no other
    pairwise: dict[tuple[str, str], int]  # persons on both lists (and maybe others)
    empty_pairs: tuple[tuple[str, str], ...]  # list pairs that share nobody
    sparse_cells: int  # observable capture patterns with fewer than 5 persons (0 included)
    cells: int  # observable capture patterns (2^J - 1)

    def as_dict(self) -> dict[str, object]:
        return {
            "lists": list(self.lists),
            "documented": self.documented,
            "sizes": self.sizes,
            "only_on": self.only_on,
            "pairwise": {f"{a}&{b}": n for (a, b), n in self.pairwise.items()},
            "empty_pairs": [f"{a}&{b}" for a, b in self.empty_pairs],
            "sparse_cells": self.sparse_cells,
            "cells": self.cells,
        }


def overlap(table: CaptureTable, sparse_below: int = 5) -> Overlap:
    """List sizes, persons only on each list, pairwise overlaps, empty pairs, sparse cells."""
    names = table.lists
    pairwise = {}
    for (i, a), (k, b) in itertools.combinations(enumerate(names), 2):
        pairwise[(a, b)] = sum(c for p, c in table.counts.items() if p[i] and p[k])
    only_on = {
        name: sum(c for p, c in table.counts.items() if p[i] and sum(p) == 1)
        for i, name in enumerate(names)
    }
    patterns = table.patterns()
    return Overlap(
        lists=names,
        documented=table.n,
        sizes=table.list_sizes(),
        only_on=only_on,
        pairwise=pairwise,
        empty_pairs=tuple(pair for pair, n in pairwise.items() if n == 0),
        sparse_cells=sum(1 for p in patterns if table.counts.get(p, 0) < sparse_below),
        cells=len(patterns),
    )
