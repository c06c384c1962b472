"""Patronymics: the father's name behind them across languages, their initials, sex and case."""

import pytest

from svidok.names import analyze, compare_names, father_name, is_patronymic, parse_name
from svidok.names.patronymic import patronymic_case, patronymic_sex


@pytest.mark.parametrize(
    ("initials", "full"),
    [
        ("Гнатюк С.А.", "Гнатюк Сергій Олександрович"),  # Олександрович: А (Александрович)
        ("Гнатюк С.О.", "Гнатюк Сергей Александрович"),
        ("Гнатюк С.О.", "Гнатюк Сергей Алексеевич"),
        ("Лисенко Ю.Н.", "Лисенко Юрій Миколайович"),  # Миколайович: Н (Николаевич)
        ("Лисенко Ю.М.", "Лысенко Юрий Николаевич"),
        ("Руденко И.А.", "Руденко Іван Олексійович"),
        ("Руденко І.Е.", "Руденко Іван Євгенович"),  # Євгенович: Е (Евгеньевич)
        ("Руденко П.Є.", "Руденко Пётр Евгеньевич"),
        ("Rudenko P.Y.", "Руденко Петро Євгенович"),
        ("Мороз О.И.", "Мороз Олег Іванович"),
        ("Moroz O.M.", "Мороз Олег Николаевич"),
        ("Мороз Олег А.", "Мороз Олег Олександрович"),
        ("Мороз Ф.Х.", "Мороз Федір Фомич"),  # Фомич: Х (Хомич)
    ],
)
def test_patronymic_initials_fit_the_fathers_name_in_every_language(initials, full):
    found = compare_names(initials, full)
    assert found.compatible and found.patronymic is not False, found.reason


@pytest.mark.parametrize(
    ("initials", "full"),
    [
        ("Гнатюк С.П.", "Гнатюк Сергій Олександрович"),
        ("Лисенко Ю.В.", "Лисенко Юрій Миколайович"),
        ("Руденко И.М.", "Руденко Іван Олексійович"),
    ],
)
def test_a_patronymic_initial_of_another_name_still_contradicts(initials, full):
    assert not compare_names(initials, full).compatible


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Гнатюк Ніна Яківна", "Гнатюк Нина Яковлевна"),  # Яків/Яков
        ("Гнатюк Олег Якович", "Гнатюк Олег Яковлевич"),
        ("Ткачук Ілля Ілліч", "Ткачук Илья Ильич"),  # Ілля/Илья
        ("Ткачук Ніна Іллівна", "Ткачук Нина Ильинична"),
        ("Савчук Іван Кузьмович", "Савчук Иван Кузьмич"),  # Кузьма
        ("Савчук Іван Лукич", "Савчук Иван Лукич"),
        ("Савчук Іван Хомич", "Савчук Иван Фомич"),
        ("Кравець Ігор Микитович", "Кравец Игорь Никитич"),
        ("Кравець Ігор Савович", "Кравец Игорь Саввич"),
        ("Кравець Ігор Львович", "Kravets Ihor Levovych"),  # Лев
        ("Кравець Ігор Дмитрович", "Кравец Игорь Дмитриевич"),
        ("Кравець Ніна Кузьмівна", "Кравец Нина Кузьминична"),
        ("Чорновол Григорій Григорович", "Черновол Григорий Григорьевич"),  # Григорій
        ("Чорновол Ганна Григорівна", "Chornovol Hanna Hryhorivna"),
    ],
)
def test_patronymics_whose_stem_changes_between_languages_are_the_same(a, b):
    found = compare_names(a, b)
    assert found.equivalent and found.patronymic is True, found.reason


def test_a_typo_in_a_patronymic_is_tolerated():
    assert compare_names("Гнатюк Іван Димтрович", "Гнатюк Іван Дмитрович").equivalent
    assert compare_names("Гнатюк Іван Кузьмоич", "Гнатюк Іван Кузьмович").equivalent


def test_a_different_fathers_name_stays_different():
    assert compare_names("Гнатюк Олег Якович", "Гнатюк Олег Ильич").patronymic is False
    assert compare_names("Савчук Іван Лукич", "Савчук Иван Фомич").patronymic is False


@pytest.mark.parametrize(
    ("patronymic", "father"),
    [
        ("Якович", "Яков"),
        ("Яковлевич", "Яков"),
        ("Ильич", "Илья"),
        ("Ілліч", "Ілля"),
        ("Іллівна", "Ілля"),
        ("Ильинична", "Илья"),
        ("Кузьмич", "Кузьма"),
        ("Кузьминична", "Кузьма"),
        ("Дмитрович", "Дмитро"),
        ("Львович", "Лев"),
        ("Рустем огли", "Рустем"),
        ("Григорович", "Григорій"),
        ("Григорівна", "Григорій"),
    ],
)
def test_the_fathers_name_is_among_the_candidates(patronymic, father):
    assert father in father_name(patronymic)


def test_a_patronymic_of_a_name_that_drops_ii_has_the_fathers_group():
    for patronymic in ("Григорович", "Григорівна", "Григорьевич", "Hryhorovych"):
        assert analyze(f"Чорновол Ганна {patronymic}").keys.patronymic == (
            analyze("Чорновол Ганна Григоріївна").keys.patronymic
        ), patronymic


@pytest.mark.parametrize(
    ("name", "surname", "given", "patronymic"),
    [
        ("Черный Вадим Ильич", "Черный", "Вадим", "Ильич"),
        ("Гнатюк Петро Лукич", "Гнатюк", "Петро", "Лукич"),
        ("Фомич Іван Ілліч", "Фомич", "Іван", "Ілліч"),
        ("Савчук Никита Фомич", "Савчук", "Никита", "Фомич"),
    ],
)
def test_short_patronymics_are_read_as_patronymics(name, surname, given, patronymic):
    parsed = parse_name(name)
    assert (parsed.surname, parsed.given, parsed.patronymic) == (surname, given, patronymic)


def test_a_short_ending_alone_does_not_make_a_patronymic():
    assert is_patronymic("Ильич") and is_patronymic("Лукич")
    assert not is_patronymic("Бабич") and not is_patronymic("Радич")


@pytest.mark.parametrize(
    ("patronymic", "sex", "case"),
    [
        ("Іванович", "m", "nominative"),
        ("Івановича", "m", "oblique"),
        ("Іванівна", "f", "nominative"),
        ("Іванівною", "f", "oblique"),
        ("Ильинична", "f", "nominative"),
        ("Петровны", "f", "oblique"),
        ("Kuzmych", "m", "nominative"),
        ("Rustem oglu", "m", "nominative"),
        ("Різа кизи", "f", "nominative"),
    ],
)
def test_a_patronymic_shows_sex_and_case(patronymic, sex, case):
    assert (patronymic_sex(patronymic), patronymic_case(patronymic)) == (sex, case)


def test_an_initial_before_a_patronymic_is_the_given_names():
    parsed = parse_name("Гнатюк О. Васильович")
    assert (parsed.given, parsed.patronymic, parsed.initials) == (None, "Васильович", ("О",))
    assert compare_names("Гнатюк О. Васильович", "Гнатюк Олег Васильович").compatible
    assert not compare_names("Гнатюк О. Васильович", "Гнатюк Олег Петрович").compatible
