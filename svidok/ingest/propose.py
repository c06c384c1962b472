"""Propose a mapping from a file's header and sample rows, for the documenter to edit.

A heading is read as a field and, for an event's fields, as the kind of event it speaks of:
"Дата мобілізації" is the date of a forced mobilisation, "Загибель / Дата" (two header rows:
the group heading names the event, the lower one the field) the date of a death. The first kind
of event the headings name fills the ``event`` slot and each other kind gets a slot of its own
(``event2`` ...) with a default type. No two columns are proposed for one target; running
numbers are not proposed as the key; phone numbers and sensitive columns are left out. What is
unsure is asked in the comments at the top, with '?' where a value must be chosen.

Headings are read by the rules in :mod:`svidok.ingest.headings`.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from itertools import islice, pairwise
from pathlib import Path
from typing import Any

import yaml

from ..errors import ReadError
from ..model import region_for_name
from .cell_words import guess_event_type, is_totals_row
from .headings import (
    _LIST_TITLE,
    _NOTE_BIRTHPLACE,
    _NOTE_DISTRICT,
    _NOTE_INFORMANT,
    _RUNNING,
    COURT_HEADINGS,
    _split,
    guess_column,
)
from .places import places_only
from .propose_values import consent_map, date_order, several_types, status_map
from .sections import section_row
from .tabular import XLSX_SUFFIXES, Table, filled, open_table
from .values import fold

__all__ = ["propose_mapping"]

_SECTION_NOTES = {
    "region": "a region heading: the import skips it and gives its region to the rows under it",
    "heading": "a district or group heading: the import skips it",
    "note": "a note, not an entry: the import skips it",
}
_NOTE_ORIGIN = (
    "places, no street addresses: where the person comes from (`svidok stats --by origin`); "
    "a street address would go to person.address"
)


def _numbers(values: list[str]) -> list[int] | None:
    out = []
    for value in values:
        text = value.rstrip(".")
        if not text.isdigit():
            return None
        out.append(int(text))
    return out


def _running(values: list[str], rows: int) -> bool:
    """Whole numbers counting the rows (1, 2, 3…, with a gap or an inserted row here and there,
    or rising from 1 with empty cells between)."""
    numbers = _numbers(values)
    if not numbers or any(len(v) > 1 and v.strip().startswith("0") for v in values):
        return False  # zero-padded ("00123"): an identifier's format, not a count of rows
    steps = [b - a for a, b in pairwise(numbers)]
    if all(s > 0 for s in steps) and numbers[0] <= 1 and numbers[-1] <= rows + 1:
        return True
    return not steps or sum(1 for s in steps if s == 1) >= 0.8 * len(steps)


def _key_verdict(header: str, values: list[str], rows: int) -> str | None:
    """None when the column can be the key, else why not: a column headed as a running number
    ("№", "№ п/п", "#") never is, whatever its cells hold."""
    case = _CASE_NUMBER.search(fold(header))  # "№ справи", "Номер справи": an identifier
    named = _RUNNING.search(fold(_split(header)[1])) and not case
    if named or (_running(values, rows) and not case):
        return (
            f"no key: {header!r} is {'a' if _numbers(values) is not None else 'headed as a'} "
            "running number, which changes when a row is inserted or "
            "removed: as the key it would give one person's history to another. Without a key, "
            "rows are matched by their line, and an unchanged row found on another line keeps "
            "its records; a row both moved and corrected is taken for a new one. If the list "
            "has stable identifiers (case numbers, codes), set key: to that column"
        )
    if len(values) < rows or len(set(values)) < len(values):
        return (
            f"no key: {header!r} is empty or repeated in some rows, and a key must tell every "
            "row apart; rows are matched by their line"
        )
    return None


# An identifier's heading: consecutive case numbers are still case numbers, not row numbers.
_CASE_NUMBER = re.compile(r"справ|дел[оа]|\bcase\b|реєстр|регистр")


def _flow(value: Any) -> str:
    """A value as YAML writes it inside a line ("a, b" quoted, dicts in braces)."""
    text: str = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=10**9)
    return text.strip()[1:-1]


@dataclass
class _Column:
    header: str
    target: str | None  # a field with the slot "event" for any event, "key", "ignore", None
    kind: str | None = None
    note: str | None = None
    map_name: str | None = None
    order: str | None = None

    def rule(self) -> str | dict[str, str]:
        if self.target in (None, "key", "ignore"):
            return "ignore"
        rule = {"field": self.target}
        if self.map_name:
            rule["map"] = self.map_name
        if self.order:
            rule["order"] = self.order
        return rule


def _open(
    path: Path, notes: list[str], questions: list[str]
) -> tuple[Table, dict[str, str], list[str]]:
    """The table, the mapping's file options, and the title lines above its header."""
    options: dict[str, str] = {}
    sheet = None
    if path.suffix.lower() in XLSX_SUFFIXES:
        from .tabular_xlsx import data_sheet

        sheet, reason = data_sheet(path)
        if reason:
            options["sheet"] = sheet  # the mapping's file: sheet: makes the import read it too
            notes.append(reason)
    table = open_table(path, sheet=sheet)
    merged = table.details().get("merged_cells")
    if merged:
        notes.append(f"{merged} (each row takes the value of the merged cell over it)")
    if options:
        _other_sheets(path, table, questions)
    return table, options, _titles(path, table, sheet)


