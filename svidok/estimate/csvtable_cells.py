"""Cells and rows of capture-history tables: what a cell says, which rows are not the table.

Used by :mod:`svidok.estimate.csvtable`: list marks (0/1, yes/no, x...), counts in the ways
spreadsheets write them (``1 234``, ``1,234``, ``54,00``, ``60.000`` in a file with decimal
commas), capture patterns (``101``, ``1 0 1``, ``1-0-1``), note rows under the table, a last
row of totals, and the shape with the lists named in a cell (``A;B``, ``{A,B}``, ``AB`` when
every list is one letter).
"""

from __future__ import annotations

import re

from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = [
    "COUNT_COLUMNS",
    "COUNT_LIKE",
    "ID_NAMES",
    "PATTERN_FORMS",
    "PERIOD_NAMES",
    "PERSON_NAMES",
    "SHARE_NAMES",
    "UNKNOWN",
    "CaptureCsvError",
    "flag",
    "is_date",
    "is_decimal",
    "long_form",
    "pattern_digits",
    "thousands_dots",
    "whole",
    "without_note_rows",
    "without_total_rows",
]

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
# names that say "how many" in other words or languages (Anzahl, Häufigkeit, Number of persons)
COUNT_LIKE = re.compile(
    r"count|freq|anzahl|h[äa]e?ufigkeit|number|кільк|колич|частот|nombre|effectif|cantidad|"
    r"frecuen|aantal|antal|liczba|po[čc]et|^n_|_n$|^nb_",
    re.IGNORECASE,
)
# names of periods and places: numbers in such a column are strata, not counts
PERIOD_NAMES = re.compile(
    r"^(?:year|yr|jahr|année|annee|año|ano|рік|год|period|periode|période|период|період|"
    r"month|monat|mois|місяць|месяц|quarter|quartal|квартал|week|woche|тиждень|неделя|wave|"
    r"date|datum|дата|region|oblast|область|district|rayon|район|area|zone|province|state|"
    r"country|land|kreis|регіон|регион|code)(?:[ _].*)?$",
    re.IGNORECASE,
)
ID_NAMES = re.compile(
    r"^(?:id|ids|#|№|no\.?|nr\.?|num|row|rownum|row_?id|person(?:_?id)?|record(?:_?id)?|key|uid|"
    r"код|номер|н/п|п/п|№ ?п/п|ід|id_.*|.*_id)$",
    re.IGNORECASE,
)
PERSON_NAMES = re.compile(
    r"^(?:person|individual|name|full ?name|піб|фио|фіо|особа|лицо)$", re.IGNORECASE
)
SHARE_NAMES = re.compile(r"percent|pct|share|proportion|anteil|відсот|процент|доля|частка|%", re.I)
_TRUE = frozenset(
    {"1", "1.0", "1.00", "1,0", "1,00", "true", "t", "yes", "y", "так", "да", "x", "+", "✓", "✔"}
)
_FALSE = frozenset(
    {"0", "0.0", "0.00", "0,0", "0,00", ".00", ",00", "false", "f", "no", "n", "ні", "нет", "-", ""}
)
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f,]\d{3})+$")
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_DECIMAL_COMMA = re.compile(r"^-?\d*,(?:\d{1,2}|\d{4,})$")
_DATE = re.compile(
    r"^(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ].*)?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}/\d{1,2}/\d{1,2})$"
)
_DECIMAL = re.compile(r"^-?\d*[.,]\d+\s*%?$|^-?\d+\s*%$")
_SEPARATED_PATTERN = re.compile(r"^[01](?:([ \-_|/])[01])(?:\1[01])*$")
UNKNOWN = frozenset({"", "?", "na", "n/a", "nan", "-", "—", "unknown", "невідомо", "неизвестно"})
PATTERN_FORMS = (
    "one 0/1 column per list (P,Q,E,count); one column of patterns, one digit per list "
    "(101, 1 0 1 or 1-0-1); or one column naming the lists of each row (P;E, {P,E}, "
    "or PE when every list is named by one letter)"
)


class CaptureCsvError(CaptureTableError):
    """A capture-history file that cannot be read, with where and why."""

    def __init__(self, file: str, line: int | None, column: str | None, reason: str) -> None:
        where = (
            file + (f", line {line}" if line else "") + (f", column {column!r}" if column else "")
        )
        super().__init__(f"{where}: {reason}")
        self.file, self.line, self.column, self.reason = file, line, column, reason


def flag(value: str) -> int | None:
    """1 or 0 for a list mark (``1``, ``yes``, ``x``, empty...), None for anything else."""
    v = value.strip().lower()
    if v in _TRUE:
        return 1
    if v in _FALSE:
        return 0
    return None


def whole(value: str, dots: bool = False) -> int | None:
    """The whole number a cell holds (``1 234``, ``1,234``, ``54,00``, ``12.0``), or None;
    with ``dots``, ``60.000`` is sixty thousand."""
    v = value.strip()
    if dots and _DOT_THOUSANDS.match(v):
        return int(v.replace(".", ""))
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


def is_date(value: str) -> bool:
    return bool(_DATE.match(value.strip()))


