"""Rows that are not entries: region headings, footnotes; name cells that are no one's name or
several persons' names."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from svidok.ingest.importer import import_file
from svidok.ingest.mapping import parse_mapping
from svidok.ingest.sections import names_several, placeholder_name, section_row
from svidok.ingest.spreadsheet import SpreadsheetImport
from svidok.testing.ingest import import_text

MAPPING = """
dataset: t
source: {kind: ngo_list, title: t}
defaults: {event.type: forced_mobilization}
columns:
  ПІБ: person.name
  Населений пункт: event.place.settlement
  Дата: event.date
"""


def _import(path: Path, mapping: str = MAPPING):
    return import_text(path, mapping, accept_partial=True)


GROUPED = [
    ["ПІБ", "Населений пункт", "Дата"],
    ["Запорізька область", "", ""],
    ["Мірошниченко Тарас Григорович", "Мелітополь", "2023"],
    ["Захарченко Ілля", "Енергодар", "2023"],
    ["Всього: 2", "", ""],
    ["ХЕРСОНСЬКА ОБЛАСТЬ", "ХЕРСОНСЬКА ОБЛАСТЬ", "ХЕРСОНСЬКА ОБЛАСТЬ"],  # merged across
    ["Литвиненко Антон Сергійович", "Скадовськ", "2024"],
    ["Мелітопольський район", "", ""],
    ["", "", ""],
    ["* дані уточнюються", "", ""],
    ["Джерело: гаряча лінія", "", ""],
    ["Підготував: Іваненко І.І., тел. 050 123 45 67", "", ""],
]


def test_region_headings_and_footnotes_are_no_persons_and_give_their_region(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("\n".join(";".join(r) for r in GROUPED) + "\n", encoding="utf-8")
    summary, store = _import(path)
    assert summary.committed and summary.rejected == 0
    persons = list(store.scan("person"))
    assert len(persons) == 3
    names = " ".join(str(p["name"]) for p in persons)
    assert "область" not in names.lower() and "Джерело" not in names and "Підготував" not in names
    regions = {e["place"].region for e in store.scan("event")}
    assert regions == {"UA-23", "UA-65"}
    skipped = summary.report.skipped
    assert skipped["region heading rows (their region goes to the rows under them)"] == 2
    assert skipped["notes and footnotes (Джерело:, Примітка:, * ...)"] == 3
    assert skipped["district or group heading rows"] == 1


def test_a_region_heading_gives_its_region_to_a_settlement_found_in_several(tmp_path):
    """Alone, "Новоолексіївка" is a village in several regions; under "Херсонська область" it
    is looked up there, where there is one."""
    rows = [["ПІБ", "Населений пункт", "Дата"], ["Херсонська область", "", ""]]
    rows += [["Коваль Петро", "Новоолексіївка", "2024"]]
    path = tmp_path / "list.xlsx"
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    summary, store = _import(path)
    assert summary.committed
    (event,) = store.scan("event")
    assert event["place"].region == "UA-65" and event["place"].precision == "settlement"
    assert event["place"].code.startswith("UA65")


def test_moving_a_row_under_another_heading_changes_it(tmp_path):
    path = tmp_path / "list.csv"
    lines = ["ПІБ;Населений пункт;Дата", "Запорізька область;;", "Коваль Петро;;2024"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, store = _import(path)
    assert first.committed
    path.write_text("\n".join([lines[0], "Херсонська область;;", lines[2]]) + "\n")
    parsed = parse_mapping(yaml.safe_load(MAPPING), "m.yaml")
    again = import_file(store, SpreadsheetImport(path, parsed), actor="t")
    assert again.committed and again.updated == 1
    (event,) = store.scan("event")
    assert event["place"].region == "UA-65"


@pytest.mark.parametrize(
    "cell",
    ["брати Карпенки: Іван та Петро", "Бондар, Гаврилюк, Дзюба", "5 осіб з с. Михайлівка"],
)
def test_a_cell_naming_several_persons_is_a_reject_naming_the_column(tmp_path, cell):
    path = tmp_path / "list.csv"
    path.write_text(f'ПІБ;Населений пункт;Дата\n"{cell}";Мелітополь;2024\n', encoding="utf-8")
    summary, store = _import(path)
    (reject,) = summary.rejects
    assert (reject.where, reject.field) == ("line 2", "ПІБ")
    assert "several persons" in reject.reason
    assert not list(store.scan("person"))


@pytest.mark.parametrize(
    "cell", ["Петренко Іван Іванович", "Петренко, Іван", "Petrenko, Ivan", "Іваненко Ольга, 1999"]
)
def test_one_persons_name_is_not_several(cell):
    assert not names_several(cell)


@pytest.mark.parametrize("cell", ["ПІБ не встановлено", "Невідомий чоловік", "Н/Д", "unknown"])
def test_a_name_cell_saying_the_name_is_unknown_gives_no_name(tmp_path, cell):
    assert placeholder_name(cell)
    path = tmp_path / "list.csv"
    path.write_text(f"ПІБ;Населений пункт;Дата\n{cell};Мелітополь;2024\n", encoding="utf-8")
    summary, store = _import(path)
    assert summary.committed
    (person,) = store.scan("person")
    assert person.get("name") is None
    assert summary.report.warnings["a name cell saying the name is not known (no name)"] == 1


def test_a_person_with_a_name_alone_in_the_row_is_still_a_person():
    assert section_row(["Петренко Іван", "", ""], [0, 1, 2]) is None
    assert section_row(["Запорізька область"], [0]) is None  # a one-column list of places
    assert not placeholder_name("Іван Невідомий")


def test_the_claim_locator_points_at_the_line_in_the_file(tmp_path):
    path = tmp_path / "list.csv"
    lines = ["ПІБ;Населений пункт;Дата", "Запорізька область;;", "Коваль Петро;;2024"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, store = _import(path)
    (claim,) = store.scan("claim")
    assert claim["locator"] == "line 3"


def test_an_unknown_man_is_a_man_without_a_name(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("ПІБ;Населений пункт;Дата\nНевідомий чоловік;;2024\n", encoding="utf-8")
    _, store = _import(path)
    (person,) = store.scan("person")
    assert person["sex"] == "male" and person.get("name") is None
    (involvement,) = store.scan("involvement")
    assert involvement["person"] == person.id


def test_an_age_at_the_end_of_a_name_cell_is_the_age_not_a_patronymic(tmp_path):
    path = tmp_path / "list.csv"
    lines = [
        "ПІБ;Населений пункт;Дата",
        "Дорошенко Іван, 24 роки;;05.2024",
        "Коваль Петро (19 лет);;2024",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary, store = _import(path)
    assert summary.committed
    persons = {p["name"].surname: p for p in store.scan("person")}
    doroshenko = persons["Дорошенко"]
    assert doroshenko["name"].patronymic is None and doroshenko["name"].given == "Іван"
    assert doroshenko["age"].years == 24
    assert persons["Коваль"]["age"].years == 19
    assert summary.report.warnings["age taken from the name cell"] == 2


def test_telegram_accounts_are_taken_out_of_note_cells(tmp_path):
    path = tmp_path / "list.csv"
    lines = ["ПІБ;Примітки", "Литвиненко Антон;тг @anton_l_2005, мати пише в t.me/hanna_l"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = "dataset: t\nsource: {kind: ngo_list, title: t}\ncolumns: {ПІБ: person.name, Примітки: person.notes}\n"
    summary, store = _import(path, mapping)
    (person,) = store.scan("person")
    assert "anton" not in person["notes"] and "hanna" not in person["notes"]
    assert person["notes"].startswith("тг [Telegram account left out]")
    assert summary.report.dropped["Telegram account in a text cell"] == 2


def test_an_empty_required_cell_is_named_by_its_column(tmp_path):
    path = tmp_path / "list.csv"
    lines = ["ПІБ;Тип повістки;Дата", "Коваль Петро;;2024", "Бондар Іван;паперова;2024"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = (
        "dataset: t\nsource: {kind: ngo_list, title: t}\nmaps: {t: {паперова: summons_paper}}\n"
        "columns: {ПІБ: person.name, Тип повістки: {field: event.type, map: t}, Дата: event.date}\n"
    )
    summary, _ = _import(path, mapping)
    (reject,) = summary.rejects
    assert (reject.where, reject.field) == ("line 2", "Тип повістки")
    assert "required" in reject.reason


def test_rows_gone_from_a_corrected_file_are_kept_and_said_so(tmp_path):
    path = tmp_path / "list.csv"
    lines = [
        "ПІБ;Населений пункт;Дата",
        "Коваль Петро;;2024",
        "Бондар Іван;;2024",
        "Шевчук Олег;;2023",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, store = _import(path)
    assert first.committed
    path.write_text("\n".join([lines[0], lines[1], lines[3]]) + "\n", encoding="utf-8")
    parsed = parse_mapping(yaml.safe_load(MAPPING), "m.yaml")
    again = import_file(store, SpreadsheetImport(path, parsed), actor="t")
    assert again.committed and again.added == 0
    gone = [w for w in again.report.warnings if w.startswith("rows imported before")]
    assert [again.report.warnings[w] for w in gone] == [1]
    assert len(list(store.scan("person"))) == 3  # kept: an import deletes nothing


@pytest.mark.parametrize(
    "court",
    ["Мелитопольский городской суд Запорожской области", "Киевский районный суд г. Симферополя"],
)
def test_a_court_in_a_place_column_is_a_reject_that_says_where_it_belongs(tmp_path, court):
    path = tmp_path / "list.csv"
    path.write_text(f"ПІБ;Населений пункт;Дата\nКоваль Петро;{court};2024\n", encoding="utf-8")
    summary, _ = _import(path)
    (reject,) = summary.rejects
    assert reject.field == "Населений пункт" and "perpetrator_body" in reject.reason


def test_a_town_whose_name_starts_like_a_court_is_a_place():
    from svidok.ingest.places import resolve_place

    assert resolve_place(None, "Судак")[0].precision == "settlement"


def test_rows_struck_through_in_a_workbook_are_withdrawn(tmp_path):
    from openpyxl.styles import Font

    from svidok.ingest.propose import propose_mapping

    path = tmp_path / "list.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["ПІБ", "Населений пункт", "Дата"],
        ["Коваль Петро", "Мелітополь", "2024"],
        ["Шевчук Андрій", "Мелітополь", "2024"],
        ["Бондар Іван", "Енергодар", "2023"],
    ):
        sheet.append(row)
    for cell in sheet[3]:
        cell.font = Font(strike=True)
    book.save(path)
    summary, store = _import(path)
    assert summary.committed and summary.added == 2
    names = {p["name"].surname for p in store.scan("person")}
    assert names == {"Коваль", "Бондар"}
    assert summary.report.skipped["rows struck through in the workbook (read as withdrawn)"] == 1
    assert "struck through" in propose_mapping(path)


def test_a_birth_year_in_the_name_cell_leaves_the_name_as_the_name(tmp_path):
    path = tmp_path / "list.csv"
    lines = ["ПІБ;Населений пункт;Дата", "Коваленко Іван Петрович 1991 р.н.;;2024"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, store = _import(path)
    (person,) = store.scan("person")
    assert str(person["birth"]) == "1991"
    assert "1991" not in person["name"].full and person["name"].patronymic == "Петрович"


def test_the_rejects_file_is_readable_by_its_owner_only(tmp_path):
    from svidok.ingest.base import Reject
    from svidok.ingest.importer import write_rejects

    path = write_rejects(
        [Reject("l.csv", "line 2", "ПІБ", "why", "Коваль Петро")], tmp_path / "r.csv"
    )
    assert path.stat().st_mode & 0o777 == 0o600
    assert "Коваль Петро" in path.read_text(encoding="utf-8-sig")
