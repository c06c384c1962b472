"""Capture histories: which de-duplicated individuals were on which lists.

A :class:`CaptureTable` is the one input every estimator takes. It holds the observed
capture patterns (a tuple of 0/1, one per list, in the order of ``lists``) and how many
individuals had each pattern; unlisted patterns have count 0 and the all-zero pattern is
never observed (that is what is being estimated).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from svidok.errors import SvidokError

__all__ = ["CaptureTable", "CaptureTableError"]

Pattern = tuple[int, ...]


class CaptureTableError(SvidokError, ValueError):
    """A capture table that cannot be estimated from (bad pattern, all-zero row, ...)."""


@dataclass(frozen=True)
class CaptureTable:
    """Counts of observed capture patterns over named lists."""

    lists: tuple[str, ...]
    counts: Mapping[Pattern, int] = field(repr=False)

    def __post_init__(self) -> None:
        j = len(self.lists)
        if j < 2:
            raise CaptureTableError(f"at least 2 lists are needed, got {j}")
        if len(set(self.lists)) != j:
            raise CaptureTableError(f"list names must be distinct: {list(self.lists)}")
        clean: dict[Pattern, int] = {}
        for pattern, count in self.counts.items():
            if len(pattern) != j or any(v not in (0, 1) for v in pattern):
                raise CaptureTableError(
                    f"capture pattern {pattern!r} must have {j} values of 0 or 1"
                )
            if not any(pattern):
                raise CaptureTableError(
                    "the all-zero capture pattern (on no list) cannot be observed"
                )
            if int(count) != count or count < 0:
                raise CaptureTableError(f"count for {pattern!r} must be a whole number >= 0")
            if count:
                key = tuple(int(v) for v in pattern)
                clean[key] = clean.get(key, 0) + int(count)
        object.__setattr__(self, "counts", clean)

    # construction -----------------------------------------------------------------
    @classmethod
    def from_cells(
        cls, lists: Sequence[str], cells: Iterable[tuple[str | Pattern, int]]
    ) -> CaptureTable:
        """From (pattern, count) pairs; a pattern may be a string such as ``"101"``."""
        counts: dict[Pattern, int] = {}
        for pattern, count in cells:
            key = tuple(int(c) for c in pattern) if isinstance(pattern, str) else tuple(pattern)
            counts[key] = counts.get(key, 0) + int(count)
        return cls(tuple(lists), counts)

    @classmethod
    def from_individuals(cls, lists: Sequence[str], rows: Iterable[Sequence[int]]) -> CaptureTable:
        """From one 0/1 row per individual."""
        counts: dict[Pattern, int] = {}
        for row in rows:
            key = tuple(int(v) for v in row)
            counts[key] = counts.get(key, 0) + 1
        return cls(tuple(lists), counts)

    # views ------------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Observed (documented) individuals."""
        return sum(self.counts.values())

    @property
    def j(self) -> int:
        return len(self.lists)

    def patterns(self) -> list[Pattern]:
        """All 2^J - 1 observable patterns, in a fixed order (binary counting, first list slowest)."""
        return [p for p in itertools.product((0, 1), repeat=self.j) if any(p)]

    def design(self) -> tuple[npt.NDArray[np.int_], npt.NDArray[np.float64]]:
        """(X, y): X is the (2^J - 1) x J 0/1 matrix of patterns, y their counts."""
        pats = self.patterns()
        x = np.array(pats, dtype=int)
        y = np.array([self.counts.get(p, 0) for p in pats], dtype=float)
        return x, y

    def individuals(self) -> npt.NDArray[np.int_]:
        """One 0/1 row per observed individual (n x J)."""
        rows = [p for p, c in sorted(self.counts.items()) for _ in range(c)]
        return np.array(rows, dtype=int).reshape(len(rows), self.j)

    def list_sizes(self) -> dict[str, int]:
        return {
            name: sum(c for p, c in self.counts.items() if p[i])
            for i, name in enumerate(self.lists)
        }

    def reorder(self, lists: Sequence[str]) -> CaptureTable:
        """The same table with the lists in another order."""
        index = [self.lists.index(name) for name in lists]
        return CaptureTable(
            tuple(lists), {tuple(p[i] for i in index): c for p, c in self.counts.items()}
        )

    def merge(self, groups: Mapping[str, Sequence[str]]) -> CaptureTable:
        """Merge lists (e.g. sparse ones) into named groups; an individual is on a group if on any member."""
        names = list(groups)
        idx = [[self.lists.index(m) for m in groups[g]] for g in names]
        counts: dict[Pattern, int] = {}
        for p, c in self.counts.items():
            key = tuple(int(any(p[i] for i in members)) for members in idx)
            counts[key] = counts.get(key, 0) + c
        return CaptureTable(tuple(names), counts)
