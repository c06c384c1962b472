"""Record types and their fields, read from ``data/schema.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .values import ValueType, value_type
from .vocab import load_yaml

__all__ = ["Field", "RecordType", "kind_for_id", "record_type", "record_types"]


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record type."""

    name: str
    type: ValueType
    required: bool = False
    identifying: bool = False
    default: Any = None
    help: str = ""

    @property
    def type_name(self) -> str:
        return self.type.name


@dataclass(frozen=True)
class RecordType:
    """A kind of record: its id prefix and its fields, in schema order."""

    name: str
    prefix: str
    label: dict[str, str]
    fields: dict[str, Field]

    @cached_property
    def identifying_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields.values() if f.identifying)

    @cached_property
    def identifying_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields.values() if f.identifying)

    @cached_property
    def plain_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields.values() if not f.identifying)

    @cached_property
    def references(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields.values() if f.type_name == "ref")


@functools.cache
def record_types() -> dict[str, RecordType]:
    """All record types by name."""
    raw = load_yaml("schema.yaml")["records"]
    prefixes = {spec["prefix"]: name for name, spec in raw.items()}
    result = {}
    for name, spec in raw.items():
        fields = {}
        for field_name, f in spec["fields"].items():
            options = {
                k: v
                for k, v in f.items()
                if k not in {"type", "required", "identifying", "default", "help"}
            }
            if f["type"] == "ref":
                options["prefixes"] = {p: k for p, k in prefixes.items() if k in f["to"]}
            vt = value_type(f["type"], **options)
            default = f.get("default")
            fields[field_name] = Field(
                name=field_name,
                type=vt,
                required=bool(f.get("required", False)),
                identifying=bool(f.get("identifying", False)),
                default=None if default is None else vt.clean(default),
                help=str(f.get("help", "")),
            )
        result[name] = RecordType(
            name=name, prefix=spec["prefix"], label=dict(spec["label"]), fields=fields
        )
    return result


def record_type(kind: str) -> RecordType:
    """One record type by name; KeyError names the known types."""
    try:
        return record_types()[kind]
    except KeyError:
        known = ", ".join(record_types())
        raise KeyError(f"no record type {kind!r} (known: {known})") from None


@functools.cache
def _kinds_by_prefix() -> dict[str, str]:
    return {rt.prefix: rt.name for rt in record_types().values()}


def kind_for_id(record_id: str) -> str | None:
    """The record type an id belongs to, from its prefix."""
    return _kinds_by_prefix().get(record_id[:1]) if record_id[1:2] == "-" else None