def is_decimal(value: str) -> bool:
    """A share or a measurement (``16.9``, ``2,5``, ``12%``), not a whole count."""
    v = value.strip()
    return bool(_DECIMAL.match(v)) and not _DOT_THOUSANDS.match(v) and flag(v) is None


def thousands_dots(
    cells: list[tuple[int, str]], rows: list[list[str]], file: str, column: str, notes: list[str]
) -> bool:
    """Whether the dots in a count column separate thousands (``60.000`` = 60,000): so when the
    file writes decimals with a comma, or every count with a dot has three digits after it.
    A column where ``60.000`` could be either is refused, never read 1000 times too small."""
    decimal_commas = any(_DECIMAL_COMMA.match(c.strip()) for row in rows for c in row)
    grouped = [(n, v.strip()) for n, v in cells if _DOT_THOUSANDS.match(v.strip())]
    commas = [(n, v.strip()) for n, v in cells if _COMMA_THOUSANDS.match(v.strip())]
    if decimal_commas and commas:
        line, value = commas[0]
        raise CaptureCsvError(
            file,
            line,
            column,
            f"{value!r} could be {value.replace(',', '.')} (the file writes decimals with a "
            f"comma) or {value.replace(',', '')}: write the counts without separators",
        )
    if not grouped:
        return False
    line, value = grouped[0]
    other = [(n, v.strip()) for n, v in cells if "." in v and not _DOT_THOUSANDS.match(v.strip())]
    if other:
        raise CaptureCsvError(
            file,
            line,
            column,
            f"{value!r} could be {whole(value)} or {whole(value, dots=True)} (line {other[0][0]} "
            f"has {other[0][1]!r}): write the counts without separators",
        )
    why = "the file writes decimals with a comma" if decimal_commas else "every dot has 3 digits"
    notes.append(
        f"column {column!r}: dots separate thousands ({value!r} read as "
        f"{whole(value, dots=True):,}; {why})"
    )
    return True


def pattern_digits(values: list[str]) -> list[str] | None:
    """Capture patterns as digit strings when every value is one (``101``, ``1 0 1``, ``1-0-1``);
    None otherwise."""
    if all(re.fullmatch("[01]+", v) for v in values):
        return values
    if all(_SEPARATED_PATTERN.match(v) for v in values):
        return [re.sub("[^01]", "", v) for v in values]
    return None


def _is_text(cell: str) -> bool:
    v = cell.strip()
    return bool(v) and flag(v) is None and whole(v) is None


def without_note_rows(
    header: list[str], data: list[tuple[int, list[str]]], file: str, notes: list[str]
) -> list[tuple[int, list[str]]]:
    """Drop the notes under a table (text in the first cell, every other cell empty); such a
    row inside the table (a section heading, a note) is pointed at."""

    def text_only(row: list[str]) -> bool:
        return bool(row) and _is_text(row[0]) and not any(c.strip() for c in row[1:])

    if not data or len(header) < 2:
        return data
    firsts = [row[0].strip() for _, row in data if row and not text_only(row)]
    marks = sum(1 for v in firsts if flag(v) is not None or whole(v) is not None)
    out_of_place = bool(firsts) and marks >= 0.8 * len(firsts)  # the first column holds numbers

    def note(row: list[str]) -> bool:
        text = row[0].strip()
        return text_only(row) and (out_of_place or bool(re.search(r"[\s:]", text)))

    under = len(data)
    while under and note(data[under - 1][1]):
        under -= 1
    for number, row in data[under:]:
        notes.append(f"line {number} ({row[0].strip()[:60]!r}) is a note under the table: ignored")
    data = data[:under]
    inside = [(n, row[0].strip()) for n, row in data if text_only(row) and out_of_place]
    if inside:
        number, text = inside[0]
        more = f" (so has line {', '.join(str(n) for n, _ in inside[1:4])})" if inside[1:] else ""
        raise CaptureCsvError(
            file,
            number,
            header[0],
            f"{text[:60]!r} is text with every other cell empty, inside the table{more}: if it "
            "heads a section (a stratum), put it in a column of its own on each row "
            "(e.g. region); if it is a note, move it below the table",
        )
    return data


_TOTAL = re.compile(
    r"^(?:grand total|total|totals|sum|all|overall|всього|усього|разом|итого|всего|сумма|"
    r"загалом|gesamt|insgesamt|summe)\b",
    re.IGNORECASE,
)


