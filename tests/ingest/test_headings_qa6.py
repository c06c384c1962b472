"""What QA found in forms and lists (round 6): an informant's name, contacts and identity
numbers beside the person's columns, dotted dates beside a US form's timestamps, dates that do
not tell their order, phrases naming events, sex and status words, totals rows with the count
first, and region names written under occupation."""

from __future__ import annotations

from datetime import date

import pytest

from svidok.ingest.cell_words import guess_event_type, is_totals_row
from svidok.ingest.headings import guess_column
from svidok.ingest.values import parse_date
from svidok.model import region_for_name, vocabulary
from svidok.testing.ingest import import_text as _import
from svidok.testing.ingest import propose as _propose
from svidok.testing.ingest import write_csv as _csv


def _questions(text: str) -> str:
    return text.split("# Questions:")[1] if "# Questions:" in text else ""


# 1. Who filled in the form, contacts and identity numbers


@pytest.mark.parametrize(
    "heading",
    [
        "Ваше ім'я (необов'язково)",
        "Ваше ім’я",
        "Ваше ПІБ",
        "Ваше имя",
        "Your name",
        "Ім'я заявника",
        "ПІБ заявника",
        "ФИО заявителя",
        "Applicant's name",
        "Контактна особа",
        "Контактное лицо",
        "Як до вас звертатися?",
    ],
)
def test_the_informants_name_is_left_out_as_the_informant(heading):
    guess = guess_column(heading, ["Олена", "Мама", "Сестра"])
    assert guess.target == "ignore"
    assert guess.note is not None and "informant" in guess.note


@pytest.mark.parametrize(
    "heading",
    ["ПІБ особи, яку примусово мобілізували", "Прізвище", "Ім'я", "Full name"],
)
def test_the_persons_own_name_is_not_the_informants(heading):
    target = guess_column(heading, ["Гордієнко Максим Петрович"]).target
    assert target is not None and target.startswith("person.name")


@pytest.mark.parametrize(
    "heading", ["Telegram", "Телеграм", "Viber", "Контакти", "Email", "Signal", "Ваш телефон"]
)
def test_contact_columns_are_left_out_as_contacts(heading):
    guess = guess_column(heading, ["@fedorenko_o", "+380 67 123 45 67"])
    assert guess.target == "ignore"
    assert guess.note is not None
    assert "contact" in guess.note and "dangerous if leaked" in guess.note


@pytest.mark.parametrize(
    "heading",
    [
        "Серія та номер паспорта",
        "Паспорт",
        "Паспорт РФ",
        "Номер паспорта",
        "Passport number",
        "РНОКПП",
        "ІПН",
        "ИНН",
        "СНИЛС",
        "Tax ID",
    ],
)
def test_identity_numbers_are_left_out_as_identity_numbers(heading):
    guess = guess_column(heading, ["3512345678", "2987001122", "4518123456"])  # phone-like
    assert guess.target == "ignore"
    assert guess.note is not None
    assert "identity" in guess.note and "dangerous if leaked" in guess.note
    assert "phone" not in guess.note


def test_a_date_of_passportisation_is_still_an_event_date():
    guess = guess_column("Дата отримання паспорта РФ", ["12.05.2023"])
    assert (guess.target, guess.kind) == ("event.date", "passportization_pressure")
    assert "identity" not in str(guess_column("Чи отримав паспорт РФ?", ["Так", "Ні"]).note)


_FORM = [
    "Позначка часу,Ваше ім'я (необов'язково),\"ПІБ особи, яку примусово мобілізували\","
    "Рік народження,Населений пункт,Що з особою відбувалося? (оберіть усі варіанти),"
    "Особа зараз,Telegram,Серія та номер паспорта,Коли це сталося?",
    "11/25/2024 14:03:11,Олена,Гордієнко Максим Петрович,2006,Олешки,"
    '"Отримав повістку, Пройшов медкомісію, Відправлений на навчання",На фронті,@olena,'
    "ЕН 123456,весна 2024",
    "11/26/2024 09:15:00,Мама,Ярмоленко Олег Ігорович,2001,Токмак,"
    '"Відправлений на навчання, Загинув",Загинув,,,літо 2023',
    "11/27/2024 12:00:00,,Литвин Андрій,2007,Василівка,Отримав повістку,Вдома,,,весна 2024",
]


