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

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from ..model import region_for_name, vocabulary
from .headings import (
    _NOTE_BIRTHPLACE,
    _NOTE_DISTRICT,
    _RUNNING,
    _split,
    guess_event_type,
    guess_heading,
)
from .tabular import XLSX_SUFFIXES, Table, open_table
from .values import fold, parse_date

__all__ = ["propose_mapping"]

# A status written as a phrase ("мобілізований, зник безвісти"): the most telling word wins,
# so what happened last (missing, captured, dead) comes before being mobilised.
_STATUS_WORDS: tuple[tuple[str, str], ...] = (
    (r"зник|пропа[лв]|безвіст|безвест|missing|\bmia\b", "missing"),
    (r"полон|плен|captur|prisoner|\bpow\b", "captured"),
    (r"загин|загиб|помер|погиб|умер|dead|died|killed|deceased|\bkia\b", "dead"),
    (r"поранен|ранен|wound|injur", "wounded"),
    (r"затрим|задерж|арешт|арест|detain|arrest", "detained"),
    (r"ув'язн|заключ|в'язниц|тюрьм|prison|jail|засуджен|осужден|sentenced", "imprisoned"),
    (r"перехов|скрыва|hiding", "in_hiding"),
    (r"виїх|выех|evacu|\bleft\b", "left_territory"),
    (r"вдома|дома\b|\bhome\b|повернув|вернул|returned", "at_home"),
    (r"мобіліз|мобилиз|mobili|служ|\bserv|conscript|призван|призвали|воює|воюет", "serving"),
    (r"невідом|неизвест|unknown|н/д|немає даних|нет данных", "unknown"),
)
# Not a status but an event: the status stays unknown, and the comment says so.
_NOT_A_STATUS = re.compile(r"кримінал|уголов|справ|дело|criminal|prosecut|\b328\b|штраф|fine")


def _looks_like_dates(values: list[str]) -> bool:
    good = 0
    for v in values:
        try:
            parse_date(v)
            good += 1
        except ValueError:
            pass
    return bool(values) and good >= 0.8 * len(values)


def _looks_like_phones(values: list[str]) -> bool:
    phones = sum(
        1
        for v in values
        if re.fullmatch(r"\+?[\d\s\-()]+", v) and 10 <= sum(c.isdigit() for c in v) <= 13
    )
    return bool(values) and phones >= 0.8 * len(values)


def _numbers(values: list[str]) -> list[int] | None:
    out = []
    for value in values:
        text = value.rstrip(".")
        if not text.isdigit():
            return None
        out.append(int(text))
    return out


def _running(values: list[str]) -> bool:
    """Whole numbers counting the rows (1, 2, 3…, with a gap or an inserted row here and there)."""
    numbers = _numbers(values)
    if not numbers:
        return False
    steps = [b - a for a, b in pairwise(numbers)]
    return not steps or sum(1 for s in steps if s == 1) >= 0.8 * len(steps)


