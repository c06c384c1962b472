"""A long tail of fictional Ukrainian and Russian-style surnames, built from stems and suffixes.

Real lists of conscripted people are not dominated by a few dozen surnames: Коваленко and
Мельник are common, but most people carry one of tens of thousands of rarer surnames. A demo
with only the common ones would make namesakes far too frequent (and linkage look harder
than it is, or easier where it should not be). The stems are ordinary Ukrainian words and
first names; the combinations are fictional. Weights follow a Zipf-like tail.
"""

from __future__ import annotations

import itertools
import random

__all__ = ["ru_spelling", "tail_surnames"]

# Stems: trades, animals and plants, places and first names, as they appear in surnames.
_STEMS = [
    "Бондар",
    "Гончар",
    "Ткач",
    "Кравч",
    "Шевч",
    "Мельнич",
    "Коваль",
    "Пасіч",
    "Чумач",
    "Кушнір",
    "Стельмах",
    "Рибал",
    "Пушкар",
    "Гутн",
    "Дігт",
    "Лимар",
    "Олійн",
    "Сидор",
    "Тесл",
    "Шаповал",
    "Бортн",
    "Ковт",
    "Винар",
    "Ґудз",
    "Мірош",
    "Кухар",
    "Пекар",
    "Пастух",
    "Вовч",
    "Ведмед",
    "Лисич",
    "Орл",
    "Сокол",
    "Голуб",
    "Ворон",
    "Журавл",
    "Соловй",
    "Горобч",
    "Гусак",
    "Бугай",
    "Зайч",
    "Козл",
    "Кот",
    "Ворот",
    "Дуб",
    "Клен",
    "Явор",
    "Калин",
    "Вишн",
    "Береж",
    "Ліщин",
    "Терн",
    "Ясен",
    "Верб",
    "Гороб",
    "Шпак",
    "Сорок",
    "Дрозд",
    "Гриц",
    "Петр",
    "Павл",
    "Іван",
    "Степан",
    "Мирон",
    "Остап",
    "Тарас",
    "Семен",
    "Данил",
    "Марч",
    "Кирил",
    "Юрч",
    "Федор",
    "Гнат",
    "Харит",
    "Лук",
    "Яковл",
    "Кость",
    "Сав",
    "Мусі",
    "Макс",
    "Назар",
    "Онищ",
    "Прок",
    "Охрім",
    "Тимош",
    "Філип",
    "Яцен",
    "Кузьм",
    "Левч",
    "Мацк",
    "Панч",
    "Радч",
    "Сач",
    "Тищ",
    "Устим",
    "Хом",
    "Шим",
    "Юхим",
    "Якимч",
    "Зінч",
    "Власч",
    "Гордієн",
    "Демч",
    "Єрем",
    "Карп",
    "Лесь",
    "Микит",
    "Ничип",
    "Опанас",
    "Проц",
    "Риж",
    "Стець",
    "Тимч",
    "Уласч",
    "Фесь",
    "Хрущ",
    "Цибул",
    "Чорн",
    "Біл",
    "Руд",
    "Сив",
    "Сір",
    "Кривош",
    "Глух",
    "Гарбуз",
    "Буряк",
    "Квас",
    "Сало",
    "Паляниц",
    "Коржу",
    "Галушк",
    "Борщ",
    "Мак",
    "Ковбас",
    "Кулиш",
    "Гречан",
    "Пшен",
    "Жит",
    "Овес",
    "Горох",
    "Морк",
    "Капуст",
    "Часник",
    "Цукр",
    "Медв",
    "Воск",
    "Дорош",
    "Лозин",
    "Заруд",
    "Підгір",
    "Загор",
    "Поліщ",
    "Подольч",
    "Волин",
    "Литвин",
    "Козач",
    "Запорож",
    "Січ",
    "Гайдам",
    "Кобз",
    "Бандур",
    "Скрип",
    "Сопіл",
    "Цимбал",
    "Дудн",
    "Трембіт",
    "Барабан",
    "Гусл",
    "Лір",
]

# (Ukrainian suffix, weight): how often the suffix ends a surname.
_SUFFIXES = (
    ("енко", 10),
    ("ук", 6),
    ("чук", 4),
    ("юк", 2),
    ("ишин", 2),
    ("ів", 1),
    ("ський", 3),
    ("ко", 2),
    ("ак", 2),
    ("ець", 2),
    ("ович", 1),
    ("", 2),
)

