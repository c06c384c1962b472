"""Capture-history tables that a statistician brings, as CSV (or R's ``write.table`` text).

Two shapes are read:
- aggregated: one 0/1 column per list and a count column (``count``, ``n``, ``freq``,
  ``frequency``, ``Freq``, ``weight``, ``Anzahl``... or, failing a known name, the one column of
  whole numbers that is not a period, a place or a label), one row per capture pattern;
- individual: one 0/1 column per list, one row per person (a column that differs on every row
  while the patterns repeat numbers the persons; other numbers beside it are not counts).
The lists may also come as one column of patterns (``101`` or ``1 0 1``: on lists 1 and 3),
named L1, L2..., or as names in a cell (``A;B``, ``{A,B}``, ``AB`` when each list is a letter).
List cells may be written 0/1, 0.0/1.0, TRUE/FALSE, yes/no, так/ні, да/нет, or x/+ and empty.

Separators ``,`` ``;`` tab ``|`` and runs of spaces are recognised; row names as R writes
them (one cell more than the header), an unnamed first column of row numbers and an empty last
column (a trailing ``;``) are dropped; a column with a different value on every row (a person's
id, a pattern's label), dates and shares are ignored; notes under the table are skipped.
Any other column is a stratum (e.g. ``region``): one table per distinct value combination.
What was guessed is said in ``notes``. Errors name the file, line and column; nothing is
returned for a file with an error.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from svidok.estimate.csvtable_cells import (
    COUNT_COLUMNS,
    UNKNOWN,
    CaptureCsvError,
    long_form,
    thousands_dots,
    whole,
    without_note_rows,
    without_total_rows,
)
from svidok.estimate.csvtable_layout import (
    Pattern,
    find_layout,
    maybe_strata,
    repeated_patterns,
    row_patterns,
)
from svidok.estimate.table import CaptureTable

__all__ = ["COUNT_COLUMNS", "CaptureCsvError", "read_capture_csv", "read_capture_file"]

_DELIMITERS = (",", ";", "\t", "|")


def _split(lines: list[str]) -> list[list[str]]:
    sample = [line for line in lines[:50] if line.strip()]
    header = sample[0] if sample else ""
    counts = {d: header.count(d) for d in _DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0 and re.search(r"\S\s+\S", header.strip()):
        reader = csv.reader(lines, delimiter=" ", skipinitialspace=True)
        return [[c for c in row if c != ""] for row in reader]
    return [row for row in csv.reader(lines, delimiter=delimiter)]


def read_capture_csv(
    lines: Iterable[str], file: str = "<table>", notes: list[str] | None = None
) -> dict[tuple[str, ...], CaptureTable]:
    """{stratum values: CaptureTable}; a file without stratum columns gives the key ``()``.

    ``notes`` (when given) receives what was guessed about the file's layout.
    """
    notes = notes if notes is not None else []
    text = [line.rstrip("\r\n") for line in lines]
    parsed = _split(text)
    numbered = [(n, row) for n, row in enumerate(parsed, start=1) if any(c.strip() for c in row)]
    return _read_numbered(numbered, file, notes)


def _header_and_rows(
    numbered: list[tuple[int, list[str]]], file: str, notes: list[str]
) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header line, column names and data rows, without titles, notes, row names, an empty
    last column and a total row."""
    while (
        len(numbered) > 2
        and sum(1 for c in numbered[0][1] if c.strip()) == 1
        and all(sum(1 for c in row if c.strip()) > 1 for _, row in numbered[1:3])
    ):
        title = next(c for c in numbered[0][1] if c.strip()).strip()
        notes.append(f"line {numbered[0][0]} ({title[:60]!r}) read as a title above the header")
        numbered = numbered[1:]
    if not numbered:
        raise CaptureCsvError(file, None, None, "the file is empty")
    header_line, header = numbered[0]
    header = [h.strip().strip('"').strip() for h in header]
    data = without_note_rows(header, numbered[1:], file, notes)
    if not data:
        raise CaptureCsvError(file, None, None, "the file has a header but no rows")
    if all(len(row) == len(header) + 1 for _, row in data):
        data = [(n, row[1:]) for n, row in data]
        notes.append("the first cell of each row is a row name (as R writes them): ignored")
    elif header and header[0] in ("", "Unnamed: 0") and len({r[0] for _, r in data}) == len(data):
        header = header[1:]
        data = [(n, row[1:]) for n, row in data]
        notes.append("the first, unnamed column holds row numbers: ignored")
    if (
        len(header) > 2
        and not header[-1]
        and all(len(row) == len(header) - 1 or not row[-1].strip() for _, row in data)
    ):
        header = header[:-1]
        data = [(n, row[: len(header)]) for n, row in data]
        notes.append("the last column is empty and unnamed (a trailing separator): ignored")
    if len(set(header)) != len(header) or any(not h for h in header):
        raise CaptureCsvError(file, header_line, None, "column names must be present and distinct")
    for number, row in data:
        if len(row) != len(header):
            raise CaptureCsvError(
                file, number, None, f"has {len(row)} cells, the header has {len(header)}"
            )
    return header_line, header, without_total_rows(header, data, file, notes)