def _key_verdict(header: str, values: list[str], rows: int) -> str | None:
    """None when the column can be the key, else why not."""
    running = _RUNNING.search(fold(_split(header)[1]))
    if _running(values) or (running and _numbers(values)):
        return (
            f"no key: {header!r} is a running number, which changes when a row is inserted or "
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


_STATUS_NOTE = "is not a status but an event (prosecution_opened): the status is unknown"


def _status_map(header: str, values: Counter[str], questions: list[str]) -> dict[str, str]:
    """Values the status vocabulary does not know, each with its guessed status or '?'."""
    statuses = vocabulary("person_status")
    value_map: dict[str, str] = {}
    for value, _ in values.most_common(200):
        try:
            statuses.clean(value)
            continue
        except ValueError:
            pass
        folded = fold(value)
        guessed = next((s for w, s in _STATUS_WORDS if re.search(w, folded)), None)
        if guessed is None and _NOT_A_STATUS.search(folded):
            guessed = "unknown"
            questions.append(f"{header!r}: {value!r} {_STATUS_NOTE}")
        if guessed is None:
            questions.append(f"{header!r}: which status is {value!r}? (one of {statuses.ids})")
        value_map[value] = guessed or "?"
    return value_map


def _date_order(values: list[str]) -> tuple[str, str | None]:
    """dmy, or mdy when the dates say so ("09/21/2022"), with a note when they disagree."""
    day_first: list[str] = []
    month_first: list[str] = []
    for value in values:
        match = re.fullmatch(r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\s*", value)
        if match:
            first, second = int(match[1]), int(match[2])
            if first > 12 >= second:
                day_first.append(value)
            elif second > 12 >= first:
                month_first.append(value)
    if month_first and not day_first:
        return "mdy", f"dates are written month first ({month_first[0]!r}): dates: mdy"
    if month_first and day_first:
        return "dmy", (
            f"dates are written both day first ({day_first[0]!r}) and month first "
            f"({month_first[0]!r}): dmy is proposed, and dates like {month_first[0]!r} will be "
            "rejected as impossible: correct them in the file"
        )
    return "dmy", None


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


def _open(path: Path, notes: list[str]) -> tuple[Table, dict[str, str]]:
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
    return table, options


def propose_mapping(path: str | Path, *, sample: int = 500, dataset: str | None = None) -> str:
    """A commented YAML mapping for ``path``, guessed from its header and first rows."""
    p = Path(path)
    notes: list[str] = []
    questions: list[str] = []
    table, file_options = _open(p, notes)
    samples: list[list[str]] = [[] for _ in table.header]
    rows = 0
    for rows, row in enumerate(table.rows(), start=1):
        if rows > sample:
            rows = sample
            break
        for i, cell in enumerate(row.cells):
            if cell:
                samples[i].append(cell)
    columns = [_Column(h, *_guess(h, samples[i])) for i, h in enumerate(table.header)]
    if any(c.target == "person.name.surname" for c in columns):
        for c in columns:  # "Name" beside "Surname" is the given name
            if c.target == "person.name" and fold(_split(c.header)[1]) in ("name", "names"):
                c.target = "person.name.given"
    key = _choose_key(columns, samples, rows, notes)
    defaults = _event_slots(columns, p, questions)
    _no_shared_targets(columns, questions)
    maps = _value_maps(columns, samples, questions)
    for c in columns:
        if c.target is None:
            questions.append(f"{c.header!r}: what is this column? (left as ignore)")
        elif c.note in (_NOTE_BIRTHPLACE, _NOTE_DISTRICT):
            questions.append(f"{c.header!r}: {c.note}")
    order, order_note = _date_order(
        [v for c, vs in zip(columns, samples, strict=True) if _is_date(c.target) for v in vs]
    )
    if order_note:
        (notes if order == "mdy" else questions).append(order_note)
    mapping: dict[str, object] = {
        "dataset": dataset or re.sub(r"[^\w.\-]+", "-", p.stem).strip("-").lower() or "dataset",
        "source": {"kind": "ngo_list", "title": p.stem, "publisher": "?", "reliability": "F"},
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


def _guess(header: str, values: list[str]) -> tuple[str | None, str | None, str | None]:
    guess = guess_heading(header)
    if guess.target is None and values and _looks_like_phones(values[:50]):
        return "ignore", None, "looks like phone numbers: left out"
    if guess.target is None and values and _looks_like_dates(values[:50]):
        return "event.date", None, None
    return guess.target, guess.kind, guess.note


def _is_date(target: str | None) -> bool:
    return bool(target) and (target == "person.birth" or str(target).endswith(".date"))


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


def _event_slots(columns: list[_Column], path: Path, questions: list[str]) -> dict[str, str]:
    """Put each event field in its slot, one slot per kind of event; the slots' default types.

    With an event-type column its events fill ``event``; without, the first kind the headings
    name does (or the one the file name says: "список мобілізованих"). Columns naming another
    kind ("Дата загибелі") go to ``event2``... with ``defaults: event2.type``.
    """
    events = [c for c in columns if c.target and c.target.startswith("event.")]
    if not events:
        return {}
    typed = any(c.target == "event.type" for c in events)
    kinds = list(dict.fromkeys(c.kind for c in events if c.kind))
    main = None if typed else (kinds[0] if kinds else guess_event_type(path.stem))
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
                "from the file name)"
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
    columns: list[_Column], samples: list[list[str]], questions: list[str]
) -> dict[str, dict[str, str]]:
    maps: dict[str, dict[str, str]] = {}
    for c, values in zip(columns, samples, strict=True):
        target = c.target or ""
        distinct = Counter(values)
        if target.endswith(".type") and target.startswith("event"):
            value_map = {}
            for value, _ in distinct.most_common(200):
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
            value_map = _status_map(c.header, distinct, questions)
            if value_map:
                c.map_name = _add_map(maps, "statuses", value_map)
        elif target == "person.name":
            c.order = "auto"
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
