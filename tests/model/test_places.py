import pytest

from svidok.model import Place, region_for_name, regions
from svidok.model.places import region_readings


def test_a_settlement_code_gives_precision_and_region():
    melitopol = Place.parse("UA23080070010092407")
    assert melitopol.precision == "settlement"
    assert melitopol.region == "UA-23"
    assert melitopol.name == "Мелітополь"


def test_codes_of_higher_units_give_their_precision():
    assert Place.parse("UA23080000000090746").precision == "raion"
    assert Place.parse("UA23080070000068953").precision == "community"
    assert Place.parse("UA23000000000064947").precision == "oblast"


def test_region_codes_and_names_in_three_languages():
    assert Place.parse("UA-65") == Place("oblast", None, "UA-65")
    for name in ("Запорізька", "Zaporizhzhia", "Запорожская область", "ЗО"):
        assert Place.parse(name).region == "UA-23", name
    assert Place.parse("Crimea").region == "UA-43"


def test_koatuu_prefix_differs_from_iso_code_for_luhansk():
    # KATOTTG level 1 for Luhansk is UA44..., its ISO 3166-2 code is UA-09.
    assert Place.parse("UA44000000000018893").region == "UA-09"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("UA2308007001009240", "not a well-formed KATOTTG code"),
        ("UA23080070010092408", "not in the KATOTTG codifier"),
        ("UA-99", "not an ISO 3166-2 code"),
        ("Атлантида", "not a known region"),
        ({"code": "UA23080070010092407", "region": "UA-65"}, "lies in UA-23, not in UA-65"),
    ],
)
def test_bad_places_are_rejected(value, message):
    with pytest.raises(ValueError, match=message):
        Place.parse(value)


def test_a_label_alone_is_kept_with_unknown_precision():
    p = Place.parse({"label": "с. Якимівка (as written)"})
    assert (p.precision, p.region, p.label) == ("unknown", None, "с. Якимівка (as written)")


def test_all_27_regions_are_known():
    assert len(regions()) == 27


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("Запорожская обл.", "UA-23"),
        ("Луганская обл", "UA-09"),
        ("г. Севастополь", "UA-40"),
        ("АР Крим", "UA-43"),
        ("Republic of Crimea", "UA-43"),
        ("Kyiv", "UA-30"),
        ("Київська обл.", "UA-32"),
        ("Zaporizhzhia Oblast (Ukraine)", "UA-23"),
        ("Одесская обл.", "UA-51"),
    ],
)
def test_region_names_with_or_without_the_words_for_the_kind_of_unit(written, iso):
    assert region_for_name(written) == iso


def test_unit_words_alone_name_no_region():
    assert region_for_name("область") is None and region_for_name("обл.") is None


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("ХО", "UA-65"),
        ("ЛО", "UA-09"),
        ("ДО", "UA-14"),
        ("ЗО", "UA-23"),
        ("AR Crimea", "UA-43"),
        ("ARC", "UA-43"),
        ("Crimea", "UA-43"),
        ("Krym", "UA-43"),
        ("Запорізька", "UA-23"),
        ("Запоріжжя", "UA-23"),
        ("Херсонщина", "UA-65"),
        ("Донеччина", "UA-14"),
        ("Луганщина", "UA-09"),
        ("Миколаївщина", "UA-48"),
        ("Херсонської області", "UA-65"),
        ("Запорожской обл.", "UA-23"),
        ("в Запорізькій області", "UA-23"),
        ("Автономної Республіки Крим", "UA-43"),
    ],
)
def test_region_aliases_abbreviations_and_grammatical_cases(written, iso):
    assert region_for_name(written) == iso


def test_a_name_for_two_regions_is_no_region():
    assert region_for_name("ОРДЛО") is None
    assert region_readings("ОРДЛО") == ("UA-14", "UA-09")
    assert region_readings("ХО") == ("UA-65", "UA-63")
    assert region_readings("Запорізька") == ("UA-23",)
    assert region_readings("Атлантида") == ()
    with pytest.raises(ValueError, match="two regions"):
        Place.parse("ОРДЛО")
