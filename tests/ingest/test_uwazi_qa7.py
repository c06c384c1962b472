"""Uwazi exports (QA round 7): no names or coordinates outside encrypted fields, contacts taken
out of free texts, one template per export, repeated headings and junk rows."""

import csv

from svidok.ingest.importer import import_file
from svidok.ingest.uwazi import UwaziImport
from svidok.ingest.uwazi_mapping import parse_uwazi_mapping
from svidok.store import Change, MemoryStore, Origin

HEADER = [
    "Title",
    "Date added",
    "Template",
    "Date of birth",
    "Notes",
    "Type of violation",
    "Date",
    "Region",
    "Victims",
    "Description",
    "Geolocation",
    "Published",
]
MAPPING = {
    "dataset": "uwazi-qa7",
    "format": "uwazi",
    "source": {"kind": "ngo_list", "title": "NGO Uwazi", "reliability": "B"},
    "templates": {
        "Victim": {
            "record": "person",
            "columns": {
                "Title": {"field": "person.name", "order": "surname_first"},
                "Date of birth": "person.birth",
                "Notes": "person.notes",
            },
        },
        "Incident": {
            "record": "event",
            "columns": {
                "Type of violation": {
                    "field": "event.type",
                    "map": {"Forced mobilization": "forced_mobilization"},
                },
                "Date": "event.date",
                "Region": "event.place.region",
                "Victims": {"relation": "victim"},
                "Description": "event.description",
            },
        },
    },
}
NAME = "Бондар Ігор Петрович"


def _write(path, rows, header=HEADER):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            if isinstance(row, dict):
                assert not set(row) - set(header), set(row) - set(header)
                row = [row.get(label, "") for label in header]
            writer.writerow(row)
    return path


def _import(store, path, mapping=MAPPING, **options):
    adapter = UwaziImport(path, parse_uwazi_mapping(mapping, "qa7.yaml"))
    return import_file(store, adapter, actor="t", **options)


def _victim(title=NAME, born="1999-04-12", notes="", added="2024-11-02"):
    return {
        "Title": title,
        "Date added": added,
        "Template": "Victim",
        "Date of birth": born,
        "Notes": notes,
    }


def _incident(title="Облава в Мелітополі", victims="", description="", added="2024-12-01"):
    return {
        "Title": title,
        "Date added": added,
        "Template": "Incident",
        "Type of violation": "Forced mobilization",
        "Date": "2024-05-01",
        "Region": "Запорізька область",
        "Victims": victims,
        "Description": description,
    }


def _report_text(summary):
    report = summary.report
    return " ".join(
        [*report.dropped, *report.skipped, *report.warnings, *report.notes]
        + [f"{r.reason} {r.value}" for r in summary.rejects]
    )


def test_no_title_is_stored_in_import_keys_or_claim_locators(tmp_path):
    rows = [_victim(), _incident("Вирок Бондарю І. П.", victims=NAME)]
    store = MemoryStore()
    summary = _import(store, _write(tmp_path / "v1.csv", rows))
    assert summary.committed and summary.added == 2
    origins = list(store.origins("uwazi-qa7"))
    assert origins and all("Бондар" not in o.key for o in origins)
    locators = [c.get("locator") or "" for c in store.scan("claim")]
    assert all("Бондар" not in locator for locator in locators)
    assert "line 2, Uwazi Victim entity added 2024-11-02" in locators
    (person,) = store.scan("person")
    assert person["name"].surname == "Бондар"  # in the (encrypted) identity field only


def test_hashed_keys_stay_the_same_so_a_corrected_export_updates_its_records(tmp_path):
    rows = [_victim(), _incident(victims=NAME)]
    store = MemoryStore()
    _import(store, _write(tmp_path / "v1.csv", rows))
    ids = {r.id for r in store.scan("person")} | {r.id for r in store.scan("event")}
    again = _import(store, _write(tmp_path / "v2.csv", rows[::-1]))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    corrected = [_victim(born="1999-04-21"), rows[1]]
    fixed = _import(store, _write(tmp_path / "v3.csv", corrected))
    assert (fixed.added, fixed.updated, fixed.unchanged) == (0, 1, 1)
    (person,) = store.scan("person")
    assert str(person["birth"]) == "1999-04-21"
    assert {r.id for r in store.scan("person")} | {r.id for r in store.scan("event")} == ids


def test_coordinates_beside_relationship_titles_are_dropped_counted_and_never_echoed(tmp_path):
    rows = [
        _victim(),
        _incident(victims=f"{NAME}|46.851|35.371"),
        _incident("Облава в Токмаці", victims="47.2514|35.7058", added="2024-12-02"),
    ]
    store = MemoryStore()
    summary = _import(store, _write(tmp_path / "export.csv", rows))
    assert summary.committed and not summary.rejects
    (person,) = store.scan("person")
    involved = [(i["person"], i["role"]) for i in store.scan("involvement")]
    assert involved == [(person.id, "victim")]
    assert summary.report.dropped["geolocation coordinates"] == 2
    text = _report_text(summary)
    assert not any(part in text for part in ("46.851", "35.371", "47.2514", "35.7058"))


