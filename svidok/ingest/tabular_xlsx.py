"""XLSX workbooks, streamed with openpyxl's read-only mode; values only, never formulas.

Before openpyxl sees a file, its zip directory is checked against a zip bomb (a total
uncompressed size over the limit, or a big member compressed more than 200-fold; Python's
zipfile never inflates a member past its declared size). Merged header cells are found by
scanning the sheet's XML for its ``<mergeCells>`` list (read-only mode does not keep it),
so even a big sheet is read as a stream. The same list says which data cells are merged down
over several rows ("Бердянськ" once for three persons): their value is given to every row
they cover, as the reader of the sheet sees it. :func:`data_sheet` says which sheet of a
workbook holds the data when the first one is instructions or a summary.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import ReadError
from .tabular import MAX_TITLE_ROWS, Row, Table, column_letter, header_names, header_start

__all__ = ["XlsxTable", "cell_text", "data_sheet", "open_xlsx"]

_BIG_MEMBER = 10 * 1024 * 1024
_MAX_RATIO = 200
_BATCH = 500
_MAX_HEADER_ROWS = 3  # detected from merged cells; header_rows may ask for more
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']\$?([A-Z]+)\$?([0-9]+):\$?([A-Z]+)\$?([0-9]+)"
)
_PLAIN_SHEET = re.compile(r"[^\W\d]\w*")


@dataclass
class _HeadRow:
    texts: dict[int, str] = field(default_factory=dict)  # column (1-based) → text
    text_columns: set[int] = field(default_factory=set)  # cells holding strings
    formulas: dict[int, str] = field(default_factory=dict)


class XlsxTable(Table):
    """A worksheet of an XLSX workbook opened by :func:`open_xlsx`."""

    format = "xlsx"

    def __init__(
        self, path: Path, digest: str, sheet: str, first_column: int, cell_chars: int
    ) -> None:
        super().__init__(path, digest, (), 0, sheet=sheet)
        self._sheet = sheet
        self._first = first_column
        self._cell_chars = cell_chars
        # Data cells merged down: (column, first row, last row), the value in the first row.
        self._fills: list[tuple[int, int, int]] = []

    def details(self) -> dict[str, str]:
        """What was detected; ``merged_cells`` when merged data cells were filled down."""
        found = super().details()
        if self._fills:
            cells = len(self._fills)
            rows = len({n for _, first, last in self._fills for n in range(first + 1, last + 1)})
            found["merged_cells"] = (
                f"{cells} merged {'cell' if cells == 1 else 'cells'} filled into the {rows} "
                f"{'row' if rows == 1 else 'rows'} below {'it' if cells == 1 else 'them'}"
            )
        return found

    def rows(self) -> Iterator[Row]:
        """The data rows; a formula or error value in a header column gives the row a problem.

        Cells outside the header's columns are left out, and counted in ``ignored_cells``.
        """
        self._check_unchanged()
        self.skipped_empty = self.ignored_cells = self.struck_rows = 0
        number = self.header_line
        starts: dict[int, list[tuple[int, int]]] = {}
        for column, first, last in self._fills:
            starts.setdefault(first, []).append((column, last))
        filling: dict[int, tuple[str, int]] = {}  # column -> merged value, last row it covers
        workbook = _load(self.name, self.path)
        try:
            sheet = workbook[self._sheet]
            sheet.reset_dimensions()  # some writers record wrong dimensions
            source = sheet.iter_rows(min_row=number + 1)
            try:
                while batch := self._batch(source, number):
                    for cells in batch:
                        number += 1
                        row = self._row(number, cells, starts.get(number, ()), filling)
                        if row is None:
                            self.skipped_empty += 1
                        else:
                            yield row
            finally:
                source.close()
        finally:
            workbook.close()

    def _row(
        self,
        number: int,
        cells: tuple[Any, ...],
        starts: Sequence[tuple[int, int]],
        filling: dict[int, tuple[str, int]],
    ) -> Row | None:
        first = self._first
        width = len(self.header)
        last = first + width - 1
        texts = [""] * width
        problems: list[str] = []
        struck = True  # every filled cell struck through: a row crossed out (withdrawn)
        for cell in cells:
            value = cell.value
            if value is None:
                continue
            column = cell.column
            if not first <= column <= last:
                if type(value) is not str or value.strip():
                    self.ignored_cells += 1
                continue
            struck = struck and bool(getattr(cell.font, "strike", False))
            kind = cell.data_type
            if kind == "f" or kind == "e":
                problems.append(_cell_problem(cell, kind, value))
                continue
            text = value.strip() if type(value) is str else _text(cell, value)
            if len(text) > self._cell_chars:
                raise self._too_long(number, column)
            texts[column - first] = text
        if struck and any(texts):
            self.struck_rows += 1
            return None
        self._fill(number, texts, starts, filling)
        if problems:
            return Row(number, tuple(texts), _join(problems))
        return Row(number, tuple(texts)) if any(texts) else None

    def _fill(
        self,
        number: int,
        texts: list[str],
        starts: Sequence[tuple[int, int]],
        filling: dict[int, tuple[str, int]],
    ) -> None:
        """Give the row the values of the merged cells over it; remember those that start here.

        A row with nothing of its own stays empty: a merged cell reaching past the last person
        does not make a row. A merged range over several columns fills its first column only,
        where the value of its first row is read too.
        """
        own = any(texts)
        for column, (text, last) in list(filling.items()):
            if number > last:
                del filling[column]
            elif own and not texts[column - self._first]:
                texts[column - self._first] = text
        for column, last in starts:
            text = texts[column - self._first]
            if text:
                filling[column] = (text, last)

    def where(self, row: Row, column: int | None = None) -> str:
        """A cell as "Sheet1!C12" (``column`` indexes ``header``), a row as "Sheet1 row 12"."""
        if column is None:
            return f"{self._sheet} row {row.line}"
        return f"{_sheet_ref(self._sheet)}!{column_letter(self._first + column)}{row.line}"

    def _batch(self, source: Iterator[tuple[Any, ...]], number: int) -> list[tuple[Any, ...]]:
        """The next rows after row ``number``, up to a batch, with openpyxl's warnings off."""
        batch: list[tuple[Any, ...]] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on features it drops
            try:
                batch.extend(islice(source, _BATCH))
            except Exception as error:  # a damaged sheet: whatever the XML parser raises
                where = f"{self._sheet} row {number + len(batch) + 1}"
                reason = f"cannot read the sheet at or after this row: {_reason(error)}"
                raise ReadError(self.name, reason, where) from None
        return batch

    def _too_long(self, row: int, column: int) -> ReadError:
        index = column - self._first
        name = self.header[index] if 0 <= index < len(self.header) else ""
        message = (
            f"a cell is longer than {self._cell_chars:,} characters (the max_cell_chars limit)"
        )
        where = f"{_sheet_ref(self._sheet)}!{column_letter(column)}{row}"
        return ReadError(self.name, message, where=where, field=name)


