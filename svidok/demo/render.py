"""How sources write dates, places, birth data and events: with their precision and slips."""

from __future__ import annotations

import functools
import random
from datetime import date, timedelta
from importlib import resources
from typing import Any

import yaml

from ..model import PartialDate
from .geography import REGION_NAMES, body
from .population import TrueEvent, TruePerson

__all__ = [
    "birth_value",
    "event_values",
    "fuzzy_date",
    "headline",
    "origin_value",
    "phrases",
    "town",
]

# Weights of (day, month, year, range, unknown) precision.
DatePrecisions = tuple[int, int, int, int, int]


@functools.cache
def phrases() -> dict[str, Any]:
    """The phrase tables of ``data/phrases.yaml``."""
    text = resources.files("svidok.demo").joinpath("data", "phrases.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def fuzzy_date(
    rng: random.Random, when: date, weights: DatePrecisions, today: date, *, slip: float = 0.0
) -> PartialDate | None:
    """``when`` as a source knows it; ``slip`` is the chance of a day a few days off."""
    mode = rng.choices(("day", "month", "year", "range", "unknown"), weights)[0]
    if mode == "day":
        if rng.random() < slip:
            when = min(today, when + timedelta(days=rng.choice([-1, 1]) * rng.randint(1, 6)))
        return PartialDate("day", when, when)
    if mode == "month":
        return PartialDate.parse(f"{when.year:04d}-{when.month:02d}")
    if mode == "year":
        return PartialDate.parse(f"{when.year:04d}")
    if mode == "range":
        start = when - timedelta(days=rng.randint(0, 45))
        end = min(today, when + timedelta(days=rng.randint(1, 45)))
        return PartialDate.between(start, end)
    return None


def birth_value(
    rng: random.Random, person: TruePerson, *, wrong: float, precision: str = "day"
) -> PartialDate:
    """The birth date as a source writes it; ``wrong`` is the chance of a mistaken day."""
    born = person.birth
    if precision == "year":
        return PartialDate.parse(f"{born.year:04d}")
    if rng.random() < wrong:
        roll = rng.random()
        if roll < 0.4 and born.day <= 12 and born.day != born.month:
            born = date(born.year, born.day, born.month)  # day and month swapped
        elif roll < 0.8:
            born = born + timedelta(days=rng.choice([-1, 1]) * rng.randint(1, 3))
        else:
            born = (
                born.replace(year=born.year + rng.choice([-1, 1]))
                if (born.month, born.day) != (2, 29)
                else born
            )
    return PartialDate("day", born, born)


def town(person: TruePerson, lang: str) -> str:
    """The home town as a source in ``lang`` names it."""
    return {"uk": person.home.uk, "ru": person.home.ru, "en": person.home.en}[lang]


def origin_value(
    rng: random.Random, person: TruePerson, lang: str, *, settlement: float
) -> dict[str, str]:
    """The person's origin: the settlement with probability ``settlement``, else the region."""
    if rng.random() < settlement:
        return {"code": person.home.code, "label": town(person, lang)}
    names = REGION_NAMES[person.region]
    return {"region": person.region, "label": names[{"uk": 0, "ru": 1, "en": 2}[lang]]}


def event_values(
    rng: random.Random,
    person: TruePerson,
    event: TrueEvent,
    lang: str,
    today: date,
    *,
    dates: DatePrecisions,
    settlement: float = 0.8,
    slip: float = 0.03,
    with_body: float = 0.8,
) -> dict[str, Any]:
    """The values of an event record as a source in ``lang`` reports ``event``."""
    where = event.label(lang)
    place: dict[str, str] | None = None
    if event.place is not None and event.place.startswith("UA-"):
        place = {"region": event.place, "label": where or REGION_NAMES[event.place][0]}
    elif event.place is not None:
        place = (
            {"code": event.place, "label": town(person, lang)}
            if rng.random() < settlement
            else {"region": person.region}
        )
    elif where is not None:
        place = {"label": where}
    description = phrases()["descriptions"][event.type][lang]
    if where and event.type not in ("death", "wounded", "missing", "captured"):
        description = f"{description}: {where}"
    acting = body(event.type, person.home, lang, year=event.date.year)
    return {
        "type": event.type,
        "date": fuzzy_date(rng, event.date, dates, today, slip=slip),
        "place": place,
        "perpetrator_body": acting if rng.random() < with_body else None,
        "description": description,
    }


_HEADLINE = frozenset(
    {
        "forced_mobilization",
        "conscription",
        "transfer_outside_territory",
        "front_deployment",
        "death",
        "missing",
        "captured",
        "wounded",
        "detention",
        "sentence",
        "evasion_flight",
    }
)


def headline(events: tuple[TrueEvent, ...]) -> list[TrueEvent]:
    """The events a brief list entry mentions: compulsion, outcomes, penalties."""
    chosen = [e for e in events if e.type in _HEADLINE]
    return chosen or list(events[-1:])
