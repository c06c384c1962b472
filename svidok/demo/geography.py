"""Real places the fictional stories happen in: settlements of the occupied regions, training
grounds in Russia, front sectors, and the bodies that act there.

Settlement codes in ``data/places.csv`` are checked against the KATOTTG codifier by the tests.
"""

from __future__ import annotations

import bisect
import csv
import functools
import itertools
import random
from dataclasses import dataclass
from importlib import resources

from .translit import transliterate

__all__ = [
    "DESTINATIONS",
    "FRONTS",
    "REGION_NAMES",
    "Settlement",
    "body",
    "draw_settlement",
    "settlements",
]


@dataclass(frozen=True, slots=True)
class Settlement:
    """A city or settlement with its KATOTTG code, names, and the Russian-installed court."""

    code: str
    region: str
    uk: str
    ru: str
    kind: str  # "city" or "settlement"
    weight: int
    court_ru: str

    @property
    def en(self) -> str:
        return transliterate(self.uk, "ua_national")


#: Region names by ISO code: (Ukrainian, Russian, English).
REGION_NAMES: dict[str, tuple[str, str, str]] = {
    "UA-23": ("Запорізька область", "Запорожская область", "Zaporizhzhia oblast"),
    "UA-65": ("Херсонська область", "Херсонская область", "Kherson oblast"),
    "UA-14": ("Донецька область", "Донецкая область", "Donetsk oblast"),
    "UA-09": ("Луганська область", "Луганская область", "Luhansk oblast"),
    "UA-43": ("Автономна Республіка Крим", "Республика Крым", "Autonomous Republic of Crimea"),
    "UA-40": ("м. Севастополь", "г. Севастополь", "Sevastopol"),
}

#: Training grounds and assembly points in Russia: (Ukrainian, Russian, English). Outside the
#: KATOTTG codifier, so events there carry only a label.
DESTINATIONS: dict[str, tuple[str, str, str]] = {
    "rostov": ("Ростовська обл., РФ", "Ростовская область", "Rostov oblast, Russia"),
    "novocherkassk": ("Новочеркаськ, РФ", "Новочеркасск", "Novocherkassk, Russia"),
    "krasnodar": ("Краснодарський край, РФ", "Краснодарский край", "Krasnodar krai, Russia"),
    "mulino": ("Мулино, Нижньогородська обл., РФ", "Мулино", "Mulino, Russia"),
}

#: Front sectors: an ISO region code, or None with a label for places in Russia.
FRONTS: dict[str, tuple[str | None, str, str, str]] = {
    "pokrovsk": ("UA-14", "Покровський напрямок", "Покровское направление", "Pokrovsk axis"),
    "bakhmut": ("UA-14", "Бахмутський напрямок", "Артёмовское направление", "Bakhmut axis"),
    "zaporizhzhia": (
        "UA-23",
        "Запорізький напрямок",
        "Запорожское направление",
        "Zaporizhzhia axis",
    ),
    "kreminna": ("UA-09", "Кремінна", "Кременная", "Kreminna area"),
    "kursk": (None, "Курська обл., РФ", "Курская область", "Kursk oblast, Russia"),
}


@functools.cache
def settlements() -> dict[str, tuple[Settlement, ...]]:
    """Settlements of ``data/places.csv`` by ISO region code."""
    text = resources.files("svidok.demo").joinpath("data", "places.csv").read_text("utf-8")
    rows = [
        Settlement(
            r["code"], r["region"], r["uk"], r["ru"], r["kind"], int(r["weight"]), r["court_ru"]
        )
        for r in csv.DictReader(text.splitlines())
    ]
    by_region: dict[str, list[Settlement]] = {}
    for row in rows:
        by_region.setdefault(row.region, []).append(row)
    return {region: tuple(group) for region, group in by_region.items()}


@functools.cache
def _cumulative(region: str) -> tuple[list[int], int]:
    weights = list(itertools.accumulate(s.weight for s in settlements()[region]))
    return weights, weights[-1]


def draw_settlement(rng: random.Random, region: str) -> Settlement:
    """A settlement of ``region``, weighted by rough population."""
    cumulative, total = _cumulative(region)
    return settlements()[region][bisect.bisect_right(cumulative, rng.random() * total)]


_COMMISSARIAT = {
    "uk": "військкомат {m} {uk}",
    "ru": "военный комиссариат {m} {ru}",
    "en": "military commissariat of {en}",
}
_PREFIX = {
    ("uk", "city"): "м.",
    ("uk", "settlement"): "сел.",
    ("ru", "city"): "г.",
    ("ru", "settlement"): "пгт",
    ("en", "city"): "",
    ("en", "settlement"): "",
}
_MILITIA = {
    "UA-14": ("так звана «народна міліція ДНР»", "Народная милиция ДНР", "so-called DPR militia"),
    "UA-09": ("так звана «народна міліція ЛНР»", "Народная милиция ЛНР", "so-called LPR militia"),
}
_OTHER = {
    "passportization_pressure": (
        "окупаційна адміністрація",
        "администрация",
        "occupation administration",
    ),
    "detention": ("ФСБ", "сотрудники ФСБ", "FSB officers"),
    "reprisal_against_family": ("окупаційна поліція", "полиция", "occupation police"),
    "prosecution_opened": (
        "слідчий комітет РФ",
        "Следственный комитет России",
        "Russian Investigative Committee",
    ),
}
_COMMISSARIAT_TYPES = {
    "registration_demand",
    "summons_paper",
    "summons_electronic",
    "medical_commission",
    "conscription",
    "forced_mobilization",
    "transfer_outside_territory",
}
_LANGS = {"uk": 0, "ru": 1, "en": 2}


def body(event_type: str, hub: Settlement, lang: str, *, year: int = 2024) -> str | None:
    """The acting body as a source in ``lang`` names it, or None when no body is known."""
    i = _LANGS[lang]
    if event_type == "forced_mobilization" and year == 2022 and hub.region in _MILITIA:
        return _MILITIA[hub.region][i]
    if event_type in _COMMISSARIAT_TYPES:
        m = _PREFIX[(lang, hub.kind)]
        text = _COMMISSARIAT[lang].format(m=m, uk=hub.uk, ru=hub.ru, en=hub.en)
        return " ".join(text.split())
    if event_type in ("sentence", "administrative_penalty"):
        court = {
            "uk": f"суд окупантів: {hub.court_ru}",
            "ru": hub.court_ru,
            "en": f"Russian-installed court ({transliterate(hub.court_ru, 'ru_english')})",
        }
        return court[lang]
    if event_type in _OTHER:
        return _OTHER[event_type][i]
    return None
