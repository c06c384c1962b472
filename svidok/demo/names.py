"""Name tables (``data/given_names.csv``, ``data/surnames.csv``) and drawing true names from them."""

from __future__ import annotations

import bisect
import csv
import functools
import itertools
import random
from dataclasses import dataclass
from importlib import resources
from typing import Generic, TypeVar

from .surnames import tail_surnames

__all__ = [
    "GivenName",
    "NameTables",
    "Surname",
    "TrueName",
    "draw_name",
    "father_of",
    "name_tables",
    "surname_of",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class GivenName:
    """A given name in Ukrainian and Russian, with the patronymics it forms and Latin spellings."""

    uk: str
    ru: str
    sex: str
    group: str  # "ua" or "crh" (Crimean Tatar)
    weight: int
    patronymic_uk: dict[str, str]  # by the child's sex
    patronymic_ru: dict[str, str]
    latin: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Surname:
    """A surname in Ukrainian and Russian, male and female forms."""

    uk: str
    ru: str
    group: str  # "ua", "ru" (Russian-origin, common in the east and Crimea) or "crh"
    weight: int
    female_uk: str
    female_ru: str


@dataclass(frozen=True, slots=True)
class TrueName:
    """A fictional person's true name in both languages (the person's own, as registered)."""

    sex: str
    given_uk: str
    given_ru: str
    patronymic_uk: str
    patronymic_ru: str
    surname_uk: str
    surname_ru: str
    latin_given: tuple[str, ...]

    def parts(self, lang: str) -> tuple[str, str, str]:
        """(given, patronymic, surname) in ``lang`` ("uk" or "ru")."""
        if lang == "ru":
            return self.given_ru, self.patronymic_ru, self.surname_ru
        return self.given_uk, self.patronymic_uk, self.surname_uk


class _Weighted(Generic[T]):
    """Fast weighted choice by bisecting cumulative weights (``rng.choices`` is slower)."""

    def __init__(self, items: list[T], weights: list[int]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


@dataclass(frozen=True)
class NameTables:
    """The name tables, split into weighted pools by sex and group."""

    given: tuple[GivenName, ...]
    surnames: tuple[Surname, ...]

    @functools.cached_property
    def given_pools(self) -> dict[str, _Weighted[GivenName]]:
        """Given names by "sex:group"."""
        pools = {}
        for key in ("male:ua", "male:crh", "female:ua", "female:crh"):
            items = [g for g in self.given if f"{g.sex}:{g.group}" == key]
            pools[key] = _Weighted(items, [g.weight for g in items])
        return pools

    @functools.cached_property
    def surname_pools(self) -> dict[str, _Weighted[Surname]]:
        """Surnames by group."""
        pools = {}
        for key in ("ua", "ru", "crh"):
            items = [s for s in self.surnames if s.group == key]
            pools[key] = _Weighted(items, [s.weight for s in items])
        return pools


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("svidok.demo").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@functools.cache
def name_tables() -> NameTables:
    """The name tables shipped in ``svidok/demo/data``."""
    given = tuple(
        GivenName(
            uk=r["uk"],
            ru=r["ru"],
            sex=r["sex"],
            group=r["group"],
            weight=int(r["weight"]),
            patronymic_uk={"male": r["pat_m_uk"], "female": r["pat_f_uk"]},
            patronymic_ru={"male": r["pat_m_ru"], "female": r["pat_f_ru"]},
            latin=tuple(r["latin"].split("|")),
        )
        for r in _rows("given_names.csv")
    )
    # The common surnames of the table, then a long tail of rarer ones (svidok.demo.surnames):
    # the table's weights are scaled so that it covers about a tenth of the population, the
    # share the commonest sixty-odd surnames have in Ukraine.
    head = [
        Surname(
            uk=r["uk"],
            ru=r["ru"],
            group=r["group"],
            weight=int(r["weight"]) * (6 if r["group"] != "crh" else 1),
            female_uk=r["fem_uk"] or r["uk"],
            female_ru=r["fem_ru"] or r["ru"],
        )
        for r in _rows("surnames.csv")
    ]
    known = {s.uk for s in head}
    tail = [
        Surname(uk=uk, ru=ru, group=group, weight=weight, female_uk=fuk, female_ru=fru)
        for uk, ru, group, weight, fuk, fru in tail_surnames()
        if uk not in known
    ]
    return NameTables(given, tuple(head + tail))


def draw_name(
    rng: random.Random,
    *,
    sex: str = "male",
    crimean_tatar: bool = False,
    russian_surname: float = 0.08,
    surname: Surname | None = None,
    father: GivenName | None = None,
) -> TrueName:
    """A true name: given name by sex, patronymic from a drawn father, surname by group.

    ``surname`` and ``father`` fix those parts (brothers share both).
    """
    tables = name_tables()
    group = "crh" if crimean_tatar else "ua"
    given = tables.given_pools[f"{sex}:{group}"].draw(rng)
    if father is None:
        father = tables.given_pools[f"male:{group}"].draw(rng)
    if surname is None:
        key = "crh" if crimean_tatar else ("ru" if rng.random() < russian_surname else "ua")
        surname = tables.surname_pools[key].draw(rng)
    female = sex == "female"
    return TrueName(
        sex=sex,
        given_uk=given.uk,
        given_ru=given.ru,
        patronymic_uk=father.patronymic_uk[sex],
        patronymic_ru=father.patronymic_ru[sex],
        surname_uk=surname.female_uk if female else surname.uk,
        surname_ru=surname.female_ru if female else surname.ru,
        latin_given=given.latin,
    )


def surname_of(name: TrueName) -> Surname:
    """The surname table entry of a true name (for brothers and namesakes)."""
    return _surname_index()[name.surname_uk]


@functools.cache
def _surname_index() -> dict[str, Surname]:
    index: dict[str, Surname] = {}
    for s in name_tables().surnames:
        index.setdefault(s.female_uk, s)
        index.setdefault(s.uk, s)
    return index


def father_of(name: TrueName) -> GivenName:
    """The given-name table entry the patronymic of a true name was formed from."""
    for g in name_tables().given:
        if g.sex == "male" and g.patronymic_uk.get(name.sex) == name.patronymic_uk:
            return g
    raise KeyError(name.patronymic_uk)
