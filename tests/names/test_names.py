"""The names module as a whole: parsing, nominatives, keys, comparison and search."""

import json
import subprocess
import sys

import pytest

from svidok.names import NameIndex, analyze, compare_names, key_columns, parse_name, same_name

SKRYPNYK = [
    "Скрипник Олексій Вікторович",
    "Олексій Вікторович Скрипник",
    "Скрипник, Олексій",
    "Алексей Скрипник",
    "Скрипник Алексей Викторович",
    "Oleksii Skrypnyk",
    "Oleksiy Skrypnyk",
    "Alexei Skripnik",
    "Alexey Skripnik",
    "SKRYPNYK Oleksii",
    "Олексія Скрипника",
    "Алексея Скрипника",
    "Льоша Скрипник",
]


@pytest.mark.parametrize("name", SKRYPNYK)
def test_the_forms_of_one_name_are_the_same_name(name):
    assert same_name("Скрипник Олексій Вікторович", name), compare_names(
        "Скрипник Олексій Вікторович", name
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Коваленко Іван Петрович", "Коваленко Петро Іванович"),
        ("Мельник Олег", "Мельник Олексій"),
        ("Шевченко Іван", "Шевченко Іванна"),
        ("Коваленко Іван Петрович", "Коваленко Іван Степанович"),
        ("Скрипник Олексій", "Скрипченко Олексій"),
        ("Oleksii Skrypnyk", "Oleksii Kovalenko"),
    ],
)
def test_different_people_with_common_surnames_stay_different(a, b):
    assert not same_name(a, b)


def test_initials_fit_but_do_not_decide():
    c = compare_names("Скрипник О.В.", "Скрипник Олексій Вікторович")
    assert c.surname is True and c.given is None and c.compatible and not c.equivalent
    assert compare_names("Скрипник А.В.", "Скрипник Олексій Вікторович").compatible  # Алексей
    assert not compare_names("Скрипник П.В.", "Скрипник Олексій Вікторович").compatible


def test_typos_are_tolerated_in_given_names_and_long_surnames():
    assert same_name("Шевченко Назар", "Шевченко Наазр")
    assert same_name("Пономаренко Ілля", "Поомаренко Ілля")


@pytest.mark.parametrize(
    ("typo", "name"),
    [
        ("Юхименко Тетна", "Юхименко Тетяна"),  # я: two letters in Latin, one typo
        ("Сорока Кетерина", "Сорока Катерина"),
        ("Tetna Iukhymenko", "Tetiana Iukhymenko"),
        ("Юхименко Тетни", "Юхименко Тетяна"),
    ],
)
def test_a_typo_on_a_letter_written_with_two_latin_letters_is_one_typo(typo, name):
    assert compare_names(typo, name).compatible, compare_names(typo, name).reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Наджие Умерова", "Назие Умерова"),  # дж / з: two letters differ, not a typo
        ("Сорока Ірина", "Сорока Ірена"),
    ],
)
def test_close_but_different_given_names_stay_different(a, b):
    assert not compare_names(a, b).compatible, compare_names(a, b).reason


@pytest.mark.parametrize(
    ("man", "woman"),
    [
        ("Roman Petrenko", "Romana Petrenko"),
        ("Dan Petrenko", "Dana Petrenko"),
        ("Nazar Petrenko", "Nazariia Petrenko"),
        ("Vitalii Petrenko", "Vitaliia Petrenko"),
        ("Marian Koza", "Mariana Koza"),
    ],
)
def test_a_womans_ending_added_to_a_mans_name_is_another_name_not_a_typo(man, woman):
    found = compare_names(man, woman)
    assert found.given is False and not found.compatible, found.reason


@pytest.mark.parametrize(
    ("name", "surname", "given", "patronymic"),
    [
        ("Скрипник Олексій Вікторович", "Скрипник", "Олексій", "Вікторович"),
        ("Олексій Вікторович Скрипник", "Скрипник", "Олексій", "Вікторович"),
        ("Олексія Скрипника", "Скрипника", "Олексія", None),
        ("Alexei Skripnik", "Skripnik", "Alexei", None),
        ("Skrypnyk, Oleksii", "Skrypnyk", "Oleksii", None),
    ],
)
def test_parts_are_found_in_either_order(name, surname, given, patronymic):
    p = parse_name(name)
    assert (p.surname, p.given, p.patronymic) == (surname, given, patronymic)


def test_initials_are_parsed():
    assert parse_name("Скрипник О.В.").initials == ("О", "В")
    assert parse_name("О. В. Скрипник").surname == "Скрипник"


def test_inflected_forms_get_their_nominatives():
    a = analyze("Олексія Скрипника")
    assert a.lemmas["given"][0] == "Олексій" and a.lemmas["surname"][0] == "Скрипник"
    assert analyze("Миколі Коваленку").lemmas["surname"][0] == "Коваленко"
    assert analyze("Ганни Ковальської").lemmas["surname"][0] == "Ковальська"
    assert analyze("Алексея Николаевича Иванова").lemmas["patronymic"][0] == "Николаевич"


def test_keys_are_columns_ready_for_array_comparisons():
    columns = key_columns(analyze("Скрипник Олексій Вікторович"))
    other = key_columns(analyze("Alexei Skripnik"))
    assert set(columns["surname_keys"]) & set(other["surname_keys"])
    assert set(columns["given_groups"]) & set(other["given_groups"])
    assert (
        columns["patronymic_groups"] and columns["name_canonical"] == "skrypnyk oleksii viktorovych"
    )
    assert all(
        isinstance(v, list)
        for k, v in columns.items()
        if k.endswith(("_keys", "_groups", "_skeletons", "_phonetic"))
    )


