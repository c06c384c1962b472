"""CSV as offices write it: utf-8 (with or without BOM), cp1251, utf-16; ; , tab or | between cells.

Opening a file makes one fast pass over its bytes (1 MB blocks) that computes its SHA-256,
checks that it decodes in the chosen encoding (naming the line that does not) and notes any
line too long to read safely. Rows are then read with the csv module over an
:class:`io.TextIOWrapper`, so memory stays flat however many rows there are.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from itertools import islice
from pathlib import Path

from ..errors import ReadError
from .tabular import (
    MAX_TITLE_ROWS,
    Row,
    Table,
    could_be_header,
    header_names,
    header_start,
)

__all__ = ["CsvTable", "open_csv"]

_BLOCK = 1 << 20
_SAMPLE_CHARS = 1 << 16
_DELIMITERS = (";", ",", "\t", "|")
_MANY_LINES = 20  # a row over more lines than this is suspect when it is ragged
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
_HIGH_BYTES = bytes(range(128, 256))
# Bytes that cp1251 decodes to Cyrillic letters (А-я, and і ї є ґ Ў ј ... among 0x80-0xBF).
_CP1251_LETTERS = bytes(
    b for b in range(128, 256) if "\u0400" <= bytes([b]).decode("cp1251", "replace") <= "\u04ff"
)
_LETTER_CLASS = b"[" + b"".join(b"\\x%02x" % b for b in _CP1251_LETTERS) + b"]"
_MIXED_WORDS = re.compile(b"[A-Za-z]" + _LETTER_CLASS + b"|" + _LETTER_CLASS + b"[A-Za-z]")
_SIGNATURES = (
    (b"PK\x03\x04", "it is a zip archive (an .xlsx file named .csv?): give it its real extension"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "it is an old Excel (.xls) or password-protected Office file: save it as .xlsx or CSV",
    ),
    (b"%PDF", "it is a PDF document"),
)


class _LongLine(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _TryCp1251(Exception):
    pass


class CsvTable(Table):
    """A CSV file opened by :func:`open_csv`."""

    format = "csv"

    def __init__(self, path: Path, digest: str, encoding: str, delimiter: str, cell_chars: int):
        super().__init__(path, digest, (), 0, encoding=encoding, delimiter=delimiter)
        self._encoding = encoding
        self._sep = delimiter
        self._cell_chars = cell_chars
        self._line_chars = _line_cap(cell_chars)
        self._long_line: int | None = None

    def rows(self) -> Iterator[Row]:
        """The data rows; ragged ones carry a problem and are padded or cut to the header."""
        self._check_unchanged()
        self.skipped_empty = 0
        width = len(self.header)
        after = self.header_line
        strip = str.strip
        for line, end, fields in self._records():
            if line <= after:
                continue
            cells = tuple(map(strip, fields))
            count = len(cells)
            if not any(cells):
                self.skipped_empty += 1
            elif count == width:
                yield Row(line, cells)
            elif count > width:
                used = count
                while used > width and not cells[used - 1]:
                    used -= 1  # "a;b;c;;" from Excel: empty cells past the header are fine
                if used > width:
                    yield Row(line, cells[:width], _ragged(used, width, line, end))
                else:
                    yield Row(line, cells[:width])
            else:
                problem = _ragged(count, width, line, end)
                yield Row(line, cells + ("",) * (width - count), problem)

    def where(self, row: Row, column: int | None = None) -> str:
        """The line where the row starts, as "line 12" (a Reject names the column apart)."""
        return f"line {row.line}"

    def _records(self) -> Generator[tuple[int, int, list[str]], None, None]:
        """Every record (empty ones too) with the lines it starts and ends on."""
        with io.TextIOWrapper(self.path.open("rb"), encoding=self._encoding, newline="") as text:
            lines: Iterable[str] = text
            if self._long_line is not None:
                lines = _capped_lines(text, self._line_chars)
            reader = csv.reader(lines, delimiter=self._sep)
            start = 1
            while True:
                # The field limit is global to the csv module: set it only while we parse.
                previous = csv.field_size_limit(self._cell_chars)
                try:
                    fields = next(reader, None)
                except csv.Error as error:
                    raise self._parse_error(start, reader.line_num, str(error)) from None
                except _LongLine as error:
                    raise self._parse_error(start, error.line, "long line") from None
                except UnicodeDecodeError:
                    message = "the file changed since it was opened: open it again"
                    raise ReadError(self.name, message) from None
                finally:
                    csv.field_size_limit(previous)
                if fields is None:
                    return
                end = reader.line_num
                yield start, end, fields
                start = end + 1

    def _parse_error(self, start: int, end: int, reason: str) -> ReadError:
        if reason != "long line" and "field limit" not in reason:
            return ReadError(self.name, f"cannot read the row: {reason}", where=f"line {start}")
        column = self._oversized_column(start, end)
        if column is None:
            message = f"line {end} is longer than {self._line_chars:,} characters"
            return ReadError(self.name, message, where=f"line {start}")
        known = column < len(self.header)
        field = self.header[column] if known else f"column {column + 1}"
        message = (
            f"a cell is longer than {self._cell_chars:,} characters (the max_cell_chars limit)"
        )
        if end - start >= _MANY_LINES:
            message += f"; it runs from line {start} to line {end}: is a quote left unclosed?"
        return ReadError(self.name, message, where=f"line {start}", field=field)

    def _oversized_column(self, start: int, end: int) -> int | None:
        """Which cell of the record on lines start..end is too long (reading those lines again)."""
        lines: list[str] = []
        with io.TextIOWrapper(self.path.open("rb"), encoding=self._encoding, newline="") as text:
            source: Iterable[str] = text
            if self._long_line is not None:
                source = _capped_lines(text, self._line_chars, quiet=True)
            for number, line in enumerate(source, 1):
                if number >= start:
                    lines.append(line)
                if number >= end:
                    break
        previous = csv.field_size_limit(min(sum(map(len, lines)) + 1, 2**31 - 1))
        try:
            record = next(csv.reader(lines, delimiter=self._sep), [])
        except csv.Error:
            record = []
        finally:
            csv.field_size_limit(previous)
        return next((i for i, cell in enumerate(record) if len(cell) > self._cell_chars), None)


def _ragged(count: int, width: int, start: int, end: int) -> str:
    problem = f"has {count} cells, the header has {width}"
    if end - start >= _MANY_LINES:  # a stray quote swallows the lines up to the next one
        problem += f"; the row runs from line {start} to line {end}: is a quote left unclosed?"
    return problem


def _line_cap(cell_chars: int) -> int:
    """The longest physical line read whole: generous, but bounded so memory stays bounded."""
    return 8 * cell_chars + 65_536


def _capped_lines(text: io.TextIOWrapper, cap: int, *, quiet: bool = False) -> Iterator[str]:
    readline = text.readline
    number = 0
    while line := readline(cap):
        number += 1
        if len(line) >= cap - 1 and not quiet:
            raise _LongLine(number)
        yield line


def open_csv(
    path: Path,
    *,
    encoding: str = "auto",
    delimiter: str = "auto",
    header_row: int | None = None,
    header_rows: int | None = None,
    max_cell_chars: int = 1_000_000,
) -> CsvTable:
    """Open a CSV file: detect its encoding and delimiter, find its header (see open_table)."""
    name = str(path)
    try:
        with path.open("rb") as file:
            head = file.read(_BLOCK)
    except OSError as error:
        raise ReadError(name, f"cannot read the file: {error.strerror}") from None
    whole = len(head) < _BLOCK
    chosen, how = _choose_encoding(name, head, whole, encoding)
    try:
        digest, long_line = _scan(name, path, chosen, how, _line_cap(max_cell_chars))
    except _TryCp1251:
        chosen = "cp1251"
        digest, long_line = _scan(name, path, chosen, "detected", _line_cap(max_cell_chars))
    sample = head[: _SAMPLE_CHARS * 4].decode(chosen, "replace")
    if not whole or len(head) > _SAMPLE_CHARS * 4 or len(sample) > _SAMPLE_CHARS:
        sample = sample[:_SAMPLE_CHARS]  # cut at the last line break: no partial row
        sample = sample[: sample.rfind("\n") + 1] or sample
    if not sample.strip():
        raise ReadError(name, "the file has no rows: it holds only blank lines")
    table = CsvTable(path, digest, chosen, _choose_delimiter(sample, delimiter), max_cell_chars)
    table._long_line = long_line
    table.header, table.header_line = _find_header(table, header_row, header_rows)
    if long_line is not None:
        for _ in table._records():  # raises once it reaches the long line, naming its cell
            pass
        message = f"the line is longer than {table._line_chars:,} characters"
        raise ReadError(name, message, where=f"line {long_line}")
    return table


def _choose_encoding(name: str, head: bytes, whole: bool, requested: str) -> tuple[str, str]:
    """The encoding to read with, and how it was chosen: "given", "detected" or "guessed".

    A guess is utf-8 from a first megabyte that decodes: the file may still go on in cp1251.
    """
    bom = next((encoding for mark, encoding in _BOMS if head.startswith(mark)), None)
    if requested != "auto":
        try:
            chosen = codecs.lookup(requested).name
        except LookupError:
            message = f"unknown encoding {requested!r}: use utf-8, cp1251 or utf-16"
            raise ReadError(name, message) from None
        if chosen == "utf-8" and bom == "utf-8-sig":
            chosen = "utf-8-sig"
        if not chosen.startswith(("utf-16", "utf-32")):
            _check_text(name, head)
        return chosen, "given"
    if bom is not None:
        return bom, "detected"
    _check_text(name, head)
    try:
        codecs.utf_8_decode(head, "strict", whole)
        return "utf-8", "guessed"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(head):
        return "utf-8", "detected"  # the scan names the line that is not
    if _looks_cp1251(head):
        return "cp1251", "detected"
    message = "cannot tell the encoding: the text is neither utf-8 nor cp1251 — set encoding: in the mapping"
    raise ReadError(name, message)


def _check_text(name: str, head: bytes) -> None:
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise ReadError(name, f"does not look like text: {what}")
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if control > max(2, len(head) // 100):
        if head.count(0) > len(head) // 4:
            message = "does not look like text; if it is utf-16 without a byte-order mark, set encoding: utf-16-le in the mapping"
        else:
            message = "does not look like text: it holds binary data"
        raise ReadError(name, message)


def _mostly_utf8(data: bytes) -> bool:
    """Whether non-ASCII text mostly decodes as utf-8 (so a bad byte is damage, not cp1251)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return good > 4 * bad


