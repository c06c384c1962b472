"""Declarative mappings: which column of a spreadsheet goes to which field, and how to read it.

A mapping is a YAML file the documenter can read and edit (``svidok mapping propose`` writes a
first draft from a file's header and sample rows)::

    dataset: ngo-south-2024          # stable name: importing a corrected file updates this dataset
    source: {kind: ngo_list, title: "Перелік ...", publisher: "ГО ...", reliability: B}
    key: "№"                         # optional: column identifying a row across corrected files
    dates: {order: dmy}              # optional: day-first (default), mdy or ymd
    defaults: {person.sex: male, claim.credibility: 3}
    maps: {regions: {"ЗО": UA-23}}   # optional named value maps
    columns:
      "ПІБ": {field: person.name, order: surname_first}
      "Область": {field: event.place.region, map: regions}
      "Подія": {field: event.type, map: {"призов": conscription}}
      "Дата": {field: event.date}
      "Телефон": ignore
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import SvidokError
from ..model import record_type, vocabulary
from .values import DateOrder, NameOrder, fold

__all__ = [
    "ColumnRule",
    "Mapping",
    "MappingError",
    "load_mapping",
    "parse_mapping",
    "read_mapping_data",
    "targets",
]


class MappingError(SvidokError):
    """A mapping file that cannot be used, naming the file and the key."""


# Record slots a row can fill: the person, up to nine events (event, event2 ... event9), the
# involvement's role and the claim's credibility.
_SLOTS = {
    "person": "person",
    "event": "event",
    **{f"event{n}": "event" for n in range(2, 10)},
    "involvement": "involvement",
    "claim": "claim",
}
_PLACE_PARTS = ("region", "settlement", "code", "label")
_NAME_PARTS = ("surname", "given", "patronymic")


def targets() -> list[str]:
    """Every field a column can go to, for help texts and proposals."""
    out: list[str] = []
    for slot, kind in _SLOTS.items():
        if slot[-1].isdigit() and slot != "event2":
            continue  # event3 ... event9 take the same fields as event2
        for f in record_type(kind).fields.values():
            if f.type_name == "ref":
                continue
            if f.type_name == "place":
                out.extend(f"{slot}.{f.name}.{part}" for part in _PLACE_PARTS)
            elif f.type_name == "person_name":
                out.append(f"{slot}.{f.name}")
                out.extend(f"{slot}.{f.name}.{part}" for part in _NAME_PARTS)
            else:
                out.append(f"{slot}.{f.name}")
    return out


@dataclass(frozen=True)
class ColumnRule:
    """How one column is read: its target field, an optional value map, name order."""

    column: str
    slot: str  # person, event, event2, ...
    field: str  # a field of the slot's record type
    part: str | None = None  # place part (region/settlement/code) or name part
    value_map: dict[str, str] = dataclasses.field(default_factory=dict)  # folded input -> value
    order: NameOrder = "surname_first"

    @property
    def target(self) -> str:
        return ".".join(p for p in (self.slot, self.field, self.part) if p)

    def mapped(self, value: str) -> str:
        if not self.value_map:
            return value
        return self.value_map.get(fold(value), value)


@dataclass(frozen=True)
class Mapping:
    """A parsed, checked mapping."""

    path: str
    dataset: str
    source: dict[str, Any]
    columns: dict[str, ColumnRule]  # by column name as in the header
    ignored: frozenset[str] = frozenset()
    defaults: dict[str, Any] = dataclasses.field(default_factory=dict)  # target -> constant
    key: str | None = None
    date_order: DateOrder = "dmy"
    file: dict[str, Any] = dataclasses.field(
        default_factory=dict
    )  # encoding, delimiter, sheet, header_row...


def _fail(path: str, where: str, message: str) -> MappingError:
    return MappingError(f"{path}: {where}: {message}")


def _split_target(path: str, where: str, target: str) -> tuple[str, str, str | None]:
    parts = target.split(".")
    if len(parts) not in (2, 3) or parts[0] not in _SLOTS:
        raise _fail(path, where, f"{target!r} is not a target; use one of: {', '.join(targets())}")
    slot, name = parts[0], parts[1]
    part = parts[2] if len(parts) == 3 else None
    rt = record_type(_SLOTS[slot])
    f = rt.fields.get(name)
    if f is None or f.type_name == "ref":
        raise _fail(path, where, f"{target!r}: {rt.name} has no field {name!r} a column can fill")
    allowed = {"place": _PLACE_PARTS, "person_name": _NAME_PARTS}.get(f.type_name, ())
    if part is not None and part not in allowed:
        raise _fail(path, where, f"{target!r}: {name} has no part {part!r}")
    if f.type_name == "place" and part is None:
        part = "region"  # a single place column: a region name or code, or a settlement
    return slot, name, part


def _value_map(path: str, where: str, raw: Any, maps: dict[str, Any]) -> dict[str, str]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        if raw not in maps:
            raise _fail(path, where, f"no map named {raw!r} under maps:")
        raw = maps[raw]
    if not isinstance(raw, dict):
        raise _fail(path, where, "map must be a table of 'as written': value")
    # a list of event types ("Повістка, Медкомісія": [summons_paper, medical_commission]) is
    # one event per type; kept as "a|b" and checked and split where it is used
    return {
        fold(str(k)): "|".join(map(str, v)) if isinstance(v, list) else str(v)
        for k, v in raw.items()
    }


def parse_mapping(data: Any, path: str = "<mapping>") -> Mapping:
    """Check a mapping's structure and every target, vocabulary value and source field."""
    if not isinstance(data, dict):
        raise _fail(path, "top level", "a mapping is a YAML table with dataset, source, columns")
    unknown = set(data) - {
        "dataset",
        "source",
        "columns",
        "defaults",
        "maps",
        "key",
        "dates",
        "file",
    }
    if unknown:
        raise _fail(path, "top level", f"unknown keys {sorted(unknown)}")
    dataset = str(data.get("dataset") or "").strip()
    if not dataset or not re.fullmatch(r"[\w.\-:]{1,150}", dataset):
        raise _fail(path, "dataset", "give a short stable name (letters, digits, - _ . :)")
    source = data.get("source")
    if not isinstance(source, dict) or not source.get("title") or not source.get("kind"):
        raise _fail(path, "source", "give at least kind and title of the source this file is")
    fields = record_type("source").fields
    for name in source:
        if name not in fields or fields[name].type_name == "ref":
            raise _fail(path, f"source.{name}", "not a source field")
    maps = data.get("maps") or {}
    if not isinstance(maps, dict):
        raise _fail(path, "maps", "must be a table of named maps")
    columns_raw = data.get("columns")
    if not isinstance(columns_raw, dict) or not columns_raw:
        raise _fail(path, "columns", "list the file's columns and where each goes")
    columns: dict[str, ColumnRule] = {}
    ignored: set[str] = set()
    for column, rule in columns_raw.items():
        where = f"columns.{column}"
        if rule in ("ignore", None, False):
            ignored.add(str(column))
            continue
        if isinstance(rule, str):
            rule = {"field": rule}
        if not isinstance(rule, dict) or "field" not in rule:
            raise _fail(path, where, "give {field: ...} or 'ignore'")
        extra = set(rule) - {"field", "map", "order"}
        if extra:
            raise _fail(path, where, f"unknown keys {sorted(extra)}")
        slot, name, part = _split_target(path, where, str(rule["field"]))
        order = rule.get("order", "surname_first")
        if order not in ("surname_first", "given_first", "auto"):
            raise _fail(path, where, "order is surname_first, given_first or auto")
        value_map = _value_map(path, where, rule.get("map"), maps)
        _check_map_values(path, where, _SLOTS[slot], name, value_map)
        columns[str(column)] = ColumnRule(str(column), slot, name, part, value_map, order)
    defaults: dict[str, Any] = {}
    for target, value in (data.get("defaults") or {}).items():
        slot, name, part = _split_target(path, f"defaults.{target}", str(target))
        defaults[".".join(p for p in (slot, name, part) if p)] = value
    dates = data.get("dates") or {}
    date_order: DateOrder = "dmy"
    if isinstance(dates, dict) and "order" in dates:
        if dates["order"] not in ("dmy", "mdy", "ymd"):
            raise _fail(path, "dates.order", "use dmy (day first), mdy or ymd")
        date_order = dates["order"]
    key = data.get("key")
    file_options = data.get("file") or {}
    if not isinstance(file_options, dict) or set(file_options) - {
        "encoding",
        "delimiter",
        "sheet",
        "header_row",
        "header_rows",
    }:
        raise _fail(path, "file", "use encoding, delimiter, sheet, header_row, header_rows")
    return Mapping(
        path=path,
        dataset=dataset,
        source=dict(source),
        columns=columns,
        ignored=frozenset(ignored),
        defaults=defaults,
        key=str(key) if key is not None else None,
        date_order=date_order,
        file=dict(file_options),
    )


def _check_map_values(
    path: str, where: str, kind: str, name: str, value_map: dict[str, str]
) -> None:
    f = record_type(kind).fields[name]
    if f.type_name not in ("vocab", "event_type"):
        return
    vocab = vocabulary(f.type.options.get("vocabulary", "event_type"))
    for value in value_map.values():
        if "|" in value and f.type_name != "event_type":
            raise _fail(path, where, f"{name} takes one value, not a list ({value!r})")
        try:
            for one in value.split("|") if f.type_name == "event_type" else (value,):
                vocab.clean(one)
        except ValueError as exc:
            raise _fail(path, where, str(exc)) from None


def read_mapping_data(path: str | Path) -> Any:
    """The YAML content of a mapping file; errors name the file."""
    p = Path(path)
    try:
        return yaml.safe_load(p.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise MappingError(f"{p}: cannot read the mapping: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise MappingError(f"{p}: not valid YAML: {exc}") from None


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a spreadsheet mapping file; errors name the file and the key."""
    return parse_mapping(read_mapping_data(path), str(path))
