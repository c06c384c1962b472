"""Records: typed, validated values of one record type, with a stable content digest."""

from __future__ import annotations

import functools
import hashlib
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson

from ..errors import Problem, ValidationError
from .checks import record_problems
from .ids import new_id_for_prefix
from .schema import Field, RecordType, record_type

__all__ = [
    "Record",
    "canonical_bytes",
    "canonical_json",
    "load_record",
    "make",
    "make_from",
    "new_id",
]


def new_id(kind: str, rng: random.Random | None = None, at: float | None = None) -> str:
    """A new pseudonymous id for a record of ``kind`` (see :mod:`svidok.model.ids`).

    With ``rng`` the id is reproducible (the time part is then ``at``, default 2020-01-01).
    """
    return new_id_for_prefix(record_type(kind).prefix, rng, at)


def canonical_bytes(data: Any) -> bytes:
    """Deterministic UTF-8 JSON: sorted keys, no spaces, non-ASCII kept as is.

    Equal to ``json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``
    for the values records hold (text, whole numbers, booleans, lists, mappings), but faster.
    """
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def canonical_json(data: Any) -> str:
    """:func:`canonical_bytes` as text."""
    return canonical_bytes(data).decode("utf-8")


@dataclass(frozen=True, slots=True)
class Record:
    """One validated record. Build it with :func:`make` (input) or :func:`load_record` (storage)."""

    kind: str
    id: str
    values: Mapping[str, Any] = field(default_factory=dict)
    # Records never change, so their JSON form and digest are computed once.
    _cache: dict[str, Any] = field(
        default_factory=dict, init=False, compare=False, repr=False, hash=False
    )

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    @property
    def type(self) -> RecordType:
        return record_type(self.kind)

    def dump(self, *, identifying: bool | None = None) -> dict[str, Any]:
        """JSON-compatible values; ``identifying`` True/False keeps only that part, None all."""
        dumped = self.dumped()
        if identifying is None:
            return dict(dumped)
        secret = self.type.identifying_names
        return {k: v for k, v in dumped.items() if (k in secret) == identifying}

    def dumped(self) -> Mapping[str, Any]:
        """:meth:`dump` of all values without copying (computed once; do not modify)."""
        dumped: dict[str, Any] | None = self._cache.get("dump")
        if dumped is None:
            dumpers = _dumpers(self.kind)
            if dumpers:
                dumped = {
                    name: (dumpers[name](value) if name in dumpers else value)
                    for name, value in self.values.items()
                }
            else:
                dumped = dict(self.values)
            self._cache["dump"] = dumped
        return dumped

    def digest(self) -> str:
        """SHA-256 of the canonical JSON of kind, id and all values."""
        digest: str | None = self._cache.get("digest")
        if digest is None:
            payload = canonical_bytes({"kind": self.kind, "id": self.id, "values": self.dumped()})
            digest = self._cache["digest"] = hashlib.sha256(payload).hexdigest()
        return digest

    def replace(self, **changes: Any) -> Record:
        """A new record with some values changed (validated again); None removes a value."""
        merged = {k: v for k, v in {**self.values, **changes}.items() if v is not None}
        return make(self.kind, merged, id=self.id)


def _problem(
    kind: str, record_id: str | None, field_name: str | None, message: str, origin: str | None
) -> Problem:
    return Problem(kind, record_id, field_name, message, origin)


@functools.cache
def _dumpers(kind: str) -> dict[str, Any]:
    """Field name -> dump function, for the fields whose JSON form differs from the value."""
    from .values import ValueType

    return {
        name: f.type.dump
        for name, f in record_type(kind).fields.items()
        if type(f.type).dump is not ValueType.dump
    }


@functools.cache
def _plan(
    kind: str,
) -> tuple[
    str,
    dict[str, Field],
    tuple[tuple[str, Any], ...],
    tuple[str, ...],
    dict[str, Callable[..., Any]],
]:
    """What :func:`make` needs of a record type, worked out once: prefix, fields, defaults,
    required fields without default, and each field's clean function."""
    rt = record_type(kind)
    defaults = tuple((f.name, f.default) for f in rt.fields.values() if f.default is not None)
    required = tuple(f.name for f in rt.fields.values() if f.required and f.default is None)
    cleaners = {f.name: f.type.clean for f in rt.fields.values()}
    return rt.prefix, rt.fields, defaults, required, cleaners