def _looks_cp1251(data: bytes) -> bool:
    """Whether bytes above 0x7F are mostly ones that cp1251 decodes to Cyrillic letters, in
    words of their own (in Latin-1 text "Müller" they would sit between Latin letters)."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    letters = len(data) - len(data.translate(None, _CP1251_LETTERS))
    mixed = len(_MIXED_WORDS.findall(data))
    return high > 0 and letters >= 0.7 * high and mixed <= 0.1 * letters and b"\x98" not in data


def _scan(name: str, path: Path, encoding: str, how: str, cap: int) -> tuple[str, int | None]:
    """SHA-256 of the file, checking that it decodes; the first line of ``cap`` chars or more.

    Stops early at such a line. Raises :class:`_TryCp1251` when utf-8 was guessed and the
    file, plain ASCII so far, goes on in cp1251.
    """
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    breaks = 0  # line breaks before the current block
    run = 0  # characters since the last line break
    run_line = 1  # the line those characters are on
    after_cr = False
    ascii_so_far = True
    with path.open("rb") as file:
        while True:
            block = file.read(_BLOCK)
            digest.update(block)
            try:
                text = decoder.decode(block, not block)
            except UnicodeDecodeError as error:
                before = error.object[: error.start]
                rest = error.object[error.start : error.start + 65_536]
                if how == "guessed" and ascii_so_far and before.isascii() and _looks_cp1251(rest):
                    raise _TryCp1251 from None
                line = breaks + _line_breaks(before.decode(encoding, "replace"), after_cr) + 1
                raise ReadError(
                    name, _decode_message(encoding, how), where=f"line {line}"
                ) from None
            ascii_so_far = ascii_so_far and text.isascii()
            first = _first_break(text)
            breaks += _line_breaks(text, after_cr)
            after_cr = text.endswith("\r")
            if first < 0:
                run += len(text)
            else:
                if run + first >= cap - 1:
                    return "", run_line
                run = len(text) - max(text.rfind("\n"), text.rfind("\r")) - 1
                run_line = breaks + 1
            if run >= cap - 1:
                return "", run_line
            if not block:
                return digest.hexdigest(), None


def _first_break(text: str) -> int:
    found = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    return min(found) if found else -1


def _line_breaks(text: str, after_cr: bool) -> int:
    count = text.count("\n") + text.count("\r") - text.count("\r\n")
    return count - 1 if after_cr and text.startswith("\n") else count


def _decode_message(encoding: str, how: str) -> str:
    if how != "given" and encoding.startswith("utf-8"):
        return "bytes are not valid utf-8 although the lines above are: the line may be damaged or pasted from a cp1251 file; fix it, or set encoding: in the mapping"
    if encoding.startswith("utf-8"):
        return "bytes are not valid utf-8; the file may be cp1251 — set encoding: cp1251 in the mapping"
    if encoding == "cp1251":
        return (
            "bytes are not valid cp1251; the file may be utf-8 — set encoding: utf-8 in the mapping"
        )
    return f"bytes are not valid {encoding}: check the file's encoding (encoding: in the mapping)"


def _choose_delimiter(sample: str, requested: str) -> str:
    """The requested delimiter, or the one giving the most rows with the same count of cells."""
    if requested != "auto":
        chosen = {"tab": "\t", "\\t": "\t"}.get(requested, requested)
        if len(chosen) != 1 or chosen in '"\r\n':
            raise ValueError(f"a delimiter is one character (or 'tab'), not {requested!r}")
        return chosen
    scores = {d: _consistency(sample, d) for d in _DELIMITERS}
    best = max(scores.values())
    if best[2] == 0:  # one column: a delimiter that never occurs keeps each line whole
        return next((d for d in ("\t", "|", ";", ",") if d not in sample), ",")
    tied = [d for d in _DELIMITERS if scores[d] == best]
    if len(tied) > 1:
        try:
            sniffed = csv.Sniffer().sniff(sample[:8192], delimiters="".join(tied)).delimiter
        except csv.Error:
            sniffed = tied[0]
        return sniffed if sniffed in tied else tied[0]
    return tied[0]


def _consistency(sample: str, delimiter: str) -> tuple[float, float, int]:
    """The share of rows the delimiter splits (when most), the share split into the same
    number of cells, and that number: the true delimiter splits every row of a table, and
    most rows alike."""
    records = islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), 100)
    counts = Counter(len(r) for r in records if len(r) > 1 or (r and r[0].strip()))
    total = counts.total()
    split = sum(rows for count, rows in counts.items() if count > 1)
    if split * 2 <= total:
        return (0.0, 0.0, 0)
    rows, count = max((rows, count) for count, rows in counts.items() if count > 1)
    return (split / total, rows / total, count)


def _find_header(
    table: CsvTable, header_row: int | None, header_rows: int | None
) -> tuple[tuple[str, ...], int]:
    """The header's names and the line of its last row."""
    size = header_rows or 1
    found: list[tuple[int, list[str]]] = []
    records = table._records()
    try:
        for line, _, fields in records:
            cells = [cell.strip() for cell in fields]
            if header_row is not None and not found:
                if line < header_row:
                    continue
                if line > header_row or not any(cells):
                    what = "is empty" if line == header_row else "does not start a row"
                    message = f"line {header_row} {what}, but header_row says the header is there"
                    raise ReadError(table.name, message)
            if any(cells):
                found.append((line, cells))
                if _header_found(found, header_row, size):
                    break
    finally:
        records.close()
    if not found:
        if header_row is not None:
            raise ReadError(table.name, f"header_row is {header_row} but the file ends before it")
        raise ReadError(table.name, "the file has no header: it holds only empty rows")
    start = 0 if header_row is not None else header_start([cells for _, cells in found])
    grid = found[start : start + size]
    if len(grid) < size:
        message = f"the header should span {size} rows but the file ends after {len(grid)}"
        raise ReadError(table.name, message)
    width = max(
        max((i + 1 for i, cell in enumerate(cells) if cell), default=0) for _, cells in grid
    )
    return header_names([cells for _, cells in grid], width, fill_right=True), grid[-1][0]


def _header_found(found: list[tuple[int, list[str]]], header_row: int | None, size: int) -> bool:
    """Whether enough rows are read to know the header (reading no further keeps errors in
    data rows for rows(), where the header names their column)."""
    if header_row is not None:
        return len(found) >= size
    start = next((i for i, (_, cells) in enumerate(found) if could_be_header(cells)), None)
    if start is None and len(found) > MAX_TITLE_ROWS:
        start = 0
    return start is not None and len(found) >= start + size
