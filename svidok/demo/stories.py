"""Life stories: plausible sequences of events from ``event_types.yaml``, with plausible dates.

A story is told forward in time; when the next event would fall after ``today`` the story ends
there, as a real one would still be going on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .geography import DESTINATIONS, FRONTS, Settlement

__all__ = ["PATH_WEIGHTS", "Story", "StoryEnds", "TrueEvent", "campaigns", "tell"]

#: Which story a person lives, by home region: shares of the paths.
PATH_WEIGHTS: dict[str, dict[str, int]] = {
    "UA-14": {"mobilized": 38, "conscripted": 22, "evader": 24, "pressured": 12, "minor": 4},
    "UA-09": {"mobilized": 38, "conscripted": 22, "evader": 24, "pressured": 12, "minor": 4},
    "UA-23": {"mobilized": 8, "conscripted": 38, "evader": 30, "pressured": 20, "minor": 4},
    "UA-65": {"mobilized": 8, "conscripted": 38, "evader": 30, "pressured": 20, "minor": 4},
    "UA-43": {"mobilized": 15, "conscripted": 48, "evader": 23, "pressured": 10, "minor": 4},
    "UA-40": {"mobilized": 15, "conscripted": 48, "evader": 23, "pressured": 10, "minor": 4},
}
# The first conscription campaign in which the occupier called up residents of the region
# (fictional choices for the demo; Crimea was conscripted long before 2022).
_CONSCRIPTION_FROM = {
    "UA-43": date(2022, 4, 1),
    "UA-40": date(2022, 4, 1),
    "UA-14": date(2023, 4, 1),
    "UA-09": date(2023, 4, 1),
    "UA-23": date(2024, 4, 1),
    "UA-65": date(2024, 4, 1),
}
_FLOOR = {"UA-23": date(2022, 4, 1), "UA-65": date(2022, 4, 1)}  # occupied since spring 2022
_ELECTRONIC_FROM = date(2024, 11, 1)
_OUTCOMES = ("death", "wounded", "missing", "captured", None)
_OUTCOME_STATUS = {
    "death": "dead",
    "wounded": "wounded",
    "missing": "missing",
    "captured": "captured",
}


@dataclass(frozen=True, slots=True)
class TrueEvent:
    """Something that truly happened to a true person, on a known day.

    ``place`` is a KATOTTG or ISO code, or None; ``where`` names a training ground
    (``dest:rostov``) or front sector (``front:kursk``) from :mod:`svidok.demo.geography`.
    """

    index: int
    type: str
    date: date
    place: str | None
    where: str | None
    status: str  # the person's status after this event

    def label(self, lang: str) -> str | None:
        """The name of ``where`` in ``lang`` ("uk", "ru" or "en"), if any."""
        if self.where is None:
            return None
        kind, _, key = self.where.partition(":")
        i = {"uk": 0, "ru": 1, "en": 2}[lang]
        if kind == "dest":
            return DESTINATIONS[key][i]
        return FRONTS[key][1 + i]


class StoryEnds(Exception):
    """The next event would happen after today."""


def campaigns(today: date) -> list[tuple[date, date]]:
    """Spring (1 April-15 July) and autumn (1 October-31 December) call-ups up to ``today``."""
    out = []
    for year in range(2022, today.year + 1):
        for start, end in (
            (date(year, 4, 1), date(year, 7, 15)),
            (date(year, 10, 1), date(year, 12, 31)),
        ):
            if start <= today:
                out.append((start, end))
    return out


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


@dataclass
class Story:
    """A story being told: its events so far, and the age anchor that fixes the birth date."""

    rng: random.Random
    today: date
    home: Settlement
    events: list[TrueEvent] = field(default_factory=list)
    path: str = "pressured"
    anchor: date = date(2024, 1, 1)
    age: int = 25
    status: str = "at_home"
    when: date = date(2022, 1, 1)

    def add(
        self,
        type: str,
        when: date,
        status: str | None = None,
        *,
        local: bool = True,
        where: str | None = None,
        place: str | None = None,
    ) -> None:
        """Append an event on ``when`` (never before the previous one); stop after today."""
        when = max(when, self.when)
        if when > self.today:
            raise StoryEnds
        self.when = when
        self.status = status or self.status
        code = self.home.code if local else place
        self.events.append(TrueEvent(len(self.events), type, when, code, where, self.status))

    def later(self, low: int, high: int) -> date:
        """A day ``low``..``high`` days after the last event."""
        return self.when + timedelta(days=self.rng.randint(low, high))


def _front(s: Story, outcome_weights: tuple[int, ...]) -> None:
    key = s.rng.choice(list(FRONTS))
    region = FRONTS[key][0]
    s.add(
        "front_deployment",
        s.later(7, 60),
        "serving",
        local=False,
        where=f"front:{key}",
        place=region,
    )
    outcome = s.rng.choices(_OUTCOMES, outcome_weights)[0]
    if outcome is not None:
        s.add(
            outcome,
            s.later(5, 240),
            _OUTCOME_STATUS[outcome],
            local=False,
            where=f"front:{key}",
            place=region,
        )


def _training(s: Story, p_transfer: float) -> None:
    if s.rng.random() < p_transfer:
        dest = s.rng.choice(list(DESTINATIONS))
        s.add("transfer_outside_territory", s.later(1, 14), "serving", where=f"dest:{dest}")
        if s.rng.random() < 0.85:
            s.add("training", s.later(1, 4), local=False, where=f"dest:{dest}")


def _conscripted(s: Story, region: str) -> bool:
    rng = s.rng
    options = [c for c in campaigns(s.today) if c[0] >= _CONSCRIPTION_FROM[region]]
    if not options:
        return False
    start, end = rng.choice(options)
    call = _between(rng, start, min(start + (end - start) * 2 // 3, s.today))
    s.path, s.anchor, s.age = "conscripted", call, 18 + min(12, int(abs(rng.gauss(0, 3.5))))
    floor = _FLOOR.get(region, date(2022, 1, 10))
    s.when = floor
    if region in _FLOOR and rng.random() < 0.5 and (call - floor).days > 120:
        s.add("passportization_pressure", _between(rng, floor, call - timedelta(days=100)))
    if rng.random() < 0.75:
        s.add("registration_demand", call - timedelta(days=rng.randint(10, 90)))
    electronic = call >= _ELECTRONIC_FROM and rng.random() < 0.6
    s.add("summons_electronic" if electronic else "summons_paper", call)
    if rng.random() < 0.85:
        s.add("medical_commission", s.later(3, 25))
    s.add("conscription", min(s.later(5, 40), end + timedelta(days=10)), "serving")
    _training(s, 0.85)
    if rng.random() < 0.55:
        s.add("contract_under_pressure", s.later(30, 240), local=False)
        _front(s, (25, 25, 12, 8, 30))
    elif rng.random() < 0.15:
        _front(s, (25, 25, 12, 8, 30))
    return True


def _mobilized(s: Story, region: str, sex: str) -> None:
    rng = s.rng
    if region in ("UA-14", "UA-09"):
        window = (date(2022, 2, 19), date(2022, 6, 30))
    elif rng.random() < 0.6:
        window = (date(2022, 9, 21), date(2022, 11, 10))
    else:
        window = (date(2023, 1, 15), s.today - timedelta(days=30))
    when = _between(rng, *window)
    s.path, s.anchor = "mobilized", when
    s.age = 19 + min(36, int(abs(rng.gauss(0, 9 if sex == "male" else 12))))
    s.when = when - timedelta(days=5)
    if rng.random() < 0.4:
        s.add("summons_paper", when - timedelta(days=rng.randint(1, 4)))
    s.add("forced_mobilization", when, "serving")
    _training(s, 0.3 if region in ("UA-14", "UA-09") else 0.7)
    if sex == "male" or rng.random() < 0.3:
        _front(s, (30, 25, 15, 10, 20))


def _evader(s: Story, region: str) -> None:
    rng = s.rng
    floor = _FLOOR.get(region, date(2022, 3, 1))
    trigger = _between(rng, floor, s.today - timedelta(days=20))
    s.path, s.anchor, s.age = "evader", trigger, 18 + min(17, int(abs(rng.gauss(0, 6))))
    s.when = trigger
    first = rng.choice(["registration_demand", "summons_paper", "summons_paper"])
    if first == "summons_paper" and trigger >= _ELECTRONIC_FROM and rng.random() < 0.5:
        first = "summons_electronic"
    s.add(first, trigger)
    if rng.random() < 0.3:
        s.add("administrative_penalty", s.later(5, 40))
    fate = rng.random()
    if fate < 0.45:
        s.add("evasion_flight", s.later(1, 60), "left_territory")
        if rng.random() < 0.3:
            s.add("reprisal_against_family", s.later(10, 150))
        return
    s.add("evasion_flight", s.later(1, 60), "in_hiding")
    if fate < 0.6:
        if rng.random() < 0.4:
            s.add("administrative_penalty", s.later(20, 120))
        return
    s.add("detention", s.later(5, 200), "detained")
    if rng.random() < 0.7:
        s.add("prosecution_opened", s.later(1, 30))
        if rng.random() < 0.85:
            s.add("sentence", s.later(60, 240), "imprisoned")
    else:
        s.add("forced_mobilization", s.later(1, 20), "serving")
        _front(s, (30, 25, 15, 10, 20))


def _pressured(s: Story, region: str) -> None:
    rng = s.rng
    floor = _FLOOR.get(region, date(2022, 1, 10))
    start = _between(rng, floor, s.today - timedelta(days=30))
    s.path, s.anchor, s.age = "pressured", start, 18 + min(22, int(abs(rng.gauss(0, 8))))
    s.when = start
    if rng.random() < (0.6 if region in _FLOOR else 0.2):
        s.add("passportization_pressure", start)
    s.add("registration_demand", s.later(0, 120))
    if rng.random() < 0.5:
        s.add("summons_paper", s.later(5, 90))
    if rng.random() < 0.35:
        s.add("administrative_penalty", s.later(10, 60))


def _minor(s: Story, region: str) -> None:
    rng = s.rng
    start = _between(rng, date(2023, 1, 15), s.today - timedelta(days=20))
    s.path, s.anchor, s.age = "minor", start, rng.choice([16, 17])
    s.when = start
    s.add("registration_demand", start)
    s.add("summons_paper", s.later(3, 30))
    if rng.random() < 0.6:
        s.add("medical_commission", s.later(2, 20))
    if rng.random() < 0.3:
        s.add("evasion_flight", s.later(5, 90), "left_territory")


def tell(s: Story, *, sex: str, region: str, path: str | None = None) -> None:
    """Tell a story into ``s`` along ``path`` (drawn when None); may raise StoryEnds."""
    weights = dict(PATH_WEIGHTS[region])
    if sex == "female":
        weights = {"mobilized": 1, "pressured": 3}
    if path is None:
        path = s.rng.choices(list(weights), list(weights.values()))[0]
    if path == "conscripted" and _conscripted(s, region):
        return
    if path == "mobilized":
        _mobilized(s, region, sex)
    elif path == "evader":
        _evader(s, region)
    elif path == "minor":
        _minor(s, region)
    else:
        _pressured(s, region)
