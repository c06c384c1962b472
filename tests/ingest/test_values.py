from datetime import date

import pytest

from svidok.ingest.places import resolve_place
from svidok.ingest.values import parse_date, split_name


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
        ("2022 (точна дата невідома)", "2022"),
        ("05.03.2024 (приблизно)", "2024-03-05"),
        ("22-23.09.2022", "2022-09-22/2022-09-23"),
        ("10–15 жовтня 2022", "2022-10-10/2022-10-15"),
        ("з 10 по 15 жовтня 2022", "2022-10-10/2022-10-15"),
        ("між 10 і 15 жовтня 2022", "2022-10-10/2022-10-15"),
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


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("1984 г.р.", "1984"),
        ("2001 р.н.", "2001"),
        ("1990 р.н", "1990"),
        ("р.н. 1990", "1990"),
        ("1990 г. р.", "1990"),
        ("1990гр", "1990"),
        ("1990 року народження", "1990"),
        ("1985 года рождения", "1985"),
        ("12.03.1990 р.н.", "1990-03-12"),
        ("born 1990", "1990"),
    ],
)
def test_birth_years_are_read_with_the_words_for_year_of_birth(written, meant):
    assert str(parse_date(written)) == meant


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Mar 5, 2024", "2024-03-05"),
        ("5 Apr 2024", "2024-04-05"),
        ("Apr 2024", "2024-04"),
        ("Mar-2024", "2024-03"),
        ("05-Mar-2024", "2024-03-05"),
        ("5-Mar-24", "2024-03-05"),
        ("5 Apr 24", "2024-04-05"),
        ("March 2024", "2024-03"),
        ("Sept 2024", "2024-09"),
        ("5th March 2024", "2024-03-05"),
        ("March 5th, 2024", "2024-03-05"),
        ("the 5th of March 2024", "2024-03-05"),
        ("5-го березня 2024", "2024-03-05"),
        ("summer of 2023", "2023-06/2023-08"),
    ],
)
def test_english_month_names_abbreviations_and_ordinals(written, meant):
    assert str(parse_date(written, "mdy")) == meant
    assert str(parse_date(written)) == meant


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("початок 2024 р.", "2024-01/2024-04"),
        ("друга половина 2023 р.", "2023-07/2023-12"),
        ("III квартал 2023 р.", "2023-07/2023-09"),
        ("2023р", "2023"),
        ("2023 р", "2023"),
        ("2023г", "2023"),
        ("2023 р.", "2023"),
        ("5 травня 2024р", "2024-05-05"),
        ("5 травня 2024 р.", "2024-05-05"),
        ("в 2023 г.", "2023"),
        ("2023 року", "2023"),
        ("2023 года", "2023"),
        ("у 2023-му році", "2023"),
        ("2022-2023 рр.", "2022/2023"),
        ("2022–2023 роки", "2022/2023"),
        ("2022-2023 гг.", "2022/2023"),
        ("травень-червень 2024 р.", "2024-05/2024-06"),
        ("весна 2024 року", "2024-03/2024-05"),
    ],
)
def test_a_word_for_year_after_the_year_changes_nothing(written, meant):
    assert str(parse_date(written)) == meant


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("весною 2023", "2023-03/2023-05"),
        ("навесні 2023", "2023-03/2023-05"),
        ("восени 2022", "2022-09/2022-11"),
        ("осінню 2022", "2022-09/2022-11"),
        ("взимку 2023", "2022-12/2023-02"),
        ("узимку 2023", "2022-12/2023-02"),
        ("влітку 2024", "2024-06/2024-08"),
        ("улітку 2024", "2024-06/2024-08"),
        ("літом 2024", "2024-06/2024-08"),
        ("летом 2023", "2023-06/2023-08"),
        ("осенью 2022", "2022-09/2022-11"),
        ("зимой 2023", "2022-12/2023-02"),
        ("весной 2023 г.", "2023-03/2023-05"),
        ("зимою 2022/2023", "2022-12/2023-02"),
        ("взимку 2022-23", "2022-12/2023-02"),
    ],
)
def test_seasons_written_as_adverbs(written, meant):
    assert str(parse_date(written)) == meant


@pytest.mark.parametrize(
    "written", ["Mar-24", "Mar 24", "31-Feb-2024", "31 лютого 2024 р.", "весною", "р.н.", "5-Mar"]
)
def test_what_stays_ambiguous_or_impossible_is_still_refused(written):
    with pytest.raises(ValueError, match=repr(written)):
        parse_date(written)


@pytest.mark.parametrize(
    ("region", "settlement", "code", "label"),
    [
        ("UA-09", "Сєвєродонецьк", "UA44120110010072887", "Сєвєродонецьк"),
        ("Луганська обл.", "Северодонецк", "UA44120110010072887", "Северодонецк"),
        ("Luhansk", "Sievierodonetsk", "UA44120110010072887", "Sievierodonetsk"),
        (None, "Сєвєродонецьк", "UA44120110010072887", "Сєвєродонецьк"),
    ],
)
def test_sievierodonetsk_is_found_by_its_former_and_russian_names(region, settlement, code, label):
    # the codifier has the name of 2024, Сіверськодонецьк, which no spelling key reaches
    place, _ = resolve_place(region, settlement)
    assert (place.code, place.label) == (code, label)


