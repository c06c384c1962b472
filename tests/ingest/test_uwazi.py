"""Uwazi CSV exports: templates become persons, events and sources; relationships link them."""

import csv

import pytest

from svidok.ingest.importer import import_file
from svidok.ingest.mapping import MappingError
from svidok.ingest.uwazi import UwaziImport
from svidok.ingest.uwazi_mapping import parse_uwazi_mapping
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
                    "map": {
                        "Forced conscription": "conscription",
                        "Transfer": "transfer_outside_territory",
                        "Sentence": "sentence",
                    },
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
    transfer = events["transfer_outside_territory"]  # the incident's second type: its own event
    assert (transfer["date"], transfer["place"]) == (mobilization["date"], mobilization["place"])
    involvements = list(store.scan("involvement"))
    assert {(i["person"], i["event"]) for i in involvements} == {
        (persons["Скрипник"].id, mobilization.id),
        (persons["Мельник"].id, mobilization.id),
        (persons["Скрипник"].id, transfer.id),
        (persons["Мельник"].id, transfer.id),
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


# Small exports written by the tests: one dict per entity, keyed by column label.

SMALL_HEADER = [
    "Title",
    "Date added",
    "Template",
    "Date of birth",
    "Type of violation",
    "Date",
    "Region",
    "Victims",
    "Sources",
    "Link",
    "Geolocation",
    "Documents",
    "Attachments",
    "Published",
]
SMALL = {
    "dataset": "uwazi-small",
    "format": "uwazi",
    "source": {"kind": "ngo_list", "title": "Uwazi database", "reliability": "B"},
    "templates": {
        "Victim": {
            "record": "person",
            "columns": {"Title": "person.name", "Date of birth": "person.birth"},
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
                "Sources": {"relation": "source"},
            },
        },
        "Report": {
            "record": "source",
            "columns": {"Title": "source.title", "Link": "source.locator"},
        },
    },
}


def _write(path, rows, header=SMALL_HEADER):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            unknown = set(row) - set(header)
            assert not unknown, unknown
            writer.writerow([row.get(label, "") for label in header])
    return path


def _import(store, path, mapping=SMALL, **options):
    adapter = UwaziImport(path, parse_uwazi_mapping(mapping, "small.yaml"))
    return import_file(store, adapter, actor="t", **options)


def _victim(title, born="", added="2023-01-01"):
    return {"Title": title, "Date added": added, "Template": "Victim", "Date of birth": born}


def _incident(title, victims="", sources="", date="2022-05-01", kind="Forced mobilization"):
    return {
        "Title": title,
        "Date added": "2023-01-03",
        "Template": "Incident",
        "Type of violation": kind,
        "Date": date,
        "Region": "Запорізька область",
        "Victims": victims,
        "Sources": sources,
    }


def _report(title, link=""):
    return {"Title": title, "Date added": "2023-01-02", "Template": "Report", "Link": link}


def test_a_relationship_to_a_rejected_entity_is_a_reject_naming_the_row_not_a_crash(tmp_path):
    path = _write(
        tmp_path / "export.csv",
        [
            _victim("Шевченко Андрій Петрович", born="2005-02-30"),
            _victim("Коваль Олег", born="1985"),
            _incident("Мобілізація в Енергодарі", victims="Шевченко Андрій Петрович"),
            _incident("Облава", victims="Коваль Олег"),
        ],
    )
    store = MemoryStore()
    summary = _import(store, path, accept_partial=True)
    assert summary.committed
    assert [(r.where, r.field) for r in summary.rejects] == [
        ("line 2", "Date of birth"),
        ("line 4", "Victims"),
    ]
    assert "Шевченко Андрій Петрович" in summary.rejects[1].reason
    assert "line 2" in summary.rejects[1].reason
    assert store.count("person") == 1 and store.count("event") == 1  # the valid ones


def test_relationships_find_the_entity_of_the_right_kind_when_titles_are_shared(tmp_path):
    path = _write(
        tmp_path / "export.csv",
        [
            _victim("Ткач Ігор", born="1975"),
            _report("Ткач Ігор", link="https://example.org/tkach"),
            _incident("Облава", victims="Ткач Ігор", sources="Ткач Ігор"),
        ],
    )
    store = MemoryStore()
    summary = _import(store, path)
    assert summary.committed and not summary.rejects
    (person,) = store.scan("person")
    report = next(s for s in store.scan("source") if s["title"] == "Ткач Ігор")
    (event,) = store.scan("event")
    assert [(i["person"], i["event"]) for i in store.scan("involvement")] == [(person.id, event.id)]
    cited = {c["subject"]: c["source"] for c in store.scan("claim")}
    assert cited[event.id] == report.id


def test_a_sources_cell_naming_a_person_is_rejected(tmp_path):
    path = _write(
        tmp_path / "export.csv",
        [_victim("Ткач Ігор", born="1975"), _incident("Облава", sources="Ткач Ігор")],
    )
    store = MemoryStore()
    summary = _import(store, path)
    assert not summary.committed and store.count("person") == 0
    (reject,) = summary.rejects
    assert (reject.where, reject.field) == ("line 3", "Sources")
    assert "Ткач Ігор" in reject.reason and "Victim" in reject.reason


