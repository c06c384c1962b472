"""Records into the rows linkage compares: one row per person record, with name keys, birth,
origin through the KATOTTG hierarchy, events and sources.

Pure: takes records, returns plain dicts (lists for array columns, None for missing values).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..model import PartialDate, Place, Record
from ..model.places import katottg_ancestors, katottg_entry
from ..names import analyze, key_columns
from ..names.compare import surname_formation
from ..names.equivalents import latin_key
from .cluster import Profile

__all__ = ["COLUMNS", "Context", "context_from", "person_row", "profile", "rows"]

COLUMNS = (
    "unique_id", "source_list", "sex",
    "name_canonical", "surname_main", "given_main", "patronymic_main",
    "surname_keys", "surname_skeletons", "surname_phonetic", "surname_dm1", "given_key",
    "given_groups", "given_initials", "patronymic_groups", "patronymic_initials",
    "birth_date", "birth_year_low", "birth_year_high",
    "origin_settlement", "origin_community", "origin_raion", "origin_region",
    "event_types", "event_year_first", "event_regions", "event_months", "event_years",
    "event_places",
)  # fmt: skip


@dataclass(frozen=True)
class Context:
    """What a person row needs from other records: events and the sources that name it."""

    events: Mapping[str, list[Record]]  # person id -> events (any role)
    sources: Mapping[str, list[str]]  # person id -> root source ids


def context_from(
    events: Iterable[Record],
    involvements: Iterable[Record],
    claims: Iterable[Record],
    sources: Iterable[Record],
) -> Context:
    """Index events and root sources by person, as stored."""
    from ..report.stats import _roots

    by_id = {e.id: e for e in events}
    roots = _roots(sources)
    person_events: dict[str, list[Record]] = defaultdict(list)
    event_people: dict[str, list[str]] = defaultdict(list)
    for inv in involvements:
        event = by_id.get(inv["event"])
        if event is not None:
            person_events[inv["person"]].append(event)
            event_people[event.id].append(inv["person"])
    person_sources: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        root = roots.get(claim["source"], claim["source"])
        subject = claim["subject"]
        targets = event_people.get(subject, []) if subject.startswith("E-") else [subject]
        for person in targets:
            person_sources[person].add(root)
    return Context(person_events, {p: sorted(s) for p, s in person_sources.items()})


@functools.lru_cache(maxsize=100_000)
def _hierarchy(place: Place) -> tuple[str | None, str | None, str | None, str | None]:
    """(settlement, community, raion, region) codes of a place, as far as it is known."""
    settlement = community = raion = None
    if place.code:
        chain = [*katottg_ancestors(place.code), place.code]
        for code in chain:
            entry = katottg_entry(code)
            category = entry[0] if entry else ""
            if category == "P":
                raion = code
            elif category == "H":
                community = code
            elif category in ("M", "T", "C", "X", "K", "B"):
                settlement = code
    return settlement, community, raion, place.region


def _birth_years(birth: PartialDate | None, age: Any) -> tuple[str | None, int | None, int | None]:
    if birth is not None and birth.start and birth.end:
        exact = birth.start.isoformat() if birth.precision == "day" else None
        return exact, birth.start.year, birth.end.year
    if age is not None and age.at.start and age.at.end:
        return None, age.at.start.year - age.years - 1, age.at.end.year - age.years
    return None, None, None


def _or_none(values: list[str]) -> list[str] | None:
    return values or None


def _unsure_order(surname: str, given: str | None, patronymic: str | None) -> bool:
    """Two single words whose roles nothing decides: both known given names, or neither."""
    from ..names.parse import _givenness

    if not given or patronymic or " " in surname or " " in given:
        return False
    return _givenness(surname) == _givenness(given) != 0.0


def person_row(person: Record, context: Context | None = None) -> dict[str, Any]:
    """The linkage row of one person record."""
    name = person.get("name")
    if name is not None:
        if name.surname and (name.given or name.patronymic):
            text = " ".join(p for p in (name.surname, name.given, name.patronymic) if p)
            keys = key_columns(analyze(text, "surname_first"))
            if _unsure_order(name.surname, name.given, name.patronymic):
                # "Seitumer Eskender": both words are given names (or neither is), so the other
                # reading's surname and given name keys are kept too, for blocking and levels.
                other = key_columns(analyze(f"{name.given} {name.surname}", "surname_first"))
                for column in ("surname_keys", "surname_skeletons", "given_groups"):
                    own = list(keys.get(column) or [])  # its first given group stays first
                    keys[column] = own + [k for k in other.get(column) or [] if k not in own]
        else:
            keys = key_columns(analyze(name.full))
    else:
        keys = {}
    canonical = (keys.get("name_canonical") or "").split()
    settlement, community, raion, region = (
        _hierarchy(person["origin"]) if person.get("origin") else (None,) * 4
    )
    birth_date, low, high = _birth_years(person.get("birth"), person.get("age"))
    events = context.events.get(person.id, []) if context else []
    years = sorted(
        e["date"].start.year for e in events if e.get("date") is not None and e["date"].start
    )
    regions = sorted(
        {e["place"].region for e in events if e.get("place") is not None and e["place"].region}
    )
    months: set[str] = set()
    event_years: set[str] = set()
    for e in events:  # "conscription|2024-03": the same event told by two sources
        when = e.get("date")
        if when is None or when.start is None or when.end is None:
            continue
        if when.start.year == when.end.year:
            event_years.add(f"{e['type']}|{when.start.year}")
            if when.start.month == when.end.month:
                months.add(f"{e['type']}|{when.start.year}-{when.start.month:02d}")
    places = {
        f"{e['type']}|{e['place'].code}"
        for e in events
        if e.get("place") is not None and e["place"].code
    }
    surname_phonetic = keys.get("surname_phonetic") or []
    return {
        "unique_id": person.id,
        "source_list": (context.sources.get(person.id, [None])[0] if context else None),
        "sex": person.get("sex") if person.get("sex") != "unknown" else None,
        "name_canonical": keys.get("name_canonical"),
        "surname_main": latin_key(canonical[0]) if canonical and keys.get("surname_keys") else None,
        "given_main": (keys.get("given_groups") or [None])[0],
        "given_key": latin_key(canonical[1])
        if len(canonical) > 1 and keys.get("given_groups")
        else None,
        "patronymic_main": (keys.get("patronymic_groups") or [None])[0],
        "surname_keys": _or_none(keys.get("surname_keys") or []),
        "surname_skeletons": _or_none(keys.get("surname_skeletons") or []),
        "surname_phonetic": _or_none(surname_phonetic),
        "surname_dm1": surname_phonetic[0] if surname_phonetic else None,
        "given_groups": _or_none(keys.get("given_groups") or []),
        "given_initials": _or_none(sorted(keys.get("given_initial") or "")),
        "patronymic_groups": _or_none(keys.get("patronymic_groups") or []),
        "patronymic_initials": _or_none(sorted(keys.get("patronymic_initial") or "")),
        "birth_date": birth_date,
        "birth_year_low": low,
        "birth_year_high": high,
        "origin_settlement": settlement,
        "origin_community": community,
        "origin_raion": raion,
        "origin_region": region,
        "event_types": _or_none(sorted({e["type"] for e in events})),
        "event_year_first": years[0] if years else None,
        "event_regions": _or_none(regions),
        "event_months": _or_none(sorted(months)),
        "event_years": _or_none(sorted(event_years)),
        "event_places": _or_none(sorted(places)),
    }


def rows(persons: Iterable[Record], context: Context | None = None) -> Iterator[dict[str, Any]]:
    """Linkage rows for person records (records without any name are left out)."""
    for person in persons:
        if person.get("name") is not None:
            yield person_row(person, context)


def profile(row: dict[str, Any]) -> Profile:
    """What a record says that a resolved person cannot contradict (see linkage.cluster)."""
    given = frozenset(g for g in row.get("given_groups") or () if not g.startswith("~"))
    father = frozenset(g for g in row.get("patronymic_groups") or () if not g.startswith("~"))
    low, high = row.get("birth_year_low"), row.get("birth_year_high")
    birth = (int(low), int(high)) if low is not None and high is not None else None
    dates = frozenset([row["birth_date"]]) if row.get("birth_date") else frozenset()
    raions = frozenset([row["origin_raion"]]) if row.get("origin_raion") else frozenset()
    # a double surname (a hyphen anywhere in the name: which part is the surname is not
    # told) is not checked: Шевченко-Бойчук may be written Шевченко elsewhere
    single = row.get("surname_keys") and "-" not in (row.get("name_canonical") or "")
    formation = surname_formation(frozenset(row["surname_keys"])) if single else frozenset()
    return Profile(given, father, birth, row.get("sex"), dates, raions, formation)
