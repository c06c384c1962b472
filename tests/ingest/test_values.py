from datetime import date

import pytest

from svidok.ingest.values import parse_date, resolve_place, split_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05.03.2024", "2024-03-05"),
        ("5.3.2024", "2024-03-05"),
        ("05/03/2024", "2024-03-05"),
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T00:00:00", "2024-03-05"),
        ("05.03.24", "2024-03-05"),
        ("03.2024", "2024-03"),
        ("2024", "2024"),
        ("2024 р.", "2024"),
        ("2024г.", "2024"),
        ("березень 2024", "2024-03"),
        ("березня 2024", "2024-03"),
        ("12 березня 2024", "2024-03-12"),
        ("12 марта 2024", "2024-03-12"),
        ("March 2024", "2024-03"),
        ("осінь 2024", "2024-09/2024-11"),
        ("осенью 2024", "2024-09/2024-11"),
        ("зима 2024", "2023-12/2024-02"),
        ("09.2024-11.2024", "2024-09/2024-11"),
        ("2023–2024", "2023/2024"),
        ("45356", "2024-03-05"),
        ("невідомо", "unknown"),
        ("", "unknown"),
    ],
)
def test_dates_as_people_write_them(text, expected):
    assert str(parse_date(text)) == expected


def test_month_first_order_when_the_mapping_says_so():
    assert parse_date("03/05/2024", "mdy").start == date(2024, 3, 5)
    assert parse_date("2024/03/05", "ymd").start == date(2024, 3, 5)


@pytest.mark.parametrize(
    "text", ["31.02.2024", "32.01.2024", "13.13.2024", "вчора", "2024-11/2023-01"]
)
def test_impossible_or_unreadable_dates_are_errors(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("full", "order", "surname", "given", "patronymic"),
    [
        ("Скрипник Олексій Вікторович", "surname_first", "Скрипник", "Олексій", "Вікторович"),
        ("Олексій Вікторович Скрипник", "auto", "Скрипник", "Олексій", "Вікторович"),
        ("Скрипник Олексій Вікторович", "auto", "Скрипник", "Олексій", "Вікторович"),
        ("Алексей Скрипник", "given_first", "Скрипник", "Алексей", None),
        ("Oleksii Skrypnyk", "auto", "Skrypnyk", "Oleksii", None),
        ("Skrypnyk, Oleksii", "auto", "Skrypnyk", "Oleksii", None),
        ("Скрипник О.В.", "surname_first", "Скрипник", None, None),
        ("О. В. Скрипник", "surname_first", "Скрипник", None, None),
        ("Умеров", "surname_first", "Умеров", None, None),
    ],
)
def test_full_names_split_into_parts(full, order, surname, given, patronymic):
    name = split_name(full, order)
    assert (name.surname, name.given, name.patronymic) == (surname, given, patronymic)
    assert name.full == full


def test_a_settlement_in_its_region_gets_its_katottg_code():
    place, note = resolve_place("Запорізька", "м. Мелітополь")
    assert (place.code, place.region, place.precision, note) == (
        "UA23080070010092407",
        "UA-23",
        "settlement",
        None,
    )


def test_a_renamed_settlement_is_found_by_its_former_name():
    place, note = resolve_place("Луганська область", "Стаханов")
    assert place.code == "UA44020050010070086" and note is None
    assert place.label == "Стаханов"  # as written, beside the codifier's name


def test_an_ambiguous_settlement_is_kept_as_written_with_a_note():
    place, note = resolve_place("UA-23", "Михайлівка")
    assert place.precision == "oblast" and place.label == "Михайлівка"
    assert note and "matches" in note


def test_an_unknown_region_is_an_error():
    with pytest.raises(ValueError, match="not a known region"):
        resolve_place("Атлантида", "Мелітополь")


@pytest.mark.parametrize(
    ("region", "settlement", "ukrainian"),
    [
        ("Херсонская область", "Скадовск", "Скадовськ"),
        ("Kherson oblast", "Skadovsk", "Скадовськ"),
        ("Херсонская обл.", "Геническ", "Генічеськ"),
        ("Zaporizhzhia", "Berdyansk", "Бердянськ"),
        ("Запорожская обл.", "Энергодар", "Енергодар"),
        ("Донецкая область", "Мариуполь", "Маріуполь"),
        ("Республика Крым", "Bakhchisaray", "Бахчисарай"),
        ("UA-65", "Новая Каховка", "Нова Каховка"),
        ("Донецкая обл.", "Горловка", "Горлівка"),
        ("Донецкая обл.", "Макеевка", "Макіївка"),
        ("Запорожская обл.", "Орехов", "Оріхів"),
        ("Херсонская обл.", "Голая Пристань", "Гола Пристань"),
    ],
)
def test_settlements_written_in_russian_or_latin_are_found_with_a_note(
    region, settlement, ukrainian
):
    place, note = resolve_place(region, settlement)
    assert place.precision == "settlement" and place.code
    assert place.label == settlement  # kept as written
    assert note and ukrainian in note and "another script" in note


@pytest.mark.parametrize(("region", "russian"), [("UA-23", "Запорожье"), ("UA-48", "Николаев")])
def test_russian_names_of_cities_the_key_cannot_reach_are_listed(region, russian):
    place, note = resolve_place(region, russian)
    assert place.precision == "settlement" and place.code and note is None


def test_vowel_changes_are_followed_only_to_cities():
    # Михайловка is a village name shared by many places: no guess by consonants
    place, note = resolve_place("UA-23", "Михайловка")
    assert place.code is None and note and "kept as written" in note


def test_a_name_found_in_no_script_stays_as_written():
    place, note = resolve_place("UA-23", "Атлантида")
    assert place.code is None and place.label == "Атлантида"
    assert note and "not in the KATOTTG codifier" in note


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2024-03-05 00:00:00", "2024-03-05"),
        ("05.03.2024 14:30", "2024-03-05"),
        ("II квартал 2024", "2024-04/2024-06"),
        ("3 кв. 2024", "2024-07/2024-09"),
        ("Q1 2024", "2024-01/2024-03"),
        ("початок 2023", "2023-01/2023-04"),
        ("в середине 2024", "2024-05/2024-08"),
        ("наприкінці 2023", "2023-09/2023-12"),
        ("late 2024", "2024-09/2024-12"),
        ("кінець лютого 2024", "2024-02-21/2024-02-29"),
        ("early March 2024", "2024-03-01/2024-03-10"),
        ("перша половина 2024", "2024-01/2024-06"),
        ("лютий–березень 2024", "2024-02/2024-03"),
        ("весна-літо 2024", "2024-03/2024-08"),
        ("зима 2023/2024", "2023-12/2024-02"),
        ("зима 2023-24", "2023-12/2024-02"),
        ("близько 2023", "2023"),
        ("~2024", "2024"),
        ("2024?", "2024"),
        ("у березні 2024", "2024-03"),
        ("в 2024 году", "2024"),
        ("12 сент. 2024", "2024-09-12"),
        ("March 5, 2024", "2024-03-05"),
    ],
)
def test_dates_as_documenters_write_them(written, meant):
    assert str(parse_date(written)) == meant


@pytest.mark.parametrize(
    "written", ["зима 2023/2025", "березень-лютий 2024", "з 2022", "latest 2024"]
)
def test_dates_that_cannot_be_read_are_refused(written):
    with pytest.raises(ValueError, match="2"):
        parse_date(written)
