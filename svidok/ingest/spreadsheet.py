"""CSV and XLSX files read through a mapping: each row becomes a person, events, and claims."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from ..model import PartialDate, Record, involvement_problems, make, make_from
from ..model.records import canonical_bytes, canonical_json
from .base import IdSource, Item, ReadReport, Reject, content_hash
from .cell_words import is_totals_row
from .cells import (
    age_in_name,
    age_years,
    birth_in_name,
    failing_part,
    give_region,
    placeholder_sex,
    scrub,
)
from .mapping import Mapping, MappingError
from .places import resolve_place, street_address
from .sections import names_several, placeholder_name, section_row
from .tabular import Row, Table, open_table
from .values import fold, parse_date, split_name

__all__ = ["SpreadsheetImport"]

_EVENT_SLOTS = ("event", *(f"event{n}" for n in range(2, 10)))


class SpreadsheetImport:
    """An :class:`~svidok.ingest.base.Adapter` for a CSV or XLSX file and its mapping."""

    def __init__(self, path: str | Path, mapping: Mapping, *, today: date | None = None) -> None:
        self.path = Path(path)
        self.mapping = mapping
        self.today = today or date.today()
        self.table: Table = open_table(self.path, **mapping.file)
        header = list(self.table.header)
        named = [*mapping.columns, *mapping.ignored, *([mapping.key] if mapping.key else [])]
        missing = [c for c in named if c not in header]
        if missing:
            raise MappingError(
                f"{mapping.path}: columns {missing} are not in {self.path.name} "
                f"(its columns: {header})"
            )
        self.index = {name: i for i, name in enumerate(header)}
        self.report = ReadReport(
            file=str(self.path),
            file_digest=self.table.file_digest,
            dataset=mapping.dataset,
            details={
                k.replace("_", " "): v
                for k, v in self.table.details().items()
                if k != "merged_cells"
            },
        )
        unmapped = [c for c in header if c not in mapping.columns and c not in mapping.ignored]
        for column in unmapped:
            self.report.notes.append(f"column {column!r} is not in the mapping: not imported")
        # The hash covers the mapped cells and the mapping itself: a corrected mapping rebuilds
        # every row (the store then writes only records whose content really changed).
        self._fingerprint = canonical_json(
            {
                "columns": {
                    c: (r.target, sorted(r.value_map.items()), r.order)
                    for c, r in mapping.columns.items()
                },
                "defaults": {k: str(v) for k, v in mapping.defaults.items()},
                "dates": mapping.date_order,
            }
        )
        self._used = [self.index[c] for c in mapping.columns]
        # slot.field -> its column, filled or not: an empty required cell is named by it
        self._all_columns: dict[str, str] = {}
        for column, rule in mapping.columns.items():
            self._all_columns.setdefault(f"{rule.slot}.{rule.field}", column)
        self._hash_start = hashlib.sha256(b"[" + canonical_bytes(self._fingerprint) + b",")
        # Per mapped column: its index, name, rule and the type of the field it fills.
        self._templates: dict[tuple[str, frozenset[str]], Record] = {}
        self._plan = [
            (
                self.index[c],
                c,
                rule,
                "free_text" if rule.field in _FREE_TEXT else _fields(rule.slot)[rule.field],
            )
            for c, rule in mapping.columns.items()
        ]

    def items(self) -> Iterator[Item | Reject]:
        """The source item, then one item per data row (or a reject for a broken row)."""
        source = dict(self.mapping.source)
        yield Item(
            key="source",
            line=0,
            where="mapping source",
            content_hash=content_hash({"source": {k: str(v) for k, v in source.items()}}),
            build=lambda ids: [make("source", source, id=ids.next("source"), today=self.today)],
            counted=False,
            anchor=True,
        )
        seen: set[str] = set()
        key_index = self.index.get(self.mapping.key) if self.mapping.key else None
        # Rows are known by their line within the sheet: two sheets of one workbook imported
        # into one dataset must not take each other's rows for their own.
        sheet = self.mapping.file.get("sheet")
        row_key = f"row:{sheet}:" if sheet else "row:"
        region: str | None = None  # from the last region heading row above
        for ordinal, row in enumerate(self.table.rows(), start=1):
            where = self.table.where(row)
            if row.problem:
                yield Reject(self.report.file, where, "", row.problem)
                continue
            if is_totals_row(row.cells):
                self.report.skipped["total rows (Разом, Итого, Total...)"] += 1
                continue
            section = section_row(row.cells, self._used)
            if section is not None:
                if section.kind == "region":
                    region = section.region
                self.report.skipped[_SECTION_SKIPPED[section.kind]] += 1
                continue
            if key_index is not None:
                key_value = row.cells[key_index]
                if not key_value:
                    yield Reject(
                        self.report.file, where, self.mapping.key or "", "the key cell is empty"
                    )
                    continue
                key = f"key:{key_value}"
                locator = f"{self.mapping.key} = {key_value}"
            else:
                key = f"{row_key}{ordinal}"
                locator = where  # "line 12", "Sheet1 row 12": where to find it in the file
            if key in seen:
                yield Reject(
                    self.report.file,
                    where,
                    self.mapping.key or "",
                    f"key {key.partition(':')[2]!r} appears twice in the file",
                )
                continue
            seen.add(key)
            cells = [row.cells[i] for i in self._used]
            if not any(cells):
                self.report.skipped["rows with no mapped values"] += 1
                continue
            if region is not None:  # moved under another heading, the row changed
                cells.append(f"region heading {region}")
            yield Item(
                key=key,
                line=row.line,
                where=where,
                content_hash=self._row_hash(cells),
                build=functools.partial(self._build, row, locator, region),
            )
        if self.table.struck_rows:  # crossed out in the workbook: withdrawn, as lists mark it
            self.report.skipped["rows struck through in the workbook (read as withdrawn)"] += (
                self.table.struck_rows
            )

    def _row_hash(self, cells: list[str]) -> str:
        """``content_hash([fingerprint, cells])``, without serialising the fingerprint again
        for every row (the same bytes are hashed)."""
        digest = self._hash_start.copy()
        digest.update(canonical_bytes(cells))
        digest.update(b"]")
        return digest.hexdigest()

    # --- building one row ---------------------------------------------------------------------

    def _columns_of(self, row: Row) -> dict[str, str]:
        """slot.field (and slot.field.part) -> the column that filled it, to name columns in
        errors (the first non-empty one, in mapping order)."""
        columns_of: dict[str, str] = {}
        for column, rule in self.mapping.columns.items():
            if not row.cells[self.index[column]]:
                continue
            columns_of.setdefault(f"{rule.slot}.{rule.field}", column)
            if rule.part:
                columns_of[f"{rule.slot}.{rule.field}.{rule.part}"] = column
        return columns_of

    def _build(
        self, row: Row, locator: str, region: str | None, ids: IdSource
    ) -> list[Record] | list[Reject]:
        slots: dict[str, dict[str, Any]] = {}
        places: dict[tuple[str, str], dict[str, str]] = {}
        names: dict[tuple[str, str], dict[str, str]] = {}
        rejects: list[Reject] = []
        more_types: dict[str, list[str]] = {}  # event slot -> further types of a multi-answer
        file = self.report.file
        cells = row.cells
        date_order = self.mapping.date_order

        for i, column, rule, type_name in self._plan:
            text = cells[i]
            if not text:
                continue
            if rule.value_map:
                text = rule.mapped(text)
                if text == "?" and cells[i].strip() != "?":
                    reason = (
                        f"{cells[i]!r} is mapped to '?' in {self.mapping.path}: "
                        "replace the '?' with what it means"
                    )
                    rejects.append(Reject(file, self.table.where(row, i), column, reason, cells[i]))
                    continue
            if type_name == "event_type" and "|" in text and fold(cells[i]) in rule.value_map:
                text, *more = text.split("|")
                more_types[rule.slot] = more
            if type_name == "place":
                places.setdefault((rule.slot, rule.field), {})[rule.part or "region"] = text
            elif type_name == "person_name":
                parts = names.setdefault((rule.slot, rule.field), {})
                if rule.part:
                    parts[rule.part] = text
                else:
                    parts["full"] = text
                    parts["order"] = rule.order
            elif type_name == "partial_date":
                try:
                    parsed = parse_date(text, date_order)
                except ValueError as exc:
                    rejects.append(
                        Reject(file, self.table.where(row, i), column, str(exc), cells[i])
                    )
                    continue
                slot_values = slots.get(rule.slot)
                if slot_values is None:
                    slot_values = slots[rule.slot] = {}
                slot_values[rule.field] = parsed
            elif type_name == "age_at":
                try:
                    years = age_years(text)
                except ValueError as exc:
                    rejects.append(
                        Reject(file, self.table.where(row, i), column, str(exc), cells[i])
                    )
                    continue
                if years is not None:
                    slots.setdefault(rule.slot, {})[rule.field] = {"years": years}
            else:
                if type_name == "free_text":
                    text = self._scrub(text)
                slot_values = slots.get(rule.slot)
                if slot_values is None:
                    slot_values = slots[rule.slot] = {}
                slot_values[rule.field] = text
        for target, value in self.mapping.defaults.items():
            slot, name, *part = target.split(".")
            if slot in _EVENT_SLOTS[1:] and not _filled(slot, slots, places, names):
                continue  # a second event (a death) only when the row says something of it
            if part:
                holder = places if _fields(slot)[name] == "place" else names
                holder.setdefault((slot, name), {}).setdefault(part[0], str(value))
            else:
                slots.setdefault(slot, {}).setdefault(name, value)
        if region is not None:
            give_region(region, places, slots)
        for (slot, name), name_parts in names.items():
            full = name_parts.pop("full", None)
            order = name_parts.pop("order", "surname_first")
            if full and placeholder_name(full):
                # an unknown man is still a person the list counts: a person without a name
                self.report.warnings["a name cell saying the name is not known (no name)"] += 1
                if slot == "person":
                    slots.setdefault("person", {}).setdefault("sex", placeholder_sex(full))
                full = None
                if not name_parts:
                    continue
            if full and slot == "person" and names_several(full):
                column = self._columns_of(row).get(f"{slot}.{name}", f"{slot}.{name}")
                reason = "names several persons: give each person a row of their own"
                rejects.append(Reject(file, self.table.where(row), column, reason, full))
                continue
            age = age_in_name(full) if full and slot == "person" else None
            if age is not None:  # "Дорошенко Іван, 24 роки": the age, and the name before it
                full, years = age
                person = slots.setdefault("person", {})
                if "age" not in person and "birth" not in person:
                    person["age"] = {"years": years}
                    self.report.warnings["age taken from the name cell"] += 1
            born = birth_in_name(full) if full and slot == "person" else None
            if born is not None:  # "Петренко Іван, 1999 р.н.": the birth, and the name before it
                try:
                    birth = parse_date(born[1], date_order)
                except ValueError:
                    birth = None  # not a date after all: the name keeps it as written
                if birth is not None:
                    full = born[0]
                    if "birth" not in slots.get("person", {}):
                        slots.setdefault("person", {})["birth"] = birth
                        self.report.warnings["birth year taken from the name cell"] += 1
            try:
                value = split_name(full, order) if full else None
            except ValueError as exc:  # e.g. control characters in the cell
                column = self._columns_of(row).get(f"{slot}.{name}", f"{slot}.{name}")
                rejects.append(Reject(file, self.table.where(row), column, str(exc), full or ""))
                continue
            if value is not None and not name_parts:
                slots.setdefault(slot, {})[name] = value  # already a clean PersonName
            else:
                slots.setdefault(slot, {})[name] = {**(value.dump() if value else {}), **name_parts}
        for (slot, name), parts in places.items():
            try:
                place, note = resolve_place(
                    parts.get("region"),
                    parts.get("settlement"),
                    parts.get("code"),
                    parts.get("label"),
                )
            except ValueError as exc:
                bad = failing_part(parts)
                columns_of = self._columns_of(row)
                column = columns_of.get(f"{slot}.{name}.{bad}") or columns_of.get(
                    f"{slot}.{name}", f"{slot}.{name}"
                )
                rejects.append(
                    Reject(file, self.table.where(row), column, str(exc), parts.get(bad, ""))
                )
                continue
            written = (parts.get(p) for p in ("settlement", "label", "region"))
            if slot == "person" and any(v and street_address(v) for v in written):
                if place.label:  # the address would be kept as written, unencrypted
                    rejects.append(self._street_reject(row, slot, name, parts, place.label))
                    continue
                self.report.warnings["street address left out of person.origin"] += 1
            if note:
                self.report.warnings[note] += 1
            slots.setdefault(slot, {})[name] = place
        if not rejects and not slots.get("person") and not any(slots.get(s) for s in _EVENT_SLOTS):
            rejects.append(
                Reject(
                    file, self.table.where(row), "", "the row gives neither a person nor an event"
                )
            )
        person_values = slots.get("person") or {}
        role = slots.get("involvement", {}).get("role", "victim")
        births = person_values.get("birth") is not None and not rejects
        for slot in _EVENT_SLOTS if births else ():
            if not slots.get(slot):
                continue
            for _, message in involvement_problems(person_values, slots[slot], role):
                columns_of = self._columns_of(row)
                column = columns_of.get(f"{slot}.date") or columns_of.get("person.birth", slot)
                rejects.append(Reject(file, self.table.where(row), column, message))
        if rejects:
            return rejects
        try:
            return self._records(slots, locator, row, ids, more_types)
        except ValidationError as exc:
            return [
                Reject(
                    file,
                    self.table.where(row),
                    self._column(self._columns_of(row), p.kind, p.field)
                    or self._column(self._all_columns, p.kind, p.field)
                    or (f"{p.kind}.{p.field}" if p.field else p.kind),
                    p.message,
                )
                for p in exc.problems
            ]

    def _records(
        self,
        slots: dict[str, dict[str, Any]],
        locator: str,
        row: Row,
        ids: IdSource,
        more_types: dict[str, list[str]],
    ) -> list[Record]:
        today = self.today
        origin = self.table.where(row)
        events = [(s, slots[s]) for s in _EVENT_SLOTS if slots.get(s)]
        if more_types:  # one answer of several: one event per type, the same date and place
            events = [
                (s, v)
                for s, values in events
                for v in (values, *({**values, "type": t} for t in more_types.get(s, ())))
            ]
        person_values = slots.get("person")
        if person_values and not person_values.get("name"):
            self.report.warnings["a person without a name (only their other details)"] += 1
        age = person_values.get("age") if person_values else None
        if isinstance(age, dict) and "at" not in age:
            when = events[0][1].get("date") if events else None
            if isinstance(when, PartialDate) and when.known:
                age["at"] = str(when)
        records: list[Record] = []
        person = (
            make("person", person_values, id=ids.next("person"), today=today, origin=origin)
            if person_values
            else None
        )
        if person:
            records.append(person)
        made_events = [
            make("event", values, id=ids.next("event"), today=today, origin=origin)
            for _, values in events
        ]
        records.extend(made_events)
        role = slots.get("involvement", {}).get("role", "victim")
        if person:
            for event in made_events:
                values = {"person": person.id, "event": event.id, "role": role}
                records.append(self._like("involvement", values, ids.next("involvement"), origin))
        source_id = ids.of("source", "source")
        claim_values = {"locator": locator, **slots.get("claim", {})}
        subjects: list[Record] = made_events or ([person] if person else [])
        for subject in subjects:
            values = {**claim_values, "source": source_id, "subject": subject.id}
            records.append(self._like("claim", values, ids.next("claim"), origin))
        return records

    def _like(self, kind: str, values: dict[str, Any], id: str, origin: str) -> Record:
        """``make(kind, values, ...)`` for the involvements and claims every row builds: the
        first record with the same fields filled is the template, the rest are made from it
        (same result, a fraction of the cost)."""
        key = (kind, frozenset(k for k, v in values.items() if v is not None and v != ""))
        template = self._templates.get(key)
        if template is None:
            record = make(kind, values, id=id, today=self.today, origin=origin)
            if len(self._templates) < 256:
                self._templates[key] = record
            return record
        return make_from(template, id, values, today=self.today, origin=origin)

    def _scrub(self, text: str) -> str:
        """A free-text cell without contacts; the report counts what was left out."""
        text, dropped = scrub(text)
        self.report.dropped.update(dropped)
        return text

    def _street_reject(
        self, row: Row, slot: str, name: str, parts: dict[str, str], label: str
    ) -> Reject:
        columns_of = self._columns_of(row)
        column = next(
            (columns_of[k] for k in (f"{slot}.{name}.{p}" for p in parts) if k in columns_of),
            f"{slot}.{name}",
        )
        reason = (
            "a street address: person.origin takes a settlement or region (an address "
            "identifies a household); map the column to person.address"
        )
        return Reject(self.report.file, self.table.where(row), column, reason, label)

    @staticmethod
    def _column(columns_of: dict[str, str], kind: str, field: str | None) -> str:
        """The column that fills ``kind.field`` (the first slot of that kind), else ""."""
        for slot in ("person", *_EVENT_SLOTS, "involvement", "claim"):
            if _SLOT_KIND.get(slot) == kind and f"{slot}.{field}" in columns_of:
                return columns_of[f"{slot}.{field}"]
        return ""


_SECTION_SKIPPED = {
    "region": "region heading rows (their region goes to the rows under them)",
    "heading": "district or group heading rows",
    "note": "notes and footnotes (Джерело:, Примітка:, * ...)",
}


# Identifying free-text fields a row may fill: phone numbers and e-mails are taken out of them.
_FREE_TEXT = frozenset({"notes", "address", "description", "excerpt"})


_SLOT_KIND = {
    "person": "person",
    **dict.fromkeys(_EVENT_SLOTS, "event"),
    "involvement": "involvement",
    "claim": "claim",
}


def _filled(
    slot: str,
    slots: dict[str, dict[str, Any]],
    places: dict[tuple[str, str], dict[str, str]],
    names: dict[tuple[str, str], dict[str, str]],
) -> bool:
    """Whether the row's own cells gave anything to ``slot``."""
    return bool(slots.get(slot)) or any(s == slot for s, _ in (*places, *names))


@functools.cache
def _fields(slot: str) -> dict[str, str]:
    from ..model import record_type

    return {name: f.type_name for name, f in record_type(_SLOT_KIND[slot]).fields.items()}