def test_variants_cover_the_standards():
    variants = analyze("Скрипник Олексій").variants
    assert {"skrypnyk", "skripnik"} <= variants["surname"]
    assert {"oleksii", "oleksiy"} <= variants["given"]


def test_a_query_in_any_script_finds_the_person_in_any_script():
    index = NameIndex()
    index.add("P-1", "Скрипник Олексій Вікторович")
    index.add("P-2", "Skrypnyk Petro")
    index.add("P-3", "Коваленко Олексій")
    index.add("P-4", "Алексей Скрипник")
    assert [m.id for m in index.search("Alexei Skripnik")][:2] == ["P-1", "P-4"] or {
        m.id for m in index.search("Alexei Skripnik")[:2]
    } == {"P-1", "P-4"}
    assert "P-2" not in {m.id for m in index.search("Alexei Skripnik")}
    assert {m.id for m in index.search("Олексія Скрипника")} == {"P-1", "P-4"}
    assert {m.id for m in index.search("Skrypnyk")} == {"P-1", "P-2", "P-4"}


def test_names_explain_on_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "svidok", "names", "explain", "--json", "Олексія Скрипника"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(result.stdout)
    assert data["lemmas"]["surname"][0] == "Скрипник" and "skrypnyk" in data["variants"]["surname"]
    assert data["keys"]["given"] == ["oleksii"]


def test_a_surname_in_capitals_sets_the_order():
    assert parse_name("SKRYPNYK Oleksii").surname == "SKRYPNYK"
    assert parse_name("Oleksii SKRYPNYK").surname == "SKRYPNYK"
    assert same_name("BOJKO Aleksej", "Бойко Олексій")


@pytest.mark.parametrize(
    ("written", "surname", "given"),
    [
        ("Олег Кузьмич", "Кузьмич", "Олег"),
        ("Кузьмич Олег", "Кузьмич", "Олег"),
        ("Іван Бабич", "Бабич", "Іван"),
        ("Марія Данилевич", "Данилевич", "Марія"),
    ],
)
def test_two_words_one_ending_like_a_patronymic_are_given_name_and_surname(written, surname, given):
    parsed = parse_name(written, "auto")
    assert (parsed.surname, parsed.given, parsed.patronymic) == (surname, given, None)
    assert compare_names(written, "Kuzmych Oleh").surname == (surname == "Кузьмич")


@pytest.mark.parametrize(
    ("written", "surname", "given", "patronymic", "initials"),
    [
        ("Скрипник О В", "Скрипник", None, None, ("О", "В")),
        ("О В Скрипник", "Скрипник", None, None, ("О", "В")),
        ("Сейтумер Ескендер Рустем огли", "Сейтумер", "Ескендер", "Рустем огли", ()),
        ("Ескендер Рустем огли Сейтумер", "Сейтумер", "Ескендер", "Рустем огли", ()),
        ("Абдуллаєва Ельвіра Різа кизи", "Абдуллаєва", "Ельвіра", "Різа кизи", ()),
    ],
)
def test_initials_without_dots_and_turkic_patronymics(
    written, surname, given, patronymic, initials
):
    parsed = parse_name(written, "auto")
    assert (parsed.surname, parsed.given, parsed.patronymic) == (surname, given, patronymic)
    assert parsed.initials == initials


def test_two_words_of_unsure_order_are_also_compared_the_other_way_round():
    # Seitumer is a given name as well as the root of surnames: the order is a guess
    found = compare_names("Сейтумер Ескендер", "Seitumer Eskender")
    assert found.surname and found.given and "other order" in found.reason
    # one known given name fixes the order: no second reading
    assert not compare_names("Скрипник Олексій", "Олексій Петренко").surname


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ('Мар"яна Сем"янко', "Мар'яна Сем'янко"),
        ('В"ячеслав Кулик', "В'ячеслав Кулик"),
        ("Сем”янко Іван", "Сем'янко Іван"),
        ("Лук'янчук Мар'ян", "Luk”yanchuk Mar”yan"),  # BGN/PCGN writes the apostrophe as ”
    ],
)
def test_quotation_marks_for_apostrophes_are_the_same_name(a, b):
    assert compare_names(a, b).equivalent, compare_names(a, b).reason


@pytest.mark.parametrize("written", ["Маряна", "Марьяна", "Мар'яна"])
def test_a_name_without_its_apostrophe_is_still_the_womans_name(written):
    assert analyze(f"Стефанишин {written}").keys.sex == "f"
    assert compare_names(f"Стефанишин {written}", "Стефанишин Мар'яна Петрівна").equivalent
    assert not compare_names(f"Стефанишин {written}", "Стефанишин Мар'ян Петрович").compatible
    assert "marianna" in analyze(f"{written} Стефанишин").keys.given


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Kovalсhuk Andrii", "Kovalchuk Andrii"),
        ("BЛACEHKO MAKCИM", "ВЛАСЕНКО МАКСИМ"),
    ],
)
def test_look_alike_letters_of_the_other_script_are_the_same_name(typed, name):
    assert compare_names(typed, name).equivalent, compare_names(typed, name).reason


@pytest.mark.parametrize(
    ("cyrillic", "library_of_congress"),
    [
        ("Юрій Хмельницький", "I͡Uriĭ Khmelʹnyt͡sʹkyĭ"),  # tie U+0361, prime ʹ for ь
        ("Андрій Гуменюк", "Andriĭ Humeni͡uk"),
        ("Вʼячеслав Лукʼянчук", "Vi͡acheslav Lukʺi͡anchuk"),
    ],
)
def test_library_of_congress_ties_and_primes_are_read(cyrillic, library_of_congress):
    found = compare_names(cyrillic, library_of_congress)
    assert found.equivalent, found.reason