def test_a_forms_informant_never_overwrites_the_persons_given_name(tmp_path):
    path = _csv(tmp_path, _FORM)
    proposed, text = _propose(path)
    columns = proposed["columns"]
    for heading in ("Ваше ім'я (необов'язково)", "Telegram", "Серія та номер паспорта"):
        assert columns[heading] == "ignore"
    assert "informant" in text.split("Ваше ім'я (необов'язково)")[1].splitlines()[0]
    assert columns["Особа зараз"] == {"field": "person.status"}
    summary, store = _import(path, text)
    assert summary.committed and summary.rejected == 0
    names = {p["name"].full: p["name"].given for p in store.scan("person")}
    assert names["Гордієнко Максим Петрович"] == "Максим"
    assert names["Ярмоленко Олег Ігорович"] == "Олег"
    assert not any(g in ("Олена", "Мама") for g in names.values())
    assert sorted(p["status"] for p in store.scan("person")) == ["at_home", "dead", "serving"]
    assert sorted(e["type"] for e in store.scan("event")) == [
        "death",
        "medical_commission",
        "summons_paper",
        "summons_paper",
        "training",
        "training",
    ]


# 2. Dates


@pytest.mark.parametrize("order", ["dmy", "mdy"])
def test_dotted_dates_are_day_first_in_every_order(order):
    assert parse_date("12.05.2001", order).start == date(2001, 5, 12)
    assert parse_date("25.12.1999", order).start == date(1999, 12, 25)
    assert parse_date("22-23.09.2022", order).start == date(2022, 9, 22)


def test_slash_dates_follow_the_order():
    assert parse_date("11/25/2024 14:03:11", "mdy").start == date(2024, 11, 25)
    assert parse_date("05/06/2023", "mdy").start == date(2023, 5, 6)
    assert parse_date("05/06/2023").start == date(2023, 6, 5)
    with pytest.raises(ValueError):
        parse_date("11/25/2024")


def test_a_us_timestamp_does_not_make_dotted_dates_month_first(tmp_path):
    path = _csv(
        tmp_path,
        [
            "Timestamp,ПІБ,Дата народження,Область,Населений пункт,Дата мобілізації",
            "11/25/2024 14:03:11,Соловйов Ігор Петрович,12.05.2001,Запорізька,Мелітополь,03.04.2024",
            "11/26/2024 10:03:11,Олійник Петро,25.12.1999,Запорізька,Бердянськ,05.06.2023",
        ],
    )
    proposed, text = _propose(path)
    assert proposed["dates"] == {"order": "mdy"}
    assert "'25.12.1999' will be rejected" not in text
    summary, store = _import(path, text)
    assert summary.committed and summary.rejected == 0
    births = sorted(p["birth"].start for p in store.scan("person"))
    assert births == [date(1999, 12, 25), date(2001, 5, 12)]
    events = sorted(e["date"].start for e in store.scan("event"))
    assert events == [date(2023, 6, 5), date(2024, 4, 3)]


def test_other_slash_dates_beside_us_timestamps_are_asked_about(tmp_path):
    path = _csv(
        tmp_path,
        [
            "Timestamp,ПІБ,Дата народження,Дата мобілізації",
            "11/25/2024 14:03:11,Соловйов Ігор,12.05.2001,10/11/2024",
            "11/27/2024 10:03:11,Гуменний Тарас,01.02.2000,03.04.2024",
        ],
    )
    proposed, text = _propose(path)
    assert proposed["dates"] == {"order": "mdy"}
    assert "'10/11/2024'" in _questions(text)


def test_slash_dates_that_never_tell_their_order_are_asked_about(tmp_path):
    path = _csv(
        tmp_path,
        [
            "No.,Full name,DOB,Oblast,Date of incident,Incident type",
            "1,Andrii Melnyk,03/04/1999,Zaporizhzhia Oblast,05/06/2023,forced mobilization",
            "2,Serhii Tkachenko,1999-03-14,Kherson Oblast,2023-06-15,forced mobilization",
            "3,Vladyslav Kravets,11/12/2001,Zaporizhzhia Oblast,Summer 2023,conscription",
        ],
    )
    proposed, text = _propose(path)
    assert proposed["dates"] == {"order": "dmy"}
    questions = _questions(text)
    assert "'03/04/1999'" in questions and "mdy" in questions