def open_xlsx(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
    max_cell_chars: int = 1_000_000,
    max_uncompressed_bytes: int = 1_000_000_000,
) -> XlsxTable:
    """Open a worksheet of an XLSX file and find its header (see open_table)."""
    name = str(path)
    _check_archive(name, path, max_uncompressed_bytes)
    with path.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()
    workbook = _load(name, path)
    try:
        worksheet = _choose_sheet(name, workbook, sheet)
        title: str = worksheet.title
        member: str | None = getattr(worksheet, "_worksheet_path", None)
        worksheet.reset_dimensions()
        table = XlsxTable(path, digest, title, 1, max_cell_chars)
        wanted = (header_row or 0) + MAX_TITLE_ROWS + max(header_rows or 0, _MAX_HEADER_ROWS) + 1
        head = _head(table, worksheet.iter_rows(), wanted)
    finally:
        workbook.close()
    merges = [] if member is None else _merged_ranges(name, path, member)
    _find_header(table, head, merges, header_row, header_rows)
    last_column = table._first + len(table.header) - 1
    table._fills = sorted(
        (c1, r1, r2)
        for c1, r1, _, r2 in merges
        if r1 > table.header_line and r2 > r1 and table._first <= c1 <= last_column
    )
    return table


def data_sheet(
    path: Path, *, max_rows: int = 1000, max_uncompressed_bytes: int = 1_000_000_000
) -> tuple[str, str]:
    """The visible sheet that looks most like a table of data, and why it was chosen.

    A workbook may start with instructions, a title page or a summary. Each visible sheet's
    first ``max_rows`` rows are read; the sheet with most rows of two or more filled cells
    wins (then the one with most filled cells in them, then the first). The reason names the
    other visible sheets and what they hold; it is '' when there is only one.
    """
    name = str(path)
    _check_archive(name, path, max_uncompressed_bytes)
    workbook = _load(name, path)
    try:
        visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        if not visible:
            raise ReadError(name, "the workbook has no visible worksheet")
        if len(visible) == 1:
            return str(visible[0].title), ""
        scores = [(_score(name, sheet, max_rows), str(sheet.title)) for sheet in visible]
    finally:
        workbook.close()
    best = max(range(len(scores)), key=lambda i: (scores[i][0], -i))
    (rows, _), title = scores[best]
    others = ", ".join(f"{other!r} {n}" for (n, _), other in scores if other != title)
    reason = (
        f"sheet {title!r} is read: it has the most rows with two or more filled cells, {rows} "
        f"(other sheets: {others})"
    )
    return title, reason


