"""Vocabularies, event types and legal provisions, loaded from the package's YAML files."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "EventType",
    "Provision",
    "Term",
    "Vocabulary",
    "event_types",
    "load_yaml",
    "provisions",
    "vocabularies",
    "vocabulary",
]


def load_yaml(name: str) -> Any:
    """Read a YAML data file shipped in ``svidok/model/data``."""
    text = resources.files("svidok.model").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold().replace("’", "'")


@dataclass(frozen=True, slots=True)
class Term:
    """One allowed value of a vocabulary."""

    id: str
    label: dict[str, str]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of terms; :meth:`clean` maps ids, labels and aliases to the id."""

    name: str
    terms: tuple[Term, ...]
    _lookup: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            for spelling in (term.id, *term.label.values(), *term.aliases):
                self._lookup.setdefault(_fold(spelling), term.id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and value in self._lookup.values()

    def clean(self, value: str) -> str:
        """Return the term id for ``value`` or raise ValueError listing the allowed ids."""
        if value in self._lookup:  # fast path: already an id
            return self._lookup[value]
        found = self._lookup.get(_fold(value))
        if found is None:
            allowed = ", ".join(self.ids)
            raise ValueError(f"{value!r} is not in vocabulary {self.name!r} (allowed: {allowed})")
        return found

    def label(self, term_id: str, lang: str = "en") -> str:
        for term in self.terms:
            if term.id == term_id:
                return term.label.get(lang) or term.label.get("en") or term_id
        return term_id


@dataclass(frozen=True, slots=True)
class Provision:
    """A legal provision that events may engage."""

    id: str
    instrument: str
    article: str
    kind: str
    title: str
    summary: str
    url: str

    @property
    def citation(self) -> str:
        return f"{self.instrument}, art. {self.article}"


@dataclass(frozen=True, slots=True)
class EventType:
    """An event type with the provisions it may engage."""

    id: str
    group: str
    label: dict[str, str]
    provisions: tuple[str, ...]


def _strings(values: Any, where: str) -> tuple[str, ...]:
    # YAML turns unquoted "yes", "~" or "a, b" in flow mappings into other things: catch that here.
    bad = [v for v in values if not isinstance(v, str)]
    if bad:
        raise ValueError(f"{where}: expected text, got {bad!r} (quote it in the YAML file)")
    return tuple(values)


def _labels(raw: dict[str, Any], where: str) -> dict[str, str]:
    _strings(raw.values(), where)
    return dict(raw)


def _terms(raw: list[dict[str, Any]], vocab: str) -> tuple[Term, ...]:
    return tuple(
        Term(
            id=str(t["id"]),
            label=_labels(t.get("label", {}), f"{vocab}/{t['id']}"),
            aliases=_strings(t.get("aliases", ()), f"{vocab}/{t['id']}"),
        )
        for t in raw
    )


@functools.cache
def provisions() -> dict[str, Provision]:
    """All legal provisions by id."""
    raw = load_yaml("provisions.yaml")["provisions"]
    return {p["id"]: Provision(**{k: str(v) for k, v in p.items()}) for p in raw}


@functools.cache
def event_types() -> dict[str, EventType]:
    """All event types by id; every provision they name must exist."""
    known = provisions()
    result: dict[str, EventType] = {}
    for raw in load_yaml("event_types.yaml")["event_types"]:
        missing = [p for p in raw["provisions"] if p not in known]
        if missing:
            raise ValueError(f"event type {raw['id']!r} names unknown provisions {missing}")
        result[raw["id"]] = EventType(
            id=raw["id"],
            group=raw["group"],
            label=_labels(raw["label"], f"event type {raw['id']}"),
            provisions=tuple(raw["provisions"]),
        )
    return result


@functools.cache
def vocabularies() -> dict[str, Vocabulary]:
    """All closed vocabularies by name, including ``event_type``."""
    raw = load_yaml("vocabularies.yaml")["vocabularies"]
    result = {name: Vocabulary(name, _terms(terms, name)) for name, terms in raw.items()}
    result["event_type"] = Vocabulary(
        "event_type",
        tuple(Term(id=t.id, label=t.label) for t in event_types().values()),
    )
    return result


def vocabulary(name: str) -> Vocabulary:
    """One vocabulary by name."""
    try:
        return vocabularies()[name]
    except KeyError:
        raise KeyError(f"no vocabulary named {name!r}") from None