def test_dotted_dates_alone_are_not_asked_about(tmp_path):
    path = _csv(
        tmp_path, ["ПІБ;Дата народження", "Коваль Андрій;03.04.1999", "Бойко Ян;05.06.2001"]
    )
    proposed, text = _propose(path)
    assert proposed["dates"] == {"order": "dmy"}
    assert "day first" not in text


# 3. Events


@pytest.mark.parametrize(
    ("written", "event_type"),
    [
        ("Загинув на фронті", "death"),
        ("Погиб на фронте", "death"),
        ("Killed at the front", "death"),
        ("Загинув під Вугледаром", "death"),
        ("Загинув на навчаннях", "death"),
        ("Зник безвісти на фронті", "missing"),
        ("Потрапив у полон на фронті", "captured"),
        ("Поранений на фронті", "wounded"),
        ("Відправлений на фронт", "front_deployment"),
        ("Відправили на фронт", "front_deployment"),
        ("Отправлен на фронт", "front_deployment"),
        ("Підписав контракт, відправлений на фронт", "front_deployment"),
        ("Відправлений на навчання", "training"),
        ("Отправлен на обучение", "training"),
        ("sent for training", "training"),
        ("Примусово відправили на навчання", "training"),
        ("Вивезли до Росії", "transfer_outside_territory"),
        ("Відправили до Ростова", "transfer_outside_territory"),
        ("Затриманий за ухилення від мобілізації", "detention"),
        ("Ухилився від мобілізації", "evasion_flight"),
        ("Відкрито кримінальну справу", "prosecution_opened"),
        ("Справка о мобилизованных", "forced_mobilization"),
        ("Мобілізований за повісткою", "forced_mobilization"),
        ("Отримав повістку", "summons_paper"),
        ("Отримав повістку на призов", "summons_paper"),
        ("вручення повісток", "summons_paper"),
        ("Отримав електронну повістку", "summons_electronic"),
        ("Пройшов медкомісію", "medical_commission"),
        ("Мобілізували", "forced_mobilization"),
        ("Примушували отримати паспорт", "passportization_pressure"),
    ],
)
def test_the_most_telling_word_names_the_event(written, event_type):
    assert guess_event_type(written) == event_type


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Дата загибелі на фронті", "death"),
        ("Дата відправки на фронт", "front_deployment"),
        ("Дата повістки", "summons_paper"),
        ("Дата мобілізації", "forced_mobilization"),
    ],
)
def test_headings_name_their_event_by_the_same_words(heading, kind):
    assert guess_column(heading, []).kind == kind


def test_a_report_title_gives_the_default_event_type(tmp_path):
    path = _csv(
        tmp_path,
        [
            "Звіт про примусову мобілізацію, дата звіту: 15.10.2024;;;",
            ";;;",
            "Прізвище;Ім'я;Рік нар.;Населений пункт",
            "Онищенко;Владислав;2003;Михайлівка",
            "Кузьменко;Євген;1999;Новобогданівка",
        ],
        name="zvit.csv",
    )
    proposed, _ = _propose(path)
    assert proposed["defaults"] == {"event.type": "forced_mobilization"}


# 4. Sex


@pytest.mark.parametrize(
    ("written", "sex"),
    [
        ("чол.", "male"),
        ("чоловік", "male"),
        ("хлопець", "male"),
        ("муж.", "male"),
        ("male", "male"),
        ("М", "male"),
        ("ч", "male"),
        ("жін.", "female"),
        ("жінка", "female"),
        ("дівчина", "female"),
        ("жен.", "female"),
        ("female", "female"),
        ("F", "female"),
    ],
)
def test_sex_as_lists_write_it(written, sex):
    assert vocabulary("sex").clean(written) == sex


def test_sex_words_are_imported(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ПІБ;Стать;Населений пункт;Дата мобілізації",
            "Дорош Артем Олегович;чол.;Мелітополь;12.03.2023",
            "Коваль Ольга;жін.;Енергодар;2024",
            "Тищенко Богдан;хлопець;Бердянськ;2024",
        ],
    )
    _, text = _propose(path)
    summary, store = _import(path, text)
    assert summary.committed and summary.rejected == 0
    assert sorted(p["sex"] for p in store.scan("person")) == ["female", "male", "male"]