def _other_sheets(path: Path, table: Table, questions: list[str]) -> None:
    """Ask about the other visible sheets that hold rows of data: one import per sheet."""
    openpyxl = importlib.import_module("openpyxl")  # typed as Any: openpyxl ships no types
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True)
    try:
        names = [str(s.title) for s in book.worksheets if s.sheet_state == "visible"]
    finally:
        book.close()
    found: list[str] = []
    for name in [n for n in names if n != table.sheet][:50]:
        try:
            other = open_table(path, sheet=name)
            if any(filled(row.cells) >= 2 for row in islice(other.rows(), 50)):
                found.append(
                    repr(name) + ("" if other.header == table.header else " (other columns)")
                )
        except ReadError:
            continue
    if not found:
        return
    question = (
        f"other sheets hold data too: {', '.join(found)}; only {table.sheet!r} is proposed. "
        "Import each with a copy of this mapping changing file: {sheet: ...} (each sheet's rows "
        "are kept apart)"
    )
    regions = {n: region_for_name(n) for n in names if region_for_name(n)}
    if len(regions) >= 2:  # "Запорізька", "Херсонська": the region is said only by the sheet
        codes = ", ".join(f"{n!r}: {code}" for n, code in regions.items())
        question += "; if no column gives the region, give each copy defaults: "
        question += f"{{event.place.region: ...}} ({codes})"
    questions.append(question)


def _titles(path: Path, table: Table, sheet: str | None) -> list[str]:
    """The title lines above the header that name the list ("СПИСОК граждан, подлежащих…")."""
    lines: list[str] = []
    for start in range(1, min(table.header_line, 12)):  # the first non-empty row, then below
        try:
            top = open_table(path, sheet=sheet, header_row=start, header_rows=1)
            lines.append(top.header[0])
            for row in top.rows():
                if row.line >= table.header_line:
                    break
                if filled(row.cells) == 1:
                    lines.append(next(cell for cell in row.cells if cell))
            break
        except (ReadError, ValueError):
            continue  # an empty row: the titles start lower
    return [line for line in lines if _LIST_TITLE.search(fold(line))]


