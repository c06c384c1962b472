"""Spreadsheets as rows of text cells: CSV and XLSX files as offices really make them.

:func:`open_table` looks at a file (format by extension; for CSV the encoding and delimiter;
for XLSX the sheet), finds its header (skipping title lines above it, joining multi-row and
merged headers) and returns a :class:`Table` whose :meth:`Table.rows` streams the data rows as
:class:`Row` objects: one stripped text per header column. A row that cannot be trusted as it is
(a ragged CSV line, a formula cell) still comes out, with a ``problem`` for the importer to
reject it with; a file that cannot be read at all raises :class:`svidok.errors.ReadError`
naming the file, the place and the column.

The readers live in :mod:`svidok.ingest.tabular_csv` and :mod:`svidok.ingest.tabular_xlsx`;
this module holds what they share.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReadError

__all__ = [
    "CSV_SUFFIXES",
    "XLSX_SUFFIXES",
    "Row",
    "Table",
    "open_table",
]

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# A header is looked for among the first rows only: title lines above it are few.
MAX_TITLE_ROWS = 5


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: where it is, one text per header column, and what is wrong with it."""

    line: int  # CSV: physical line where the row starts (1-based); XLSX: the sheet's row number
    cells: tuple[str, ...]  # one stripped text per header column, '' for empty
    problem: str | None = None  # set when the importer must reject the row, with this reason


class Table(ABC):
    """An opened spreadsheet: what was detected about it, its header, and its data rows.

    ``rows()`` reads the file again each time it is called, so a table holds no open file;
    it raises :class:`ReadError` if the file changed since :func:`open_table` looked at it.
    """

    format: str  # "csv" | "xlsx"

    def __init__(
        self,
        path: Path,
        file_digest: str,
        header: tuple[str, ...],
        header_line: int,
        *,
        encoding: str | None = None,
        delimiter: str | None = None,
        sheet: str | None = None,
    ) -> None:
        self.path = path
        self.file_digest = file_digest  # SHA-256 (hex) of the file's bytes
        self.encoding = encoding
        self.delimiter = delimiter
        self.sheet = sheet
        self.header = header
        self.header_line = header_line  # line/row number of the (last) header row
        self.skipped_empty = 0  # fully empty data rows skipped by the current rows() pass
        self.ignored_cells = 0  # XLSX: non-empty cells outside the header's columns, left out
        self.struck_rows = 0  # XLSX: rows whose every filled cell is struck through, skipped
        stat = path.stat()
        self._stamp = (stat.st_size, stat.st_mtime_ns)

    @property
    def name(self) -> str:
        """The file as errors name it."""
        return str(self.path)

    @abstractmethod
    def rows(self) -> Iterator[Row]:
        """The data rows below the header, in file order, streaming; empty rows are skipped."""

    @abstractmethod
    def where(self, row: Row, column: int | None = None) -> str:
        """Where a row (or one of its cells, by 0-based index into ``header``) is in the file."""

    def details(self) -> dict[str, str]:
        """What was detected, for a read report: format, encoding, delimiter, sheet, header line."""
        found = {
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": {"\t": "tab"}.get(self.delimiter or "", self.delimiter),
            "sheet": self.sheet,
            "header_line": str(self.header_line),
        }
        return {key: value for key, value in found.items() if value is not None}

    def _check_unchanged(self) -> None:
        try:
            stat = self.path.stat()
        except OSError as error:
            raise ReadError(self.name, f"cannot read the file again: {error.strerror}") from None
        if (stat.st_size, stat.st_mtime_ns) != self._stamp:
            raise ReadError(self.name, "the file changed since it was opened: open it again")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} {len(self.header)} columns>"


