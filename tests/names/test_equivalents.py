"""Given-name groups across Ukrainian, Russian, Crimean Tatar and Latin spellings."""

import csv
import re
from collections import Counter
from importlib import resources

import pytest

from svidok.names.equivalents import (
    all_groups,
    given_name_groups,
    group_forms,
    latin_key,
    same_given_name,
)

ROWS = list(
    csv.DictReader(
        resources.files("svidok.names")
        .joinpath("data", "given_names.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
)
CYRILLIC_CELL = re.compile(r"^[а-яіїєґёыэъА-ЯІЇЄҐЁЫЭЪ'\-]+$")


@pytest.mark.parametrize(
    ("names", "group"),
    [
        (
            ["Олексій", "Алексей", "Oleksii", "Alexei", "Alexey", "Oleksiy", "Льоша", "Лёша"],
            "oleksii",
        ),
        (["Ганна", "Анна", "Hanna", "Anna"], "hanna"),
        (["Євген", "Евгений", "Yevhen", "Evgeniy", "Yevgeniy", "Ievgen", "Женя"], "yevhen"),
        (["Микола", "Николай", "Mykola", "Nikolai", "Nikolay", "Коля"], "mykola"),
        (["Ескендер", "Эскендер", "Eskender"], "eskender"),
        (["Ельдар", "Эльдар", "Eldar"], "eldar"),
        (["Решат", "Reşat", "Reshat", "Resat"], "reshat"),
        (["Федір", "Фёдор", "Федор", "Fedir", "Fyodor"], "fedir"),
        (["Пилип", "Филипп", "Pylyp", "Filipp"], "pylyp"),
        (["Панас", "Афанасий", "Opanas"], "panas"),
        (["Наталія", "Наталья", "Наталия", "Natalia", "Nataliya", "Natalya"], "nataliia"),
    ],
)
def test_spellings_of_one_name_share_its_group(names, group):
    for name in names:
        assert group in given_name_groups(name), name


@pytest.mark.parametrize(
    "token", ["олексій", "ОЛЕКСІЙ", " Олексій ", "Олексiй", "OLEKSII", "oleksij", "Olexiy"]
)
def test_case_spacing_and_look_alike_letters_are_folded(token):
    assert given_name_groups(token) == {"oleksii"}


def test_apostrophe_variants_and_yo_are_folded():
    for token in ("Мар'яна", "Мар’яна", "Марʼяна", "Mar'yana", "Maryana"):
        assert given_name_groups(token) == {"marianna"}, token
    assert given_name_groups("Семен") == given_name_groups("Семён") == {"semen"}


def test_unlisted_transliterations_match_through_the_latin_key():
    assert given_name_groups("Oleksiy") == {"oleksii"}  # listed
    assert given_name_groups("Olexij") == {"oleksii"}
    assert given_name_groups("Alieksiei") == {"oleksii"}
    assert given_name_groups("Wolodymyr") == {"volodymyr"}
    assert given_name_groups("Jurij") == {"yurii"}


def test_ambiguous_diminutives_belong_to_every_group():
    assert given_name_groups("Саша") == {"oleksandr", "oleksandra"}
    assert given_name_groups("Sasha") == {"oleksandr", "oleksandra"}
    assert given_name_groups("Женя") == {"yevhen", "yevheniia"}
    assert given_name_groups("Валя") == {"valentyn", "valentyna"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Олег", "Олексій"),
        ("Oleg", "Oleksii"),
        ("Іван", "Іванна"),
        ("Ivan", "Ivanna"),
        ("Юрій", "Юліан"),
        ("Олександр", "Олександра"),
        ("Георгій", "Юрій"),
        ("Єгор", "Ігор"),
        ("Yehor", "Ihor"),
        ("Олена", "Альона"),
        ("Рустем", "Рустам"),
    ],
)
def test_different_names_stay_different(a, b):
    assert not same_given_name(a, b)


def test_same_given_name_across_scripts():
    assert same_given_name("Олексій", "Alexei")
    assert same_given_name("Олексій", "Льоша")
    assert same_given_name("Ганна", "Anna")
    assert not same_given_name("Ганна", "Xyzzy")


@pytest.mark.parametrize("token", ["Xyzzy", "Скрипник", "", "   ", "-", "Qwertz"])
def test_unknown_tokens_give_an_empty_set(token):
    assert given_name_groups(token) == frozenset()


def test_group_forms_give_the_standard_form_first():
    forms = group_forms("oleksii")
    assert (forms.sex, forms.uk[0], forms.ru[0], forms.latin[0]) == (
        "m",
        "Олексій",
        "Алексей",
        "Oleksii",
    )
    assert {"Oleksiy", "Alexei", "Alexey"} <= set(forms.latin)
    assert "Льоша" in forms.diminutives
    with pytest.raises(KeyError):
        group_forms("nobody")


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["Oleksii", "Oleksiy", "Oleksij", "Olexiy", "Олексій"], "oleksi"),
        (["Alexei", "Alexey", "Aleksei", "Aleksey", "Alexej", "Алексей"], "aleksei"),
        (["Yurii", "Yuriy", "Yury", "Iurii", "Jurij", "Юрій", "Юрий"], "iuri"),
        (["Kostiantyn", "Kostyantyn", "Костянтин"], "kostiantin"),
        (["Tetiana", "Tetyana", "Тетяна"], "tetiana"),
        (["Hryhorii", "Grigoriy", "Григорій", "Григорий"], "hrihori"),
        (["Artyom", "Artiom", "Artem", "Артём", "Артем"], "artem"),
    ],
)
def test_latin_key_collapses_transliteration_variants(spellings, key):
    assert {latin_key(s) for s in spellings} == {key}