def test_coordinates_inside_a_free_text_are_taken_out_and_counted(tmp_path):
    rows = [
        _victim(notes="Задержан у дома, координаты 47.0951|35.3012"),
        _incident(description="Облава біля школи (47.0951, 35.3012), 5 осіб"),
    ]
    store = MemoryStore()
    summary = _import(store, _write(tmp_path / "export.csv", rows))
    (person,) = store.scan("person")
    (event,) = store.scan("event")
    assert person["notes"] == "Задержан у дома, координаты [coordinates left out]"
    assert event["description"] == "Облава біля школи ([coordinates left out]), 5 осіб"
    assert summary.report.dropped["geolocation coordinates"] == 2
    assert "47.0951" not in _report_text(summary)


def test_free_texts_lose_phones_e_mails_and_telegram_accounts(tmp_path):
    rows = [
        _victim(notes="мати: +380 67 555 01 02, пошта mother@example.org"),
        _incident(description="писати в тг @anton_l_2005"),
    ]
    store = MemoryStore()
    summary = _import(store, _write(tmp_path / "export.csv", rows))
    (person,) = store.scan("person")
    (event,) = store.scan("event")
    assert "555" not in person["notes"] and "[phone left out]" in person["notes"]
    assert "mother@example.org" not in person["notes"]
    assert "anton_l_2005" not in event["description"]
    dropped = summary.report.dropped
    assert dropped["phone number in a text cell"] == 1
    assert dropped["e-mail address in a text cell"] == 1
    assert dropped["Telegram account in a text cell"] == 1


def test_a_relationship_finds_an_entity_imported_earlier_from_another_export(tmp_path):
    store = MemoryStore()
    victims = _write(
        tmp_path / "victims.csv",
        [_victim(), _victim("Лисенко Денис", born="2001", added="2024-10-01")],
    )
    assert _import(store, victims).added == 2
    incidents = _write(
        tmp_path / "incidents.csv",
        [_incident(victims=f"{NAME}|Лисенко Денис|Невідома Особа")],
    )
    summary = _import(store, incidents)
    assert summary.committed and summary.added == 1 and not summary.rejects
    (event,) = store.scan("event")
    persons = {p.id for p in store.scan("person")}
    assert {i["person"] for i in store.scan("involvement") if i["event"] == event.id} == persons
    (warning,) = [w for w in summary.report.warnings if "Невідома Особа" in w]
    assert "imported earlier into the dataset" in warning
    again = _import(store, incidents)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)


def test_entities_of_another_dataset_are_not_linked(tmp_path):
    store = MemoryStore()
    other = {**MAPPING, "dataset": "uwazi-other"}
    _import(store, _write(tmp_path / "victims.csv", [_victim()]), other)
    summary = _import(store, _write(tmp_path / "incidents.csv", [_incident(victims=NAME)]))
    assert summary.committed and store.count("involvement") == 0
    assert any(NAME in w for w in summary.report.warnings)


def test_two_columns_with_one_heading_are_read_as_one_and_named_in_the_report(tmp_path):
    header = ["Title", "Date added", "Template", "Type of violation", "Date", "Victims", "Date"]
    mapping = {
        **MAPPING,
        "templates": {
            "Victim": {
                "record": "person",
                "columns": {"Title": "person.name", "Date": "person.birth"},
            },
            "Incident": {
                "record": "event",
                "columns": {
                    "Type of violation": "event.type",
                    "Date": "event.date",
                    "Victims": {"relation": "victim"},
                },
            },
        },
    }
    rows = [
        ["Гончар Віктор", "2024-10-01", "Victim", "", "2000-01-01", "", ""],
        ["Облава", "2024-10-05", "Incident", "conscription", "", "Гончар Віктор", "2024-09-10"],
    ]
    store = MemoryStore()
    summary = _import(store, _write(tmp_path / "dup.csv", rows, header), mapping)
    assert summary.committed and not summary.rejects
    (person,) = store.scan("person")
    (event,) = store.scan("event")
    assert str(person["birth"]) == "2000-01-01" and str(event["date"]) == "2024-09-10"
    assert any("columns 5 and 7" in w and "'Date'" in w for w in summary.report.warnings)
    clash = [
        *rows,
        ["Облава 2", "2024-10-06", "Incident", "conscription", "2024-01-01", "", "2024-02-02"],
    ]
    summary = _import(MemoryStore(), _write(tmp_path / "clash.csv", clash, header), mapping)
    (reject,) = summary.rejects
    assert reject.where == "line 4" and "columns 5 and 7" in reject.reason


def test_a_junk_row_is_counted_as_an_empty_row(tmp_path):
    rows = [_victim(), [",,,", *[""] * (len(HEADER) - 1)], [""] * len(HEADER)]
    store = MemoryStore()
    summary = _import(store, _write(tmp_path / "export.csv", rows))
    assert summary.committed and summary.added == 1
    assert summary.report.skipped == {"empty rows": 2}


def test_keys_an_earlier_svidok_wrote_with_titles_are_reported(tmp_path):
    store = MemoryStore()
    legacy = Origin("uwazi-qa7", f"Victim:{NAME}@2024-11-02", "0" * 64, "", 2, ())
    store.apply([Change.of_origin(legacy)], actor="t")
    summary = _import(store, _write(tmp_path / "export.csv", [_victim()]))
    assert any("earlier Svidok" in w and "1 entities" in w for w in summary.report.warnings)
