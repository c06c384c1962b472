"""Name cells as lists write them: dashes, no surname, years, titles, other spellings."""

import pytest

from svidok.names import compare_names, parse_name

FULL = "Гнатюк Петро Васильович"


@pytest.mark.parametrize(
    "written",
    ["Бойко–Мороз Ірина", "Бойко—Мороз Ірина", "Бойко - Мороз Ірина", "Бойко ‑ Мороз Ірина"],
)
def test_a_double_surname_with_any_dash_is_one_surname(written):
    parsed = parse_name(written)
    assert (parsed.surname, parsed.given) == ("Бойко-Мороз", "Ірина")
    assert compare_names(written, "Бойко-Мороз Ірина").equivalent


@pytest.mark.parametrize(
    ("written", "patronymic"),
    [
        ("Ярошенко Бойчук Оксана", None),
        ("Оксана Ярошенко Бойчук", None),
        ("Оксана Ярошенко Бойко", None),
        ("Ярошенко Бойчук Оксана Петрівна", "Петрівна"),
        ("Оксана Петрівна Ярошенко Бойчук", "Петрівна"),
    ],
)
def test_a_double_surname_that_lost_its_hyphen_is_one_surname(written, patronymic):
    parsed = parse_name(written)
    assert parsed.given == "Оксана" and parsed.patronymic == patronymic
    assert parsed.surname is not None and "-" in parsed.surname
    assert "енко" not in (parsed.patronymic or "")  # an -енко word is never a patronymic
    assert compare_names(written, parsed.surname + " Оксана").equivalent


def test_a_spaced_hyphen_before_a_lower_case_word_joins_nothing():
    assert parse_name("Гнатюк - свідок").surname == "Гнатюк"


@pytest.mark.parametrize(
    ("written", "given", "patronymic"),
    [
        ("Олег Юрійович", "Олег", "Юрійович"),
        ("Олег Юрьевич", "Олег", "Юрьевич"),
        ("Ніна Петрівна", "Ніна", "Петрівна"),
        ("Oleh Yuriiovych", "Oleh", "Yuriiovych"),
        ("Ескендер Рустем огли", "Ескендер", "Рустем огли"),
    ],
)
def test_a_given_name_and_patronymic_have_no_surname(written, given, patronymic):
    parsed = parse_name(written)
    assert (parsed.surname, parsed.given, parsed.patronymic) == (None, given, patronymic)


def test_a_name_without_surname_does_not_contradict_the_full_name():
    found = compare_names("Олег Юрійович", "Петренко Олег Юрійович")
    assert found.surname is None and found.given and found.patronymic and found.compatible
    assert not compare_names("Олег Юрійович", "Петренко Олег Петрович").compatible


def test_a_given_name_and_patronymic_may_also_be_a_given_name_and_surname():
    # Савович, Петрович are surnames too: the reading that makes the names the same is kept
    found = compare_names("Володимир Савович", "Савович Володимир Петрович")
    assert found.equivalent and "given name and surname" in found.reason
    assert compare_names("Володимира Савовича", "Володимир Савович").equivalent
    assert parse_name("Олег Юрійович", "given_first").surname == "Юрійович"


@pytest.mark.parametrize(
    "written",
    [
        "Гнатюк Петро Васильович (1979)",
        "Гнатюк Петро Васильович, 1979 р.н.",
        "Гнатюк Петро Васильович 1979 г.р.",
        "р.н. 1979 Гнатюк Петро Васильович",
        "Гнатюк Петро Васильович, 03.02.1979 р.н.",
        "Гнатюк Петро Васильович 1979 року народження",
        "гр. Гнатюк Петро Васильович",
        "гр-н Гнатюк Петро Васильович",
        "громадянин Гнатюк Петро Васильович",
        "гражданин Гнатюк Петро Васильович",
        "рядовий Гнатюк Петро Васильович",
        "мол. сержант Гнатюк Петро Васильович",
        "старший лейтенант Гнатюк Петро Васильович",
        "ефрейтор Гнатюк Петро Васильович",
        "солдат Гнатюк Петро Васильович",
        "майор Гнатюк Петро Васильович",
        "Гнатюк Петро Васильович (Hnatiuk Petro)",
    ],
)
def test_years_titles_and_other_spellings_are_not_name_parts(written):
    parsed = parse_name(written)
    assert (parsed.surname, parsed.given, parsed.patronymic) == ("Гнатюк", "Петро", "Васильович")
    assert parsed.initials == ()
    assert compare_names(written, FULL).equivalent


def test_an_other_spelling_in_parentheses_is_kept_apart():
    assert parse_name("Гнатюк Петро (Hnatiuk Petro)").alternatives == ("Hnatiuk Petro",)
    assert parse_name("Гнатюк Петро (свідок)").alternatives == ()


def test_initials_and_surnames_that_look_like_titles_are_kept():
    assert parse_name("Гнатюк Р.Н. 1979").initials == ("Р", "Н")
    assert parse_name("Майор Іван Петрович").surname == "Майор"
    assert parse_name("Сержант").surname == "Сержант"


def test_a_latin_word_in_a_cyrillic_name_stays_latin():
    parsed = parse_name("Коваленко Oleksandr")
    assert (parsed.surname, parsed.given) == ("Коваленко", "Oleksandr")
    assert compare_names("Коваленко Oleksandr", "Коваленко Олександр").equivalent
    assert parse_name("Гнатюк Oлександр").given == "Олександр"  # a stray Latin O is repaired


def test_initials_written_together_are_initials():
    parsed = parse_name("Гнатюк ПВ")
    assert parsed.initials == ("П", "В") and parsed.given is None
    assert compare_names("Гнатюк ПВ", FULL).compatible
    assert parse_name("ЖУК Віктор").surname == "ЖУК"


def test_a_turkic_patronymic_after_given_name_and_surname():
    parsed = parse_name("Ескендер Бекіров Рустем огли")
    assert (parsed.given, parsed.surname, parsed.patronymic) == (
        "Ескендер",
        "Бекіров",
        "Рустем огли",
    )
    assert compare_names("Ескендер Бекіров Рустем огли", "Eskender Bekirov").equivalent
    assert parse_name("Сейтумер Ескендер Рустем огли").surname == "Сейтумер"