def without_total_rows(
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
        numbers = [i for i, c in enumerate(last) if whole(c) is not None]
        count_at = numbers[-1] if numbers else None
    if count_at is not None:
        total = whole(last[count_at])
        summed = sum(whole(row[count_at]) or 0 for _, row in data[:-1])
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
_SET_SPLIT = re.compile(r"\s*[;,|+/&]\s*|\s+(?:and|і|и|та)\s+")
_BRACKETS = {"{": "}", "[": "]", "(": ")"}
_MAX_LISTS = 15
_NONE = frozenset(
    {"none", "no list", "nobody", "(none)", "{}", "[]", "-", "—", "жоден", "ни одного"}
)


def _set_cells(values: list[str], file: str, column: str, lines: list[int]) -> list[list[str]]:
    """The list names in each cell: ``A;B``, ``A + B``, ``{A,B}``, ``A B`` when A and B are
    names on their own elsewhere, ``AB`` when every list is named by one letter."""
    cells: list[list[str]] = []
    for v in values:
        v = v.strip()
        if v.lower() in _NONE:
            cells.append([])  # the row for persons on no list
            continue
        if v[:1] in _BRACKETS and v.endswith(_BRACKETS[v[:1]]):
            v = v[1:-1]
        cells.append([t for t in _SET_SPLIT.split(v) if t])
    known = {t for ts in cells for t in ts if " " not in t}
    spaced = {t for ts in cells for t in ts if " " in t}
    if spaced and all(set(t.split()) <= known for t in spaced):
        cells = [[p for t in ts for p in (t.split() if " " in t else [t])] for ts in cells]
    vocabulary = {t for ts in cells for t in ts}
    letters = {t for t in vocabulary if len(t) == 1 and t.isalpha()}
    words = vocabulary - letters
    if len(letters) >= 2 and words and all(t.isalpha() for t in words):
        glued = [t for t in words if set(t) & letters]
        if glued and all(set(t) <= letters and len(set(t)) == len(t) for t in words):
            return [[c for t in ts for c in t] for ts in cells]
        if glued:
            at = next(k for k, ts in enumerate(cells) if glued[0] in ts)
            raise CaptureCsvError(
                file,
                lines[at],
                column,
                f"{glued[0]!r} mixes one-letter list names ({', '.join(sorted(letters))}) with "
                f"others: write the lists of each row as {PATTERN_FORMS}",
            )
    odd = next((t for t in vocabulary if re.search(r"[{}\[\]()]", t)), None)
    if odd is not None:
        at = next(k for k, ts in enumerate(cells) if odd in ts)
        raise CaptureCsvError(
            file, lines[at], column, f"{odd!r} is not a list name: write {PATTERN_FORMS}"
        )
    return cells


def long_form(
    header: list[str], data: list[tuple[int, list[str]]], file: str, notes: list[str]
) -> dict[tuple[str, ...], CaptureTable] | None:
    """Tables written one row per person with the lists as names (``p2,A;B``), or one row per
    person and list (``p2,A`` and ``p2,B``); None when the file is neither."""
    rows = [row for _, row in data]
    lines = [n for n, _ in data]
    candidates = []
    parsed: dict[int, list[list[str]]] = {}
    for i, name in enumerate(header):
        raw = {t for row in rows for t in _SET_SPLIT.split(row[i].strip()) if t} - _NONE
        if any(flag(t) is not None or whole(t) is not None for t in raw):
            continue  # numbers and 0/1 marks do not name lists
        cells = _set_cells([row[i] for row in rows], file, name, lines)
        vocabulary = {t for ts in cells for t in ts}
        if 2 <= len(vocabulary) <= _MAX_LISTS and len(vocabulary) < len(rows):
            parsed[i] = cells
            candidates.append((not _LIST_NAMES.match(name.strip()), len(vocabulary), i))
    if not candidates:
        return None
    list_at = min(candidates)[2]
    others = [i for i in range(len(header)) if i != list_at]
    count_at = next((i for i in others if header[i].strip().lower() in COUNT_COLUMNS), None)
    others = [i for i in others if i != count_at]
    person_at = next(
        (i for i in others if ID_NAMES.match(header[i]) or PERSON_NAMES.match(header[i])), None
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
    lists = sorted({t for ts in parsed[list_at] for t in ts})
    position = {name: k for k, name in enumerate(lists)}
    persons: dict[str, tuple[tuple[str, ...], set[str], int]] = {}
    for (number, row), names in zip(data, parsed[list_at], strict=True):
        who = row[person_at].strip() if person_at is not None else f"row {number}"
        if person_at is not None and not who:
            raise CaptureCsvError(file, number, header[person_at], "the person cell is empty")
        weight = 1
        if count_at is not None and not names and whole(row[count_at]) in (0, None):
            notes.append(f"line {number}: the row for persons on no list is ignored")
            continue
        if count_at is not None:
            counted = whole(row[count_at])
            if counted is None or counted < 0:
                raise CaptureCsvError(
                    file, number, header[count_at], f"{row[count_at].strip()!r} is not a count"
                )
            weight = counted
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
    by_stratum: dict[tuple[str, ...], dict[tuple[int, ...], int]] = {}
    for stratum, on, weight in persons.values():
        pattern = [0] * len(lists)
        for name in on:
            pattern[position[name]] = 1
        table = by_stratum.setdefault(stratum, {})
        table[tuple(pattern)] = table.get(tuple(pattern), 0) + weight
    notes.append(
        f"column {header[list_at]!r} read as the names of the lists each "
        + (f"person ({header[person_at]!r}) is on" if person_at is not None else "row is on")
        + f": {', '.join(lists)}"
        + (f"; strata: {', '.join(header[i] for i in strata)}" if strata else "")
    )
    return {stratum: CaptureTable(tuple(lists), counts) for stratum, counts in by_stratum.items()}
