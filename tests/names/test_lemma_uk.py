"""Ukrainian name forms back to the nominative by rule."""

import pytest

from svidok.names.equivalents import all_groups, group_forms
from svidok.names.lemma_uk import nominatives


def best(token, slot, sex=None):
    return nominatives(token, slot, sex)[0]


@pytest.mark.parametrize(
    ("sentence", "given", "surname"),
    [
        ("мобілізували Олексія Скрипника", "Олексій", "Скрипник"),
        ("повістку вручили Миколі Коваленку", "Микола", "Коваленко"),
        ("забрали Івана Мельника", "Іван", "Мельник"),
        ("разом з Андрієм Шевчуком", "Андрій", "Шевчук"),
        ("зі слів Ганни Ковальської", "Ганна", "Ковальська"),
        ("батька Віталія Ковальського", "Віталій", "Ковальський"),
        ("з Ескендером Умеровим", "Ескендер", "Умеров"),
    ],
)
def test_names_in_sentences_go_back_to_the_nominative(sentence, given, surname):
    *_, given_form, surname_form = sentence.split()
    assert best(given_form, "given") == given
    assert best(surname_form, "surname") == surname


@pytest.mark.parametrize(
    ("nominative", "forms"),
    [
        ("Олексій", "Олексія Олексію Олексієм Олексієві"),
        ("Микола", "Миколи Миколі Миколу Миколою Миколо"),
        ("Іван", "Івана Іванові Івану Іваном Іване"),
        ("Ганна", "Ганни Ганні Ганну Ганною Ганно"),
        ("Ігор", "Ігоря Ігорю Ігорем Ігореві"),
        ("Лев", "Лева Левові Левом"),
        ("Петро", "Петра Петрові Петру Петром Петре"),
        ("Олег", "Олега Олегові Олегом Олеже"),
        ("Юрій", "Юрія Юрію Юрієм"),
        ("Ілля", "Іллі Іллю Іллею"),
        ("Ольга", "Ольги Ользі Ольгу Ольгою"),
        ("Марія", "Марії Марію Марією Маріє"),
        ("Федір", "Федора Федорові Федором"),
        ("Яків", "Якова Якову Яковом"),
        ("Любов", "Любові Любов'ю"),
        ("Дар'я", "Дар'ї Дар'ю Дар'єю"),
        ("Лука", "Луки Луці Луку"),
        ("Василь", "Василя Василеві Василю Василем"),
        ("Миколай", "Миколая Миколаєві Миколаєм"),
        ("Сергій", "Сергія Сергієві Сергієм"),
        ("Рустем", "Рустема Рустемові Рустемом"),
    ],
)
def test_every_case_of_a_known_given_name_maps_to_it_exactly(nominative, forms):
    for form in forms.split():
        assert nominatives(form, "given") == (nominative,), form


def test_every_known_ukrainian_given_name_passes_through():
    for group in all_groups():
        for name in group_forms(group).uk:
            assert nominatives(name, "given")[0] == name


def test_indeclinable_given_names_stay_as_written():
    assert nominatives("Ільмі", "given") == ("Ільмі",)
    assert nominatives("Аліє", "given") == ("Аліє",)
    assert nominatives("Севіль", "given") == ("Севіль",)


def test_ambiguous_given_forms_keep_both_readings_ordered_by_sex():
    assert nominatives("Олександра", "given") == ("Олександра", "Олександр")
    assert nominatives("Олександра", "given", "m") == ("Олександр", "Олександра")
    assert nominatives("Олександра", "given", "f") == ("Олександра", "Олександр")
    assert nominatives("Валентина", "given", "m")[0] == "Валентин"
    assert nominatives("Юлія", "given", "m") == ("Юлій", "Юлія")


def test_unknown_given_names_fall_back_to_the_noun_rules():
    assert best("Ділявера", "given") == "Ділявер"  # known
    assert best("Бахтияра", "given") == "Бахтияр"  # not in the table
    assert best("Бахтияром", "given", "m") == "Бахтияр"


