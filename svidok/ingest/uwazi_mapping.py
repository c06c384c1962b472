"""Uwazi mappings: per Uwazi template, the record its entities become and where each column
goes (a field, or a relationship). The format is described in :mod:`svidok.ingest.uwazi`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..model import record_type
from .mapping import MappingError
from .uwazi_values import _common
from .values import DateOrder, fold

__all__ = ["UwaziMapping", "UwaziTemplate", "parse_uwazi_mapping"]

_KINDS = ("person", "source", "event")  # import order: relationship targets first
_ROLES = ("victim", "witness", "relative", "perpetrator")


@dataclass(frozen=True)
class _Column:
    field: str | None = None  # a field of the template's record type
    part: str | None = None  # place or name part
    value_map: dict[str, str] = dataclasses.field(default_factory=dict)
    order: str = "auto"
    relation: str | None = None  # victim/witness/relative/perpetrator, or source
    label: str = ""  # as the mapping writes it

    @property
    def used(self) -> bool:
        return bool(self.field or self.relation)


@dataclass(frozen=True)
class UwaziTemplate:
    """How entities of one Uwazi template become records."""

    name: str
    record: str
    columns: dict[str, _Column]  # by folded column name (fixed columns by their English name)


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
            parsed = _column(path, f"{where}.columns.{column}", kind, rule, maps)
            key = _common(fold(str(column)))
            if key == "geolocation" and parsed.used:
                raise _fail(
                    path,
                    f"{where}.columns.{column}",
                    "coordinates are never imported (they can locate people): "
                    "remove the column or write 'ignore'",
                )
            columns[key] = dataclasses.replace(parsed, label=str(column))
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