def _score(name: str, sheet: Any, max_rows: int) -> tuple[int, int]:
    """Rows with two or more filled cells among the first ``max_rows``, and their cells."""
    rows = cells = 0
    sheet.reset_dimensions()
    source = sheet.iter_rows(max_row=max_rows, values_only=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for values in source:
                filled = sum(1 for v in values if v is not None and str(v).strip())
                if filled >= 2:
                    rows += 1
                    cells += filled
        except Exception as error:  # a damaged sheet: whatever the XML parser raises
            raise ReadError(name, f"cannot read sheet {sheet.title!r}: {_reason(error)}") from None
        finally:
            source.close()
    return rows, cells


def _check_archive(name: str, path: Path, limit: int) -> None:
    """Refuse what is not a zip, and zip bombs, before openpyxl inflates anything."""
    with path.open("rb") as file:
        if file.read(len(_OLE)) == _OLE:
            message = "an old Excel (.xls) or password-protected file: save it as .xlsx without a password, or as CSV"
            raise ReadError(name, message)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError(name, "not a valid .xlsx file: it is not a zip archive") from None
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _BIG_MEMBER and ratio > _MAX_RATIO:
            message = f"{member.filename} would expand {ratio:.0f}-fold to {member.file_size:,} bytes: the file looks like a zip bomb"
            raise ReadError(name, message)
    if total > limit:
        message = f"the workbook would expand to {total:,} bytes, over the max_uncompressed_bytes limit of {limit:,}"
        raise ReadError(name, message)
    if not any(member.filename == "[Content_Types].xml" for member in members):
        raise ReadError(name, "not a valid .xlsx file: a zip archive, but not an Excel workbook")


def _load(name: str, path: Path) -> Any:
    openpyxl = importlib.import_module("openpyxl")  # typed as Any: openpyxl ships no types
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise ReadError(name, f"not a valid .xlsx file: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    text = str(error).split("\n")[0].strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _choose_sheet(name: str, workbook: Any, wanted: str | None) -> Any:
    sheets = list(workbook.worksheets)
    if wanted is None:
        visible = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
        if not visible:
            raise ReadError(name, "the workbook has no visible worksheet")
        return visible[0]
    for exact in (True, False):  # Excel's sheet names are unique ignoring case
        for sheet in sheets:
            if sheet.title == wanted or (not exact and sheet.title.casefold() == wanted.casefold()):
                return sheet
    listed = ", ".join(repr(title) for title in workbook.sheetnames)
    raise ReadError(name, f"no worksheet {wanted!r}: the sheets are {listed}")


def _head(table: XlsxTable, source: Iterator[tuple[Any, ...]], wanted: int) -> dict[int, _HeadRow]:
    """The first rows (by row number) until ``wanted`` non-empty ones, as text."""
    rows: dict[int, _HeadRow] = {}
    number = 0
    try:
        while (batch := table._batch(source, number)) and len(rows) < wanted:
            for cells in batch:
                number += 1
                row = _HeadRow()
                for cell in cells:
                    if cell.value is None:
                        continue
                    if cell.data_type == "f":
                        row.formulas[cell.column] = _formula(cell.value)
                        row.texts[cell.column] = row.formulas[cell.column]
                        continue
                    text = _text(cell, cell.value)
                    if text:
                        row.texts[cell.column] = text
                        if isinstance(cell.value, str):
                            row.text_columns.add(cell.column)
                if row.texts:
                    rows[number] = row
                    if len(rows) >= wanted:
                        break
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()
    return rows


def _find_header(
    table: XlsxTable,
    head: dict[int, _HeadRow],
    merges: list[tuple[int, int, int, int]],
    header_row: int | None,
    header_rows: int | None,
) -> None:
    sheet = table._sheet
    if header_row is not None:
        if header_row not in head:
            raise ReadError(
                table.name,
                f"row {header_row} of sheet {sheet!r} is empty, but header_row says the header is there",
            )
        start = header_row
    elif not head:
        raise ReadError(table.name, f"sheet {sheet!r} is empty: it has no header")
    else:
        numbers = sorted(head)
        start = numbers[header_start([_as_list(head[n]) for n in numbers])]
    size = header_rows or _detect_rows(start, head, merges)
    grid = [dict(head[n].texts) if n in head else {} for n in range(start, start + size)]
    for c1, r1, c2, r2 in merges:  # a merged cell's text fills every cell it covers
        top = head.get(r1)
        text = top.texts.get(c1, "") if top is not None else ""
        for number in range(max(r1, start), min(r2, start + size - 1) + 1):
            for column in range(c1, c2 + 1):
                if text:
                    grid[number - start].setdefault(column, text)
    columns = [column for row in grid for column in row]
    first, last = min(columns), max(columns)
    for offset in range(size):
        formulas = head[start + offset].formulas if start + offset in head else {}
        if formulas:
            column = min(formulas)
            where = f"{_sheet_ref(sheet)}!{column_letter(column)}{start + offset}"
            message = f"a header cell holds a formula ({_short(formulas[column])}): paste the values in the spreadsheet first"
            raise ReadError(table.name, message, where=where)
    for offset, row in enumerate(grid):
        for column, text in row.items():
            if len(text) > table._cell_chars:
                raise table._too_long(start + offset, column)
    width = last - first + 1
    rows = [[row.get(column, "") for column in range(first, last + 1)] for row in grid]
    table.header = header_names(rows, width, fill_right=False)
    table.header_line = start + size - 1
    table._first = first


def _detect_rows(
    start: int, head: dict[int, _HeadRow], merges: list[tuple[int, int, int, int]]
) -> int:
    """How many rows the header spans: more than one when merged cells say so.

    The row below joins the header when a merged cell spans both rows (a "№" over two rows),
    or when the row has merged cells over several columns and the row below holds only text,
    only under those merged cells and in at least two columns ("Особа" over "ПІБ", "Дата…").
    """
    size = 1
    while size < _MAX_HEADER_ROWS:
        number = start + size - 1
        below = head.get(number + 1)
        if below is None or set(below.texts) - below.text_columns:
            break
        spans = [m for m in merges if m[1] <= number <= m[3]]
        vertical = any(start <= r1 and r2 > number for _, r1, _, r2 in spans)
        covered = {c for c1, r1, c2, r2 in spans if c2 > c1 for c in range(c1, c2 + 1)}
        under = set(below.texts) <= covered and len(below.texts) >= 2
        if not (vertical or under):
            break
        size += 1
    return size


def _as_list(row: _HeadRow) -> list[str]:
    return list(row.texts.values())


def _merged_ranges(name: str, path: Path, member: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (first column, first row, last column, last row).

    ``<mergeCells>`` follows the cell data in the sheet's XML: the member is inflated in
    blocks and searched, keeping only what follows the tag.
    """
    kept: list[bytes] = []
    tail = b""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as xml:
            while block := xml.read(1 << 20):
                if kept:
                    kept.append(block)
                    continue
                data = tail + block
                found = data.find(b"mergeCells")
                if found >= 0:
                    kept.append(data[max(found - 16, 0) :])
                else:
                    tail = data[-32:]
    except (zipfile.BadZipFile, OSError, KeyError) as error:
        raise ReadError(name, f"not a valid .xlsx file: {_reason(error)}") from None
    ranges = []
    for match in _MERGE.finditer(b"".join(kept)):
        c1, r1, c2, r2 = (part.decode() for part in match.groups())
        ranges.append((_column_number(c1), int(r1), _column_number(c2), int(r2)))
    return ranges


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _text(cell: Any, value: object) -> str:
    text = cell_text(value)
    whole = type(value) is int or (type(value) is float and value.is_integer())
    if whole and cell.has_style:
        # An id shown with leading zeros ("000123" by a number format of zeros) keeps them.
        fmt = cell.number_format
        if len(fmt) > 1 and not fmt.strip("0") and text.isdigit():
            text = text.zfill(len(fmt))
    return text


def cell_text(value: object) -> str:
    """The text of a cell's value: ISO dates, "12" for 12.0, "TRUE"/"FALSE", '' for empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text and value == value else text
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="microseconds" if value.microsecond else "seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value).strip()


def _formula(value: object) -> str:
    text = getattr(value, "text", value)  # array and data-table formulas are objects
    return str(text)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _cell_problem(cell: Any, kind: str, value: object) -> str:
    ref = f"{column_letter(cell.column)}{cell.row}"
    if kind == "f":
        return f"cell {ref} holds a formula ({_short(_formula(value))}): Svidok imports values only; paste the values in the spreadsheet first"
    return f"cell {ref} holds an error value ({value}): correct it in the spreadsheet"


def _join(problems: list[str]) -> str:
    more = f"; and {len(problems) - 2} more cells like these" if len(problems) > 2 else ""
    return "; ".join(problems[:2]) + more


def _sheet_ref(title: str) -> str:
    """A sheet name as Excel writes it before "!": quoted when it has spaces or signs."""
    if _PLAIN_SHEET.fullmatch(title):
        return title
    return "'" + title.replace("'", "''") + "'"