@pytest.mark.parametrize(
    ("region", "settlement", "code"),
    [
        ("UA-23", "смт Михайлівка", "UA23040170010073574"),
        ("UA-23", "с. Михайлівка", "UA23060150010061768"),
        ("UA-65", "смт Горностаївка", "UA65060070010078402"),
        ("UA-65", "с. Горностаївка", "UA65040070090052345"),
        ("UA-65", "селище Горностаївка", "UA65060070010078402"),
        ("UA-65", "село Горностаївка", "UA65040070090052345"),
        ("Запорожская обл.", "пгт Михайловка", "UA23040170010073574"),
        ("Запорожская обл.", "пгт Акимовка", "UA23080310010091806"),
        ("Запорожская обл.", "с.Терпенье", "UA23080270010078454"),
        ("UA-23", "м. Мелітополь", "UA23080070010092407"),
        ("UA-23", "г. Мелитополь", "UA23080070010092407"),
    ],
)
def test_the_kind_of_settlement_written_before_its_name_narrows_the_search(
    region, settlement, code
):
    place, note = resolve_place(region, settlement)
    assert place.code == code, note


def test_a_kind_that_still_leaves_several_places_keeps_the_region_and_warns():
    place, note = resolve_place("UA-65", "с. Іванівка")
    assert (place.precision, place.region, place.label) == ("oblast", "UA-65", "с. Іванівка")
    assert note and "matches 4 places in UA-65" in note


def test_russian_village_names_are_found_when_only_vowels_differ_and_one_place_fits():
    place, note = resolve_place("Запорожская обл.", "Приазовское")
    assert place.code == "UA23080230010027591" and note and "Приазовське" in note
    place, note = resolve_place("Запорожская обл.", "Акимовка")  # a селище and a village
    assert place.code is None and note and "matches 2 places" in note


@pytest.mark.parametrize(
    "cell",
    [
        "м. Мелітополь, Запорізька обл.",
        "Мелитополь (Запорожская обл.)",
        "Melitopol, Zaporizhzhia oblast",
        "Мелітополь Запорізької області",
        "г. Мелитополь, Запорожская обл., Украина",
        "Запорізька обл., м. Мелітополь",
        "Мелітополь",
        "м. Мелітополь, вул. Шевченка, 5",
        "Мелітополь (біля ринку)",
    ],
)
def test_one_cell_with_settlement_and_region_is_coded(cell):
    for region, settlement in ((cell, None), (None, cell), ("UA-23", cell)):
        place, _ = resolve_place(region, settlement)
        assert (place.code, place.region) == ("UA23080070010092407", "UA-23"), (region, settlement)


def test_crimea_written_as_the_peninsula_and_a_comment_after_the_settlement():
    for cell in ("Феодосія (Кримський півострів)", "Феодосия, Крымский полуостров"):
        for region, settlement in ((cell, None), (None, cell)):
            place, _ = resolve_place(region, settlement)
            assert (place.code, place.region) == ("UA01180710010062019", "UA-43"), cell


def test_a_single_place_column_takes_a_settlement():
    # a mapping that sends one column to event.place hands it over as the region
    place, note = resolve_place("Бердянськ", None)
    assert (place.code, place.precision, note) == ("UA23020050010019935", "settlement", None)
    place, note = resolve_place("Пологи, ЗО", None)
    assert place.code == "UA23100190010032690" and note and "the city" in note


def test_the_region_in_the_cell_narrows_the_settlement():
    place, note = resolve_place("смт Михайлівка, Запорізька область", None)
    assert place.code == "UA23040170010073574", note
    place, note = resolve_place("с. Іванівка Херсонського району Херсонської області", None)
    assert place.code == "UA65100070040028564", note
    place, note = resolve_place(None, "с. Костянтинівка, Мелітопольський р-н, Запорізька обл.")
    assert place.code == "UA23080050010022831", note


def test_a_cell_that_stays_ambiguous_keeps_its_region_and_the_text():
    cell = "с. Іванівка, Херсонська обл."
    place, note = resolve_place(cell, None)
    assert (place.precision, place.region, place.label) == ("oblast", "UA-65", cell)
    assert note and "matches 4 places in UA-65" in note


def test_a_raion_alone_gives_the_raion():
    place, _ = resolve_place("Мелитопольский район", None)
    assert (place.precision, place.code) == ("raion", "UA23080000000090746")


def test_a_single_place_column_still_refuses_what_is_no_place():
    with pytest.raises(ValueError, match="not a known region"):
        resolve_place("Атлантида", None)


def test_a_cell_whose_region_contradicts_the_region_column_is_kept_as_written():
    place, note = resolve_place("UA-65", "м. Мелітополь, Запорізька обл.")
    assert (place.code, place.region) == (None, "UA-65")
    assert note and "UA-23" in note


def test_a_city_named_like_its_region_is_the_city_in_a_settlement_column():
    place, _ = resolve_place(None, "Запоріжжя")
    assert place.code == "UA23060070010069526"
    assert resolve_place("Запоріжжя", None)[0] == resolve_place("UA-23", None)[0]


def test_ordlo_names_two_regions_and_is_refused_unless_the_settlement_says_which():
    with pytest.raises(ValueError, match="two regions"):
        resolve_place("ОРДЛО", None)
    with pytest.raises(ValueError, match="two regions"):
        resolve_place("ОРДЛО", "Михайлівка")
    place, note = resolve_place("ОРДЛО", "Горлівка")
    assert (place.region, place.precision, note) == ("UA-14", "settlement", None)
    place, _ = resolve_place("Алчевськ, ОРДЛО", None)
    assert place.region == "UA-09"


def test_an_abbreviation_that_two_regions_share_is_read_with_a_warning():
    place, note = resolve_place("ХО", None)
    assert place.region == "UA-65" and note and "Харківська" in note
    place, note = resolve_place("ХО", "Скадовськ")  # the settlement settles it
    assert place.region == "UA-65" and note is None
