"""Uwazi CSV exports: entities of several templates, related to each other by title.

Uwazi (HURIDOCS' documentation platform) exports a search as one CSV: ``Title``, ``Date added``,
``Template``, then each template's properties by label, then ``Geolocation``, ``Documents``,
``Attachments``, ``Published``. Multiple values are joined with ``|``, thesaurus groups with
``::``, date ranges with ``~``; relationship properties list the titles of related entities.

A mapping says, per template, which record an entity becomes and where its columns go::

    dataset: uwazi-ngo
    format: uwazi
    source: {kind: ngo_list, title: "Database of NGO X (Uwazi)", reliability: B}
    dates: {order: ymd}
    templates:
      Victim:
        record: person
        columns: {Title: {field: person.name, order: auto}, Date of birth: person.birth}
      Incident:
        record: event
        columns:
          Type of violation: {field: event.type, map: {Forced conscription: conscription}}
          Date: event.date
          Region: event.place.region
          Victims: {relation: victim}      # involvements with the listed persons
          Sources: {relation: source}      # claims: each listed source asserts the event
      Report:
        record: source
        columns: {Title: source.title, Link: source.locator}

Geolocation columns are never imported (coordinates can locate people) and are counted in the
report. Entities are imported persons and sources first, then events, so that relationships
find their targets in one pass.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from ..model import PartialDate, Record, make, record_type
from ..model.records import canonical_json
from .base import IdSource, Item, ReadReport, Reject, content_hash
from .mapping import MappingError
from .tabular import Row, open_table
from .values import DateOrder, fold, parse_date, resolve_place, split_name

__all__ = ["UwaziImport", "UwaziMapping", "UwaziTemplate", "parse_uwazi_mapping"]

_KINDS = ("person", "source", "event")  # import order: relationship targets first
_ROLES = ("victim", "witness", "relative", "perpetrator")
_COMMON = {
    "title",
    "date added",
    "template",
    "geolocation",
    "documents",
    "attachments",
    "published",
}


@dataclass(frozen=True)
class _Column:
    field: str | None = None  # a field of the template's record type
    part: str | None = None  # place or name part
    value_map: dict[str, str] = dataclasses.field(default_factory=dict)
    order: str = "auto"
    relation: str | None = None  # victim/witness/relative/perpetrator, or source


@dataclass(frozen=True)
class UwaziTemplate:
    """How entities of one Uwazi template become records."""

    name: str
    record: str
    columns: dict[str, _Column]


@dataclass(frozen=True)
class UwaziMapping:
    """A parsed Uwazi mapping."""

    path: str
    dataset: str
    source: dict[str, Any]
    templates: dict[str, UwaziTemplate]  # by folded template name
    date_order: DateOrder = "ymd"


def _fail(path: str, where: str, message: str) -> MappingError:
    return MappingError(f"{path}: {where}: {message}")


def parse_uwazi_mapping(data: Any, path: str = "<mapping>") -> UwaziMapping:
    """Check an Uwazi mapping; errors name the file and the key."""
    if not isinstance(data, dict) or data.get("format") != "uwazi":
        raise _fail(path, "format", "an Uwazi mapping says format: uwazi")
    unknown = set(data) - {"dataset", "format", "source", "dates", "maps", "templates"}
    if unknown:
        raise _fail(path, "top level", f"unknown keys {sorted(unknown)}")
    dataset = str(data.get("dataset") or "").strip()
    if not dataset:
        raise _fail(path, "dataset", "give a short stable name for this Uwazi database")
    source = data.get("source")
    if not isinstance(source, dict) or not source.get("title") or not source.get("kind"):
        raise _fail(
            path, "source", "give at least kind and title of the Uwazi database as a source"
        )
    maps = data.get("maps") or {}
    templates_raw = data.get("templates")
    if not isinstance(templates_raw, dict) or not templates_raw:
        raise _fail(path, "templates", "list the Uwazi templates to import")
    templates: dict[str, UwaziTemplate] = {}
    for name, spec in templates_raw.items():
        where = f"templates.{name}"
        if not isinstance(spec, dict) or spec.get("record") not in _KINDS:
            raise _fail(path, where, f"give record: one of {', '.join(_KINDS)}")
        kind = spec["record"]
        columns: dict[str, _Column] = {}
        for column, rule in (spec.get("columns") or {}).items():
            columns[fold(str(column))] = _column(
                path, f"{where}.columns.{column}", kind, rule, maps
            )
        templates[fold(str(name))] = UwaziTemplate(str(name), kind, columns)
    order = (data.get("dates") or {}).get("order", "ymd")
    if order not in ("dmy", "mdy", "ymd"):
        raise _fail(path, "dates.order", "use ymd (Uwazi's default YYYY-MM-DD), dmy or mdy")
    return UwaziMapping(path, dataset, dict(source), templates, order)


def _column(path: str, where: str, kind: str, rule: Any, maps: dict[str, Any]) -> _Column:
    if rule in ("ignore", None, False):
        return _Column()
    if isinstance(rule, str):
        rule = {"field": rule}
    if not isinstance(rule, dict):
        raise _fail(path, where, "give {field: ...}, {relation: ...} or 'ignore'")
    if "relation" in rule:
        relation = rule["relation"]
        allowed = (*_ROLES, "source") if kind == "event" else ()
        if relation not in allowed:
            raise _fail(
                path,
                where,
                "relations are read on event templates: victim, witness, "
                "relative, perpetrator or source",
            )
        return _Column(relation=relation)
    target = str(rule.get("field", ""))
    parts = target.split(".")
    fields = record_type(kind).fields
    if len(parts) not in (2, 3) or parts[0] != kind or parts[1] not in fields:
        raise _fail(path, where, f"{target!r}: a {kind} template's columns go to {kind}.<field>")
    f = fields[parts[1]]
    if f.type_name == "ref":
        raise _fail(path, where, f"{target!r} is set by relations, not by a column")
    value_map = rule.get("map") or {}
    if isinstance(value_map, str):
        value_map = maps.get(value_map, {})
    part = parts[2] if len(parts) == 3 else ("region" if f.type_name == "place" else None)
    return _Column(
        parts[1],
        part,
        {fold(str(k)): str(v) for k, v in value_map.items()},
        str(rule.get("order", "auto")),
    )


class UwaziImport:
    """An :class:`~svidok.ingest.base.Adapter` for an Uwazi CSV export and its mapping."""

    def __init__(self, path: str | Path, mapping: UwaziMapping, *, today: date | None = None):
        self.path = Path(path)
        self.mapping = mapping
        self.today = today or date.today()
        self.table = open_table(self.path)
        self.header = [fold(h) for h in self.table.header]
        self.labels = dict(zip(self.header, self.table.header, strict=True))  # for messages
        for needed in ("title", "template"):
            if needed not in self.header:
                raise MappingError(
                    f"{self.path.name}: no {needed.capitalize()!r} column: "
                    "is this an Uwazi CSV export?"
                )
        self.report = ReadReport(
            file=str(self.path),
            file_digest=self.table.file_digest,
            dataset=mapping.dataset,
            unit="entities",
            details={"format": "Uwazi CSV export", **self.table.details()},
        )

    def items(self) -> Iterator[Item | Reject]:
        """The database's source item, then entities: persons and sources, then events."""
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
        title_at, template_at = self.header.index("title"), self.header.index("template")
        geo_at = self.header.index("geolocation") if "geolocation" in self.header else None
        by_kind: dict[str, list[tuple[str, Row, UwaziTemplate]]] = {k: [] for k in _KINDS}
        seen: dict[str, int] = {}
        for row in self.table.rows():
            if row.problem:
                yield Reject(self.report.file, self.table.where(row), "", row.problem)
                continue
            if geo_at is not None and row.cells[geo_at]:
                self.report.dropped["geolocation coordinates"] += 1
            template = self.mapping.templates.get(fold(row.cells[template_at]))
            if template is None:
                self.report.skipped[
                    f"entities of template {row.cells[template_at]!r} (not in the mapping)"
                ] += 1
                continue
            title = row.cells[title_at]
            if not title:
                yield Reject(
                    self.report.file, self.table.where(row), "Title", "the entity has no title"
                )
                continue
            base = f"{template.name}:{title}"
            seen[base] = seen.get(base, 0) + 1
            key = base if seen[base] == 1 else f"{base}#{seen[base]}"
            by_kind[template.record].append((key, row, template))
        self._titles = {
            fold(key.split(":", 1)[1]): key
            for rows in by_kind.values()
            for key, _, _ in rows
            if "#" not in key
        }
        for kind in _KINDS:
            for key, row, template in by_kind[kind]:
                cells = {
                    h: row.cells[i]
                    for i, h in enumerate(self.header)
                    if h in template.columns or h == "title"
                }
                yield Item(
                    key,
                    row.line,
                    self.table.where(row),
                    content_hash([self.mapping.dataset, template.name, canonical_json(cells)]),
                    functools.partial(self._build, template, cells, row),
                    anchor=kind != "event",  # events refer to persons and sources by title
                )

    def _build(
        self, template: UwaziTemplate, cells: dict[str, str], row: Row, ids: IdSource
    ) -> list[Record] | list[Reject]:
        values: dict[str, Any] = {}
        places: dict[str, dict[str, str]] = {}
        relations: list[tuple[str, str]] = []
        rejects: list[Reject] = []
        where = self.table.where(row)
        for header, text in cells.items():
            column = template.columns.get(header)
            if not text or column is None:
                continue
            try:
                if column.relation:
                    relations.extend(
                        (column.relation, t.strip()) for t in text.split("|") if t.strip()
                    )
                elif column.field:
                    self._read(template.record, column, text, values, places)
            except ValueError as exc:
                rejects.append(
                    Reject(self.report.file, where, self.labels.get(header, header), str(exc), text)
                )
        for name, parts in places.items():
            try:
                place, note = resolve_place(
                    parts.get("region"),
                    parts.get("settlement"),
                    parts.get("code"),
                    parts.get("label"),
                )
            except ValueError as exc:
                rejects.append(Reject(self.report.file, where, name, str(exc)))
                continue
            if note:
                self.report.warnings[note] += 1
            values[name] = place
        if rejects:
            return rejects
        if template.record == "source":
            values.setdefault("title", cells.get("title", ""))
            values.setdefault("kind", "other")
            values["parent"] = ids.of("uwazi", "source")
        try:
            record = make(
                template.record,
                values,
                id=ids.next(template.record),
                today=self.today,
                origin=where,
            )
        except ValidationError as exc:
            return [Reject(self.report.file, where, p.field or "", p.message) for p in exc.problems]
        records = [record]
        cited = False
        for relation, title in relations:
            target = self._titles.get(fold(title))
            if target is None:
                self.report.warnings[
                    f"relationship to {title!r}: no such entity in the export"
                ] += 1
                continue
            if relation == "source":
                records.append(
                    make(
                        "claim",
                        {"source": ids.of(target, "source"), "subject": record.id},
                        id=ids.next("claim"),
                        today=self.today,
                    )
                )
                cited = True
            else:
                records.append(
                    make(
                        "involvement",
                        {"person": ids.of(target, "person"), "event": record.id, "role": relation},
                        id=ids.next("involvement"),
                        today=self.today,
                    )
                )
        if template.record != "source" and not cited:
            records.append(
                make(
                    "claim",
                    {
                        "source": ids.of("uwazi", "source"),
                        "subject": record.id,
                        "locator": f"Uwazi entity {cells.get('title', '')!r}"[:200],
                    },
                    id=ids.next("claim"),
                    today=self.today,
                )
            )
        return records

    def _read(
        self,
        kind: str,
        column: _Column,
        text: str,
        values: dict[str, Any],
        places: dict[str, dict[str, str]],
    ) -> None:
        assert column.field is not None
        f = record_type(kind).fields[column.field]
        first = text.split("|")[0].split("::")[-1].strip()  # multiselect: the first value
        if f.type_name == "place":
            places.setdefault(column.field, {})[column.part or "region"] = column.value_map.get(
                fold(first), first
            )
        elif f.type_name == "person_name":
            if column.part:
                current = values.setdefault(column.field, {})
                current[column.part] = text
            else:
                values[column.field] = split_name(text, column.order)
        elif f.type_name == "partial_date":
            values[column.field] = _uwazi_date(
                first if "~" not in text else text, self.mapping.date_order
            )
        else:
            values[column.field] = column.value_map.get(fold(first), first)


def _uwazi_date(text: str, order: DateOrder) -> PartialDate:
    if "~" in text:  # a date range: from~to
        start, _, end = text.partition("~")
        return parse_date(f"{start.strip()}/{end.strip()}", order)
    return parse_date(text, order)