def open_table(
    path: str | os.PathLike[str],
    *,
    encoding: str = "auto",
    delimiter: str = "auto",
    sheet: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
    max_cell_chars: int = 1_000_000,
    max_uncompressed_bytes: int = 1_000_000_000,
) -> Table:
    """Open a CSV (.csv .tsv .txt) or XLSX (.xlsx .xlsm) file as a :class:`Table`.

    ``encoding`` and ``delimiter`` (CSV) are detected when "auto"; ``sheet`` (XLSX) defaults to
    the first visible sheet. The header is the first non-empty row after any title lines;
    ``header_row`` (the 1-based line or row number where it starts) overrides that, and
    ``header_rows`` says how many rows it spans (detected from merged cells in XLSX, else 1).
    A cell longer than ``max_cell_chars`` and an XLSX that would expand past
    ``max_uncompressed_bytes`` (or looks like a zip bomb) make the file unreadable.

    Raises :class:`ReadError` for any file that cannot be read as a table.
    """
    if header_row is not None and header_row < 1:
        raise ValueError(f"header_row must be 1 or more, not {header_row}")
    if header_rows is not None and header_rows < 1:
        raise ValueError(f"header_rows must be 1 or more, not {header_rows}")
    if max_cell_chars < 1 or max_uncompressed_bytes < 1:
        raise ValueError("max_cell_chars and max_uncompressed_bytes must be positive")
    file = Path(path)
    name = str(file)
    if not file.exists():
        raise ReadError(name, "no such file")
    if not file.is_file():
        raise ReadError(name, "not a file")
    suffix = file.suffix.lower()
    if suffix == ".xls":
        raise ReadError(name, "old Excel format (.xls): save it as .xlsx or CSV")
    if suffix in (".ods", ".numbers"):
        raise ReadError(name, f"{suffix} spreadsheets are not read: save it as .xlsx or CSV")
    try:
        empty = file.stat().st_size == 0
    except OSError as error:
        raise ReadError(name, f"cannot read the file: {error.strerror}") from None
    if empty:
        raise ReadError(name, "the file is empty")
    if suffix in CSV_SUFFIXES:
        from .tabular_csv import open_csv

        return open_csv(
            file,
            encoding=encoding,
            delimiter=delimiter,
            header_row=header_row,
            header_rows=header_rows,
            max_cell_chars=max_cell_chars,
        )
    if suffix in XLSX_SUFFIXES:
        from .tabular_xlsx import open_xlsx

        return open_xlsx(
            file,
            sheet=sheet,
            header_row=header_row,
            header_rows=header_rows,
            max_cell_chars=max_cell_chars,
            max_uncompressed_bytes=max_uncompressed_bytes,
        )
    known = " ".join(CSV_SUFFIXES + XLSX_SUFFIXES)
    raise ReadError(
        name, f"unknown kind of file {suffix or '(no extension)'!r}: Svidok reads {known}"
    )


# What the CSV and XLSX readers share: finding the header and naming its columns.


def filled(cells: Sequence[str]) -> int:
    """How many cells are not empty."""
    return sum(1 for cell in cells if cell)


def header_start(rows: Sequence[Sequence[str]]) -> int:
    """Index of the header among the first non-empty rows, skipping title lines above it.

    A title is a row with a single non-empty cell ("Список осіб, примусово мобілізованих…",
    a date), or a label and its value ("Дата звіту:;01.12.2024"), above a row with several: the first row with two or more non-empty cells is the
    header when only titles precede it. A table of one column starts at its first row.
    """
    for index, cells in enumerate(rows[: MAX_TITLE_ROWS + 1]):
        if could_be_header(cells):
            return index
    return 0


def could_be_header(cells: Sequence[str]) -> bool:
    """Whether a row above the data could be its header: two or more cells filled, and not a
    title line of "label: value" ("Організація:;ГО «…»", "Дата звіту:;01.12.2024")."""
    count = filled(cells)
    if count < 2:
        return False
    first = next(cell for cell in cells if cell and cell.strip())
    return not (count <= 3 and first.rstrip().endswith(":"))


def header_names(grid: Sequence[Sequence[str]], width: int, *, fill_right: bool) -> tuple[str, ...]:
    """Column names from one or more header rows (top first), ``width`` columns wide.

    Several rows are joined per column with " / " ("Особа / ПІБ"). With ``fill_right`` an
    empty cell in an upper row takes the text on its left, as a merged cell exported to CSV
    leaves it ("Особа;;;Подія;"), where the bottom row names the column. Blank names become "column N"; repeated names get " (2)", …
    """
    rows = [list(row[:width]) + [""] * (width - len(row)) for row in grid]
    if fill_right:
        for row in rows[:-1]:
            left = ""
            for index in range(width):
                if row[index]:
                    left = row[index]
                elif rows[-1][index]:
                    row[index] = left
    names: list[str] = []
    for index in range(width):
        parts: list[str] = []
        for row in rows:
            text = " ".join(row[index].split())  # header text on several lines: one line
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append(" / ".join(parts) or f"column {index + 1}")
    return unique_names(names)


def unique_names(names: Sequence[str]) -> tuple[str, ...]:
    """The names, with " (2)", " (3)"… added to repeats so that every name is unique."""
    taken = set(names)
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        unique = name
        if name in seen:
            number = 2
            while f"{name} ({number})" in taken:
                number += 1
            unique = f"{name} ({number})"
            taken.add(unique)
        seen.add(name)
        result.append(unique)
    return tuple(result)


def column_letter(number: int) -> str:
    """The spreadsheet letters of a 1-based column number: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