def _read_numbered(
    numbered: list[tuple[int, list[str]]], file: str, notes: list[str]
) -> dict[tuple[str, ...], CaptureTable]:
    header_line, header, data = _header_and_rows(numbered, file, notes)
    rows = [row for _, row in data]
    lines = [n for n, _ in data]
    guessed: list[str] = []
    try:
        layout = find_layout(header, rows, lines, header_line, file, guessed)
        notes.extend(guessed)
    except CaptureCsvError as exc:
        long = long_form(header, data, file, notes) if exc.reason.startswith("needs") else None
        if long is None:
            raise exc from None
        return long
    index = {name: i for i, name in enumerate(header)}
    columns = {name: [row[i].strip() for row in rows] for i, name in enumerate(header)}
    patterns = row_patterns(layout, columns, len(rows))
    dots = False
    if layout.count is not None:
        cells = list(zip(lines, columns[layout.count], strict=True))
        dots = thousands_dots(cells, rows, file, layout.count, notes)
    cells_by: dict[tuple[str, ...], dict[Pattern, int]] = {}
    seen: dict[tuple[tuple[str, ...], Pattern], list[int]] = {}
    entries: list[tuple[int, tuple[str, ...], Pattern, int]] = []
    for (number, row), pattern in zip(data, patterns, strict=True):
        count = 1
        if layout.count is not None:
            raw = row[index[layout.count]].strip()
            counted = whole(raw, dots)
            if counted is None and not any(pattern) and raw.lower() in UNKNOWN:
                notes.append(
                    f"line {number}: the row for persons on no list is ignored "
                    "(their number is what is estimated)"
                )
                continue
            if counted is None:
                raise CaptureCsvError(file, number, layout.count, f"{raw!r} is not a whole number")
            if counted < 0:
                raise CaptureCsvError(file, number, layout.count, "a count cannot be negative")
            count = counted
        if not any(pattern) and not count:
            continue  # the persons on no list, counted 0 (R's as.data.frame(table(...)))
        if not any(pattern) and count:
            raise CaptureCsvError(
                file,
                number,
                None,
                "a person on no list cannot be observed (all list columns are 0)",
            )
        stratum = tuple(row[index[name]].strip() for name in layout.strata)
        table = cells_by.setdefault(stratum, {})
        table[pattern] = table.get(pattern, 0) + count
        seen.setdefault((stratum, pattern), []).append(number)
        entries.append((number, stratum, pattern, count))
    if layout.count is not None:
        repeated_patterns(seen, entries, file, notes)
    maybe_strata(layout.lists, cells_by, notes)
    return {
        stratum: CaptureTable(tuple(layout.lists), counts) for stratum, counts in cells_by.items()
    }


