"""Uwazi CSV exports: templates become persons, events and sources; relationships link them."""

import csv

import pytest

from svidok.ingest.importer import import_file
from svidok.ingest.mapping import MappingError
from svidok.ingest.uwazi import UwaziImport, parse_uwazi_mapping
from svidok.store import MemoryStore

HEADER = [
    "Title",
    "Date added",
    "Template",
    "Date of birth",
    "Region",
    "Type of violation",
    "Date",
    "Place",
    "Victims",
    "Sources",
    "Link",
    "Geolocation",
    "Documents",
    "Attachments",
    "Published",
]
ROWS = [
    [
        "Скрипник Олексій Вікторович",
        "2024-11-02",
        "Victim",
        "2001-03-14",
        "Запорізька",
        "",
        "",
        "",
        "",
        "",
        "",
        "46.84|35.36",
        "",
        "",
        "Published",
    ],
    [
        "Мельник Іван Петрович",
        "2024-11-02",
        "Victim",
        "1999",
        "Херсонська",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Unpublished",
    ],
    [
        "Mobilization in Melitopol, autumn 2024",
        "2024-12-01",
        "Incident",
        "",
        "Запорізька",
        "Forced conscription|Transfer",
        "2024-09-01~2024-11-30",
        "Мелітополь",
        "Скрипник Олексій Вікторович|Мельник Іван Петрович",
        "Report A",
        "",
        "",
        "/files/a.pdf",
        "",
        "Published",
    ],
    [
        "Sentence of I. Melnyk",
        "2025-02-01",
        "Incident",
        "",
        "Херсонська",
        "Sentence",
        "2025-01-20",
        "",
        "Мельник Іван Петрович|Nobody Known",
        "",
        "",
        "",
        "",
        "",
        "Published",
    ],
    [
        "Report A",
        "2024-12-05",
        "Report",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "https://example.org/report-a",
        "",
        "",
        "",
        "Published",
    ],
    [
        "Meeting notes",
        "2024-12-06",
        "Internal note",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Unpublished",
    ],
]
MAPPING = {
    "dataset": "uwazi-test",
    "format": "uwazi",
    "source": {
        "kind": "ngo_list",
        "title": "Uwazi database of a fictional NGO",
        "reliability": "B",
    },
    "dates": {"order": "ymd"},
    "templates": {
        "Victim": {
            "record": "person",
            "columns": {
                "Title": {"field": "person.name", "order": "auto"},
                "Date of birth": "person.birth",
                "Region": "person.origin.region",
            },
        },
        "Incident": {
            "record": "event",
            "columns": {
                "Type of violation": {
                    "field": "event.type",
                    "map": {"Forced conscription": "conscription", "Sentence": "sentence"},
                },
                "Date": "event.date",
                "Region": "event.place.region",
                "Place": "event.place.settlement",
                "Victims": {"relation": "victim"},
                "Sources": {"relation": "source"},
            },
        },
        "Report": {
            "record": "source",
            "columns": {"Title": "source.title", "Link": "source.locator"},
        },
    },
}


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "uwazi-export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    return path


def test_an_uwazi_export_becomes_persons_events_sources_and_links(export):
    store = MemoryStore()
    summary = import_file(store, UwaziImport(export, parse_uwazi_mapping(MAPPING)), actor="t")
    assert summary.committed and summary.rejected == 0
    assert (
        summary.added == 5
    )  # two victims, two incidents, one report; the note's template is not mapped
    persons = {p["name"].surname: p for p in store.scan("person")}
    assert (
        set(persons) == {"Скрипник", "Мельник"} and persons["Скрипник"]["origin"].region == "UA-23"
    )
    events = {e["type"]: e for e in store.scan("event")}
    mobilization = events["conscription"]
    assert str(mobilization["date"]) == "2024-09/2024-11"
    assert mobilization["place"].code == "UA23080070010092407"  # Мелітополь
    involvements = list(store.scan("involvement"))
    assert {(i["person"], i["event"]) for i in involvements} == {
        (persons["Скрипник"].id, mobilization.id),
        (persons["Мельник"].id, mobilization.id),
        (persons["Мельник"].id, events["sentence"].id),
    }
    report = next(s for s in store.scan("source") if s["title"] == "Report A")
    claims = {c["subject"]: c["source"] for c in store.scan("claim")}
    assert claims[mobilization.id] == report.id  # cited by the report it names
    database = next(s for s in store.scan("source") if s["title"].startswith("Uwazi database"))
    assert claims[events["sentence"].id] == database.id  # else by the database itself
    assert report["parent"] == database.id
    assert summary.report.dropped["geolocation coordinates"] == 1
    assert any("Internal note" in k for k in summary.report.skipped)
    assert any("Nobody Known" in k for k in summary.report.warnings)


def test_reimporting_the_export_adds_nothing(export):
    store = MemoryStore()
    import_file(store, UwaziImport(export, parse_uwazi_mapping(MAPPING)), actor="t")
    again = import_file(store, UwaziImport(export, parse_uwazi_mapping(MAPPING)), actor="t")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)


def test_a_bad_value_is_rejected_naming_the_column(export, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[3][6] = "2025-02-31"
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    store = MemoryStore()
    summary = import_file(store, UwaziImport(path, parse_uwazi_mapping(MAPPING)), actor="t")
    assert not summary.committed and store.count("event") == 0
    assert [(r.where, r.field) for r in summary.rejects] == [("line 5", "Date")]


def test_an_uwazi_mapping_is_checked():
    with pytest.raises(MappingError, match="a person template's columns go to person"):
        parse_uwazi_mapping(
            {
                **MAPPING,
                "templates": {"Victim": {"record": "person", "columns": {"Title": "event.date"}}},
            }
        )
