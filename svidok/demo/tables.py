"""The demo scenario as an NGO spreadsheet: one row per person, events in column groups.

Used to test spreadsheet import end to end (export, import, compare) and to make large CSV
files for benchmarks. Pure: returns header, rows and the mapping that reads them back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ..model import PartialDate, Place, Record
from .scenario import Scenario

__all__ = [
    "BULK_HEADER",
    "EVENT_COLUMNS",
    "PERSON_COLUMNS",
    "bulk_mapping",
    "bulk_table",
    "mapping_for",
    "person_rows",
    "spreadsheet",
]

PERSON_COLUMNS = (
    ("№", None),
    ("ПІБ", "person.name"),
    ("Стать", "person.sex"),
    ("Дата народження", "person.birth"),
    ("Вік", "person.age"),
    ("Неповнолітній", "person.minor"),
    ("Статус", "person.status"),
    ("Область походження", "person.origin.region"),
    ("КАТОТТГ походження", "person.origin.code"),
    ("Походження (як записано)", "person.origin.label"),
    ("Вигадана особа", "person.fictional"),
)
EVENT_COLUMNS = (
    ("Подія", "type"),
    ("Дата", "date"),
    ("Область", "place.region"),
    ("КАТОТТГ", "place.code"),
    ("Місце (як записано)", "place.label"),
    ("Орган", "perpetrator_body"),
    ("Опис", "description"),
)


def _date(value: PartialDate | None) -> str:
    if value is None:
        return ""
    if value.precision == "day" and value.start:
        return value.start.strftime("%d.%m.%Y")  # as Ukrainian offices write it
    return str(value)


def _place(value: Place | None) -> tuple[str, str, str]:
    if value is None:
        return "", "", ""
    return value.region or "", value.code or "", value.label or ""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "так" if value else "ні"
    return str(value)


def person_rows(
    persons: list[Record], events_of: dict[str, list[Record]], width: int
) -> Iterator[list[str]]:
    """Rows of the spreadsheet for these person records, ``width`` event groups each."""
    for n, person in enumerate(persons, start=1):
        origin = _place(person.get("origin"))
        age = person.get("age")
        row = [
            str(n),
            person["name"].full if person.get("name") else "",
            _cell(person.get("sex")),
            _date(person.get("birth")),
            str(age.years) if age else "",
            _cell(person.get("minor")),
            _cell(person.get("status")),
            *origin,
            _cell(person.get("fictional")),
        ]
        events = events_of.get(person.id, [])
        for i in range(width):
            if i < len(events):
                e = events[i]
                row.extend(
                    [
                        e["type"],
                        _date(e.get("date")),
                        *_place(e.get("place")),
                        _cell(e.get("perpetrator_body")),
                        _cell(e.get("description")),
                    ]
                )
            else:
                row.extend([""] * len(EVENT_COLUMNS))
        yield row


def spreadsheet(scenario: Scenario, source_id: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows for the victims one list (``source_id``) names, with their events."""
    records = {r.id: r for r in scenario.records}
    persons = [
        r
        for r in scenario.records
        if r.kind == "person"
        and scenario.list_of.get(r.id) == source_id
        and "~" not in scenario.truth.get(r.id, "")
    ]
    wanted = {p.id for p in persons}
    events_of: dict[str, list[Record]] = defaultdict(list)
    for r in scenario.records:
        if r.kind == "involvement" and r["person"] in wanted and r["role"] == "victim":
            events_of[r["person"]].append(records[r["event"]])
    width = max((len(v) for v in events_of.values()), default=1)
    header = [name for name, _ in PERSON_COLUMNS]
    for i in range(width):
        suffix = "" if i == 0 else f" {i + 1}"
        header.extend(f"{name}{suffix}" for name, _ in EVENT_COLUMNS)
    return header, list(person_rows(persons, events_of, width))


def mapping_for(header: list[str], dataset: str, source: Record) -> dict[str, Any]:
    """The mapping that reads :func:`spreadsheet`'s output back."""
    columns: dict[str, Any] = {}
    for name, target in PERSON_COLUMNS:
        if target:
            columns[name] = (
                {"field": target, "order": "surname_first"}
                if target == "person.name"
                else {"field": target}
            )
    for column in header[len(PERSON_COLUMNS) :]:
        base, _, number = column.rpartition(" ")
        if not number.isdigit():
            base, number = column, "1"
        target = dict(EVENT_COLUMNS)[base]
        slot = "event" if number == "1" else f"event{number}"
        columns[column] = {"field": f"{slot}.{target}"}
    return {
        "dataset": dataset,
        "key": "№",
        "source": {
            k: str(v)
            for k, v in source.dump().items()
            if k in ("kind", "title", "publisher", "reliability", "language")
        },
        "columns": {"№": "ignore", **columns},
    }


BULK_HEADER = ["№", "ПІБ", "Дата народження", "Область", "Населений пункт", "Подія", "Дата події"]


def bulk_table(n: int, seed: int = 1) -> Iterator[list[str]]:
    """A plain NGO list of ``n`` fictional persons with one event each, header first.

    Built from :func:`svidok.demo.bulk`: names in several scripts and spellings, settlements of
    the occupied regions, day-first dates. For large import benchmarks.
    """
    from ..model import regions
    from .bulk import bulk

    region_names = {r.iso: r.name_uk for r in regions().values()}
    yield list(BULK_HEADER)
    records = bulk(n, seed=seed, claims=False)
    next(records)  # the list's own source record
    for number, person in enumerate(records, start=1):
        event = next(records)
        next(records)  # the involvement
        place = event.get("place")
        yield [
            str(number),
            person["name"].full,
            _date(person.get("birth")),
            region_names.get(place.region, "") if place else "",
            place.label or "" if place else "",
            event["type"],
            _date(event.get("date")),
        ]


def bulk_mapping(dataset: str = "bulk") -> dict[str, Any]:
    """The mapping for :func:`bulk_table`."""
    return {
        "dataset": dataset,
        "key": "№",
        "source": {
            "kind": "ngo_list",
            "title": "Масовий вигаданий перелік (ДЕМО)",
            "reliability": "C",
        },
        "defaults": {"person.fictional": True, "person.sex": "male"},
        "columns": {
            "№": "ignore",
            "ПІБ": {"field": "person.name", "order": "surname_first"},
            "Дата народження": {"field": "person.birth"},
            "Область": {"field": "event.place.region"},
            "Населений пункт": {"field": "event.place.settlement"},
            "Подія": {"field": "event.type"},
            "Дата події": {"field": "event.date"},
        },
    }
