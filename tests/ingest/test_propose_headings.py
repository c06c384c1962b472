"""`mapping propose` on the headings real lists have: Ukrainian, Russian and English, one or two
header rows, several events per row, several sheets; and the import of what it proposes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from svidok.ingest.headings import guess_column, guess_target
from svidok.ingest.mapping import parse_mapping
from svidok.model import vocabulary
from svidok.testing.ingest import import_text as _import
from svidok.testing.ingest import propose as _propose
from svidok.testing.ingest import write_csv as _csv


def _field(rule: Any) -> str:
    return rule["field"] if isinstance(rule, dict) else rule


# 1. "моб" is not a phone


@pytest.mark.parametrize(
    "heading",
    ["Дата мобілізації", "Дата мобилизации", "Мобілізація / Дата", "Мобилизован (дата)"],
)
def test_a_mobilisation_date_is_an_event_date_not_a_phone(heading):
    assert guess_target(heading) == "event.date"


def test_an_age_at_mobilisation_is_an_age():
    assert guess_target("Возраст на момент мобилизации") == "person.age"
    assert guess_target("Вік на момент мобілізації") == "person.age"


@pytest.mark.parametrize(
    "heading",
    [
        "Телефон",
        "тел.",
        "Тел",
        "Моб. тел.",
        "моб.",
        "Мобільний",
        "Мобильный телефон",
        "Mobile",
        "Phone number",
        "Номер телефону",
        "Телефон родичів",
        "Контактний номер",
        "E-mail",
    ],
)
def test_phone_headings_are_left_out(heading):
    assert guess_target(heading) == "ignore"


# 2. full names


@pytest.mark.parametrize(
    "heading",
    [
        "Прізвище, ім'я, по батькові",
        "Прізвище, ім’я, по батькові",
        "Фамилия, имя, отчество",
        "Прізвище та ім'я",
        "Прізвище та ініціали",
        "Фамилия и инициалы",
        "Ім'я та прізвище",
        "ФИО",
        "Ф.И.О.",
        "П.І.Б.",
        "ПІБ особи",
        "Особа / ПІБ",
        "Full name",
        "Name and surname",
        "Surname, first name",
    ],
)
def test_full_name_headings_are_the_whole_name(heading):
    assert guess_target(heading) == "person.name"


@pytest.mark.parametrize(
    ("heading", "target"),
    [
        ("По батькові", "person.name.patronymic"),
        ("Отчество", "person.name.patronymic"),
        ("Patronymic", "person.name.patronymic"),
        ("Прізвище", "person.name.surname"),
        ("Фамилия", "person.name.surname"),
        ("Особа / Прізвище", "person.name.surname"),
        ("Особа / Ім'я", "person.name.given"),
        ("Имя", "person.name.given"),
    ],
)
def test_name_parts_are_parts(heading, target):
    assert guess_target(heading) == target


def test_name_beside_a_surname_column_is_the_given_name(tmp_path):
    path = _csv(tmp_path, ["Case ID,Surname,Name,Age", "UA-1,Kravets,Taras,31"])
    proposed, _ = _propose(path)
    assert _field(proposed["columns"]["Surname"]) == "person.name.surname"
    assert _field(proposed["columns"]["Name"]) == "person.name.given"


# 3. one column per target; birth years, deaths and places of birth


@pytest.mark.parametrize(
    "heading",
    [
        "Рік нар.",
        "Дата нар.",
        "Рік народження",
        "Год рождения",
        "р.н.",
        "Г.р.",
        "Year of birth",
        "Дата народження",
        "Date of birth",
        "DOB",
    ],
)
def test_birth_years_and_dates_are_the_birth(heading):
    assert guess_target(heading) == "person.birth"


@pytest.mark.parametrize(
    "heading", ["Place of birth", "Місце народження", "Место рождения", "Birthplace"]
)
def test_a_place_of_birth_is_not_a_birth_date(heading):
    assert guess_target(heading) != "person.birth"


def _targets(proposed: dict[str, Any]) -> list[str]:
    return [_field(r) for r in proposed["columns"].values() if _field(r) != "ignore"]


def test_no_two_columns_are_proposed_for_one_target(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ПІБ\tРік нар.\tДата\tКоли\tЩо сталося",
            "Бондар Іван\t1990\t05.03.2024\t05.03.2024\tмобілізований",
        ],
        name="events.tsv",
    )
    proposed, text = _propose(path)
    targets = _targets(proposed)
    assert len(targets) == len(set(targets))
    assert _field(proposed["columns"]["Рік нар."]) == "person.birth"
    assert _field(proposed["columns"]["Дата"]) == "event.date"
    assert proposed["columns"]["Коли"] == "ignore"
    assert "'Коли'" in text  # asked about, not silently dropped


def test_a_date_of_death_is_a_second_event_of_type_death(tmp_path):
    path = _csv(
        tmp_path,
        [
            "Surname;Name;Date of mobilisation;Date of death;Place of birth",
            "Kravets;Taras;05.03.2024;09.01.2025;Melitopol",
            "Bilyk;Artem;06.03.2024;;Mariupol",
        ],
    )
    proposed, text = _propose(path)
    columns = proposed["columns"]
    assert _field(columns["Date of mobilisation"]) == "event.date"
    assert _field(columns["Date of death"]) == "event2.date"
    assert proposed["defaults"] == {"event.type": "forced_mobilization", "event2.type": "death"}
    assert columns["Place of birth"] == "ignore" and "'Place of birth'" in text
    summary, store = _import(path, text)
    assert summary.committed and summary.rejected == 0
    assert sorted(e["type"] for e in store.scan("event")) == [
        "death",
        "forced_mobilization",
        "forced_mobilization",
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Дата загибелі", "death"),
        ("Дата смерти", "death"),
        ("Место гибели", "death"),
        ("Дата вручення повістки", "summons_paper"),
    ],
)
def test_dates_of_other_events_get_their_own_slot(tmp_path, heading, kind):
    path = _csv(tmp_path, [f"ПІБ;Дата мобілізації;{heading}", "Іваненко Іван;03.2024;06.2024"])
    proposed, _ = _propose(path)
    assert _field(proposed["columns"]["Дата мобілізації"]) == "event.date"
    assert _field(proposed["columns"][heading]).startswith("event2.")
    assert proposed["defaults"] == {"event.type": "forced_mobilization", "event2.type": kind}


# 4. statuses


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("мобілізований", "serving"),
        ("мобилизован", "serving"),
        ("Mobilized", "serving"),
        ("загинув", "dead"),
        ("погиб", "dead"),
        ("killed", "dead"),
        ("died", "dead"),
        ("в полоні", "captured"),
        ("в плену", "captured"),
        ("POW", "captured"),
        ("captured", "captured"),
        ("зник безвісти", "missing"),
        ("пропал без вести", "missing"),
        ("missing in action", "missing"),
        ("поранений", "wounded"),
        ("ранен", "wounded"),
        ("wounded", "wounded"),
        ("невідомо", "unknown"),
        ("неизвестно", "unknown"),
    ],
)
def test_the_status_vocabulary_accepts_common_synonyms(written, status):
    assert vocabulary("person_status").clean(written) == status


def test_a_status_column_gets_a_value_map_for_what_the_vocabulary_lacks(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ПІБ;Статус",
            "Іваненко Іван;мобілізований",
            "Петренко Петро;кримінальна справа",
            "Сидоренко Олег;мобілізований, зник безвісти",
            "Гнатюк Павло;загинув",
            "Коваль Ігор;щось незрозуміле",
        ],
    )
    proposed, text = _propose(path)
    rule = proposed["columns"]["Статус"]
    assert rule["field"] == "person.status"
    value_map = proposed["maps"][rule["map"]]
    assert value_map == {
        "кримінальна справа": "unknown",
        "мобілізований, зник безвісти": "missing",
        "щось незрозуміле": "?",
    }
    assert "'щось незрозуміле'" in text


def test_a_russian_status_column_imports_without_editing(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ФИО;Год рождения;Судьба",
            "Иванов Петр Сергеевич;1994;мобилизован",
            "Сидоренко Алексей;1987 г.;погиб",
            "Петренко Виктор;2001;в плену",
            "Гончаренко Игорь;1999;пропал без вести",
            "Зинченко Сергей;1984;уголовное дело",
        ],
        name="список мобилизованных.csv",
    )
    _, text = _propose(path)
    summary, store = _import(path, text)
    assert summary.committed and summary.rejected == 0
    statuses = sorted(p["status"] for p in store.scan("person"))
    assert statuses == ["captured", "dead", "missing", "serving", "unknown"]


# 5. two header rows


def _workbook(path: Path, sheets: dict[str, list[list[Any]]], merge: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet(title)
        assert sheet is not None
        sheet.title = title
        for row in rows:
            sheet.append(row)
        if first:
            for cells in merge:
                sheet.merge_cells(cells)
        first = False
    book.save(path)
    book.close()
    return path


def test_the_group_heading_decides_the_event_and_the_lower_heading_the_field(tmp_path):
    groups = ["№", "Особа", None, None, "Мобілізація", None, None, "Загибель", None]
    fields = ["Прізвище", "Ім'я", "Дата народження", "Дата", "Область", "Населений пункт"]
    first = ["Кириленко", "Денис", "03.05.1997", "28.09.2022", "Запорізька", "Мелітополь"]
    second = ["Лисенко", "Артем", "1990", "осінь 2022", "Запорізька", "Токмак"]
    rows = [
        groups,
        [None, *fields, "Дата", "Місце"],
        [1, *first, "14.06.2023", "Роботине"],
        [2, *second, None, None],
    ]
    path = _workbook(tmp_path / "list.xlsx", {"Аркуш1": rows}, ("A1:A2", "B1:D1", "E1:G1", "H1:I1"))
    proposed, text = _propose(path)
    columns = {k: _field(v) for k, v in proposed["columns"].items()}
    assert columns["Особа / Прізвище"] == "person.name.surname"
    assert columns["Особа / Ім'я"] == "person.name.given"
    assert columns["Особа / Дата народження"] == "person.birth"
    assert columns["Мобілізація / Дата"] == "event.date"
    assert columns["Мобілізація / Область"] == "event.place.region"
    assert columns["Мобілізація / Населений пункт"] == "event.place.settlement"
    assert columns["Загибель / Дата"] == "event2.date"
    assert columns["Загибель / Місце"].startswith("event2.place")
    assert proposed["defaults"] == {"event.type": "forced_mobilization", "event2.type": "death"}
    summary, store = _import(path, text)
    assert summary.committed and summary.rejected == 0
    assert store.count("event") == 3


# 6. the sheet that holds the data


def test_the_sheet_that_looks_like_data_is_chosen_and_named(tmp_path):
    data = [["№", "ПІБ", "Рік народження", "Область", "Дата мобілізації"]] + [
        [n, f"Іваненко Іван{n}", "1990", "Запорізька", "03.2024"] for n in range(1, 6)
    ]
    path = _workbook(
        tmp_path / "list.xlsx",
        {"Інструкція": [["Як заповнювати таблицю: одна особа — один рядок."]], "Дані": data},
    )
    proposed, text = _propose(path)
    assert proposed["file"] == {"sheet": "Дані"}
    assert "'Дані'" in text and "'Інструкція'" in text  # says which and why
    assert _field(proposed["columns"]["ПІБ"]) == "person.name"
    summary, store = _import(path, text)
    assert summary.committed and store.count("person") == 5


# 8. keys


def test_a_running_number_is_not_proposed_as_the_key(tmp_path):
    for heading in ("№", "№ з/п", "№ п/п", "No.", "ID"):
        path = _csv(tmp_path, [f"{heading};ПІБ", "1;Іваненко Іван", "2;Петренко Петро"])
        proposed, text = _propose(path)
        assert "key" not in proposed, heading
        assert proposed["columns"][heading] == "ignore"
        assert "running number" in text


@pytest.mark.parametrize(
    ("heading", "values"),
    [("Case ID", ["UA-0001", "UA-0002", "UA-0007"]), ("Номер справи", ["ЗП-12", "ЗП-7", "ХО-3"])],
)
def test_a_column_of_stable_identifiers_is_proposed_as_the_key(tmp_path, heading, values):
    lines = [f"{heading};ПІБ"] + [f"{v};Особа {n}" for n, v in enumerate(values)]
    proposed, _ = _propose(_csv(tmp_path, lines))
    assert proposed["key"] == heading


def test_identifiers_that_repeat_are_not_a_key(tmp_path):
    lines = ["Case ID;ПІБ", "A-1;Іваненко Іван", "A-1;Петренко Петро"]
    proposed, text = _propose(_csv(tmp_path, lines))
    assert "key" not in proposed and "'Case ID'" in text


# 9. sensitive columns


@pytest.mark.parametrize("heading", ["Ethnicity", "Національність", "Национальность"])
def test_ethnicity_is_not_a_place_and_is_left_out(tmp_path, heading):
    assert guess_target(heading) == "ignore"
    proposed, text = _propose(_csv(tmp_path, [f"ПІБ;{heading}", "Іваненко Іван;українець"]))
    assert proposed["columns"][heading] == "ignore"
    assert "sensitive" in text


@pytest.mark.parametrize(
    "heading",
    [
        "ПІБ родича",
        "ФИО матери",
        "Родичі / ПІБ",
        "ПІБ батька",
        "Mother's full name",
        "Свідок (ПІБ)",
    ],
)
def test_the_name_of_someone_else_is_not_the_persons(heading):
    assert guess_target(heading) == "ignore"


def test_words_for_relatives_do_not_hide_the_persons_own_fields():
    assert guess_target("По батькові") == "person.name.patronymic"
    assert guess_target("Interviewer notes") == "event.description"
    assert guess_target("Особа / Прізвище") == "person.name.surname"


def test_every_heading_reads_back_as_written(tmp_path):
    headings = ["#", "Дата: мобілізації", "a, b", "'q'", "ключ # к", "- dash", "?", "yes", "1"]
    path = _csv(tmp_path, [";".join(headings), ";".join("x" * len(headings))])
    proposed, _ = _propose(path)
    assert list(proposed["columns"]) == headings


@pytest.mark.parametrize("heading", ["City", "Місто", "Город", "Населений пункт", "Place"])
def test_settlement_headings_stay_settlements(heading):
    assert guess_target(heading) == "event.place.settlement"


def test_every_proposal_parses_as_a_mapping(tmp_path):
    path = _csv(
        tmp_path,
        [
            "№ п/п;Прізвище, ім'я, по батькові;Рік нар.;Телефон;Дата мобілізації;Дата загибелі;Статус",
            "1;Іваненко Іван Іванович;1990;+380671234567;03.2024;06.2024;загинув",
        ],
        name="список мобілізованих.csv",
    )
    _, text = _propose(path)
    mapping = parse_mapping(yaml.safe_load(text), "p.yaml")
    assert mapping.defaults == {"event.type": "forced_mobilization", "event2.type": "death"}
    assert mapping.columns["Прізвище, ім'я, по батькові"].target == "person.name"
    assert "Телефон" in mapping.ignored


# 10. QA: totals rows, running numbers, sheets, forms, names with years, date order, statuses


@pytest.mark.parametrize("heading", ["№", "№ п/п", "No.", "#"])
def test_a_running_number_heading_is_never_the_key_even_with_a_totals_row(tmp_path, heading):
    lines = [f"{heading};ПІБ;Рік народження", "1;Іваненко Іван;1990", "2;Петренко Петро;1985"]
    path = _csv(tmp_path, [*lines, "3;Сидоренко Олег;1979", "Разом: 3 особи;;"])
    proposed, text = _propose(path)
    assert "key" not in proposed and "running number" in text
    assert "'Разом: 3 особи'" in text  # the totals row is named, not taken for a person


def test_a_running_number_heading_is_no_key_even_over_codes(tmp_path):
    lines = ["№;ПІБ", "ЗП-12;Іваненко Іван", "ЗП-7;Петренко Петро", "ХО-3;Сидоренко Олег"]
    proposed, text = _propose(_csv(tmp_path, lines))
    assert "key" not in proposed and "headed as a running number" in text


def test_numbers_counting_rows_are_no_key_whatever_the_totals_row_and_gaps(tmp_path):
    lines = ["Код;ПІБ", "1;Іваненко Іван", ";Петренко Петро", "3;Сидоренко Олег", "4;Гнатюк Павло"]
    proposed, text = _propose(_csv(tmp_path, [*lines, "Всього: 4;"]))
    assert "key" not in proposed and "running number" in text


def test_the_other_sheets_holding_data_are_asked_about(tmp_path):
    header = ["№", "ПІБ", "Дата народження", "Дата мобілізації"]
    sheets = {
        name: [header] + [[n, f"Особа {name} {n}", "1990", "03.2024"] for n in range(1, rows)]
        for name, rows in (("Запорізька", 4), ("Херсонська", 6), ("Порожній", 1))
    }
    sheets["Примітки"] = [["Список складено волонтерами"]]
    path = _workbook(tmp_path / "regions.xlsx", sheets)
    proposed, text = _propose(path)
    assert proposed["file"] == {"sheet": "Херсонська"}
    questions = text.split("# Questions:")[1].split("\ndataset:")[0]
    assert "'Запорізька'" in questions and "file: {sheet:" in questions
    assert "'Порожній'" not in questions and "'Примітки'" not in questions


@pytest.mark.parametrize(
    "heading", ["Позначка часу", "Отметка времени", "Timestamp", "Submitted at"]
)
def test_a_form_timestamp_is_when_it_was_recorded_not_the_event(heading):
    assert guess_target(heading) == "claim.recorded"


def test_a_form_export_takes_the_event_date_from_the_question_and_maps_consent(tmp_path):
    path = _csv(
        tmp_path,
        [
            "Позначка часу\tПІБ особи\tКоли це сталося?\tЧи згодні ви на обробку персональних даних?",
            "12.03.2024 14:22:05\tГерасименко Богдан\tлютий 2024\tТак",
            "18.03.2024 07:15:00\tКравець Назар\t01.03.2024\tНі",
        ],
        name="form.tsv",
    )
    proposed, text = _propose(path)
    columns = proposed["columns"]
    assert _field(columns["Позначка часу"]) == "claim.recorded"
    assert _field(columns["Коли це сталося?"]) == "event.date"
    rule = columns["Чи згодні ви на обробку персональних даних?"]
    assert rule["field"] == "person.consent"
    assert proposed["maps"][rule["map"]] == {"Так": "internal_use", "Ні": "none"}
    first_question = text.split("# Questions:\n")[1].splitlines()[0]
    assert "consent" in first_question and "remove" in first_question
    assert "also looks like" not in text
    summary, store = _import(path, text.replace("event.type: '?'", "event.type: other"))
    assert summary.committed and summary.rejected == 0
    scopes = sorted(p["consent"].scope for p in store.scan("person"))
    assert scopes == ["internal_use", "none"]


@pytest.mark.parametrize(
    "heading", ["Когда это произошло?", "When did it happen?", "Коли це сталося?"]
)
def test_when_it_happened_is_the_event_date(heading):
    assert guess_target(heading) == "event.date"


@pytest.mark.parametrize(
    "heading",
    [
        "ПІБ, рік народження",
        "ФИО, год рождения",
        "Name, year of birth",
        "Прізвище, ім'я, рік народження",
        "ПІБ (дата народження)",
    ],
)
def test_a_name_with_a_birth_year_is_the_name(heading):
    assert guess_target(heading) == "person.name"


def test_month_first_dates_win_when_most_unambiguous_dates_say_so(tmp_path):
    lines = [
        "Case ID,DOB,Date of summons",
        "A-1,03/14/1995,09/21/2022",
        "A-2,07/30/2000,08/15/2023",
    ]
    proposed, text = _propose(_csv(tmp_path, [*lines, "A-3,01/01/1999,13/07/2023"]))
    assert proposed["dates"] == {"order": "mdy"}
    notes = text.split("# Notes:")[1].split("# Questions:")[0]
    assert "month first" in notes and "'13/07/2023'" in notes


def test_evenly_mixed_date_orders_are_asked_about(tmp_path):
    lines = ["Case ID,DOB", "A-1,03/14/1995", "A-2,14/03/1995", "A-3,07/30/2000", "A-4,30/07/2000"]
    _, text = _propose(_csv(tmp_path, lines))
    questions = text.split("# Questions:")[1]
    assert "month first" in questions and "day first" in questions


@pytest.mark.parametrize(
    ("heading", "target"),
    [
        ("Name (UA)", "person.name"),
        ("Name (original)", "person.name"),
        ("ПІБ (укр.)", "person.name"),
        ("Name (transliterated)", "ignore"),
        ("Name (Latin)", "ignore"),
        ("ПІБ латиницею", "ignore"),
    ],
)
def test_a_name_in_another_spelling_is_left_out(heading, target):
    assert guess_target(heading) == target


def test_a_source_naming_who_told_is_an_informant_not_a_locator(tmp_path):
    path = _csv(
        tmp_path,
        [
            "Case ID,Name (UA),Name (transliterated),Source of information",
            "A-1,Коваль Андрій,Koval Andrii,Mother (phone interview)",
            "A-2,Шаповал Віктор,Shapoval Viktor,Self",
            "A-3,Гуменюк Олександр,Humeniuk Oleksandr,Wife",
            "A-4,Лисенко Богдан,Lysenko Bohdan,Neighbour",
        ],
    )
    proposed, text = _propose(path)
    columns = proposed["columns"]
    assert _field(columns["Name (UA)"]) == "person.name"
    assert columns["Name (transliterated)"] == "ignore"
    assert columns["Source of information"] == "ignore"
    assert "'Source of information'" in text.split("# Questions:")[1]


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("демобілізований", "?"),
        ("демобилизован", "?"),
        ("demobilised", "?"),
        ("повернувся додому після поранення", "at_home"),
        ("вернулся домой", "at_home"),
        ("загинув 12.05.2023 під Авдіївкою", "dead"),
        ("зник безвісти з 03.2023", "missing"),
        ("мобілізований, згодом загинув", "dead"),
        ("мобілізований (в/ч 12345)", "serving"),
    ],
)
def test_status_phrases_get_the_status_they_say(tmp_path, written, status):
    path = _csv(tmp_path, ["ПІБ;Статус", f"Іваненко Іван;{written}"])
    proposed, text = _propose(path)
    value_map = proposed.get("maps", {}).get("statuses", {})
    if written in value_map:
        assert value_map[written] == status
    else:
        assert vocabulary("person_status").clean(written) == status
    if status == "?":
        assert "serving" not in value_map.values() and f"{written!r}" in text


def test_a_status_with_a_date_or_place_says_these_are_not_imported(tmp_path):
    lines = ["ПІБ;Статус", "Сорока Максим;загинув 12.05.2023 під Авдіївкою", "Гриб Ярослав;загинув"]
    _, text = _propose(_csv(tmp_path, lines))
    notes = text.split("# Notes:")[1]
    assert "'загинув 12.05.2023 під Авдіївкою'" in notes and "not imported" in notes


@pytest.mark.parametrize("heading", ["Тип повістки", "Тип повестки", "Вид повістки"])
def test_a_summons_type_column_is_the_event_type(tmp_path, heading):
    path = _csv(
        tmp_path,
        [
            f"ID;ФИО;{heading};Дата",
            "KH-1;Савенко Игорь;електронна повістка;2024-02-14",
            "KH-2;Лысак Андрей;паперова;2024-02-20",
            "KH-3;Мазур Артём;бумажная повестка;2024-03-12",
            "KH-4;Ищенко Вадим;summons (electronic);2024-03-15",
        ],
        name="повістки_електронні.csv",
    )
    proposed, text = _propose(path)
    rule = proposed["columns"][heading]
    assert rule["field"] == "event.type"
    assert proposed["maps"][rule["map"]] == {
        "електронна повістка": "summons_electronic",
        "паперова": "summons_paper",
        "бумажная повестка": "summons_paper",
        "summons (electronic)": "summons_electronic",
    }
    assert "defaults" not in proposed and "no column gives the event type" not in text


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        (["СПИСОК граждан, подлежащих призыву на военную службу", "№;Фамилия;Дата явки"], "l.csv"),
        (["№;Фамилия;Дата явки"], "spisok_prizyv_vasilevka.csv"),
        (["№;Фамилия;Дата явки"], "список призовників.csv"),
    ],
)
def test_a_list_of_conscripts_gets_conscription_from_its_title_or_name(tmp_path, lines, name):
    rows = ["1;Гончаренко;02.10.2023", "2;Лысенко;03.10.2023"]
    path = _csv(tmp_path, [*lines, *rows], name=name)
    proposed, _ = _propose(path)
    assert proposed["defaults"] == {"event.type": "conscription"}


def test_a_residence_column_of_places_is_the_persons_origin(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ПІБ;Місце проживання;Дата мобілізації",
            "Петренко Іван Іванович;м. Мелітополь;10.05.2024",
            "Коваль Петро Петрович;с. Михайлівка, Запорізька обл.;12.05.2024",
            "Сидоренко Олег;Херсонська область;2024",
        ],
    )
    proposed, text = _propose(path)
    assert _field(proposed["columns"]["Місце проживання"]) == "person.origin.settlement"
    summary, store = _import(path, text.replace("publisher: '?'", "publisher: NGO"))
    assert summary.committed and summary.rejected == 0
    regions = sorted(p["origin"].region for p in store.scan("person"))
    assert regions == ["UA-23", "UA-23", "UA-65"]


def test_a_residence_column_with_street_addresses_stays_the_address(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ПІБ;Адреса проживання",
            "Петренко Іван;м. Мелітополь, вул. Шевченка, 12",
            "Коваль Петро;Мелітополь",
        ],
    )
    proposed, _ = _propose(path)
    assert _field(proposed["columns"]["Адреса проживання"]) == "person.address"


def test_a_street_address_is_never_kept_in_the_origin(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ПІБ;Місце проживання",
            "Петренко Іван;Мелітополь, вул. Леніна 5",
            "Коваль Петро;вул. Садова 5, кв. 3",
        ],
    )
    text = (
        "dataset: t\nsource: {kind: ngo_list, title: t}\n"
        "columns:\n  ПІБ: person.name\n  Місце проживання: person.origin.settlement\n"
    )
    summary, _ = _import(path, text)
    assert not summary.committed
    (reject,) = summary.rejects
    assert (reject.where, reject.field) == ("line 3", "Місце проживання")
    assert "street address" in reject.reason
    assert summary.report.warnings["street address left out of person.origin"] == 1


def test_phone_numbers_and_e_mails_are_taken_out_of_note_cells(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ПІБ;Примітки",
            'Петренко Іван;"мати: +380 67 123-45-67, ivan.p@example.com; повістка 12.03.2024"',
            "Коваль Петро;тел. 067 765 43 21 (дружина)",
            "Сидоренко Олег;служив 2019-2020",
        ],
    )
    text = (
        "dataset: t\nsource: {kind: ngo_list, title: t}\n"
        "columns:\n  ПІБ: person.name\n  Примітки: person.notes\n"
    )
    summary, store = _import(path, text)
    assert summary.committed
    notes = sorted(p["notes"] for p in store.scan("person"))
    assert notes == [
        "мати: [phone left out], [e-mail left out]; повістка 12.03.2024",
        "служив 2019-2020",
        "тел. [phone left out] (дружина)",
    ]
    assert summary.report.dropped["phone number in a text cell"] == 2
    assert summary.report.dropped["e-mail address in a text cell"] == 1


def test_several_answers_in_one_cell_are_one_event_each(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ПІБ;Що сталося?;Дата",
            'Петренко Іван;"Повістка, Медична комісія";10.05.2024',
            "Коваль Петро;Повістка;12.05.2024",
        ],
    )
    proposed, text = _propose(path)
    assert proposed["maps"]["event_types"]["Повістка, Медична комісія"] == [
        "summons_paper",
        "medical_commission",
    ]
    summary, store = _import(path, text.replace("publisher: '?'", "publisher: NGO"))
    assert summary.committed
    events = list(store.scan("event"))
    assert sorted(e["type"] for e in events) == [
        "medical_commission",
        "summons_paper",
        "summons_paper",
    ]
    assert {str(e["date"]) for e in events} == {"2024-05-10", "2024-05-12"}
    petrenko = next(p for p in store.scan("person") if "Петренко" in str(p["name"]))
    mine = [i for i in store.scan("involvement") if i["person"] == petrenko.id]
    assert len(mine) == 2
    claimed = {c["subject"] for c in store.scan("claim")}
    assert {e.id for e in events} <= claimed


def test_a_list_of_values_is_refused_for_a_field_that_takes_one():
    from svidok.ingest.mapping import MappingError

    data = {
        "dataset": "t",
        "source": {"kind": "ngo_list", "title": "t"},
        "maps": {"s": {"загинув, в полоні": ["dead", "captured"]}},
        "columns": {"Статус": {"field": "person.status", "map": "s"}},
    }
    with pytest.raises(MappingError, match="takes one value"):
        parse_mapping(data, "m.yaml")


@pytest.mark.parametrize(
    ("heading", "cells"),
    [
        ("Место жительства", ["г. Мелитополь, Запорожская обл.", "пгт Акимовка", "Геническ"]),
        ("Place of residence", ["Melitopol", "Enerhodar", "Kherson"]),
        ("Проживає", ["м. Мелітополь", "Енергодар", "Херсон"]),
    ],
)
def test_residence_in_any_language_is_the_origin_when_it_names_places(tmp_path, heading, cells):
    lines = [f"ПІБ;{heading}"] + [f"Петренко{i} Іван;{c}" for i, c in enumerate(cells)]
    proposed, _ = _propose(_csv(tmp_path, lines))
    assert _field(proposed["columns"][heading]) == "person.origin.settlement"


def test_a_court_register_is_a_court_record_and_its_court_the_acting_body(tmp_path):
    path = _csv(
        tmp_path,
        [
            "№ дела;ФИО;Статья;Дата приговора;Суд",
            "1-12/2024;Иванова Петра Сергеевича;328 УК РФ;12.03.2024;Мелитопольский городской суд",
            "1-15/2024;Сидоренко Олега;328 УК РФ;15.03.2024;Генический районный суд",
        ],
    )
    proposed, text = _propose(path)
    assert proposed["source"]["kind"] == "court_record"
    assert _field(proposed["columns"]["Суд"]) == "event.perpetrator_body"
    assert "court_record" in text
    listed = _csv(tmp_path, ["ПІБ;Дата мобілізації", "Петренко Іван;2024"], name="l.csv")
    assert _propose(listed)[0]["source"]["kind"] == "ngo_list"


@pytest.mark.parametrize("heading", ["Source type", "Тип джерела", "Вид источника"])
def test_a_column_of_source_kinds_is_left_out_not_taken_for_a_locator(heading):
    guess = guess_column(heading, ["testimony", "media", "testimony"])
    assert guess.target == "ignore" and "kind of source" in (guess.note or "")
    assert guess_column("Джерело", ["https://t.me/x/1"]).target == "claim.locator"


@pytest.mark.parametrize("heading", ["Номер справи", "№ справи", "Case no."])
def test_consecutive_case_numbers_are_a_key_not_a_running_number(tmp_path, heading):
    lines = [f"{heading};ПІБ"] + [f"00{120 + i};Петренко{i} Іван" for i in range(4)]
    proposed, _ = _propose(_csv(tmp_path, lines))
    assert proposed.get("key") == heading
    running = _csv(tmp_path, ["№;ПІБ"] + [f"{i};Петренко{i} Іван" for i in range(1, 5)], "r.csv")
    assert "key" not in _propose(running)[0]