# 5. Totals rows


@pytest.mark.parametrize(
    "cells",
    [
        ["", "", "21", "", "", "Всього"],
        ["Subtotal", "5"],
        ["Итого по району", "3"],
        ["Всього по області: 12"],
        ["", "Итого по Мелитопольскому району: 2"],
        ["12 осіб", "Разом"],
        ["Разом: 6"],
    ],
)
def test_totals_rows(cells):
    assert is_totals_row(cells)


@pytest.mark.parametrize(
    "cells",
    [
        ["Стець Андрій Юрійович", "1"],
        ["", "", "1", "Стець Андрій Юрійович", "", "мобілізація"],
        ["Всеволод Бойко", "21"],
        ["Разом з братом", "Бойко Ян", "2001"],
        ["Бойко", "21", "Всього"],
    ],
)
def test_a_name_beside_a_number_is_not_a_totals_row(cells):
    assert not is_totals_row(cells)


def test_a_totals_row_with_the_count_first_is_skipped(tmp_path):
    path = _csv(
        tmp_path,
        [
            "Населений пункт;Область;Кількість;ПІБ (якщо відомо);Дата;Що сталося",
            "м. Мелітополь;Запорізька;1;Стець Андрій Юрійович;12.04.2023;мобілізація",
            "м. Скадовськ;Херсонська;1;Бондар Ігор;2024;мобілізація",
            ";;2;;;Всього",
        ],
    )
    proposed, text = _propose(path)
    assert "line 4" in text and "totals row" in text
    assert "Всього" not in proposed["maps"]["event_types"]
    summary, store = _import(path, text)
    assert summary.committed and summary.rejected == 0
    assert store.count("person") == 2


# 6. Statuses


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("на фронті", "serving"),
        ("На фронте", "serving"),
        ("at the front", "serving"),
        ("in captivity", "captured"),
        ("Під вартою", "detained"),
    ],
)
def test_statuses_as_lists_write_them(written, status):
    assert vocabulary("person_status").clean(written) == status


def test_status_words_need_no_value_map(tmp_path):
    path = _csv(
        tmp_path,
        [
            "Full name,Status,Date of conscription",
            "Andrii Melnyk,in captivity,2023",
            "Ivan Zinchenko,at the front,2024",
            "Petro Bondar,на фронті,2024",
        ],
    )
    proposed, text = _propose(path)
    assert "statuses" not in proposed.get("maps", {})
    assert "which status" not in text
    summary, store = _import(path, text)
    assert summary.committed
    assert sorted(p["status"] for p in store.scan("person")) == ["captured", "serving", "serving"]


# 7. Regions written under occupation


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("Запорожская область (РФ)", "UA-23"),
        ("Херсонская обл. (РФ)", "UA-65"),
        ("ТОТ Запорізької обл.", "UA-23"),
        ("ТОТ Запорізької області", "UA-23"),
        ("ТОТ Херсонщини", "UA-65"),
        ("ТОТ Херсонської області", "UA-65"),
        ("Донецкая обл. (РФ)", "UA-14"),
        ("ТОТ Луганської області", "UA-09"),
    ],
)
def test_region_names_written_under_occupation(written, iso):
    assert region_for_name(written) == iso


def test_a_region_column_written_under_occupation_is_imported(tmp_path):
    path = _csv(
        tmp_path,
        [
            "ПІБ;Регіон;Місто/село;Дата;Подія",
            "Кравець Денис;Запорожская область (РФ);Мелитополь;05.05.2023;мобілізація",
            "Білик Захар;Херсонская обл. (РФ);Алешки;09.05.2023;мобілізація",
            "Ігнатенко Юліан;ТОТ Запорізької обл.;Пологи;11.05.2023;мобілізація",
            "Ковтун Семен;ТОТ Херсонщини;Скадовськ;12.05.2023;мобілізація",
        ],
    )
    proposed, text = _propose(path)
    assert "regions" not in proposed.get("maps", {})
    summary, store = _import(path, text)
    assert summary.committed and summary.rejected == 0
    regions = sorted(e["place"].region for e in store.scan("event"))
    assert regions == ["UA-23", "UA-23", "UA-65", "UA-65"]