def propose_mapping(path: str | Path, *, sample: int = 500, dataset: str | None = None) -> str:
    """A commented YAML mapping for ``path``, guessed from its header and first rows."""
    p = Path(path)
    notes: list[str] = []
    questions: list[str] = []
    table, file_options, titles = _open(p, notes, questions)
    samples: list[list[str]] = [[] for _ in table.header]
    rows = 0
    for row in table.rows():
        if rows >= sample:
            break
        if is_totals_row(row.cells):  # "Разом: 5 осіб" counts the rows: no person, no number
            total = next(cell for cell in row.cells if cell)
            notes.append(f"line {row.line} ({total!r}) is a totals row: the import skips it")
            continue
        section = section_row(row.cells, range(len(row.cells)))
        if section is not None:  # "Запорізька область" above its persons; "Джерело: ..."
            notes.append(f"line {row.line} ({section.text!r}): {_SECTION_NOTES[section.kind]}")
            continue
        rows += 1
        for i, cell in enumerate(row.cells):
            if cell:
                samples[i].append(cell)
    if table.struck_rows:
        notes.append(
            f"{table.struck_rows} rows are struck through in the workbook: read as withdrawn, "
            "the import skips them (remove the strikethrough to import a row)"
        )
    columns = []
    for header, values in zip(table.header, samples, strict=True):
        guess = guess_column(header, values)
        columns.append(_Column(header, guess.target, guess.kind, guess.note))
    if any(c.target == "person.name.surname" for c in columns):
        for c in columns:  # "Name" beside "Surname" is the given name
            if c.target == "person.name" and fold(_split(c.header)[1]) in ("name", "names"):
                c.target = "person.name.given"
    for c, values in zip(columns, samples, strict=True):
        if c.target == "person.address" and places_only(values):
            c.target, c.note = "person.origin.settlement", _NOTE_ORIGIN
    key = _choose_key(columns, samples, rows, notes)
    defaults = _event_slots(columns, p, titles, questions)
    _no_shared_targets(columns, questions)
    maps = _value_maps(columns, samples, notes, questions)
    for c in columns:
        if c.target is None:
            questions.append(f"{c.header!r}: what is this column? (left as ignore)")
        elif c.note in (_NOTE_BIRTHPLACE, _NOTE_DISTRICT):
            questions.append(f"{c.header!r}: {c.note}")
        elif c.note == _NOTE_INFORMANT:
            said = ", ".join(map(repr, list(Counter(samples[columns.index(c)]))[:3]))
            questions.append(f"{c.header!r} ({said}): {c.note}")
    order, order_note, ask = date_order(
        [v for c, vs in zip(columns, samples, strict=True) if _is_date(c.target) for v in vs]
    )
    if order_note:
        (questions if ask else notes).append(order_note)
    kind = "ngo_list"
    if sum(bool(COURT_HEADINGS.search(c.header)) for c in columns) >= 2:
        kind = "court_record"  # "№ дела", "Статья", "Суд", "Дата приговора"
        notes.append("the headings name courts, cases or articles: source kind court_record")
    mapping: dict[str, object] = {
        "dataset": dataset or re.sub(r"[^\w.\-]+", "-", p.stem).strip("-").lower() or "dataset",
        "source": {"kind": kind, "title": p.stem, "publisher": "?", "reliability": "F"},
    }
    if key:
        mapping["key"] = key
    mapping["dates"] = {"order": order}
    if file_options:
        mapping["file"] = file_options
    if defaults:
        mapping["defaults"] = defaults
    if maps:
        mapping["maps"] = maps
    text = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, width=100)
    lines = ["columns:"]
    for c in columns:
        comment = f"  # {c.note}" if c.note else ""
        lines.append(f"  {_flow(c.header)}: {_flow(c.rule())}{comment}".replace("\n", " "))
    return "\n".join(_comments(p, table, notes, questions)) + "\n" + text + "\n".join(lines) + "\n"


def _is_date(target: str | None) -> bool:
    return target == "person.birth" or str(target).endswith((".date", ".recorded"))


def _choose_key(
    columns: list[_Column], samples: list[list[str]], rows: int, notes: list[str]
) -> str | None:
    key = None
    for c, values in zip(columns, samples, strict=True):
        if c.target != "key" or key is not None:
            continue
        why_not = _key_verdict(c.header, values, rows)
        if why_not is None:
            key = c.header
            c.note = "the key: stable identifiers that tell rows apart across corrected files"
        else:
            c.note = "not the key: see the notes at the top"
            notes.append(why_not)
    return key


