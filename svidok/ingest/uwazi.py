"""Uwazi CSV exports: entities of several templates, related to each other by title.

Uwazi (HURIDOCS' documentation platform) exports a search as one CSV: ``Title``, ``Date added``,
``Template``, then the properties of the exported entities' templates by label, then
``Geolocation``, ``Documents``, ``Attachments``, ``Published``. The fixed columns are named in
the export's language ("Заголовок", "Шаблон", "Дата додавання"...). Multiple values are joined
with ``|``, thesaurus groups with ``::``, date ranges with ``~``, links as ``label|url``;
relationship properties list the titles of related entities.

A mapping says, per template, which record an entity becomes (person, event, source) and where
its columns go, relationship columns included (docs/import.md, "Uwazi exports", has an example).

The export names no entity ids, so an entity is known by its template, title and date added
(and, for entities that share all three, by its content), whatever the order of the rows. The
title is often a person's name, so keys and claim locators never hold it: keys hold a hash of
the title, locators the line, template and date added. A relationship names a title only: it
must name exactly one entity of the kind it links to (in the export, else imported earlier into
the dataset from another export), else the entity is rejected. Geolocation columns are never
imported (coordinates can locate people): a mapping that names one is refused, and coordinates
found in other columns (beside a relationship's titles, inside a text) are dropped; free texts
lose phone numbers, e-mail addresses and Telegram accounts too; all are counted in the report.
Entities are imported persons and sources first, then events, so that relationships find their
targets in one pass.

Mappings are checked in :mod:`svidok.ingest.uwazi_mapping`; Uwazi's column names and ways of
writing values are read in :mod:`svidok.ingest.uwazi_values`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from ..model import Record, make
from ..model.records import canonical_json
from .base import IdSource, Item, ReadReport, Reject, content_hash
from .cells import scrub
from .mapping import MappingError
from .places import resolve_place
from .tabular import Row, open_table
from .uwazi_cells import UwaziCells, _Conflict
from .uwazi_mapping import _KINDS, UwaziMapping, UwaziTemplate
from .uwazi_values import (
    _blank,
    _common,
    _drop_coordinates,
    _drop_coordinates_in_list,
    _title_digest,
)
from .values import fold, parse_date

__all__ = ["UwaziImport"]

# Free-text fields: contacts (phones, e-mails, Telegram accounts) are taken out, as in
# spreadsheets, and coordinates are replaced by a note that they were.
_FREE_TEXT = frozenset({"notes", "address", "description", "excerpt", "text"})
_COORDINATES_LEFT_OUT = "[coordinates left out]"
_DROPPED_COORDINATES = "geolocation coordinates"
# An item key: "<template>:<title digest>[@<date added>][#<content digest>]"
_KEY = re.compile(r"(?s)(?P<template>.*):(?P<title>[0-9a-f]{16})(?:[@#].*)?")


@dataclass(frozen=True, slots=True)
class _Entity:
    """An exported entity as relationships find it: by title."""

    key: str  # its item key; "" when its template is not imported
    kind: str | None  # the record it becomes, None when its template is not imported
    template: str
    line: int


@dataclass(frozen=True, slots=True)
class _Found:
    """An entity to import: its row, template, title and mapped cells."""

    row: Row
    template: UwaziTemplate
    title: str
    cells: dict[str, str]


class UwaziImport(UwaziCells):
    """An :class:`~svidok.ingest.base.Adapter` for an Uwazi CSV export and its mapping."""

    def __init__(
        self,
        path: str | Path,
        mapping: UwaziMapping,
        *,
        today: date | None = None,
        salt: bytes = b"",
    ):
        self.path = Path(path)
        self.mapping = mapping
        self.today = today or date.today()
        self.salt = salt  # keyed hashes of titles in item keys; keep it the same for a dataset
        self.table = open_table(self.path)
        self.report = ReadReport(
            file=str(self.path),
            file_digest=self.table.file_digest,
            dataset=mapping.dataset,
            unit="entities",
            details={"format": "Uwazi CSV export", **self.table.details()},
        )
        labels = self.table.header
        folded = [fold(h) for h in labels]
        self.index: dict[str, int] = {}  # column by folded label and by fixed column name
        for at, name in enumerate(folded):
            self.index.setdefault(name, at)
            self.index.setdefault(_common(name), at)
        if "title" not in self.index or "template" not in self.index:
            if len(labels) < 3 or {"title", "template", "date added"} & set(self.index):
                raise MappingError(
                    f"{self.path.name}: no Title and Template columns (Uwazi writes them first, "
                    "in the export's language): is this an Uwazi CSV export?"
                )
            for at, name in enumerate(("title", "date added", "template")):
                self.index[name] = at
            self.report.notes.append(
                f"columns {list(labels[:3])} taken as Uwazi's Title, Date added and Template "
                "(its fixed order)"
            )
        self.labels = {name: labels[at] for name, at in self.index.items()}  # for messages
        self.geo = [at for at, name in enumerate(folded) if _common(name) == "geolocation"]
        self.repeated = self._repeated(folded)  # read columns that share a heading
        self._entities: dict[str, list[_Entity]] = {}  # by folded title
        self._failed: set[str] = set()  # keys of entities rejected in this import
        self._here: set[str] = set()  # keys of the entities in this export
        self._earlier: dict[str, list[str]] | None = None  # earlier imports' keys by title digest

    def items(self) -> Iterator[Item | Reject]:
        """The database's source item, then entities: persons and sources, then events."""
        found, rejects = self._read()
        source = dict(self.mapping.source)
        yield Item(
            "uwazi",
            0,
            "mapping source",
            content_hash({"source": {k: str(v) for k, v in source.items()}}),
            lambda ids: [make("source", source, id=ids.next("source"), today=self.today)],
            counted=False,
            anchor=True,
        )
        yield from rejects
        keyed = self._keys(found)
        for kind in _KINDS:
            for key, entity in keyed:
                if entity.template.record != kind:
                    continue
                links = [
                    (title, [e.key for e in self._entities.get(fold(title), [])])
                    for _, _, title in self._relations(entity)
                ]
                # which entities its relationships name is part of an event's content
                content = [self.mapping.dataset, entity.template.name, entity.cells, links]
                yield Item(
                    key,
                    entity.row.line,
                    self.table.where(entity.row),
                    content_hash(content),
                    functools.partial(self._build, key, entity),
                    anchor=kind != "event",  # events refer to persons and sources by title
                )

    def _read(self) -> tuple[list[_Found], list[Reject]]:
        """Every row: the entities to import, and rejects for rows that cannot be."""
        self._entities.clear()
        found: list[_Found] = []
        rejects: list[Reject] = []
        present: set[str] = set()
        for row in self.table.rows():
            where = self.table.where(row)
            if row.problem:
                rejects.append(Reject(self.report.file, where, "", row.problem))
                continue
            if any(row.cells[at] for at in self.geo):
                self.report.dropped[_DROPPED_COORDINATES] += 1
            try:
                title, template_name = self._cell(row, "title"), self._cell(row, "template")
            except _Conflict as exc:
                rejects.append(Reject(self.report.file, where, "", str(exc)))
                continue
            if _blank(title):
                title = ""
            if not template_name:
                # no template: a junk line (",,,"), or an entity whose template is lost
                self.report.skipped["empty rows" if not title else "entities with no template"] += 1
                if title:
                    self._entities.setdefault(fold(title), []).append(
                        _Entity("", None, "", row.line)
                    )
                continue
            template = self.mapping.templates.get(fold(template_name))
            if template is None:
                self.report.skipped[
                    f"entities of template {template_name!r} (not in the mapping)"
                ] += 1
                if title:
                    entity = _Entity("", None, template_name, row.line)
                    self._entities.setdefault(fold(title), []).append(entity)
                continue
            if not title:
                rejects.append(Reject(self.report.file, where, "Title", "the entity has no title"))
                continue
            present.add(template.name)
            try:
                cells = self._cells(row, template, title)
            except _Conflict as exc:
                rejects.append(Reject(self.report.file, where, "", str(exc)))
                continue
            found.append(_Found(row, template, title, cells))
        self.report.skipped["empty rows"] += self.table.skipped_empty
        self.report.skipped = +self.report.skipped
        self._check_columns(present)
        return found, rejects

    def _cells(self, row: Row, template: UwaziTemplate, title: str) -> dict[str, str]:
        """The mapped cells of an entity, without coordinates and contacts (counted)."""
        cells = {"title": title}
        for name, column in template.columns.items():
            if name not in self.index or not column.used:
                continue
            text = self._cell(row, name)
            if column.relation:
                text, coordinates = _drop_coordinates_in_list(text)
            elif column.field in _FREE_TEXT:
                text, coordinates = _drop_coordinates(text, _COORDINATES_LEFT_OUT)
                text, contacts = scrub(text)
                self.report.dropped.update(contacts)
            else:
                text, coordinates = _drop_coordinates(text)
            self.report.dropped[_DROPPED_COORDINATES] += coordinates
            cells[name] = text
        self.report.dropped = +self.report.dropped
        return cells

    def _check_columns(self, present: set[str]) -> None:
        """Mapped columns of the templates in the export must be in it (Uwazi exports the
        properties of the exported entities' templates only, so others may be missing)."""
        missing = [
            f"templates.{template.name}: {column.label!r}"
            for template in self.mapping.templates.values()
            if template.name in present
            for name, column in template.columns.items()
            if column.used and name not in self.index
        ]
        if missing:
            raise MappingError(
                f"{self.mapping.path}: columns not in {self.path.name}: {'; '.join(missing)} "
                f"(its columns: {list(self.table.header)})"
            )

    def _keys(self, found: list[_Found]) -> list[tuple[str, _Found]]:
        """Item keys that do not depend on row order: template, title and date added, and
        the content for entities that share these; indexes the entities by title. Keys are
        stored in the clear, so they hold a hash of the title (often a person's name)."""
        groups: dict[str, list[_Found]] = {}
        for entity in found:
            key = f"{entity.template.name}:{_title_digest(entity.title, self.salt)}"
            added = self._date_added(entity.row)
            if added:
                key += f"@{added}"
            groups.setdefault(key, []).append(entity)
        keyed: list[tuple[str, _Found]] = []
        for base, members in groups.items():
            if len(members) == 1:
                keyed.append((base, members[0]))
                continue
            self.report.warnings[
                f"{len(members)} {members[0].template.name} entities titled "
                f"{members[0].title!r} were added the same day: told apart by their content "
                "only (a corrected one is imported as a new entity)"
            ] += len(members)
            same: Counter[str] = Counter()
            for entity in members:
                digest = content_hash(canonical_json(entity.cells))[:12]
                same[digest] += 1
                again = f"#{same[digest]}" if same[digest] > 1 else ""  # identical rows
                keyed.append((f"{base}#{digest}{again}", entity))
        self._here = {key for key, _ in keyed}
        for key, entity in keyed:
            record = _Entity(key, entity.template.record, entity.template.name, entity.row.line)
            self._entities.setdefault(fold(entity.title), []).append(record)
        return keyed

    def _date_added(self, row: Row) -> str:
        try:
            text = self._cell(row, "date added")
        except _Conflict:
            text = ""
        if not text:
            return ""
        try:
            return str(parse_date(text, self.mapping.date_order))
        except ValueError:
            return text

    def _relations(self, entity: _Found) -> list[tuple[str, str, str]]:
        """(relation, column, title) for each title a relationship column lists."""
        return [
            (column.relation, name, title.strip())
            for name, column in entity.template.columns.items()
            if column.relation and entity.cells.get(name)
            for title in entity.cells[name].split("|")
            if title.strip()
        ]

    def _build(self, key: str, entity: _Found, ids: IdSource) -> list[Record] | list[Reject]:
        if self._earlier is None:
            self._earlier = self._earlier_keys(ids)
        built = self._records(entity, ids)
        if built and isinstance(built[0], Reject):
            self._failed.add(key)
        return built

    def _records(self, entity: _Found, ids: IdSource) -> list[Record] | list[Reject]:
        template, cells = entity.template, entity.cells
        values: dict[str, Any] = {}
        places: dict[str, dict[str, str]] = {}
        given: dict[str, str] = {}  # field: the column that gave it
        rejects: list[Reject] = []
        where = self.table.where(entity.row)
        for name, text in cells.items():
            column = template.columns.get(name)
            if not text or column is None or not column.field:
                continue
            label = self.labels.get(name, column.label)
            try:
                self._read_value(template.record, column, label, text, values, places, given)
            except ValueError as exc:
                rejects.append(Reject(self.report.file, where, label, str(exc), text))
        for name, parts in places.items():
            try:
                place, note = resolve_place(
                    parts.get("region"),
                    parts.get("settlement"),
                    parts.get("code"),
                    parts.get("label"),
                )
            except ValueError as exc:
                rejects.append(Reject(self.report.file, where, given.get(name, name), str(exc)))
                continue
            if note:
                self.report.warnings[note] += 1
            values[name] = place
        targets: list[tuple[str, str]] = []
        for relation, name, title in self._relations(entity):
            label = self.labels.get(name, name)
            target = self._target(relation, title, where, label, ids)
            if isinstance(target, Reject):
                rejects.append(target)
            elif target is not None:
                targets.append((relation, target))
        if rejects:
            return rejects
        if template.record == "source":
            values.setdefault("title", entity.title)
            values.setdefault("kind", "other")
            values["parent"] = ids.of("uwazi", "source")
        types = values.pop("type", None) if template.record == "event" else None
        try:
            records: list[Record] = []
            for event_type in types or [None]:  # one event per event type listed
                own = values if event_type is None else {**values, "type": event_type}
                records.extend(self._linked(template, own, targets, entity, where, ids))
        except ValidationError as exc:
            return [Reject(self.report.file, where, p.field or "", p.message) for p in exc.problems]
        except LookupError:  # a target that was never imported: _target rejects what it knows
            return [Reject(self.report.file, where, "", "a related entity was not imported")]
        return records

    def _linked(
        self,
        template: UwaziTemplate,
        values: dict[str, Any],
        targets: list[tuple[str, str]],
        entity: _Found,
        where: str,
        ids: IdSource,
    ) -> list[Record]:
        """The entity's record, its involvements and the claims that cite it."""
        kind = template.record
        record = make(kind, values, id=ids.next(kind), today=self.today, origin=where)
        records = [record]
        cited = False
        for relation, target in targets:
            if relation == "source":
                link = {"source": ids.of(target, "source"), "subject": record.id}
                records.append(make("claim", link, id=ids.next("claim"), today=self.today))
                cited = True
            else:
                link = {"person": ids.of(target, "person"), "event": record.id, "role": relation}
                records.append(
                    make("involvement", link, id=ids.next("involvement"), today=self.today)
                )
        if kind != "source" and not cited:
            # where to find the entity: never its title, which may be a person's name
            added = self._date_added(entity.row)
            claim = {
                "source": ids.of("uwazi", "source"),
                "subject": record.id,
                "locator": f"{where}, Uwazi {template.name} entity"
                + (f" added {added}" if added else ""),
            }
            records.append(make("claim", claim, id=ids.next("claim"), today=self.today))
        return records

    def _target(
        self, relation: str, title: str, where: str, label: str, ids: IdSource
    ) -> str | Reject | None:
        """The key of the one entity a relationship names (in this export, else imported
        earlier into the dataset from another export), a reject, or None (with a warning)."""
        wanted = "source" if relation == "source" else "person"
        entities = self._entities.get(fold(title), [])
        matches = [e for e in entities if e.kind == wanted]
        earlier = [] if matches else self._imported_earlier(title, wanted, ids)
        if len(matches) == 1:
            if matches[0].key not in self._failed:
                return matches[0].key
            reason = f"{title!r} (line {matches[0].line}) is rejected, so it cannot be linked"
        elif matches:
            lines = ", ".join(str(e.line) for e in matches)
            reason = (
                f"{title!r} names {len(matches)} entities (lines {lines}); Uwazi exports "
                "relationships by title only, so which one is meant is unknown: give them "
                "distinct titles in Uwazi and export again"
            )
        elif len(earlier) == 1:
            return earlier[0]
        elif earlier:
            reason = (
                f"{title!r} names {len(earlier)} {wanted}s imported earlier into dataset "
                f"{self.mapping.dataset!r}; Uwazi exports relationships by title only, so which "
                "one is meant is unknown: give them distinct titles in Uwazi and export again"
            )
        elif imported := [e for e in entities if e.kind is not None]:
            other = imported[0]
            reason = (
                f"{title!r} is a {other.template} entity (line {other.line}), imported as a "
                f"{other.kind}: a {relation} relationship links to a {wanted}"
            )
        else:
            skipped = ""
            if entities:
                template = entities[0].template
                skipped = (
                    f"its template {template!r} is not imported"
                    if template
                    else "it has no template"
                )
            self.report.warnings[
                f"relationship to {title!r}: "
                + (skipped or "no such entity in the export nor imported earlier into the dataset")
            ] += 1
            return None
        return Reject(self.report.file, where, label, reason, title)

    def _earlier_keys(self, ids: IdSource) -> dict[str, list[str]]:
        """The keys earlier imports of the dataset recorded for entities not in this export,
        by title digest; warns of keys an earlier Svidok wrote with the titles in them."""
        earlier: dict[str, list[str]] = {}
        legacy = 0
        for key in ids.earlier():
            match = _KEY.fullmatch(key)
            if match is None:
                legacy += key != "uwazi"
            elif key not in self._here:
                earlier.setdefault(match["title"], []).append(key)
        if legacy:
            self.report.warnings[
                f"dataset {self.mapping.dataset!r} holds {legacy} entities imported by an "
                "earlier Svidok, whose keys hold their titles: they are not recognised (this "
                "import adds them again) and their titles stay stored in the clear until the "
                "dataset is re-keyed"
            ] += 1
        return earlier

    def _imported_earlier(self, title: str, wanted: str, ids: IdSource) -> list[str]:
        """Keys of entities with this title that earlier imports of the dataset (another
        export: one template per file) made into a ``wanted`` record."""
        if self._earlier is None:
            self._earlier = self._earlier_keys(ids)
        found = []
        for key in self._earlier.get(_title_digest(title, self.salt), []):
            try:
                ids.of(key, wanted)
            except LookupError:
                continue
            found.append(key)
        return found
