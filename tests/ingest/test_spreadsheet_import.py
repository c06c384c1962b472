"""Spreadsheet import end to end: the demo scenario exported as CSV and XLSX comes back equal."""

import csv
from collections import Counter

import openpyxl
import pytest
import yaml

from svidok.demo import generate
from svidok.demo.tables import mapping_for, spreadsheet
from svidok.ingest.importer import import_file
from svidok.ingest.mapping import parse_mapping
from svidok.ingest.spreadsheet import SpreadsheetImport
from svidok.store import MemoryStore


@pytest.fixture(scope="module")
def scenario():
    return generate(seed=11, persons=150)


def _write_csv(path, header, rows, encoding="utf-8", delimiter=";"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def _write_xlsx(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    wb.close()


def _signature(records):
    """What must survive the round trip: each person's values and its events' values."""
    by_id = {r.id: r for r in records}
    events = {}
    for r in records:
        if r.kind == "involvement" and r["role"] == "victim":
            events.setdefault(r["person"], []).append(by_id[r["event"]])
    out = Counter()
    for p in (r for r in records if r.kind == "person"):
        person = (
            p["name"].full if p.get("name") else None,
            str(p.get("birth")) if p.get("birth") else None,
            p["age"].years if p.get("age") else None,
            p.get("sex"),
            p.get("status"),
            p.get("minor"),
            p.get("fictional"),
            p.get("origin"),
        )
        evs = tuple(
            sorted(
                (
                    e["type"],
                    str(e.get("date")),
                    e.get("place"),
                    e.get("perpetrator_body"),
                    e.get("description"),
                )
                for e in events.get(p.id, [])
            )
        )
        out[(person, evs)] += 1
    return out


@pytest.mark.parametrize("fmt", ["csv-utf8", "csv-cp1251", "xlsx"])
def test_the_demo_scenario_round_trips_through_a_spreadsheet(scenario, tmp_path, fmt):
    list_id = scenario.list_keys["ngo_south"]
    header, rows = spreadsheet(scenario, list_id)
    source = next(r for r in scenario.records if r.id == list_id)
    mapping = parse_mapping(mapping_for(header, "ngo-south", source), "demo mapping")
    if fmt == "xlsx":
        path = tmp_path / "list.xlsx"
        _write_xlsx(path, header, rows)
    else:
        path = tmp_path / "list.csv"
        _write_csv(path, header, rows, encoding="utf-8-sig" if fmt == "csv-utf8" else "cp1251")
    store = MemoryStore()
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="test")
    assert summary.committed, summary.rejects[:5]
    assert summary.rejected == 0 and summary.added == len(rows)

    expected_ids = {
        r.id
        for r in scenario.records
        if r.kind == "person"
        and scenario.list_of.get(r.id) == list_id
        and "~" not in scenario.truth[r.id]
    }
    expected = [
        r for r in scenario.records if r.id in expected_ids or r.kind in ("event", "involvement")
    ]
    imported = [*store.scan("person"), *store.scan("event"), *store.scan("involvement")]
    assert _signature(imported) == _signature(expected)
    assert store.verify_audit().ok


def test_importing_the_same_file_again_adds_nothing(scenario, tmp_path):
    header, rows = spreadsheet(scenario, scenario.list_keys["ngo_south"])
    source = next(r for r in scenario.records if r.id == scenario.list_keys["ngo_south"])
    mapping = parse_mapping(mapping_for(header, "ngo-south", source), "m")
    path = tmp_path / "list.csv"
    _write_csv(path, header, rows)
    store = MemoryStore()
    first = import_file(store, SpreadsheetImport(path, mapping), actor="t")
    head = store.audit_head()
    again = import_file(store, SpreadsheetImport(path, mapping), actor="t")
    assert again.committed and again.added == 0 and again.updated == 0
    assert again.unchanged == first.added
    assert store.audit_head() == head


def test_a_corrected_file_updates_what_changed_and_appends_to_the_trail(scenario, tmp_path):
    header, rows = spreadsheet(scenario, scenario.list_keys["ngo_south"])
    source = next(r for r in scenario.records if r.id == scenario.list_keys["ngo_south"])
    mapping = parse_mapping(mapping_for(header, "ngo-south", source), "m")
    path = tmp_path / "list.csv"
    _write_csv(path, header, rows)
    store = MemoryStore()
    import_file(store, SpreadsheetImport(path, mapping), actor="t")
    persons_before = store.count("person")
    name_col = header.index("ПІБ")
    old_name = rows[3][name_col]
    rows[3][name_col] = "Виправлене Прізвище Іменович"
    rows.append([str(len(rows) + 1), "Новенький Петро Петрович"] + [""] * (len(header) - 2))
    _write_csv(path, header, rows)
    head = store.audit_head().seq
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="editor")
    assert (summary.added, summary.updated) == (1, 1)
    assert store.count("person") == persons_before + 1
    names = {p["name"].full for p in store.scan("person") if p.get("name")}
    assert "Виправлене Прізвище Іменович" in names and old_name not in names
    new_entries = list(store.audit_entries(after=head))
    assert {e.action for e in new_entries} == {"create", "update"}
    assert all(e.actor == "editor" for e in new_entries)
    assert store.verify_audit().ok


