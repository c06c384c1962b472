"""A man's and a woman's name are different people, however alike the spelling."""

import pytest

from svidok.names import analyze, compare_names


@pytest.mark.parametrize(
    ("man", "woman"),
    [
        # a patronymic settles it
        ("Лисенко Станіслав Петрович", "Лисенко Станіслава Петрівна"),
        ("Гнатюк Богдан Іванович", "Богдана Іванівна Гнатюк"),
        ("Ткачук Валентин Олегович", "Ткачук Валентина Олеговна"),
        ("Петров Юлий Сергеевич", "Петрова Юлия Сергеевна"),
        ("Мамедлі Р. Рустем огли", "Мамедлі Р. Рустем кизи"),
        # a gendered surname
        ("Соколов И.И.", "Соколова И.И."),
        ("Ковальов Б.С.", "Ковальова Б.С."),
        ("Вишневський Ярослав", "Вишневська Ярослава"),
        ("Ільїн О.П.", "Ільїна О.П."),
        ("Чорний В.П.", "Чорна В.П."),
        ("Aleksandr Sokolov", "Aleksandra Sokolova"),
        # the given name, when the surname shows it is written in the nominative
        ("Гнатюк Ярослав", "Гнатюк Ярослава"),
        ("Мельничук Богдан", "Мельничук Богдана"),
        ("Євген Руденко", "Євгенія Руденко"),  # Ukrainian: a man would be Руденка
        ("Юлій Кравченко", "Юлія Кравченко"),
        ("Vladyslav Moroz", "Vladyslava Moroz"),
        ("Влад Бондар", "Владислава Бондар"),
        ("Юлій Гнатюк", "Юлії Гнатюк"),  # Юлії: "of Юлія"
        # surname first without patronymic, as lists write names: the nominative
        ("Ткаченко Валентин", "Ткаченко Валентина"),
        ("Бойко Олександр", "Бойко Олександра"),
    ],
)
def test_a_mans_and_a_womans_name_are_different_people(man, woman):
    found = compare_names(man, woman)
    assert not found.compatible and found.sex is False, found.reason
    assert not compare_names(woman, man).compatible


@pytest.mark.parametrize(
    ("inflected", "nominative"),
    [
        ("Олександра Скрипника", "Олександр Скрипник"),
        ("Ярослава Гнатюка", "Ярослав Гнатюк"),
        ("Богдана Петренка", "Богдан Петренко"),
        ("Валентина Ковальова", "Валентин Ковальов"),  # Ковальова: "of Ковальов" too
        ("Станіслава Вишневського", "Станіслав Вишневський"),
        ("Алексея Соколова", "Алексей Соколов"),
        ("Эскендера Сейтумерова", "Эскендер Сейтумеров"),
        ("Евгения Кузьменко", "Евгений Кузьменко"),  # Russian does not inflect Кузьменко
        ("Олександра Івановича Гнатюка", "Олександр Іванович Гнатюк"),
        ("Олександру Скрипнику", "Олександр Скрипник"),
        ("Олександра Кухти", "Олександр Кухта"),
        ("Валентина Ткаченко", "Валентин Ткаченко"),  # given name first: may be a genitive
    ],
)
def test_inflected_forms_of_mens_names_stay_mens_names(inflected, nominative):
    found = compare_names(inflected, nominative)
    assert found.equivalent, found.reason


def test_a_feminine_patronymic_makes_an_ambiguous_given_name_a_womans():
    assert compare_names("Гнатюк Олександра Іванівна", "Гнатюк Олександра").equivalent
    assert not compare_names("Гнатюк Олександра Іванівна", "Гнатюк Олександр").compatible
    assert analyze("Гнатюк Олександра Іванівна").keys.sex == "f"
    assert analyze("Олександра Гнатюка").keys.sex == "m"


def test_nothing_settles_the_sex_of_an_ambiguous_given_name_alone():
    assert analyze("Олександра").keys.sex is None
    assert compare_names("Олександра Скрипника", "Олександра Скрипник").compatible is False
    assert compare_names("Саша Гнатюк", "Олександр Гнатюк").compatible  # Саша: either


def test_the_cases_of_the_parts_must_agree_for_an_inflected_reading():
    # Цубну (a dative, or a typo) and Юлія (a genitive of Юлій) are no one man's oblique form
    assert compare_names("Цубну Юлія", "Цубун Юлія Михайлівна").compatible
    assert compare_names("Олександри Кухти", "Олександра Кухта").equivalent
    assert not compare_names("Олександри Кухти", "Олександр Кухта").compatible


@pytest.mark.parametrize(
    ("listed", "other"),
    [
        ("Щербина Юлія", "Yuliia Shcherbyna"),
        ("Щербина Юлія", "Щербина Юлія Петрівна"),
        ("Калина Ярослава", "Калина Ярослава Петрівна"),
        ("Сорока Богдана", "Bohdana Soroka"),
        ("Мазепа Євгенія", "Мазепа Євгенія Іванівна"),
        ("Ильина Валентина", "Valentina Ilina"),
        ("Никитина Александра", "Никитина Александра Сергеевна"),
    ],
)
def test_a_listed_surname_in_a_may_be_a_womans_nominative(listed, other):
    # Щербина may be "of Щербин", but a name cell in a list is written in the nominative
    found = compare_names(listed, other)
    assert found.equivalent, found.reason
    assert analyze(listed).keys.sex == "f"


def test_a_surname_that_reads_only_as_a_genitive_keeps_a_man_inflected():
    assert analyze("Скрипника Олексія").keys.sex == "m"
    assert analyze("Скрипника Олександра").keys.sex == "m"
    assert compare_names("Скрипника Олександра", "Олександр Скрипник").equivalent
    assert compare_names("Петренка Богдана", "Богдан Петренко").equivalent
    assert compare_names("Гнатюка Ярослава", "Ярослав Гнатюк").equivalent


def test_a_listed_womans_name_is_not_a_mans():
    assert not compare_names("Калина Ярослава", "Калина Ярослав Петрович").compatible
    assert not compare_names("Щербина Юлія", "Щербина Юлій Петрович").compatible