def _event_slots(
    columns: list[_Column], path: Path, titles: list[str], questions: list[str]
) -> dict[str, str]:
    """Put each event field in its slot, one slot per kind of event; the slots' default types.

    With an event-type column its events fill ``event``; without, the first kind the headings
    name does (or the one the file name or the title above the header says: "список
    мобілізованих", "СПИСОК граждан, подлежащих призыву"). Columns naming another kind ("Дата
    загибелі") go to ``event2``... with ``defaults: event2.type``.
    """
    events = [c for c in columns if c.target and c.target.startswith("event.")]
    if not events:
        return {}
    typed = any(c.target == "event.type" for c in events)
    kinds = list(dict.fromkeys(c.kind for c in events if c.kind))
    named = [(path.stem, "the file name"), *((t, f"the title {t!r}") for t in titles)]
    main, said = (kinds[0], "") if kinds else (None, "")
    for text, where in [] if typed or kinds else named:
        main, said = guess_event_type(text), where
        if main:
            break
    others = [kind for kind in kinds if kind != main]
    slots = {kind: f"event{n}" for n, kind in enumerate(others[:8], start=2)}
    defaults: dict[str, str] = {}
    if not typed:
        defaults["event.type"] = main or "?"
        if main is None:
            questions.append(
                "no column gives the event type: every row gets defaults: event.type; set it, "
                "e.g. summons_paper"
            )
        elif not kinds:
            questions.append(
                f"no column gives the event type: every row gets defaults: event.type ({main!r}, "
                f"from {said})"
            )
    defaults.update({f"{slot}.type": kind for kind, slot in slots.items()})
    for c in events:
        assert c.target is not None
        if c.kind is None or c.kind == main:
            continue
        slot = slots.get(c.kind)
        if slot is None:
            c.target, c.note = "ignore", f"a {c.kind}: more kinds of events than slots; left out"
        else:
            c.target = slot + c.target[len("event") :]
            c.note = f"the {c.kind} of the same person: {slot}, with defaults: {slot}.type"
    return defaults


def _no_shared_targets(columns: list[_Column], questions: list[str]) -> None:
    """Leave out, and ask about, a column whose target an earlier column already fills."""
    taken: dict[str, str] = {}
    for c in columns:
        if c.target in (None, "key", "ignore"):
            continue
        assert c.target is not None
        first = taken.setdefault(c.target, c.header)
        if first != c.header:
            questions.append(
                f"{c.header!r} also looks like {c.target}, which {first!r} fills: left out; "
                "give it another target (a second event: event2.date with defaults: "
                "event2.type) or leave it out"
            )
            c.target, c.note = "ignore", f"also looks like {c.target}: see the questions"


def _value_maps(
    columns: list[_Column], samples: list[list[str]], notes: list[str], questions: list[str]
) -> dict[str, dict[str, str]]:
    maps: dict[str, dict[str, str]] = {}
    for c, values in zip(columns, samples, strict=True):
        target = c.target or ""
        distinct = Counter(values)
        if target.endswith(".type") and target.startswith("event"):
            value_map: dict[str, Any] = {}
            for value, _ in distinct.most_common(200):
                several = several_types(value)
                if several:  # a form's multiple answers: one event each
                    value_map[value] = several
                    continue
                guessed = guess_event_type(value)
                value_map[value] = guessed or "?"
                if guessed is None:
                    questions.append(f"{c.header!r}: which event type is {value!r}?")
            if value_map:
                c.map_name = _add_map(maps, "event_types", value_map)
        elif target.endswith(".region"):
            unknown = [v for v in distinct if region_for_name(v) is None]
            if unknown:
                c.map_name = _add_map(maps, "regions", {v: "?" for v in unknown[:200]})
                questions.extend(
                    f"{c.header!r}: which region is {v!r}? (ISO code, e.g. UA-23)"
                    for v in unknown[:20]
                )
        elif target == "person.status":
            value_map = status_map(c.header, distinct, notes, questions)
            if value_map:
                c.map_name = _add_map(maps, "statuses", value_map)
        elif target == "person.name":
            c.order = "auto"
        elif target == "person.consent" and distinct:
            c.map_name = _add_map(maps, "consent", consent_map(c.header, distinct, questions))
    return maps


def _add_map(maps: dict[str, dict[str, str]], name: str, values: dict[str, str]) -> str:
    """Add a named map, merged with one of the same name (two region columns share one)."""
    merged = maps.setdefault(name, {})
    for value, target in values.items():
        merged.setdefault(value, target)
    return name


def _comments(path: Path, table: Table, notes: list[str], questions: list[str]) -> list[str]:
    lines = [
        f"# Mapping proposed by svidok for {path.name} ({table.format}"
        + (f", {table.encoding}" if table.encoding else "")
        + (f", delimiter {table.delimiter!r}" if table.delimiter else "")
        + ").",
        "# Check every line, replace each '?' and set the source (who published this list, how",
        "# reliable it is: A-F). Then: svidok import FILE --mapping THIS_FILE",
        "# Phone numbers are left out on purpose: Svidok does not need them to count or link.",
    ]
    for title, items in (("Notes", notes), ("Questions", questions)):
        if items:
            lines.append(f"# {title}:")
            lines.extend(f"#  - {item}".replace("\n", " ") for item in items[:40])
    return lines
