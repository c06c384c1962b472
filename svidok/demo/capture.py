"""Which true people each source list captures: heterogeneous, dependent capture probabilities.

The parameters live in ``data/sources.yaml``; the model is described there.
"""

from __future__ import annotations

import functools
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

import yaml

from .population import TruePerson

__all__ = [
    "ListSpec",
    "StatementSpec",
    "capture_probability",
    "draw_captures",
    "list_specs",
    "statement_specs",
]


@dataclass(frozen=True)
class ListSpec:
    """A source that names people: how it is described, and how it captures them."""

    key: str
    kind: str
    language: str
    title: str
    publisher: str
    reliability: str
    locator: str
    lag_days: int
    male_only: bool
    reports: frozenset[str] | None  # None: every event type
    capture: dict[str, Any]
    child_kind: str | None = None

    def as_of(self, today: date) -> date:
        """The date the list was closed."""
        return today - timedelta(days=self.lag_days)

    def eligible(self, person: TruePerson, today: date) -> bool:
        """Whether the list could know the person: a reported event happened by its date."""
        if self.male_only and person.sex != "male":
            return False
        events = person.events_until(self.as_of(today))
        return any(self.reports is None or e.type in self.reports for e in events)


@dataclass(frozen=True)
class StatementSpec:
    """A source that publishes figures only."""

    key: str
    kind: str
    language: str
    title: str
    publisher: str
    reliability: str
    locator: str


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("svidok.demo").joinpath("data", "sources.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@functools.cache
def list_specs() -> tuple[ListSpec, ...]:
    """The name lists, in drawing order."""
    specs = []
    for key, raw in _data()["lists"].items():
        reports = raw.get("reports", "all")
        specs.append(
            ListSpec(
                key=key,
                kind=raw["kind"],
                language=raw["language"],
                title=raw["title"],
                publisher=raw["publisher"],
                reliability=raw["reliability"],
                locator=raw["locator"],
                lag_days=int(raw.get("lag_days", 0)),
                male_only=bool(raw.get("male_only", False)),
                reports=None if reports == "all" else frozenset(reports),
                capture=dict(raw.get("capture", {})),
                child_kind=raw.get("child_kind"),
            )
        )
    return tuple(specs)


@functools.cache
def statement_specs() -> dict[str, StatementSpec]:
    """The figure-only statements by key."""
    return {
        key: StatementSpec(
            key,
            raw["kind"],
            raw["language"],
            raw["title"],
            raw["publisher"],
            raw["reliability"],
            raw["locator"],
        )
        for key, raw in _data()["statements"].items()
    }


def capture_probability(
    spec: ListSpec, person: TruePerson, today: date, captured: dict[str, set[str]]
) -> float:
    """The probability that ``spec`` names ``person``, given the lists drawn before it."""
    if not spec.eligible(person, today):
        return 0.0
    c = spec.capture
    logit = float(c.get("base", 0.0))
    logit += c.get("region", {}).get(person.region, 0.0)
    logit += c.get("path", {}).get(person.path, 0.0)
    logit += c.get("status", {}).get(person.status_at(spec.as_of(today)), 0.0)
    logit += c.get("visibility", 0.0) * person.visibility
    if person.crimean_tatar:
        logit += c.get("tatar", 0.0)
    for other, effect in c.get("lists", {}).items():
        if person.id in captured.get(other, set()):
            logit += effect
    return 1.0 / (1.0 + math.exp(-logit))


def draw_captures(
    rng: random.Random, people: list[TruePerson], today: date
) -> dict[str, list[TruePerson]]:
    """For each list, in order, the true people it names."""
    captured: dict[str, set[str]] = {}
    result: dict[str, list[TruePerson]] = {}
    for spec in list_specs():
        chosen = [p for p in people if rng.random() < capture_probability(spec, p, today, captured)]
        captured[spec.key] = {p.id for p in chosen}
        result[spec.key] = chosen
    return result
