"""Capture-history tables that a statistician brings, as CSV (or R's ``write.table`` text).

Two shapes are read:
- aggregated: one 0/1 column per list and a count column (``count``, ``n``, ``freq``,
  ``frequency``, ``Freq``, ``weight``... or, failing a known name, the one column of whole
  numbers), one row per capture pattern;
- individual: one 0/1 column per list, one row per person.
The lists may also come as one column of patterns (``101``: on lists 1 and 3), named L1, L2...
List cells may be written 0/1, 0.0/1.0, TRUE/FALSE, yes/no, так/ні, да/нет, or x/+ and empty.

Separators ``,`` ``;`` tab ``|`` and runs of spaces are recognised; row names as R writes
them (one cell more than the header) and an unnamed first column of row numbers are dropped;
a column with a different value on every row (a person's id, a pattern's label) is ignored.
Any other column is a stratum (e.g. ``region``): one table per distinct value combination.
What was guessed is said in ``notes``. Errors name the file, line and column; nothing is
returned for a file with an error.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = ["COUNT_COLUMNS", "CaptureCsvError", "read_capture_csv", "read_capture_file"]

COUNT_COLUMNS = (
    "count",
    "counts",
    "n",
    "freq",
    "frequency",
    "weight",
    "number",
    "total",
    "nb",
    "кількість",
    "количество",
    "частота",
    "persons",
    "people",
    "individuals",
    "cases",
    "victims",
    "осіб",
    "особи",
    "людей",
    "человек",
    "лиц",
    "_freq",
    "freq_",
)
_TRUE = frozenset(
    {"1", "1.0", "1.00", "1,0", "1,00", "true", "t", "yes", "y", "так", "да", "x", "+", "✓", "✔"}
)
_FALSE = frozenset(
    {"0", "0.0", "0.00", "0,0", "0,00", ".00", ",00", "false", "f", "no", "n", "ні", "нет", "-", ""}
)
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f,]\d{3})+$")
_DELIMITERS = (",", ";", "\t", "|")
_UNKNOWN = frozenset({"", "?", "na", "n/a", "nan", "-", "—", "unknown", "невідомо", "неизвестно"})


class CaptureCsvError(CaptureTableError):
    """A capture-history file that cannot be read, with where and why."""

    def __init__(self, file: str, line: int | None, column: str | None, reason: str) -> None:
        where = (
            file + (f", line {line}" if line else "") + (f", column {column!r}" if column else "")
        )
        super().__init__(f"{where}: {reason}")
        self.file, self.line, self.column, self.reason = file, line, column, reason


@dataclass
class _Layout:
    lists: list[str]  # list columns (or the one pattern column)
    count: str | None
    strata: list[str]
    pattern: str | None = None  # a column of 0/1 strings, one character per list
    width: int = 0


def _flag(value: str) -> int | None:
    v = value.strip().lower()
    if v in _TRUE:
        return 1
    if v in _FALSE:
        return 0
    return None


def _whole(value: str) -> int | None:
    v = value.strip()
    if re.fullmatch(r"\d+[.,]0+", v):  # 54,00 (a decimal comma, as SPSS writes)
        return int(re.split(r"[.,]", v)[0])
    if _THOUSANDS.match(v):
        v = re.sub(r"[ \u00a0\u202f,]", "", v)
    try:
        return int(v)
    except ValueError:
        pass
    try:
        number = float(v)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _split(lines: list[str]) -> list[list[str]]:
    sample = [line for line in lines[:50] if line.strip()]
    header = sample[0] if sample else ""
    counts = {d: header.count(d) for d in _DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0 and re.search(r"\S\s+\S", header.strip()):
        reader = csv.reader(lines, delimiter=" ", skipinitialspace=True)
        return [[c for c in row if c != ""] for row in reader]
    return [row for row in csv.reader(lines, delimiter=delimiter)]


def _layout(
    header: list[str], rows: list[list[str]], lines: tuple[int, int], file: str, notes: list[str]
) -> _Layout:
    header_line, first_line = lines
    named = [h for h in header if h.strip().lower() in COUNT_COLUMNS]
    count = named[0] if named else None
    lists: list[str] = []
    others: list[str] = []
    for i, name in enumerate(header):
        if name == count:
            continue
        values = [row[i].strip().lower() for row in rows]
        flags = [_flag(v) for v in values]
        nonempty = {v for v in values if v}
        if all(f is not None for f in flags) and nonempty:
            lists.append(name)
            continue
        odd = [k for k, f in enumerate(flags) if f is None and _whole(values[k]) is None]
        numbers = [k for k, f in enumerate(flags) if f is None]
        if count is not None and not odd and 0 < len(numbers) <= max(1, 0.25 * len(values)):
            # the counts are named: a column of 0/1 with a few other numbers is a list with
            # mistakes in it ("2" for "1"), not a stratum
            odd = numbers
        elif not (len(odd) <= 0.1 * len(values) and len(values) >= 10):
            odd = []
        if odd:
            bad = odd[0]
            raise CaptureCsvError(
                file,
                first_line + bad,
                name,
                f"looks like a list (0/1 values) but has {rows[bad][i].strip()!r}; "
                "remove total or comment rows",
            )
        others.append(name)
    pattern = None
    width = 0
    if len(lists) < 2:
        for i, name in enumerate(header):
            patterns = {row[i].strip() for row in rows}
            if name in others and all(re.fullmatch("[01]+", v) for v in patterns):
                width = max(len(v) for v in patterns)
                if width < 2:
                    continue
                pattern = name
                others.remove(name)
                lists = [f"L{k + 1}" for k in range(width)]
                notes.append(
                    f"column {name!r} read as capture patterns: one character per list, "
                    f"lists named {', '.join(lists)}"
                    + (
                        "; shorter patterns padded with leading zeros (as a spreadsheet drops them)"
                        if any(len(v) < width for v in patterns)
                        else ""
                    )
                )
                break
    if count is None:
        numeric = [
            name
            for name in others
            if all((w := _whole(row[header.index(name)])) is not None and w >= 0 for row in rows)
            and any((_whole(row[header.index(name)]) or 0) > 1 for row in rows)
            and not _labels(name, [row[header.index(name)] for row in rows], rows, header, lists)
        ]
        if len(numeric) == 1:
            count = numeric[0]
            others.remove(count)
            notes.append(f"column {count!r} read as the count of each pattern")
    strata: list[str] = []
    for name in others:
        i = header.index(name)
        values = [row[i].strip() for row in rows]
        if len(rows) >= 3 and len(set(values)) == len(values):
            notes.append(f"column {name!r} has a different value on every row: ignored (a label)")
            continue
        strata.append(name)
    if len(lists) < 2:
        raise CaptureCsvError(
            file,
            header_line,
            None,
            f"needs at least 2 list columns of 0/1 values; found {lists or 'none'}",
        )
    return _Layout(lists, count, strata, pattern, width)


_ID_NAMES = re.compile(
    r"^(?:id|ids|#|№|no\.?|nr\.?|num|row|rownum|row_?id|person(?:_?id)?|record(?:_?id)?|key|uid|"
    r"код|номер|н/п|п/п|№ ?п/п|ід|id_.*|.*_id)$",
    re.IGNORECASE,
)


def _labels(
    name: str, values: list[str], rows: list[list[str]], header: list[str], lists: list[str]
) -> bool:
    """Whether a column of whole numbers is a label (a person's or row's number), not counts:
    named like an id, or numbering the rows 1, 2, 3..., or all different while the capture
    patterns repeat (one row per person, each with its own number)."""
    if _ID_NAMES.match(name.strip()):
        return True
    numbers = [_whole(v) for v in values]
    first = numbers[0] or 0
    if len(values) >= 3 and numbers == list(range(first, first + len(values))):
        return True
    if len(set(numbers)) == len(numbers) and lists:
        at = [header.index(n) for n in lists]
        patterns = [tuple(_flag(row[i].strip().lower()) for i in at) for row in rows]
        return len(set(patterns)) < len(patterns)
    return False


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


def _read_numbered(
    numbered: list[tuple[int, list[str]]], file: str, notes: list[str]
) -> dict[tuple[str, ...], CaptureTable]:
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
    data = numbered[1:]
    if not data:
        raise CaptureCsvError(file, None, None, "the file has a header but no rows")
    if all(len(row) == len(header) + 1 for _, row in data):
        data = [(n, row[1:]) for n, row in data]
        notes.append("the first cell of each row is a row name (as R writes them): ignored")
    elif header and header[0] in ("", "Unnamed: 0") and len({r[0] for _, r in data}) == len(data):
        header = header[1:]
        data = [(n, row[1:]) for n, row in data]
        notes.append("the first, unnamed column holds row numbers: ignored")
    if len(set(header)) != len(header) or any(not h for h in header):
        raise CaptureCsvError(file, header_line, None, "column names must be present and distinct")
    for number, row in data:
        if len(row) != len(header):
            raise CaptureCsvError(
                file, number, None, f"has {len(row)} cells, the header has {len(header)}"
            )
    data = _without_total_rows(header, data, file, notes)
    rows = [row for _, row in data]
    guessed: list[str] = []
    try:
        layout = _layout(header, rows, (header_line, data[0][0]), file, guessed)
        notes.extend(guessed)
    except CaptureCsvError as exc:
        long = _long_form(header, data, file, notes) if exc.reason.startswith("needs") else None
        if long is None:
            raise exc from None
        return long
    index = {name: i for i, name in enumerate(header)}
    cells: dict[tuple[str, ...], dict[tuple[int, ...], int]] = {}
    for number, row in data:
        if layout.pattern is not None:
            pattern = tuple(int(c) for c in row[index[layout.pattern]].strip().zfill(layout.width))
        else:
            pattern = tuple(_flag(row[index[name]]) or 0 for name in layout.lists)
        count = 1
        if layout.count is not None:
            raw = row[index[layout.count]].strip()
            whole = _whole(raw)
            if whole is None and not any(pattern) and raw.lower() in _UNKNOWN:
                notes.append(
                    f"line {number}: the row for persons on no list is ignored "
                    "(their number is what is estimated)"
                )
                continue
            if whole is None:
                raise CaptureCsvError(file, number, layout.count, f"{raw!r} is not a whole number")
            if whole < 0:
                raise CaptureCsvError(file, number, layout.count, "a count cannot be negative")
            count = whole
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
        table = cells.setdefault(stratum, {})
        table[pattern] = table.get(pattern, 0) + count
    return {stratum: CaptureTable(tuple(layout.lists), counts) for stratum, counts in cells.items()}


def read_capture_file(
    path: str | Path, notes: list[str] | None = None
) -> dict[tuple[str, ...], CaptureTable]:
    """:func:`read_capture_csv` for a file: CSV or text in UTF-8 or Windows-1251, or the first
    sheet with data of an XLSX workbook."""
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
    that share their lists (each a stratum)."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaptureCsvError(file, exc.lineno, None, f"is not valid JSON: {exc.msg}") from None
    if isinstance(data, dict) and ("cells" in data or "counts" in data):
        return {(): _json_table(data, file, "")}
    if isinstance(data, list):
        return {(): _json_table({"cells": data}, file, "")}
    if isinstance(data, dict) and data and all(isinstance(v, dict) for v in data.values()):
        tables: dict[tuple[str, ...], CaptureTable] = {
            (str(k),): _json_table(v, file, f"[{k!r}]") for k, v in data.items()
        }
        lists = {t.lists for t in tables.values()}
        if len(lists) > 1:
            raise CaptureCsvError(
                file,
                None,
                None,
                f"holds {len(tables)} tables ({', '.join(map(str, data))}) with different lists: "
                "save the one to estimate in a file of its own",
            )
        notes.append(f"{len(tables)} tables, each a stratum: {', '.join(map(str, data))}")
        return tables
    raise CaptureCsvError(
        file, None, None, 'is JSON but not a capture table ({"lists": [...], "cells": [...]})'
    )


def _json_table(data: dict[str, Any], file: str, where: str) -> CaptureTable:
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


_TOTAL = re.compile(
    r"^(?:grand total|total|totals|sum|all|overall|всього|усього|разом|итого|всего|сумма|"
    r"загалом)\b",
    re.IGNORECASE,
)


def _without_total_rows(
    header: list[str], data: list[tuple[int, list[str]]], file: str, notes: list[str]
) -> list[tuple[int, list[str]]]:
    """Drop a last row labelled Total (Всього, Итого...) whose count is the sum of the others'
    counts; a total row that does not add up is pointed at."""
    if not data:
        return data
    number, last = data[-1]
    label = next((c.strip() for c in last if c.strip()), "")
    if not _TOTAL.match(label):
        return data
    count_at = next((i for i, h in enumerate(header) if h.strip().lower() in COUNT_COLUMNS), None)
    if count_at is None:
        whole = [i for i, c in enumerate(last) if _whole(c) is not None]
        count_at = whole[-1] if whole else None
    if count_at is not None:
        total = _whole(last[count_at])
        summed = sum(_whole(row[count_at]) or 0 for _, row in data[:-1])
        if total == summed:
            notes.append(f"line {number} ({label!r}) is a total row: ignored")
            return data[:-1]
    raise CaptureCsvError(
        file,
        number,
        None,
        f"{label!r} looks like a total row that does not add up to the rows above: remove it",
    )


_LIST_NAMES = re.compile(
    r"^(?:lists?|sources?|systems?|organi[sz]ations?|orgs?|databases?|списк[иі]?|список|"
    r"джерел[ао]|джерело|источник[и]?|организаци[яи]|організаці[яї]|систем[аи])$",
    re.IGNORECASE,
)
_PERSON_NAMES = re.compile(
    r"^(?:person|individual|name|full ?name|піб|фио|фіо|особа|лицо)$", re.IGNORECASE
)
_SET_SPLIT = re.compile(r"\s*[;,|+/&]\s*|\s+(?:and|і|и|та)\s+")
_MAX_LISTS = 15


def _long_form(
    header: list[str], data: list[tuple[int, list[str]]], file: str, notes: list[str]
) -> dict[tuple[str, ...], CaptureTable] | None:
    """Tables written one row per person with the lists as names (``p2,A;B``), or one row per
    person and list (``p2,A`` and ``p2,B``); None when the file is neither."""
    rows = [row for _, row in data]

    def tokens(i: int) -> list[list[str]]:
        return [[t for t in _SET_SPLIT.split(row[i].strip()) if t] for row in rows]

    candidates = []
    for i, name in enumerate(header):
        vocabulary = {t for ts in tokens(i) for t in ts}
        if any(_flag(t) is not None or _whole(t) is not None for t in vocabulary):
            continue  # numbers and 0/1 marks do not name lists
        if 2 <= len(vocabulary) <= _MAX_LISTS and len(vocabulary) < len(rows):
            candidates.append((not _LIST_NAMES.match(name.strip()), len(vocabulary), i))
    if not candidates:
        return None
    list_at = min(candidates)[2]
    others = [i for i in range(len(header)) if i != list_at]
    count_at = next((i for i in others if header[i].strip().lower() in COUNT_COLUMNS), None)
    others = [i for i in others if i != count_at]
    person_at = next(
        (i for i in others if _ID_NAMES.match(header[i]) or _PERSON_NAMES.match(header[i])), None
    )
    if person_at is None and others:
        most = max(others, key=lambda i: len({row[i].strip() for row in rows}))
        if len({row[most].strip() for row in rows}) > 0.5 * len(rows):
            person_at = most
    strata = [i for i in others if i != person_at]
    if person_at is not None and count_at is not None:
        raise CaptureCsvError(
            file, None, header[count_at], "a count column beside a column naming persons"
        )
    lists = sorted({t for ts in tokens(list_at) for t in ts})
    position = {name: k for k, name in enumerate(lists)}
    persons: dict[str, tuple[tuple[str, ...], set[str], int]] = {}
    for (number, row), names in zip(data, tokens(list_at), strict=True):
        who = row[person_at].strip() if person_at is not None else f"row {number}"
        if person_at is not None and not who:
            raise CaptureCsvError(file, number, header[person_at], "the person cell is empty")
        weight = 1
        if count_at is not None:
            whole = _whole(row[count_at])
            if whole is None or whole < 0:
                raise CaptureCsvError(
                    file, number, header[count_at], f"{row[count_at].strip()!r} is not a count"
                )
            weight = whole
        stratum = tuple(row[i].strip() for i in strata)
        if not names:
            raise CaptureCsvError(file, number, header[list_at], "names no list")
        known = persons.get(who)
        if known is not None and known[0] != stratum:
            raise CaptureCsvError(
                file, number, None, f"{who!r} is in two strata ({known[0]} and {stratum})"
            )
        if known is None:
            persons[who] = (stratum, {*names}, weight)
        else:
            known[1].update(names)
    cells: dict[tuple[str, ...], dict[tuple[int, ...], int]] = {}
    for stratum, on, weight in persons.values():
        pattern = [0] * len(lists)
        for name in on:
            pattern[position[name]] = 1
        table = cells.setdefault(stratum, {})
        table[tuple(pattern)] = table.get(tuple(pattern), 0) + weight
    notes.append(
        f"column {header[list_at]!r} read as the names of the lists each "
        + (f"person ({header[person_at]!r}) is on" if person_at is not None else "row is on")
        + f": {', '.join(lists)}"
        + (f"; strata: {', '.join(header[i] for i in strata)}" if strata else "")
    )
    return {stratum: CaptureTable(tuple(lists), counts) for stratum, counts in cells.items()}