def read_capture_file(
    path: str | Path, notes: list[str] | None = None
) -> dict[tuple[str, ...], CaptureTable]:
    """:func:`read_capture_csv` for a file: CSV or text in UTF-8 or Windows-1251, the first
    sheet with data of an XLSX workbook, or JSON in the shape published tables come in."""
    notes = notes if notes is not None else []
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaptureCsvError(str(path), None, None, f"cannot be read: {exc.strerror}") from exc
    if raw[:4] == b"PK\x03\x04":
        return _read_numbered(_xlsx_rows(path), str(path), notes)
    if b"\x00" in raw[:4096]:
        raise CaptureCsvError(
            str(path),
            None,
            None,
            "is a binary file (Stata .dta, SPSS .sav, old Excel .xls...): save the table as CSV "
            "or XLSX",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")
        notes.append("the file is not UTF-8: read as Windows-1251 (cp1251)")
    if text.lstrip()[:1] in ("{", "["):
        return _read_json(text, str(path), notes)
    return read_capture_csv(text.splitlines(), str(path), notes)


def _read_json(text: str, file: str, notes: list[str]) -> dict[tuple[str, ...], CaptureTable]:
    """A table as JSON: ``{"lists": [...], "cells": [{"pattern": "101", "count": 12}, ...]}``
    (``counts`` as ``{"101": 12}`` also), a list of cells, or several such tables keyed by name
    that share their lists (each a stratum; lists in another order are put in the first's)."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaptureCsvError(file, exc.lineno, None, f"is not valid JSON: {exc.msg}") from None
    if isinstance(data, dict) and ("cells" in data or "counts" in data):
        return {(): _json_table(data, file, "", notes)}
    if isinstance(data, list):
        return {(): _json_table({"cells": data}, file, "", notes)}
    if isinstance(data, dict) and data and all(isinstance(v, dict) for v in data.values()):
        tables: dict[tuple[str, ...], CaptureTable] = {
            (str(k),): _json_table(v, file, f"[{k!r}]", notes) for k, v in data.items()
        }
        first = next(iter(tables.values())).lists
        if any(sorted(t.lists) != sorted(first) for t in tables.values()):
            raise CaptureCsvError(
                file,
                None,
                None,
                f"holds {len(tables)} tables ({', '.join(map(str, data))}) with different lists: "
                "save the one to estimate in a file of its own",
            )
        for key, table in tables.items():
            if table.lists != first:
                notes.append(
                    f"table {key[0]!r} has the lists in another order ({', '.join(table.lists)}): "
                    f"put in the order {', '.join(first)}"
                )
                at = [table.lists.index(name) for name in first]
                counts = {tuple(p[i] for i in at): c for p, c in table.counts.items()}
                tables[key] = CaptureTable(first, counts)
        notes.append(f"{len(tables)} tables, each a stratum: {', '.join(map(str, data))}")
        return tables
    raise CaptureCsvError(
        file, None, None, 'is JSON but not a capture table ({"lists": [...], "cells": [...]})'
    )


def _json_table(data: dict[str, Any], file: str, where: str, notes: list[str]) -> CaptureTable:
    raw_cells = data.get("cells")
    if raw_cells is None and isinstance(data.get("counts"), dict):
        raw_cells = [{"pattern": k, "count": v} for k, v in data["counts"].items()]
    if not isinstance(raw_cells, list) or not raw_cells:
        raise CaptureCsvError(file, None, f"{where}cells", "has no cells")
    counts: dict[tuple[int, ...], int] = {}
    width = 0
    for k, cell in enumerate(raw_cells):
        field = f"{where}cells[{k}]"
        pattern = str(cell.get("pattern", "")) if isinstance(cell, dict) else ""
        count = cell.get("count") if isinstance(cell, dict) else None
        if not re.fullmatch("[01]+", pattern):
            raise CaptureCsvError(file, None, field, f"pattern {pattern!r} is not 0s and 1s")
        if isinstance(count, bool) or not isinstance(count, int | float) or count < 0:
            raise CaptureCsvError(file, None, field, f"count {count!r} is not a whole number")
        if float(count) != int(count):
            raise CaptureCsvError(file, None, field, f"count {count!r} is not a whole number")
        width = width or len(pattern)
        if len(pattern) != width:
            raise CaptureCsvError(file, None, field, f"pattern {pattern!r} is not {width} long")
        if "1" not in pattern:
            if count:
                raise CaptureCsvError(
                    file, None, field, "a person on no list cannot be observed (pattern all 0)"
                )
            continue
        key = tuple(int(c) for c in pattern)
        counts[key] = counts.get(key, 0) + int(count)
    lists = data.get("lists") or [f"L{k + 1}" for k in range(width)]
    if len(lists) != width:
        raise CaptureCsvError(
            file, None, f"{where}lists", f"names {len(lists)} lists, the patterns have {width}"
        )
    stated = data.get("n")
    if (
        isinstance(stated, int | float)
        and not isinstance(stated, bool)
        and stated != sum(counts.values())
    ):
        notes.append(
            f'warning: {where or "the table"} says "n": {stated:g} but its cells add up '
            f"to {sum(counts.values())}: the cells are used"
        )
    return CaptureTable(tuple(str(x) for x in lists), counts)


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The header and rows of a workbook, read by the importer's XLSX reader (zip-bomb checks,
    title rows and merged header cells handled there)."""
    from ..errors import ReadError
    from ..ingest.tabular import open_table

    try:
        table = open_table(path)
        rows = [(table.header_line, list(table.header))]
        for row in table.rows():
            if row.problem:
                raise CaptureCsvError(str(path), row.line, None, row.problem)
            rows.append((row.line, [_cell_text(c) for c in row.cells]))
    except ReadError as exc:
        raise CaptureCsvError(str(path), None, None, str(exc)) from None
    return rows


def _cell_text(value: str) -> str:
    """A spreadsheet number shown as ``12.0`` is the whole number 12."""
    return value[:-2] if re.fullmatch(r"\d+\.0", value) else value
