"""Public exports: counts of persons by region, period and event type, and nothing else.

An export holds aggregates only: no names, ids, dates of birth, phones or free text ever enter
it; places and periods are labels built from codes (KATOTTG, ISO 3166-2, calendar periods) and
event types from the vocabulary. Small cells are coarsened and suppressed by
:mod:`svidok.report.disclosure`; every rendered export is then scanned for the identifying
values of the persons behind it, and refused (``DisclosureError``) if any appears.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..model import PartialDate, Place, Record, event_types, regions
from ..model.places import katottg_ancestors, katottg_entry
from .disclosure import TOTAL, Dimension, DisclosureError, ProtectedTable, Unit, protect
from .stats import UNSOURCED, _roots, period_label

__all__ = [
    "DIMENSIONS",
    "Format",
    "PublicExport",
    "build_export",
    "find_identifiers",
    "period_path",
    "place_path",
    "render",
]

Format = Literal["csv", "json", "html"]
DIMENSIONS: dict[str, Dimension] = {
    "region": Dimension("region", ("settlement", "raion", "oblast")),
    "period": Dimension("period", ("day", "month", "quarter", "year")),
    "type": Dimension("type", ("type",), coarsen=False),
    "age": Dimension("age", ("age",), coarsen=False),
}
MINOR, ADULT = "minor", "adult or unknown"
SUPPRESSED = "suppressed"
SEMANTICS_LINKED = (
    "Persons: distinct persons documented with at least one event in the cell, after linking "
    "the records of one person across sources. A person with events in several cells counts in "
    "each, and once in their total."
)
SEMANTICS_UNLINKED = (
    "Persons: at least this many, the most distinct persons any one source lists for the cell "
    "(sources may name the same person). A total is counted the same way over its cells."
)
PROTECTION = (
    "Cells with fewer than {k} persons are suppressed, with enough other cells that no "
    "suppressed count can be worked out from the totals; places and periods may be coarsened. "
    "A suppressed cell is not zero: zeros are shown."
)


def place_path(place: Place | None) -> tuple[str, str, str]:
    """Labels of a place at settlement, raion and oblast level; a place known less precisely
    than a level gets "<coarser> (<level> unknown)"."""
    if place is None or not place.region:
        return ("unknown", "unknown", "unknown")
    oblast, raion, settlement = place.region, None, None
    if place.code:
        chain = (*katottg_ancestors(place.code), place.code)
        raion = next((c for c in chain if (katottg_entry(c) or ("",))[0] == "P"), None)
        if place.precision == "settlement":
            settlement = place.code
    raion_label = raion or f"{oblast} (raion unknown)"
    settlement_label = settlement or f"{raion or oblast} (settlement unknown)"
    return (settlement_label, raion_label, oblast)


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def period_path(when: PartialDate | None) -> tuple[str, str, str, str]:
    """Labels of a date at day, month, quarter and year level, never finer than it is known."""
    month = period_label(when, "month")
    if when is not None and when.start is not None and when.start == when.end:
        day = when.start.isoformat()
    elif _MONTH.match(month):
        day = f"{month} (day unknown)"
    else:
        day = month.replace("(month unknown)", "(day unknown)")
    return (day, month, period_label(when, "quarter"), period_label(when, "year"))


def _is_minor(person: Record | None, when: PartialDate | None) -> bool:
    if person is None:
        return False
    if person.get("minor"):
        return True
    age = person.get("age")
    if age is not None and age.years < 18:
        return True
    birth: PartialDate | None = person.get("birth")
    if birth is None or birth.start is None or when is None or when.end is None:
        return False
    try:
        adult_from = birth.start.replace(year=birth.start.year + 18)
    except ValueError:  # born on 29 February
        adult_from = date(birth.start.year + 18, 3, 1)
    return when.end < adult_from


@dataclass
class PublicExport:
    """A protected table with the labels and texts to publish it."""

    protected: ProtectedTable
    linked: bool
    names: dict[str, dict[str, str]]  # dimension -> value -> public name (codifier, vocabulary)
    forbidden: list[tuple[str, str, str]] = field(default_factory=list, repr=False)

    @property
    def semantics(self) -> str:
        """What the counts mean."""
        return SEMANTICS_LINKED if self.linked else SEMANTICS_UNLINKED

    @property
    def protection(self) -> str:
        """What was done to protect the persons counted."""
        return PROTECTION.format(k=self.protected.min_cell)

    def records(self) -> list[dict[str, object]]:
        """One mapping per cell: each dimension's value (and public name), and the count or
        None when suppressed."""
        table = self.protected.table
        out = []
        for key, value in self.protected.rows():
            row: dict[str, object] = {}
            for dim, label in zip(table.dimensions, key, strict=True):
                row[dim] = label
                if dim in ("region", "type"):
                    row[f"{dim}_name"] = self.names[dim].get(label, label)
            row["persons"] = value
            out.append(row)
        return out


def _place_name(label: str) -> str:
    code, _, rest = label.partition(" ")
    if code.startswith("UA-") and code in regions():
        name = regions()[code].name_en
    elif code.startswith("UA") and (entry := katottg_entry(code)):
        name = entry[1]
    else:
        return label
    return f"{name} {rest}".strip()


def build_export(
    events: Iterable[Record],
    involvements: Iterable[Record],
    claims: Iterable[Record],
    sources: Iterable[Record],
    persons: Iterable[Record],
    *,
    by: Sequence[str] = ("region", "period"),
    place_level: str = "oblast",
    period_level: str = "quarter",
    min_cell: int = 5,
    identities: Mapping[str, str] | None = None,
    max_hidden_share: float = 0.2,
) -> PublicExport:
    """Count persons with events (victims) per cell of ``by`` (region, period, type, age), then
    coarsen and suppress so that no cell below ``min_cell`` persons can be read or worked out.

    ``place_level`` and ``period_level`` are the finest levels wanted; ``identities`` (person
    record id -> resolved identity, from linkage) makes counts distinct persons across sources.
    """
    unknown = [name for name in by if name not in DIMENSIONS]
    if unknown or not by or len(set(by)) != len(by):
        raise DisclosureError(f"cannot export by {list(by)}; use {', '.join(DIMENSIONS)}")
    dims = [DIMENSIONS[name] for name in by]
    wanted = {"region": place_level, "period": period_level, "type": "type", "age": "age"}
    for dim in dims:
        if wanted[dim.name] not in dim.levels:
            raise DisclosureError(f"{dim.name} level {wanted[dim.name]!r}: use {dim.levels}")
    start = [dim.levels.index(wanted[dim.name]) for dim in dims]

    people = {p.id: p for p in persons}
    source_list = list(sources)
    roots = _roots(source_list)
    event_roots: dict[str, set[str]] = defaultdict(set)
    person_roots: dict[str, set[str]] = defaultdict(set)
    claim_list = list(claims)
    for claim in claim_list:
        root = roots.get(claim["source"], claim["source"])
        (event_roots if claim["subject"].startswith("E-") else person_roots)[claim["subject"]].add(
            root
        )
    victims: dict[str, list[str]] = defaultdict(list)
    involvement_ids = []
    for inv in involvements:
        involvement_ids.append(inv.id)
        if inv["role"] == "victim":
            victims[inv["event"]].append(inv["person"])

    units: list[Unit] = []
    event_ids = []
    for event in events:
        event_ids.append(event.id)
        when = event.get("date")
        for person in victims.get(event.id, []):
            paths = {
                "region": place_path(event.get("place")),
                "period": period_path(when),
                "type": (event["type"],),
                "age": (MINOR if _is_minor(people.get(person), when) else ADULT,),
            }
            who = identities.get(person, person) if identities is not None else person
            for root in event_roots.get(event.id) or person_roots.get(person) or {UNSOURCED}:
                units.append(Unit(who, root, tuple(paths[d.name] for d in dims)))

    protected = protect(
        units,
        dims,
        start,
        min_cell=min_cell,
        linked=identities is not None,
        max_hidden_share=max_hidden_share,
    )
    type_names = {t.id: t.label["en"] for t in event_types().values()}
    names: dict[str, dict[str, str]] = {"region": {}, "type": {}}
    for name, values in zip(protected.table.dimensions, protected.table.values, strict=True):
        if name == "region":
            names[name] = {v: _place_name(v) for v in values}
        elif name == "type":
            names[name] = {v: type_names.get(v, v) for v in values}
    ids = [*people, *event_ids, *involvement_ids, *(c.id for c in claim_list)]
    return PublicExport(protected, identities is not None, names, _forbidden(people.values(), ids))


def _forbidden(persons: Iterable[Record], ids: Iterable[str]) -> list[tuple[str, str, str]]:
    """(what, record id, value) for every identifying value the export must never contain."""
    out = [("id", i, i) for i in ids]
    for p in persons:
        name = p.get("name")
        if name is not None:
            for part in (name.full, name.given, name.patronymic, name.surname):
                for word in _WORD.findall(part or ""):
                    if len(word) >= 3:
                        out.append(("name", p.id, word.casefold()))
        birth = p.get("birth")
        if birth is not None and birth.precision == "day" and birth.start is not None:
            out.append(("date of birth", p.id, birth.start.isoformat()))
            out.append(("date of birth", p.id, birth.start.strftime("%d.%m.%Y")))
        if p.get("phone"):
            out.append(("phone", p.id, re.sub(r"\D", "", p["phone"])))
    return out


_WORD = re.compile(r"\w+(?:['’ʼ-]\w+)*")
_DIGITS = re.compile(r"\+?\d[\d\s\-().]{5,}\d")


def find_identifiers(
    text: str, forbidden: Iterable[tuple[str, str, str]], allowed: Iterable[str] = ()
) -> list[str]:
    """What identifying values ``text`` contains: record ids, name words (whole words, any
    case), exact dates of birth and phone numbers (with any separators). ``allowed`` are public
    words and labels the export itself generates (codifier names, vocabulary labels, periods)
    that may coincide with a name or a date. Messages name the kind and record, not the value."""
    allowed_set = {a.casefold() for a in allowed}
    words = {w.casefold() for w in _WORD.findall(text)} - allowed_set
    runs = [re.sub(r"\D", "", r) for r in _DIGITS.findall(text)]
    found = set()
    for what, record_id, value in forbidden:
        if what == "id":
            hit = value in text
        elif what == "name":
            hit = value in words
        elif what == "phone":
            hit = len(value) >= 7 and any(
                run == value or (len(run) >= 9 and run.endswith(value[-9:])) for run in runs
            )
        else:
            hit = value in text and value not in allowed_set
        if hit:
            found.add(f"{what} of {record_id}" if what != "id" else f"record id {record_id}")
    return sorted(found)


def _allowed(export: PublicExport) -> set[str]:
    table = export.protected.table
    texts = [export.semantics, export.protection, *export.protected.notes, TOTAL, SUPPRESSED]
    texts += [*table.dimensions, *table.levels, *export.protected.requested_levels]
    # Names come from the public lists again, not from export.names: a label that a bug filled
    # from a record must not whitelist itself.
    type_names = {t.id: t.label["en"] for t in event_types().values()}
    for values in table.values:
        public = [
            v for v in values if _PUBLIC_LABEL.match(v) or v in type_names or v in (MINOR, ADULT)
        ]
        texts += public
        texts += [_place_name(v) for v in public]
        texts += [type_names.get(v, v) for v in values]
    texts += [_HTML_WORDS, "persons", "region_name", "type_name", MINOR, ADULT]
    return {w for t in texts for w in _WORD.findall(t)} | set(texts)


_PUBLIC_LABEL = re.compile(
    r"^(?:UA-?\d+|unknown|\d{4}(?:[-–][\dQ-]+)?)"
    r"(?: \((?:settlement|raion|day|month|quarter) unknown\))?$"
)
_HTML_WORDS = (
    "html lang en head meta charset utf-8 title body style table thead tbody tr th td caption "
    "p h1 h2 ul li class num sup total Documented persons public export generated by Svidok "
    "Protection Meaning Notes doctype name viewport content width device initial scale"
)


def render(export: PublicExport, fmt: Format) -> str:
    """The export as CSV, JSON or self-contained HTML; raises DisclosureError if the text holds
    any identifying value of the persons behind it (a last check, whatever the format)."""
    if fmt == "csv":
        text = _csv(export)
    elif fmt == "json":
        text = _json(export)
    elif fmt == "html":
        from .export_html import render_html

        text = render_html(export)
    else:
        raise DisclosureError(f"unknown export format {fmt!r}; use csv, json or html")
    leaks = find_identifiers(text, export.forbidden, _allowed(export))
    if leaks:
        raise DisclosureError("the export would contain " + ", ".join(leaks[:10]))
    return text


def _csv(export: PublicExport) -> str:
    rows = export.records()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = list(rows[0]) if rows else [*export.protected.table.dimensions, "persons"]
    writer.writerow(header)
    for row in rows:
        writer.writerow([SUPPRESSED if k == "persons" and v is None else v for k, v in row.items()])
    return buffer.getvalue()


def _json(export: PublicExport) -> str:
    table = export.protected.table
    payload = {
        "dimensions": list(table.dimensions),
        "levels": dict(zip(table.dimensions, table.levels, strict=True)),
        "min_cell": export.protected.min_cell,
        "semantics": export.semantics,
        "protection": export.protection,
        "notes": export.protected.notes,
        "total_label": TOTAL,
        "cells": [{**row, "suppressed": row["persons"] is None} for row in export.records()],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