def test_a_relationship_to_a_title_two_entities_share_is_rejected(tmp_path):
    path = _write(
        tmp_path / "export.csv",
        [
            _victim("Іваненко Петро", born="1980-01-01", added="2023-01-01"),
            _victim("Іваненко Петро", born="1999-09-09", added="2023-01-02"),
            _incident("Облава", victims="Іваненко Петро"),
        ],
    )
    store = MemoryStore()
    summary = _import(store, path, accept_partial=True)
    (reject,) = summary.rejects
    assert (reject.where, reject.field) == ("line 4", "Victims")
    assert "lines 2, 3" in reject.reason
    assert store.count("person") == 2 and store.count("involvement") == 0


def test_same_name_entities_keep_their_identity_when_the_export_is_reordered(tmp_path):
    first = [
        _victim("Іваненко Петро", born="1980-01-01", added="2023-01-01"),
        _victim("Іваненко Петро", born="1999-09-09", added="2023-01-02"),
    ]
    store = MemoryStore()
    assert _import(store, _write(tmp_path / "v1.csv", first)).added == 2
    births = {p.id: str(p["birth"]) for p in store.scan("person")}
    again = _import(store, _write(tmp_path / "v2.csv", first[::-1]))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert {p.id: str(p["birth"]) for p in store.scan("person")} == births
    corrected = [first[0], {**first[1], "Date of birth": "1999-09-19"}][::-1]
    fixed = _import(store, _write(tmp_path / "v3.csv", corrected))
    assert (fixed.added, fixed.updated, fixed.unchanged) == (0, 1, 1)
    after = {p.id: str(p["birth"]) for p in store.scan("person")}
    assert sorted(after.values()) == ["1980-01-01", "1999-09-19"] and set(after) == set(births)


def test_same_name_entities_added_the_same_day_are_told_apart_and_reported(tmp_path):
    rows = [
        _victim("Іваненко Петро", born="1980-01-01"),
        _victim("Іваненко Петро", born="1999-09-09"),
    ]
    store = MemoryStore()
    summary = _import(store, _write(tmp_path / "v1.csv", rows))
    assert summary.added == 2
    assert any("Іваненко Петро" in w for w in summary.report.warnings)
    again = _import(store, _write(tmp_path / "v2.csv", rows[::-1]))
    assert (again.added, again.unchanged) == (0, 2)


def test_a_link_property_keeps_its_url(tmp_path):
    path = _write(
        tmp_path / "export.csv",
        [
            _report("Звіт ХПГ: мобілізація", link="Звіт ХПГ|https://example.org/khpg/report"),
            _report("Інтерв'ю з матір'ю", link="|https://example.org/interview-7"),
        ],
    )
    store = MemoryStore()
    assert _import(store, path).committed
    locators = {s["title"]: s.get("locator") for s in store.scan("source")}
    assert locators["Звіт ХПГ: мобілізація"] == "https://example.org/khpg/report"
    assert locators["Інтерв'ю з матір'ю"] == "https://example.org/interview-7"


@pytest.mark.parametrize(
    ("order", "text"),
    [
        ("dmy", "01/09/2022~15/09/2022"),
        ("mdy", "09/01/2022~09/15/2022"),
        ("ymd", "2022/09/01~2022/09/15"),
        ("dmy", "01-09-2022~15-09-2022"),
        ("dmy", "01/09/2022/15/09/2022"),  # the two ends joined by a slash
        ("ymd", "2022-09-01:2022-09-15"),  # Uwazi's import format joins them with a colon
    ],
)
def test_a_date_range_is_read_in_every_uwazi_date_format(tmp_path, order, text):
    path = _write(tmp_path / "export.csv", [_incident("Облави в Генічеську", date=text)])
    store = MemoryStore()
    summary = _import(store, path, {**SMALL, "dates": {"order": order}})
    assert summary.committed, summary.rejects
    (event,) = store.scan("event")
    assert str(event["date"]) == "2022-09-01/2022-09-15"


def test_every_event_type_of_a_multiselect_becomes_an_event(tmp_path):
    mapping = {**SMALL, "templates": {**SMALL["templates"]}}
    mapping["templates"]["Incident"] = {
        **SMALL["templates"]["Incident"],
        "columns": {
            **SMALL["templates"]["Incident"]["columns"],
            "Type of violation": {
                "field": "event.type",
                "map": {"Forced mobilization": "forced_mobilization", "Detention": "detention"},
            },
        },
    }
    path = _write(
        tmp_path / "export.csv",
        [
            _victim("Петренко Іван", born="1990"),
            _incident("Облава", victims="Петренко Іван", kind="Forced mobilization|Detention"),
        ],
    )
    store = MemoryStore()
    assert _import(store, path, mapping).committed
    events = {e["type"]: e for e in store.scan("event")}
    assert set(events) == {"forced_mobilization", "detention"}
    assert {i["event"] for i in store.scan("involvement")} == {e.id for e in events.values()}
    assert {c["subject"] for c in store.scan("claim")} >= {e.id for e in events.values()}


