"""Capture-history tables that a statistician brings, as CSV.

Two shapes are read:
- aggregated: one 0/1 column per list and a count column (``count``, ``n``, ``freq``,
  ``frequency`` or ``Freq``), one row per capture pattern;
- individual: one 0/1 column per list, one row per person.
Any other column is a stratum (e.g. ``region``): one table per distinct value combination.
Errors name the file, line and column; nothing is returned for a file with an error.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = ["COUNT_COLUMNS", "CaptureCsvError", "read_capture_csv"]

COUNT_COLUMNS = ("count", "n", "freq", "frequency")


class CaptureCsvError(CaptureTableError):
    """A capture-history file that cannot be read, with where and why."""

    def __init__(self, file: str, line: int | None, column: str | None, reason: str) -> None:
        where = (
            file + (f", line {line}" if line else "") + (f", column {column!r}" if column else "")
        )
        super().__init__(f"{where}: {reason}")
        self.file, self.line, self.column, self.reason = file, line, column, reason


@dataclass(frozen=True)
class _Layout:
    lists: list[str]
    count: str | None
    strata: list[str]


def _layout(header: list[str], rows: list[list[str]], file: str) -> _Layout:
    count = next((h for h in header if h.strip().lower() in COUNT_COLUMNS), None)
    lists: list[str] = []
    strata: list[str] = []
    for i, name in enumerate(header):
        if name == count:
            continue
        values = {row[i].strip() for row in rows if i < len(row)}
        (lists if values <= {"0", "1"} else strata).append(name)
    if len(lists) < 2:
        raise CaptureCsvError(
            file, 1, None, f"needs at least 2 list columns of 0/1 values; found {lists or 'none'}"
        )
    return _Layout(lists, count, strata)


def read_capture_csv(
    lines: Iterable[str], file: str = "<table>"
) -> dict[tuple[str, ...], CaptureTable]:
    """{stratum values: CaptureTable}; a file without stratum columns gives the key ``()``."""
    reader = csv.reader(lines)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise CaptureCsvError(file, None, None, "the file is empty") from None
    if len(set(header)) != len(header) or any(not h for h in header):
        raise CaptureCsvError(file, 1, None, "column names must be present and distinct")
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        raise CaptureCsvError(file, None, None, "the file has a header but no rows")
    layout = _layout(header, rows, file)
    index = {name: i for i, name in enumerate(header)}
    cells: dict[tuple[str, ...], dict[tuple[int, ...], int]] = {}
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise CaptureCsvError(
                file, number, None, f"has {len(row)} cells, the header has {len(header)}"
            )
        pattern = tuple(int(row[index[name]].strip()) for name in layout.lists)
        count = 1
        if layout.count is not None:
            raw = row[index[layout.count]].strip()
            try:
                count = int(raw)
            except ValueError:
                raise CaptureCsvError(
                    file, number, layout.count, f"{raw!r} is not a whole number"
                ) from None
            if count < 0:
                raise CaptureCsvError(file, number, layout.count, "a count cannot be negative")
        if not any(pattern) and count:
            raise CaptureCsvError(
                file,
                number,
                None,
                "a person on no list cannot be observed (all list columns are 0)",
            )
        stratum = tuple(row[index[name]].strip() for name in layout.strata)
        table = cells.setdefault(stratum, {})
        table[pattern] = table.get(pattern, 0) + count
    return {stratum: CaptureTable(tuple(layout.lists), counts) for stratum, counts in cells.items()}