def make(
    kind: str,
    values: Mapping[str, Any] | None = None,
    /,
    *,
    id: str | None = None,
    rng: random.Random | None = None,
    today: date | None = None,
    origin: str | None = None,
    **kwargs: Any,
) -> Record:
    """Clean and validate ``values`` into a :class:`Record`; raise ValidationError naming fields.

    Empty values (None, "") count as missing; defaults fill missing fields; dates in the future
    (after ``today``, default: the current date) are rejected.
    """
    try:
        prefix, _, _, _, cleaners = _plan(kind)
    except KeyError as exc:
        raise ValidationError([_problem(kind, id, None, str(exc.args[0]), origin)]) from None
    raw = {**values, **kwargs} if kwargs and values else (values or kwargs)
    problems: list[Problem] = []
    if id is None:
        id = new_id_for_prefix(prefix, rng)
    elif id[:2] != prefix + "-":
        problems.append(_problem(kind, id, "id", f"{id!r} is not an id of a {kind}", origin))
    cleaned: dict[str, Any] = {}
    _clean_into(cleaned, kind, id, raw, cleaners, problems, origin)
    return Record(kind, id, _complete(cleaned, kind, id, problems, None, today, origin))


def make_from(
    template: Record,
    id: str,
    changes: Mapping[str, Any],
    *,
    today: date | None = None,
    origin: str | None = None,
) -> Record:
    """A record like ``template`` with another id and some values changed: what :func:`make`
    would give for the template's values with ``changes`` applied, at a fraction of the cost.

    ``template`` must come from :func:`make` (its values are clean); the changed values are
    cleaned by their fields, required fields and the record's rules are checked again. For
    building many records that differ only in a few fields, e.g. an import's involvements and
    claims, which differ in the records they link and the row they cite.
    """
    kind = template.kind
    prefix, _, _, _, cleaners = _plan(kind)
    problems: list[Problem] = []
    if id[:2] != prefix + "-":
        problems.append(_problem(kind, id, "id", f"{id!r} is not an id of a {kind}", origin))
    values = dict(template.values)
    _clean_into(values, kind, id, changes, cleaners, problems, origin)
    return Record(kind, id, _complete(values, kind, id, problems, changes, today, origin))


def _clean_into(
    values: dict[str, Any],
    kind: str,
    id: str,
    raw: Mapping[str, Any],
    cleaners: dict[str, Callable[..., Any]],
    problems: list[Problem],
    origin: str | None,
) -> None:
    """Clean ``raw`` into ``values``; an empty value (None, "") removes the field."""
    for name, value in raw.items():
        clean = cleaners.get(name)
        if clean is None:
            problems.append(_problem(kind, id, name, "no such field", origin))
            continue
        if value is None or value == "":
            values.pop(name, None)
            continue
        try:
            values[name] = clean(value)
        except ValueError as exc:
            problems.append(_problem(kind, id, name, str(exc), origin))


def _complete(
    values: dict[str, Any],
    kind: str,
    id: str,
    problems: list[Problem],
    defaults_for: Mapping[str, Any] | None,
    today: date | None,
    origin: str | None,
) -> dict[str, Any]:
    """Defaults (for missing fields; with ``defaults_for`` only those it names), required
    fields and the record's rules; raise ValidationError with every problem, else return
    the values in the schema's order."""
    _, fields, defaults, required, _ = _plan(kind)
    for name, default in defaults:
        if name in values or (defaults_for is not None and name not in defaults_for):
            continue
        if not (problems and any(p.field == name for p in problems)):
            values[name] = default
    for name in required:
        if name not in values and not (problems and any(p.field == name for p in problems)):
            problems.append(_problem(kind, id, name, "is required", origin))
    if not problems:
        for field_name, message in record_problems(kind, values, today or date.today()):
            problems.append(_problem(kind, id, field_name, message, origin))
    if problems:
        raise ValidationError(problems)
    if len(values) > 1:
        return {name: values[name] for name in fields if name in values}
    return values


def load_record(kind: str, id: str, data: Mapping[str, Any]) -> Record:
    """Rebuild a record from its stored JSON form (trusted: no date or rule checks)."""
    fields = record_type(kind).fields
    return Record(
        kind,
        id,
        {name: fields[name].type.load(data[name]) for name in fields if name in data},
    )