def _simple(tmp_path, lines, **mapping_changes):
    path = tmp_path / "people.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = {
        "dataset": "simple",
        "source": {"kind": "ngo_list", "title": "Simple list", "reliability": "C"},
        "columns": {
            "ПІБ": {"field": "person.name"},
            "Область": {"field": "event.place.region"},
            "Подія": {"field": "event.type"},
            "Дата": {"field": "event.date"},
        },
        **mapping_changes,
    }
    return path, parse_mapping(
        yaml.safe_load(yaml.safe_dump(data, allow_unicode=True)), "simple.yaml"
    )


def test_rejected_rows_stop_the_import_and_name_line_and_column(tmp_path):
    path, mapping = _simple(
        tmp_path,
        [
            "ПІБ;Область;Подія;Дата",
            "Скрипник Олексій;Запорізька;conscription;05.03.2024",
            "Мельник Іван;Атлантида;conscription;05.03.2024",
            "Коваленко Петро;Херсонська;conscription;31.02.2024",
            "Шевченко Тарас;Херсонська;kidnapping;01.02.2024",
        ],
    )
    store = MemoryStore()
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="t")
    assert not summary.committed
    assert store.count("person") == 0 and store.audit_head().seq == 0
    found = {(r.where, r.field) for r in summary.rejects}
    assert found == {("line 3", "Область"), ("line 4", "Дата"), ("line 5", "Подія")}
    reasons = " ".join(r.reason for r in summary.rejects)
    assert (
        "not a known region" in reasons
        and "does not exist in 2024-02" in reasons
        and "kidnapping" in reasons
    )


def test_accept_partial_commits_the_valid_rows(tmp_path):
    path, mapping = _simple(
        tmp_path,
        [
            "ПІБ;Область;Подія;Дата",
            "Скрипник Олексій;Запорізька;conscription;05.03.2024",
            "Коваленко Петро;Херсонська;conscription;31.02.2024",
        ],
    )
    store = MemoryStore()
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="t", accept_partial=True)
    assert summary.committed and summary.rejected == 1
    assert store.count("person") == 1 and store.count("claim") == 1


def test_value_maps_translate_what_the_file_says(tmp_path):
    path, mapping = _simple(
        tmp_path,
        ["ПІБ;Область;Подія;Дата", "Скрипник Олексій;ЗО;Призов;осінь 2024"],
        columns={
            "ПІБ": {"field": "person.name"},
            "Область": {"field": "event.place.region", "map": {"ЗО": "UA-23"}},
            "Подія": {"field": "event.type", "map": {"призов": "conscription"}},
            "Дата": {"field": "event.date"},
        },
    )
    store = MemoryStore()
    assert import_file(store, SpreadsheetImport(path, mapping), actor="t").committed
    event = next(store.scan("event"))
    assert (event["type"], event["place"].region, str(event["date"])) == (
        "conscription",
        "UA-23",
        "2024-09/2024-11",
    )
    claim = next(store.scan("claim"))
    source = next(store.scan("source"))
    assert (claim["subject"], claim["source"], claim["locator"]) == (event.id, source.id, "line 2")


def test_row_hashes_are_the_content_hash_of_fingerprint_and_cells(tmp_path):
    import yaml

    from svidok.demo.tables import bulk_mapping
    from svidok.ingest.base import content_hash
    from svidok.ingest.mapping import parse_mapping
    from svidok.ingest.spreadsheet import SpreadsheetImport

    path = tmp_path / "list.csv"
    path.write_text(
        "№;ПІБ;Дата народження;Область;Населений пункт;Подія;Дата події\n"
        '1;"Білялов ""Е."" Рустемович";13.05.1989;Севастополь;Севастополь;detention;26.11.2024\n',
        encoding="utf-8",
    )
    mapping = parse_mapping(yaml.safe_load(yaml.safe_dump(bulk_mapping())), "bulk")
    adapter = SpreadsheetImport(path, mapping)
    for cells in (["a", "б", ""], [], ['"x\\'], ["\u0000é"]):
        assert adapter._row_hash(cells) == content_hash([adapter._fingerprint, cells])
    items = [i for i in adapter.items() if getattr(i, "key", "") == "key:1"]
    (row,) = adapter.table.rows()
    cells = [row.cells[i] for i in adapter._used]
    assert 'Білялов "Е." Рустемович' in cells
    assert items[0].content_hash == content_hash([adapter._fingerprint, cells])


