"""The true population: fictional people with names, homes and life stories (the ground truth)."""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .geography import Settlement, draw_settlement
from .names import TrueName, draw_name, father_of, surname_of
from .stories import Story, StoryEnds, TrueEvent, tell

__all__ = ["TrueEvent", "TruePerson", "draw_population"]

#: Share of true people by home region (ISO 3166-2).
REGION_WEIGHTS = {"UA-23": 34, "UA-65": 22, "UA-14": 18, "UA-09": 12, "UA-43": 11, "UA-40": 3}
_CRIMEAN_TATAR = {"UA-43": 0.45, "UA-40": 0.1}
_RUSSIAN_SURNAME = {"UA-14": 0.2, "UA-09": 0.2, "UA-43": 0.3, "UA-40": 0.35}


@dataclass(frozen=True)
class TruePerson:
    """One fictional true person: identity, home, story; ``id`` like ``T-00017``."""

    id: str
    name: TrueName
    birth: date
    region: str
    home: Settlement
    crimean_tatar: bool
    path: str  # conscripted, mobilized, evader, pressured or minor
    visibility: float  # how much the family talks to documenters, on a logit scale
    events: tuple[TrueEvent, ...]
    mother: TrueName
    namesake_of: str | None = None
    brother_of: str | None = None
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def sex(self) -> str:
        return self.name.sex

    @property
    def status(self) -> str:
        """The status after the last event (at the scenario's today)."""
        return self.events[-1].status if self.events else "at_home"

    def status_at(self, when: date) -> str:
        """The status as someone looking on ``when`` would know it."""
        status = "at_home"
        for e in self.events:
            if e.date <= when:
                status = e.status
        return status

    def events_until(self, when: date) -> tuple[TrueEvent, ...]:
        """Events that happened on or before ``when``."""
        return tuple(e for e in self.events if e.date <= when)

    def age_at(self, when: date) -> int:
        """Age in whole years on ``when``."""
        return (
            when.year
            - self.birth.year
            - ((when.month, when.day) < (self.birth.month, self.birth.day))
        )

    @property
    def minor(self) -> bool:
        """A minor at the time of the first event."""
        return bool(self.events) and self.age_at(self.events[0].date) < 18

    def has(self, *types: str) -> bool:
        """Whether any event is of one of ``types``."""
        return any(e.type in types for e in self.events)


def _draw_region(rng: random.Random) -> str:
    return rng.choices(list(REGION_WEIGHTS), list(REGION_WEIGHTS.values()))[0]


def _birth_for(rng: random.Random, anchor: date, age: int) -> date:
    """A birth date that makes the person ``age`` years old on ``anchor``."""
    latest = (
        anchor.replace(year=anchor.year - age)
        if (anchor.month, anchor.day) != (2, 29)
        else date(anchor.year - age, 2, 28)
    )
    return latest - timedelta(days=rng.randint(0, 364))


def draw_population(rng: random.Random, persons: int, today: date) -> list[TruePerson]:
    """``persons`` true people, with brothers and namesakes among them on purpose."""
    people: list[TruePerson] = []
    for i in range(1, persons + 1):
        region = _draw_region(rng)
        tatar = rng.random() < _CRIMEAN_TATAR.get(region, 0.0)
        sex = "female" if rng.random() < 0.03 else "male"
        home = draw_settlement(rng, region)
        brother = namesake = None
        roll = rng.random()
        if people and sex == "male" and roll < 0.04:
            brother = rng.choice(people)
        elif people and sex == "male" and roll < 0.07:
            namesake = rng.choice(people)
        if brother is not None and brother.sex == "male":
            region, home, tatar = brother.region, brother.home, brother.crimean_tatar
            name = draw_name(
                rng,
                crimean_tatar=tatar,
                surname=surname_of(brother.name),
                father=father_of(brother.name),
            )
            if name.given_uk == brother.name.given_uk:
                # Same given name, father and town: cousins named alike, a true namesake.
                namesake, brother = brother, None
        else:
            brother = None
            name = draw_name(
                rng,
                sex=sex,
                crimean_tatar=tatar,
                russian_surname=_RUSSIAN_SURNAME.get(region, 0.08),
            )
            if namesake is not None and namesake.sex == "male":
                same_father = rng.random() < 0.5
                name = TrueName(
                    sex="male",
                    given_uk=namesake.name.given_uk,
                    given_ru=namesake.name.given_ru,
                    patronymic_uk=namesake.name.patronymic_uk
                    if same_father
                    else name.patronymic_uk,
                    patronymic_ru=namesake.name.patronymic_ru
                    if same_father
                    else name.patronymic_ru,
                    surname_uk=namesake.name.surname_uk,
                    surname_ru=namesake.name.surname_ru,
                    latin_given=namesake.name.latin_given,
                )
            else:
                namesake = None
        story = Story(rng, today, home)
        with contextlib.suppress(StoryEnds):  # a story running past today ends there
            tell(story, sex=sex, region=region)
        if not story.events:
            story = Story(rng, today, home)
            with contextlib.suppress(StoryEnds):
                tell(story, sex=sex, region=region, path="pressured")
        birth = _birth_for(rng, story.anchor, story.age)
        if brother is not None and abs((birth - brother.birth).days) < 400:
            birth -= timedelta(days=rng.randint(400, 1500))  # an elder brother
        mother = draw_name(
            rng, sex="female", crimean_tatar=tatar, surname=surname_of(name), father=None
        )
        people.append(
            TruePerson(
                id=f"T-{i:05d}",
                name=name,
                birth=birth,
                region=region,
                home=home,
                crimean_tatar=tatar,
                path=story.path,
                visibility=rng.gauss(0.0, 1.0),
                events=tuple(story.events),
                mother=mother,
                namesake_of=namesake.id if namesake else None,
                brother_of=brother.id if brother else None,
            )
        )
    return people