@pytest.mark.parametrize(
    ("form", "nominative"),
    [
        ("Вікторович", "Вікторович"),
        ("Вікторовича", "Вікторович"),
        ("Вікторовичу", "Вікторович"),
        ("Вікторовичем", "Вікторович"),
        ("Вікторовичеві", "Вікторович"),
        ("Андрійовича", "Андрійович"),
        ("Вікторівна", "Вікторівна"),
        ("Вікторівни", "Вікторівна"),
        ("Вікторівні", "Вікторівна"),
        ("Вікторівну", "Вікторівна"),
        ("Вікторівною", "Вікторівна"),
        ("Олексіївни", "Олексіївна"),
        ("Іллічну", "Іллічна"),
    ],
)
def test_patronymics(form, nominative):
    assert nominatives(form, "patronymic") == (nominative,)


@pytest.mark.parametrize(
    ("form", "nominative"),
    [
        ("Скрипника", "Скрипник"),
        ("Скрипникові", "Скрипник"),
        ("Скрипнику", "Скрипник"),
        ("Скрипником", "Скрипник"),
        ("Коваленка", "Коваленко"),
        ("Коваленку", "Коваленко"),
        ("Коваленком", "Коваленко"),
        ("Шевчука", "Шевчук"),
        ("Гребенюком", "Гребенюк"),
        ("Кравця", "Кравець"),
        ("Кравцем", "Кравець"),
        ("Шевця", "Швець"),
        ("Зайця", "Заєць"),
        ("Мороза", "Мороз"),
        ("Коваля", "Коваль"),
        ("Бондаря", "Бондар"),
        ("Ткачем", "Ткач"),
        ("Петровича", "Петрович"),
        ("Гордія", "Гордій"),
        ("Ковальського", "Ковальський"),
        ("Ковальському", "Ковальський"),
        ("Ковальським", "Ковальський"),
        ("Гладкого", "Гладкий"),
        ("Синього", "Синій"),
        ("Ковальської", "Ковальська"),
        ("Ковальській", "Ковальська"),
        ("Ковальську", "Ковальська"),
        ("Ковальською", "Ковальська"),
        ("Івановим", "Іванов"),
        ("Іванової", "Іванова"),
        ("Івановій", "Іванова"),
        ("Івановою", "Іванова"),
        ("Кухти", "Кухта"),
        ("Кухті", "Кухта"),
        ("Кухту", "Кухта"),
        ("Кухтою", "Кухта"),
        ("Бурлаці", "Бурлака"),
        ("Бойка", "Бойко"),
        ("Сірка", "Сірко"),
        ("Шила", "Шил"),
    ],
)
def test_surname_cases(form, nominative):
    assert best(form, "surname") == nominative
    assert len(nominatives(form, "surname")) <= 4


def test_surname_readings_that_are_only_rarely_right_are_still_offered():
    assert "Шило" in nominatives("Шила", "surname")
    assert "Сокіл" in nominatives("Сокола", "surname")
    assert "Бичок" in nominatives("Бичка", "surname")


@pytest.mark.parametrize(
    "surname",
    ["Скрипник", "Коваленко", "Ковальський", "Ковальська", "Кухта", "Шевчук", "Іванов", "Гордій"],
)
def test_nominative_surnames_pass_through_first(surname):
    assert best(surname, "surname") == surname


@pytest.mark.parametrize("surname", ["Іванова", "Умерова", "Аблаєва", "Сейтумерова"])
def test_feminine_ova_or_masculine_genitive_ordered_by_sex(surname):
    masculine = surname[:-1]
    assert set(nominatives(surname, "surname")) == {surname, masculine}
    assert nominatives(surname, "surname", "m")[0] == masculine
    assert nominatives(surname, "surname", "f")[0] == surname


def test_a_womans_consonant_surname_does_not_decline():
    assert nominatives("Скрипника", "surname", "f")[0] == "Скрипника"
    assert nominatives("Скрипника", "surname", "m")[0] == "Скрипник"


def test_case_apostrophe_and_hyphenation_follow_the_token():
    assert nominatives("ОЛЕКСІЯ", "given") == ("ОЛЕКСІЙ",)
    assert nominatives("олексія", "given") == ("олексій",)
    assert nominatives("Мар’яни", "given") == ("Мар’яна",)
    assert best("Квітки-Основ'яненка", "surname") == "Квітка-Основ'яненко"
    assert nominatives("", "surname") == ()
