import random

import pytest

from svidok.demo.inflect import inflect
from svidok.demo.names import draw_name, name_tables
from svidok.demo.translit import STANDARDS, transliterate
from svidok.demo.variants import age_words, cyrillic_name, latin_name, mention, typo


@pytest.mark.parametrize(
    ("word", "lang", "sex", "part", "gen", "dat"),
    [
        ("Олексій", "uk", "male", "given", "Олексія", "Олексію"),
        ("Микола", "uk", "male", "given", "Миколи", "Миколі"),
        ("Ігор", "uk", "male", "given", "Ігоря", "Ігорю"),
        ("Скрипник", "uk", "male", "surname", "Скрипника", "Скрипнику"),
        ("Коваленко", "uk", "male", "surname", "Коваленка", "Коваленку"),
        ("Кравець", "uk", "male", "surname", "Кравця", "Кравцю"),
        ("Вишневський", "uk", "male", "surname", "Вишневського", "Вишневському"),
        ("Вікторович", "uk", "male", "patronymic", "Вікторовича", "Вікторовичу"),
        ("Ольга", "uk", "female", "given", "Ольги", "Ользі"),
        ("Коваленко", "uk", "female", "surname", "Коваленко", "Коваленко"),
        ("Алексей", "ru", "male", "given", "Алексея", "Алексею"),
        ("Павел", "ru", "male", "given", "Павла", "Павлу"),
        ("Илья", "ru", "male", "given", "Ильи", "Илье"),
        ("Коваленко", "ru", "male", "surname", "Коваленко", "Коваленко"),
        ("Кравец", "ru", "male", "surname", "Кравца", "Кравцу"),
        ("Иванова", "ru", "female", "surname", "Ивановой", "Ивановой"),
    ],
)
def test_it_declines_name_parts(word, lang, sex, part, gen, dat):
    assert inflect(word, "gen", lang=lang, sex=sex, part=part) == gen
    assert inflect(word, "dat", lang=lang, sex=sex, part=part) == dat


def test_feminine_accusative_differs_from_genitive():
    assert inflect("Олена", "acc", lang="uk", sex="female", part="given") == "Олену"
    assert inflect("Олексій", "acc", lang="uk", sex="male", part="given") == "Олексія"


@pytest.mark.parametrize(
    ("text", "standard", "latin"),
    [
        ("Олексій Скрипник", "ua_national", "Oleksii Skrypnyk"),
        ("Олексій Скрипник", "ua_bgn", "Oleksiy Skrypnyk"),
        ("Юрій Ярошенко", "ua_national", "Yurii Yaroshenko"),
        ("Згурський", "ua_national", "Zghurskyi"),
        ("Алексей Скрипник", "ru_english", "Alexei Skripnik"),
        ("Алексей Скрипник", "ru_icao", "Aleksei Skripnik"),
        ("Алексей Скрипник", "ru_gost", "Aleksej Skripnik"),
        ("Евгений Ковалёв", "ru_english", "Yevgeny Kovalyov"),
        ("СКРИПНИК", "ua_national", "SKRYPNYK"),
    ],
)
def test_it_transliterates_after_several_standards(text, standard, latin):
    assert transliterate(text, standard) == latin


def test_standards_give_different_spellings():
    spellings = {transliterate("Олексій", s) for s in STANDARDS["uk"]}
    spellings |= {transliterate("Алексей", s) for s in STANDARDS["ru"]}
    assert len(spellings) >= 4


def test_name_tables_hold_collisions_and_crimean_tatar_names():
    tables = name_tables()
    assert len(tables.given) > 50 and len(tables.surnames) > 50
    assert {"Скрипник", "Коваленко", "Умеров", "Аблаєв"} <= {s.uk for s in tables.surnames}
    assert all(
        g.patronymic_uk["male"] and g.patronymic_ru["male"] for g in tables.given if g.sex == "male"
    )


def test_names_are_rendered_as_sources_write_them():
    rng = random.Random(1)
    name = draw_name(rng)
    full = cyrillic_name(name, "uk")
    assert full["full"] == f"{name.surname_uk} {name.given_uk} {name.patronymic_uk}"
    initials = cyrillic_name(name, "ru", order="si")["full"]
    assert initials == f"{name.surname_ru} {name.given_ru[0]}.{name.patronymic_ru[0]}."
    latin = latin_name(name, rng, standard="ua_national", common_given=0)
    assert latin["full"].isascii()
    assert mention(name, "uk", "nom") == f"{name.given_uk} {name.surname_uk}"


def test_a_typo_keeps_the_first_letter_and_changes_little():
    rng = random.Random(2)
    for _ in range(200):
        word = typo("Скрипник", rng)
        assert word[0] == "С" and abs(len(word) - 8) <= 1


@pytest.mark.parametrize(
    ("years", "lang", "text"),
    [
        (21, "uk", "21 рік"),
        (23, "uk", "23 роки"),
        (25, "uk", "25 років"),
        (11, "uk", "11 років"),
        (22, "ru", "22 года"),
        (30, "ru", "30 лет"),
        (19, "en", "19 years old"),
    ],
)
def test_ages_are_said_in_words(years, lang, text):
    assert age_words(years, lang) == text
