"""Russian names of towns in the occupied and frontline regions, and places written as "near"
a settlement, found in the KATOTTG codifier."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from svidok.ingest.places import resolve_place
from svidok.model.places import katottg_entry, regions

ALIASES = list(
    csv.DictReader(
        resources.files("svidok.model")
        .joinpath("data", "settlement_aliases.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
)
SEVASTOPOL_IN_CRIMEA = {"Інкерман", "Кача"}  # under Sevastopol in the sources, Crimea in KATOTTG


def test_every_alias_names_a_settlement_of_the_codifier_by_its_ukrainian_name():
    by_prefix = {r.koatuu_prefix: r.iso for r in regions().values()}
    for row in ALIASES:
        entry = katottg_entry(row["katottg"])
        assert entry is not None and entry[0] in "MXKC", row
        assert entry[1] == row["name_uk"], row
        region = by_prefix[row["katottg"][2:4]]
        assert row["region"] == region or (
            row["region"] == "UA-40" and row["name_uk"] in SEVASTOPOL_IN_CRIMEA
        ), row


@pytest.mark.parametrize(
    ("region", "settlement", "ukrainian"),
    [
        (None, "Горловка", "Горлівка"),
        (None, "Макеевка", "Макіївка"),
        (None, "Енакиево", "Єнакієве"),
        (None, "Харцызск", "Харцизьк"),
        (None, "Харцызск, Донецкая обл.", "Харцизьк"),
        (None, "Шахтёрск", "Шахтарськ"),
        (None, "Шахтерск", "Шахтарськ"),
        (None, "Ясиноватая", "Ясинувата"),
        (None, "Старобельск", "Старобільськ"),
        (None, "Белогорск", "Білогірськ"),
        (None, "Васильевка", "Василівка"),
        (None, "Каменка-Днепровская", "Кам’янка-Дніпровська"),
        (None, "Днепрорудное", "Дніпрорудне"),
        (None, "Работино", "Роботине"),
        (None, "Голая Пристань", "Гола Пристань"),
        (None, "Щёлкино", "Щолкіне"),
        (None, "Новопсков", "Айдар"),
        ("Донецкая обл.", "Угледар", "Вугледар"),
        ("Луганская обл.", "Первомайск", "Сокологірськ"),
        ("Запорожская область", "пгт Акимовка", "Якимівка"),
        ("Херсонская обл.", "Новотроицкое", "Новотроїцьке"),
        ("Севастополь", "Инкерман", "Інкерман"),
    ],
)
def test_a_russian_name_finds_its_settlement_with_or_without_a_region(
    region, settlement, ukrainian
):
    place, note = resolve_place(region, settlement)
    assert place.precision == "settlement" and place.name == ukrainian
    assert place.label == settlement  # kept as written
    assert note and ukrainian in note


def test_a_russian_name_alone_is_one_place_column():
    place, _ = resolve_place("Горловка", None)
    assert place.name == "Горлівка" and place.region == "UA-14"


def test_an_alias_holds_only_in_its_own_region():
    place, note = resolve_place("Луганская обл.", "Горловка")
    assert place.precision == "oblast" and place.region == "UA-09"
    assert note and "not in the KATOTTG codifier" in note


def test_a_ukrainian_name_found_as_before_carries_no_note():
    place, note = resolve_place(None, "Інкерман")
    assert (place.name, place.region, place.label, note) == ("Інкерман", "UA-43", None, None)


@pytest.mark.parametrize(
    ("settlement", "ukrainian"),
    [
        ("под Бахмутом", "Бахмут"),
        ("біля Бахмута", "Бахмут"),
        ("під Бахмутом", "Бахмут"),
        ("возле Мелитополя", "Мелітополь"),
        ("в районе Токмака", "Токмак"),
        ("в районі Токмака", "Токмак"),
        ("около Горловки", "Горлівка"),
        ("под Новой Каховкой", "Нова Каховка"),
        ("поблизу Оріхова", "Оріхів"),
        ("вблизи Каменки-Днепровской", "Кам’янка-Дніпровська"),
        ("под Енакиево", "Єнакієве"),
        ("неподалік від Сніжного", "Сніжне"),
    ],
)
def test_a_place_near_a_settlement_finds_the_settlement(settlement, ukrainian):
    for region, value in ((None, settlement), (settlement, None)):
        place, note = resolve_place(region, value)
        assert place.precision == "settlement" and place.name == ukrainian
        assert place.label == settlement  # "near" is kept as written
        assert note and ukrainian in note


def test_a_russian_name_of_two_towns_stays_as_written_with_its_note():
    # Первомайск: Сокологірськ in Luhansk oblast and Первомайськ in Mykolaiv oblast
    place, note = resolve_place(None, "Первомайск")
    assert place.precision == "unknown" and place.label == "Первомайск"
    assert note and "matches 2 places" in note


def test_an_unknown_name_near_nothing_stays_as_written_with_its_note():
    place, note = resolve_place(None, "под Нигдевкой")
    assert place.precision == "unknown" and place.label == "под Нигдевкой"
    assert note and "not in the KATOTTG codifier" in note
