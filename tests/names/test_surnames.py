"""Surnames: close spellings of one surname meet, close but different surnames do not."""

import pytest

from svidok.names import compare_names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Бабенко Олег", "Бабченко Олег"),  # -енко / -ченко
        ("Даниленко Ігор", "Данильченко Ігор"),
        ("Тищенко Ігор", "Тимченко Ігор"),  # -щенко / -ченко
        ("Стеценко Ігор", "Стещенко Ігор"),  # -ценко / -щенко
        ("Панченко Ігор", "Пащенко Ігор"),
        ("Гуменюк Ігор", "Гуменчук Ігор"),  # -юк / -чук
        ("Кравчук Ігор", "Кравчик Ігор"),  # -чук / -чик
        ("Данилевич Ігор", "Данилович Ігор"),  # -евич / -ович
        ("Babenko Oleh", "Babchenko Oleh"),
        ("Гуменюк Андрій", "Гуменко Андрій"),  # -юк / -енко: no shared skeleton decides
        ("Яценко Орест", "Яценюк Орест"),
        ("Yatsenko Orest", "Yatseniuk Orest"),
    ],
)
def test_surnames_built_with_different_suffixes_are_different(a, b):
    found = compare_names(a, b)
    assert found.surname is False and not found.compatible, found.reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Бабнеко Олег", "Бабенко Олег"),
        ("Данилеко Ігор", "Даниленко Ігор"),
        ("Пономоренко Ігор", "Пономаренко Ігор"),
        ("Кравчекно Ігор", "Кравченко Ігор"),
        ("Бондр Юрій", "Бондар Юрій"),
        ("Мораз Ірина", "Мороз Ірина"),
        ("Гнатюу Петро", "Гнатюк Петро"),
        ("Стеценко Ігор", "Stetsenko Ihor"),
        ("Пащенко Ігор", "Pashchenko Igor"),
        ("Гуменюк Ігор", "Humeniuk Ihor"),
        ("Шевченко Тарас", "Szewczenko Taras"),
    ],
)
def test_typos_and_transliterations_of_one_surname_still_meet(a, b):
    assert compare_names(a, b).equivalent, compare_names(a, b).reason


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Emil Cemilev", "Эмиль Джемилев"),
        ("Nariman Celal", "Нариман Джелял"),
        ("Refat Çubarov", "Рефат Чубаров"),
        ("Server Qurtseitov", "Сервер Куртсеитов"),
        ("Ayşe Seitmemetova", "Айше Сеитмеметова"),
        ("Cemil Ablayev", "Джеміль Аблаєв"),
    ],
)
def test_crimean_tatar_latin_meets_the_cyrillic_spelling(latin, cyrillic):
    assert compare_names(latin, cyrillic).equivalent, compare_names(latin, cyrillic).reason


def test_c_keeps_its_common_readings_too():
    assert compare_names("Oleh Cybulko", "Олег Цибулько").surname  # Polish/Czech c: ц
    assert compare_names("Victor Cravcenco", "Віктор Кравченко").surname  # Romanian c: к, ч
    assert not compare_names("Emil Cemilev", "Эмиль Гаджиев").surname