def test_a_second_event_is_made_only_when_the_row_says_something_of_it(tmp_path):
    path, mapping = _simple(
        tmp_path,
        [
            "ПІБ;Область;Дата;Дата загибелі",
            "Скрипник Олексій;Запорізька;05.03.2024;",
            "Мельник Іван;Херсонська;05.03.2024;12.10.2024",
        ],
        columns={
            "ПІБ": {"field": "person.name"},
            "Область": {"field": "event.place.region"},
            "Дата": {"field": "event.date"},
            "Дата загибелі": {"field": "event2.date"},
        },
        defaults={"event.type": "forced_mobilization", "event2.type": "death"},
    )
    store = MemoryStore()
    assert import_file(store, SpreadsheetImport(path, mapping), actor="t").committed
    types = Counter(e["type"] for e in store.scan("event"))
    assert types == {"forced_mobilization": 2, "death": 1}


def test_an_event_before_the_persons_birth_is_a_reject_naming_the_date_column(tmp_path):
    path, mapping = _simple(
        tmp_path,
        [
            "ПІБ;Народження;Область;Подія;Дата",
            "Скрипник Олексій;12.05.2001;Запорізька;conscription;05.03.2024",
            "Мельник Іван;12.05.2025;Херсонська;conscription;05.03.2024",
        ],
        columns={
            "ПІБ": {"field": "person.name"},
            "Народження": {"field": "person.birth"},
            "Область": {"field": "event.place.region"},
            "Подія": {"field": "event.type"},
            "Дата": {"field": "event.date"},
        },
    )
    store = MemoryStore()
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="t", accept_partial=True)
    assert summary.committed and summary.added == 1
    (reject,) = summary.rejects
    assert (reject.where, reject.field) == ("line 3", "Дата")
    assert "before the person's birth" in reject.reason
    assert store.count("person") == 1


@pytest.mark.parametrize("key", [None, "№"])
def test_a_row_inserted_above_others_does_not_hand_their_records_to_other_persons(tmp_path, key):
    rows = [
        "Руденко Іван;Запорізька;conscription;05.03.2024",
        "Гнатюк Микола;Херсонська;conscription;06.03.2024",
        "Новенко Петро;Херсонська;conscription;07.03.2024",
    ]
    inserted = "Антонюк Олег;Запорізька;conscription;01.03.2024"
    extra = {"key": key} if key else {}

    def write(lines):
        numbered = [f"{n};{line}" for n, line in enumerate(lines, start=1)]
        path, mapping = _simple(tmp_path, ["№;ПІБ;Область;Подія;Дата", *numbered], **extra)
        return path, mapping

    store = MemoryStore()
    path, mapping = write(rows)
    assert import_file(store, SpreadsheetImport(path, mapping), actor="t").committed
    names_before = {p.id: p["name"].full for p in store.scan("person")}
    path, mapping = write([inserted, *rows])
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="t")
    assert summary.committed
    assert (summary.added, summary.updated, summary.unchanged) == (1, 0, 3)
    names_after = {p.id: p["name"].full for p in store.scan("person")}
    assert {i: names_after[i] for i in names_before} == names_before  # nobody renamed
    assert sorted(names_after.values()) == sorted([*names_before.values(), "Антонюк Олег"])
    again = import_file(store, SpreadsheetImport(path, mapping), actor="t")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)


def test_age_cells_are_read_as_documenters_write_them(tmp_path):
    lines = ["ПІБ;Вік;Область;Подія;Дата"]
    ages = ["24 роки", "близько 30", "19 лет", "не відомо", "2 роки служби"]
    for n, age in enumerate(ages):
        lines.append(f"Особа{n} Тест;{age};Запорізька;conscription;05.03.2024")
    columns = {
        "ПІБ": {"field": "person.name"},
        "Вік": {"field": "person.age"},
        "Область": {"field": "event.place.region"},
        "Подія": {"field": "event.type"},
        "Дата": {"field": "event.date"},
    }
    path, mapping = _simple(tmp_path, lines, columns=columns)
    store = MemoryStore()
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="t", accept_partial=True)
    (reject,) = summary.rejects
    assert (reject.where, reject.field) == ("line 6", "Вік") and "not an age" in reject.reason
    years = sorted(p["age"].years for p in store.scan("person") if p.get("age"))
    assert years == [19, 24, 30] and store.count("person") == 4