def test_latin_key_keeps_consonant_classes_apart():
    assert latin_key("Щербак") == latin_key("Shcherbak") == latin_key("Szczerbak")
    assert latin_key("Черненко") == latin_key("Chernenko") == latin_key("Tschernenko")
    assert latin_key("Цветков") == latin_key("Tsvetkov")
    assert len({latin_key(s) for s in ("Шура", "Чура", "Жура", "Цура", "Сура")}) == 5


def test_the_table_is_well_formed():
    groups = [row["group"] for row in ROWS]
    assert [g for g, n in Counter(groups).items() if n > 1] == []
    assert tuple(groups) == all_groups()
    for row in ROWS:
        assert re.fullmatch(r"[a-z][a-z_]*", row["group"]), row
        assert row["sex"] in ("m", "f"), row
        assert row["uk"] and row["ru"] and row["latin"], row
        for column in ("uk", "ru", "diminutives"):
            for form in filter(None, row[column].split(";")):
                assert CYRILLIC_CELL.fullmatch(form), (row["group"], column, form)
        for form in row["latin"].split(";"):
            assert re.fullmatch(r"[A-Za-z'\-]+", form), (row["group"], form)
        for form in filter(None, row["crh"].split(";")):
            assert CYRILLIC_CELL.fullmatch(form) or not re.search("[а-яА-Я]", form), form
    sexes = Counter(row["sex"] for row in ROWS)
    assert sexes["m"] >= 250 and sexes["f"] >= 150


def test_ukrainian_and_russian_letters_are_in_their_own_columns():
    for row in ROWS:
        assert not re.search("[ыэёъЫЭЁЪ]", row["uk"]), row["uk"]
        assert not re.search("[іїєґІЇЄҐ']", row["ru"]), row["ru"]


def test_full_forms_of_different_groups_never_share_a_latin_key():
    owners: dict[str, set[str]] = {}
    for group in all_groups():
        forms = group_forms(group)
        for form in (*forms.uk, *forms.ru, *forms.crh, *forms.latin):
            owners.setdefault(latin_key(form), set()).add(group)
    assert {k: g for k, g in owners.items() if len(g) > 1} == {}