# Russian-style surnames (in the east and Crimea, and as Russian courts write them).
_RU_SUFFIXES = (("ов", 5), ("ин", 2), ("ев", 2), ("ський", 1))

_VOWELS = set("аеєиіїоуюяь")


def ru_spelling(uk: str) -> str:
    """How a Ukrainian surname is usually spelled in Russian documents."""
    out = uk
    for a, b in (
        ("ський", "ский"),
        ("ська", "ская"),
        ("цький", "цкий"),
        ("цька", "цкая"),
        ("ець", "ец"),
    ):
        if out.endswith(a):
            out = out[: -len(a)] + b
            break
    out = out.replace("ій", "ей").replace("Ій", "Ей")
    table = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "Ґ": "Г", "'": "", "’": ""})
    return out.translate(table)


def _join(stem: str, suffix: str) -> str | None:
    if not suffix:
        return stem if stem[-1] not in _VOWELS and len(stem) >= 4 else None
    if stem[-1] in _VOWELS and suffix[0] in _VOWELS:
        return None
    if suffix.startswith(("ч", "ськ")) and (stem.endswith("ч") or stem[-2] not in _VOWELS):
        return None
    word = stem + suffix
    for hard in "чшжщц":  # Ukrainian spells -чук, -шук: no ю after these
        word = word.replace(hard + "ю", hard + "у")
    return word


def _female(uk: str) -> str:
    if uk.endswith("ський"):
        return uk[:-2] + "а"
    if uk.endswith("ий"):
        return uk[:-2] + "а"
    if uk.endswith(("ів", "ишин")):
        return uk  # Галицькі прізвища: Петрів, Петришин for women too
    if uk.endswith(("ов", "ин", "ев")):
        return uk + "а"
    return uk  # -енко, -ук, -чук, -ець ... do not change for women


_ONSETS = [
    "б",
    "в",
    "г",
    "д",
    "ж",
    "з",
    "к",
    "л",
    "м",
    "н",
    "п",
    "р",
    "с",
    "т",
    "х",
    "ц",
    "ч",
    "ш",
    "бр",
    "гр",
    "др",
    "кр",
    "пр",
    "тр",
    "ст",
    "сл",
    "зв",
    "гл",
]
_NUCLEI = ["а", "о", "у", "е", "и", "і"]
_CODAS = ["", "", "н", "р", "л", "с", "ш", "ч", "к", "м", "д", "в", "х", "нч", "рк"]


def _syllabic_stem(rng: random.Random) -> str:
    """A two-syllable fictional stem in Ukrainian sound patterns (Тарешенко, Кувальчук)."""
    stem = rng.choice(_ONSETS) + rng.choice(_NUCLEI)
    stem += rng.choice(_ONSETS[:18]) + rng.choice(_NUCLEI) + rng.choice(_CODAS)
    return stem[0].upper() + stem[1:]


def tail_surnames(
    seed: int = 20241, ua: int = 12_000, ru: int = 2_000
) -> list[tuple[str, str, str, int, str, str]]:
    """(uk, ru, group, weight, female uk, female ru), deterministic for a seed.

    First the combinations of real stems (the commoner part of the tail), then fictional
    two-syllable stems with the same suffixes, until ``ua`` and ``ru`` surnames are made.
    Weights fall with rank: a few dozen at 10-30, most at 1.
    """
    rng = random.Random(seed)
    made: dict[str, tuple[str, int]] = {}
    for group, suffixes, count in (("ua", _SUFFIXES, ua), ("ru", _RU_SUFFIXES, ru)):
        combos = [
            (word, w)
            for (stem, (suffix, w)) in itertools.product(_STEMS, suffixes)
            if (word := _join(stem, suffix)) is not None
        ]
        rng.shuffle(combos)
        combos.sort(key=lambda c: -c[1] * rng.random())
        words = iter(word for word, _ in combos)
        suffix_pool = [sfx for sfx, w in suffixes for _ in range(w)]
        taken = 0
        while taken < count:
            word = next(words, None)
            if word is None:
                word = _join(_syllabic_stem(rng), rng.choice(suffix_pool))
            if word is None or word in made:
                continue
            made[word] = (group, taken)
            taken += 1
    out = []
    for uk, (group, rank) in made.items():
        weight = max(1, round(30 / (1 + rank) ** 0.7))
        ru_form = ru_spelling(uk)
        out.append((uk, ru_form, group, weight, _female(uk), ru_spelling(_female(uk))))
    return out