def test_the_same_file_under_another_dataset_name_is_pointed_out(tmp_path):
    lines = ["ПІБ;Область;Подія;Дата", "Скрипник Олексій;Запорізька;conscription;05.03.2024"]
    path, mapping = _simple(tmp_path, lines)
    store = MemoryStore()
    assert import_file(store, SpreadsheetImport(path, mapping), actor="t").committed
    copy, other = _simple(tmp_path, lines, dataset="simple-1")
    summary = import_file(store, SpreadsheetImport(copy, other), actor="t")
    assert summary.committed and summary.added == 1
    (warning,) = [w for w in summary.report.warnings if "imported before" in w]
    assert "'simple'" in warning


def test_a_file_with_a_header_and_no_rows_records_nothing(tmp_path):
    path, mapping = _simple(tmp_path, ["ПІБ;Область;Подія;Дата", ";;;"])
    store = MemoryStore()
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="t")
    assert summary.items == 0 and not summary.committed
    assert store.count("source") == 0 and store.audit_head().seq == 0


def test_a_value_the_mapping_leaves_as_a_question_is_named_in_the_reject(tmp_path):
    columns = {
        "ПІБ": {"field": "person.name"},
        "Область": {"field": "event.place.region", "map": {"ЗО": "UA-23", "Пд": "?"}},
        "Подія": {"field": "event.type"},
        "Дата": {"field": "event.date"},
    }
    lines = ["ПІБ;Область;Подія;Дата", "Скрипник Олексій;Пд;conscription;05.03.2024"]
    path, mapping = _simple(tmp_path, lines, columns=columns)
    summary = import_file(MemoryStore(), SpreadsheetImport(path, mapping), actor="t")
    (reject,) = summary.rejects
    assert reject.field == "Область" and reject.reason.startswith("'Пд' is mapped to '?'")


def test_two_sheets_of_one_workbook_keep_their_rows_apart(tmp_path):
    book = openpyxl.Workbook()
    first = book.active
    first.title = "АР Крим"
    second = book.create_sheet("Запорізька")
    header = ["ПІБ", "Область", "Подія", "Дата"]
    first.append(header)
    first.append(["Аблаєв Рустем", "АР Крим", "conscription", "05.03.2024"])
    second.append(header)
    second.append(["Дорошенко Петро", "Запорізька", "conscription", "06.03.2024"])
    path = tmp_path / "regions.xlsx"
    book.save(path)
    store = MemoryStore()
    for sheet in ("АР Крим", "Запорізька"):
        data = {
            "dataset": "regions",
            "source": {"kind": "ngo_list", "title": "Regions", "reliability": "C"},
            "file": {"sheet": sheet},
            "columns": {h: {"field": f} for h, f in zip(header, _TARGETS, strict=True)},
        }
        mapping = parse_mapping(yaml.safe_load(yaml.safe_dump(data, allow_unicode=True)), "m")
        summary = import_file(store, SpreadsheetImport(path, mapping), actor="t")
        assert summary.committed and (summary.added, summary.updated) == (1, 0)
    names = sorted(p["name"].full for p in store.scan("person"))
    assert names == ["Аблаєв Рустем", "Дорошенко Петро"]


_TARGETS = ["person.name", "event.place.region", "event.type", "event.date"]


def test_a_totals_row_under_the_list_is_skipped_and_counted(tmp_path):
    lines = [
        "ПІБ;Область;Подія;Дата",
        "Скрипник Олексій;Запорізька;conscription;05.03.2024",
        "Мельник Іван;Херсонська;conscription;06.03.2024",
        "Всего: 2 человека;;;",
    ]
    path, mapping = _simple(tmp_path, lines)
    store = MemoryStore()
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="t")
    assert summary.committed and summary.added == 2 and not summary.rejects
    assert summary.report.skipped["total rows (Разом, Итого, Total...)"] == 1


def test_a_birth_year_written_in_the_name_cell_becomes_the_birth(tmp_path):
    lines = [
        "ПІБ;Область;Подія;Дата",
        "Петренко Іван Іванович, 1999 р.н.;Запорізька;conscription;05.03.2024",
        "Мельник Олег (2001);Херсонська;conscription;05.03.2024",
        "Коваль Петро Петрович;Херсонська;conscription;05.03.2024",
    ]
    path, mapping = _simple(tmp_path, lines)
    store = MemoryStore()
    summary = import_file(store, SpreadsheetImport(path, mapping), actor="t")
    assert summary.committed
    people = {p["name"].surname: p for p in store.scan("person")}
    assert set(people) == {"Петренко", "Мельник", "Коваль"}
    assert str(people["Петренко"]["birth"]) == "1999" and people["Петренко"]["name"].given == "Іван"
    assert str(people["Мельник"]["birth"]) == "2001"
    assert people["Коваль"].get("birth") is None
    assert summary.report.warnings["birth year taken from the name cell"] == 2