def test_several_dates_of_a_multidate_are_kept_as_their_span_and_reported(tmp_path):
    path = _write(tmp_path / "export.csv", [_incident("Кілька дат", date="2022-03-05|2022-03-12")])
    store = MemoryStore()
    summary = _import(store, path)
    (event,) = store.scan("event")
    assert str(event["date"]) == "2022-03-05/2022-03-12"
    assert any("Date" in w and "several" in w for w in summary.report.warnings)


def test_several_values_where_the_record_holds_one_are_reported(tmp_path):
    rows = [{**_incident("Облава"), "Region": "Запорізька область|Херсонська область"}]
    path = _write(tmp_path / "export.csv", rows)
    store = MemoryStore()
    summary = _import(store, path)
    (event,) = store.scan("event")
    assert event["place"].region == "UA-23"
    assert any("Region" in w and "first" in w for w in summary.report.warnings)


def test_a_mapped_column_missing_from_the_export_names_the_mapping_and_the_column(tmp_path):
    header = [h for h in SMALL_HEADER if h != "Date of birth"]
    row = {k: v for k, v in _victim("Коваль Олег").items() if k != "Date of birth"}
    path = _write(tmp_path / "export.csv", [row], header)
    with pytest.raises(MappingError, match=r"^small\.yaml: ") as error:
        _import(MemoryStore(), path)
    assert "templates.Victim: 'Date of birth'" in str(error.value)
    assert "export.csv" in str(error.value)


def test_columns_of_a_template_not_in_the_export_may_be_missing(tmp_path):
    # Uwazi exports the properties of the templates of the entities it exports, no others
    header = ["Title", "Date added", "Template", "Date of birth", "Geolocation", "Published"]
    path = _write(tmp_path / "export.csv", [_victim("Коваль Олег", born="1985")], header)
    store = MemoryStore()
    assert _import(store, path).added == 1


@pytest.mark.parametrize("column", ["Geolocation", "Геолокація", "Геолокация"])
def test_a_mapping_that_imports_coordinates_is_refused(column):
    mapping = {**SMALL, "templates": {**SMALL["templates"]}}
    mapping["templates"]["Victim"] = {
        "record": "person",
        "columns": {"Title": "person.name", column: "person.address"},
    }
    with pytest.raises(MappingError, match=rf"small\.yaml: templates\.Victim\.columns\.{column}"):
        parse_uwazi_mapping(mapping, "small.yaml")


def test_coordinates_in_a_mapped_column_are_never_stored(tmp_path):
    mapping = {**SMALL, "templates": {**SMALL["templates"]}}
    mapping["templates"]["Incident"] = {
        "record": "event",
        "columns": {"Type of violation": "event.type", "Place": "event.place.label"},
    }
    header = [*SMALL_HEADER, "Place"]
    rows = [{**_incident("Облава", kind="forced_mobilization"), "Place": "46.84|35.36"}]
    store = MemoryStore()
    summary = _import(store, _write(tmp_path / "export.csv", rows, header), mapping)
    (event,) = store.scan("event")
    assert "46.84" not in str(event.get("place"))
    assert summary.report.dropped["geolocation coordinates"] == 1


UK_HEADER = [
    "Заголовок",
    "Дата додавання",
    "Шаблон",
    "Дата народження",
    "Геолокація",
    "Документи",
    "Вкладення",
    "У відкритому доступі",
]
RU_HEADER = ["Заголовок", "Дата добавления", "Шаблон", "Дата народження", "Геолокация"]
ES_HEADER = ["Título", "Fecha de creación", "Plantilla", "Дата народження", "Geolocation"]


@pytest.mark.parametrize("header", [UK_HEADER, RU_HEADER, ES_HEADER])
def test_fixed_columns_are_understood_in_the_export_language(tmp_path, header):
    mapping = {
        **SMALL,
        "templates": {
            "Постраждалий": {
                "record": "person",
                "columns": {"Title": "person.name", "Дата народження": "person.birth"},
            }
        },
    }
    values = ["Мельник Тарас", "2023-02-01", "Постраждалий", "1990", "47.1|35.2"]
    row = dict(zip(header[:5], values, strict=True))
    store = MemoryStore()
    summary = _import(store, _write(tmp_path / "export.csv", [row], header), mapping)
    assert summary.added == 1
    (person,) = store.scan("person")
    assert person["name"].surname == "Мельник" and str(person["birth"]) == "1990"
    assert summary.report.dropped["geolocation coordinates"] == 1


def test_a_thesaurus_group_gives_the_region_of_a_place(tmp_path):
    mapping = {**SMALL, "templates": {**SMALL["templates"]}}
    mapping["templates"]["Incident"] = {
        "record": "event",
        "columns": {"Type of violation": "event.type", "Region": "event.place.region"},
    }
    rows = [
        {
            **_incident("Облава", kind="forced_mobilization"),
            "Region": "Запорізька область::Мелітополь",
        }
    ]
    store = MemoryStore()
    assert _import(store, _write(tmp_path / "export.csv", rows), mapping).committed
    (event,) = store.scan("event")
    assert event["place"].code == "UA23080070010092407"  # Мелітополь, in its region
