"""Ukrainian personal names back to the nominative, by rule (no dictionary, no GPL data).

Given names: every Ukrainian form in ``data/given_names.csv`` is declined by rule and the
table inverted, so a known name in any case maps to its nominative exactly. Patronymics and
surnames (an open class) are undone by ending rules; ambiguous forms keep every reading
(Іванова: nominative feminine, or genitive of Іванов), the ``sex`` hint ordering them.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Literal

from .equivalents import all_groups, group_forms

__all__ = ["Sex", "Slot", "nominatives"]

Slot = Literal["given", "surname", "patronymic"]
Sex = Literal["m", "f"]

_VOWELS = frozenset("аеєиіїоуюя")
_SIBILANTS = frozenset("жчшщ")
_VELAR_SHIFT = {"г": "з", "к": "ц", "х": "с"}  # Ольга: Ользі, Лука: Луці
_UNSHIFT = {"з": "г", "ц": "к", "с": "х"}
# Given names whose last-syllable і turns to о in the other cases (Федір: Федора).
_I_TO_O = frozenset(
    ["федір", "яків", "антін", "сидір", "прокіп", "ничипір", "тихін", "тиміш", "нестір"]
)
_SOFT_R = frozenset({"ігор", "лазар"})  # declined like Василь: Ігоря, Ігорем
_NEVER_NOMINATIVE = ("ого", "ому", "ої", "ою", "ею", "єю", "ові", "еві", "єві")
_ADJ_STEMS = ("ськ", "цьк", "зьк")
_OV_STEMS = ("ов", "ев", "єв", "ін", "їн")  # Іванов, Аблаєв, Ільїн: -им, feminine -ова

Candidate = tuple[str, str, float]  # nominative, sexes it fits ("m", "f", "mf"), score


def _is_cons(ch: str) -> bool:
    return ch.isalpha() and ch not in _VOWELS and ch not in "йь'"


def _cluster(stem: str) -> bool:
    """Whether the stem ends in two consonants (Кухт-, Бойк-), which few nominatives do."""
    tail = stem.replace("ь", "")[-2:]
    return len(tail) == 2 and all(ch not in _VOWELS and ch != "'" for ch in tail)


def _decline_given(nom: str, sex: str) -> list[str]:
    """The oblique forms (gen, dat, acc, instr, loc, voc) of a Ukrainian given name."""
    last, stem = nom[-1], nom[:-1]
    if sex == "f" and nom == "любов":
        return ["любові", "любов'ю", "любове"]
    if last == "й" and len(nom) > 2 and nom[-2] in _VOWELS:
        return [stem + e for e in ("я", "ю", "єві", "єм")]
    if last == "ь" and sex == "m":
        return [stem + e for e in ("я", "ю", "еві", "ем")]
    if last == "о":
        voc = stem + ("у" if stem[-1] in "кгх" else "е")
        return [stem + e for e in ("а", "у", "ові", "ом")] + [voc]
    if last == "а":
        if stem[-1] in _SIBILANTS:
            return [stem + e for e in ("і", "у", "ею", "о")]
        dat = stem[:-1] + _VELAR_SHIFT.get(stem[-1], stem[-1]) + "і"
        return [stem + "и", dat, stem + "у", stem + "ою", stem + "о"]
    if last == "я":
        if stem[-1] in _VOWELS or stem[-1] == "'":
            return [stem + e for e in ("ї", "ю", "єю", "є")]
        return [stem + e for e in ("і", "ю", "ею", "е")]
    if sex == "m" and _is_cons(last):
        stem = nom[:-2] + "о" + last if nom in _I_TO_O else nom
        if nom in _SOFT_R:
            return [stem + e for e in ("я", "ю", "еві", "ем")]
        if last in _SIBILANTS:
            return [stem + e for e in ("а", "у", "еві", "ем")]
        vocative = {"к": ("у",), "х": ("у",), "г": ("у", "е")}.get(last, ("е",))  # Марку, Олеже
        forms = [stem + e for e in ("а", "у", "ові", "ом", *vocative)]
        return [f[:-2] + "же" if f.endswith("ге") else f for f in forms]
    return []  # indeclinable: foreign vowel-final (Ільмі, Аліє) and consonant-final female


@functools.cache
def _given_table() -> dict[str, dict[str, str]]:
    """Every form of every known Ukrainian given name -> {nominative: sexes}."""
    table: dict[str, dict[str, str]] = {}

    def add(form: str, nom: str, sex: str) -> None:
        entry = table.setdefault(form, {})
        if sex not in entry.get(nom, ""):
            entry[nom] = entry.get(nom, "") + sex

    for group in all_groups():
        forms = group_forms(group)
        names = [*forms.uk, *(d for d in forms.diminutives if not set(d.lower()) & set("ыэёъ"))]
        for name in names:
            nom = name.lower()
            add(nom, nom, forms.sex)
            for form in _decline_given(nom, forms.sex):
                add(form, nom, forms.sex)
    return table


# Inverse surname rules: (oblique ending, nominative ending, sexes, stem test, score).
_Rule = tuple[str, str, str, str, float]
_NOUN_RULES: tuple[_Rule, ...] = (
    *((e, "", "m", "cons", 3.0) for e in ("а", "у", "ові", "ом")),  # Скрипник, Мороз
    *((e, "", "m", "sib", 3.0) for e in ("еві", "ем")),  # Ткач, Петрович
    *((e, "ь", "m", "soft", 2.5) for e in ("я", "ю", "еві", "ем")),  # Коваль
    *((e, "", "m", "r", 2.5) for e in ("я", "ю", "еві", "ем")),  # Бондар, Ігор
    *((e, "й", "m", "vowel", 3.0) for e in ("я", "ю", "єві", "єм")),  # Гордій, Андрій
    *(("ц" + e, "ець", "m", "cons", 3.0) for e in ("я", "ю", "еві", "ем")),  # Кравець
    *(("йц" + e, "єць", "m", "any", 3.0) for e in ("я", "ю", "еві", "ем")),  # Заєць
    *((e, "о", "m", "o", 0.0) for e in ("а", "у", "ові", "ом")),  # Коваленко, Шило
    ("и", "а", "mf", "noun_a", 3.0),  # Кухта, Микола
    ("і", "а", "mf", "noun_a", 2.5),
    ("у", "а", "mf", "noun_a", 2.0),
    ("ою", "а", "mf", "any", 3.0),
    ("ею", "а", "mf", "sib", 3.0),  # Саша
    *((e, "я", "mf", "soft", 1.0) for e in ("і", "ю")),  # Ілля, Головня
    ("ею", "я", "mf", "soft", 2.0),
    *((e, "я", "mf", "vowel", 3.0) for e in ("ї", "єю")),  # Марія
)
_ADJ_RULES: tuple[_Rule, ...] = (
    *((e, "ий", "m", "any", 3.5) for e in ("ого", "ому")),  # Ковальський, Гладкий
    ("им", "ий", "m", "adj", 3.0),
    ("ім", "ий", "m", "adj", 1.0),
    *((e, "ій", "m", "any", 3.5) for e in ("ього", "ьому")),  # Синій
    ("ім", "ій", "m", "any", 1.0),
    ("ої", "а", "f", "any", 3.5),  # Ковальська, Гладка
    ("ій", "а", "f", "adj", 2.0),
    ("у", "а", "f", "adj", 2.0),
    ("ою", "а", "f", "any", 3.0),
    ("ьої", "я", "f", "any", 3.5),
    ("ьою", "я", "f", "any", 3.0),
    *((e, "", "m", "ov", 3.0) for e in ("а", "у", "ові")),  # Іванов, Умеров, Аблаєв
    ("им", "", "m", "ov", 3.5),
    ("ом", "", "m", "ov", 1.0),
    *((e, "а", "f", "ov", 3.0) for e in ("ої", "ій", "у", "ою")),  # Іванова
)


def _fits(test: str, stem: str) -> bool:
    if len(stem) < 2 or not any(ch in _VOWELS for ch in stem):
        return False
    if test not in ("any", "adj") and re.search(r"(ськ|цьк|зьк)[аеиіоуюяєї]\w?$", stem):
        return False  # Ковальському is not the dative of "Ковальськом"
    last = stem[-1]
    return {
        "any": True,
        "cons": _is_cons(last) and not _ends_ko(stem),
        "sib": last in _SIBILANTS,
        "soft": last in "лнтдзс" or stem.endswith("лл"),
        "r": last == "р",
        "vowel": last in "іаеу'",  # Гордій, Миколай, Марія; not -ой/-оя (Ковальською)
        "o": _is_cons(last) and not stem.endswith(_ADJ_STEMS),
        "noun_a": not stem.endswith(_OV_STEMS),
        "adj": stem.endswith(_ADJ_STEMS) or not stem.endswith(_OV_STEMS),
        "ov": stem.endswith(_OV_STEMS),
    }[test]


def _ends_ko(stem: str) -> bool:
    """Stems like Бойк-, Коваленк-, Ковальськ-: a nominative ends -ко or -ський, not here."""
    return stem.endswith(_ADJ_STEMS) or (stem[-1:] == "к" and _cluster(stem))


def _o_score(stem: str) -> float:
    """How likely a stem takes -о in the nominative (Коваленко, Бойко, Дмитро, Шило)."""
    if stem.endswith("енк"):
        return 4.0
    if _cluster(stem):
        return {"к": 3.0, "л": 2.5, "р": 2.5}.get(stem[-1], -1.0)
    return 2.0 if stem[-1] == "л" else -1.0


def _self_score(low: str) -> tuple[str, float] | None:
    """Sexes and score of the token read as a nominative surname; None when it cannot be."""
    if low.endswith(_NEVER_NOMINATIVE):
        return None
    if low.endswith(("ській", "цькій", "зькій", "овій", "евій", "євій", "іній")):
        return "m", 0.5
    if low.endswith(("ий", "ій")):
        return "m", 3.5
    if len(low) > 4 and low.endswith(("ом", "ем", "єм", "им", "ім")):
        return "mf", 1.0  # Шолом, Рахім exist, but these are mostly instrumentals
    if _is_cons(low[-1]) or low[-1] in "йь":
        return "mf", 3.5
    if low.endswith("о"):
        return "mf", 3.5
    if low.endswith("а"):
        stem = low[:-1]
        if stem.endswith(_ADJ_STEMS):
            return "f", 3.5
        if stem.endswith(_OV_STEMS):
            return "f", 3.0
        return "mf", 3.2 if _cluster(stem) and stem[-1] != "к" else 2.0
    if low.endswith("я"):
        return "mf", 1.0 if low.endswith("ця") else 2.0
    return "mf", 0.5


def _by_rules(low: str, rules: tuple[_Rule, ...]) -> list[Candidate]:
    out: list[Candidate] = []
    for ending, nom_end, sexes, test, score in rules:
        if not low.endswith(ending):
            continue
        stem = low[: len(low) - len(ending)]
        if not _fits(test, stem) or (stem[-1] == "ь" and nom_end[:1] in ("и", "а", "о")):
            continue
        if test == "o":
            score = _o_score(stem)
            if score < 0:
                continue
        elif test == "cons" and not nom_end and _cluster(stem):
            score = 1.5
        elif test == "noun_a" and ending == "у" and _cluster(stem) and stem[-1] != "к":
            score = 2.5
        out.append((stem + nom_end, sexes, score))
        if nom_end == "а" and ending == "і" and stem[-1] in _UNSHIFT:  # Бурлаці: Бурлака
            out.append((stem[:-1] + _UNSHIFT[stem[-1]] + "а", sexes, score + 0.1))
        if test == "cons" and not nom_end and stem[-2:-1] == "о" and stem[-1] in "лтрпг":
            out.append((stem[:-2] + "і" + stem[-1], sexes, 1.5))  # Сокола: Сокіл
        if test == "o" and stem[-2:-1] in ("ч", "ш", "ж") and stem[-1] == "к":
            out.append((stem[:-1] + "ок", "m", 2.0))  # Бичка: Бичок
        if stem + nom_end == "шевець":
            out.append(("швець", "m", score + 0.1))
    return out


def _surname(low: str, adjectival: bool = True) -> list[Candidate]:
    found = _self_score(low)
    out: list[Candidate] = [(low, *found)] if found else []
    if not low.endswith(("ього", "ьому")):  # soft adjectives only (Синій)
        out += _by_rules(low, _NOUN_RULES)
    if adjectival:
        out += _by_rules(low, _ADJ_RULES)
    return out


def _patronymic(low: str) -> list[Candidate]:
    for ending in ("ичеві", "ичем", "ича", "ичу"):
        if low.endswith(ending):
            return [(low[: len(low) - len(ending)] + "ич", "m", 3.0)]
    for ending in ("ою", "и", "і", "у", "о"):
        stem = low[: len(low) - len(ending)]
        if low.endswith(ending) and stem.endswith(("вн", "чн")):
            return [(stem + "а", "f", 3.0)]
    if low.endswith("ич"):
        return [(low, "m", 3.0)]
    return [(low, "f" if low.endswith("на") else "mf", 3.0)]


# A labial or р before я, ю, є, ї where Ukrainian writes an apostrophe, left out or written
# with the Russian soft sign: Маряна, Марьяна for Мар'яна.
_NO_APOSTROPHE = re.compile(r"(?<=[бпвмфр])ь?(?=[яюєї])")


def _given(low: str) -> list[Candidate]:
    known = _given_table().get(low)
    if not known and (restored := _NO_APOSTROPHE.sub("'", low)) != low:
        known = _given_table().get(restored)
        low = restored if known else low
    if not known:
        return _surname(low, adjectival=False)
    return [(nom, sexes, 3.5 if nom == low else 3.0) for nom, sexes in known.items()]


def _ranked(candidates: list[Candidate], sex: Sex | None) -> list[str]:
    merged: dict[str, tuple[str, float]] = {}
    for form, sexes, score in candidates:
        old_sexes, old_score = merged.get(form, ("", -1.0))
        merged[form] = ("".join(sorted(set(old_sexes + sexes))), max(score, old_score))
    order = list(merged)
    return sorted(
        order,
        key=lambda f: (sex is not None and sex not in merged[f][0], -merged[f][1], order.index(f)),
    )


def _recase(form: str, original: str) -> str:
    apostrophe = next((ch for ch in original if ch in "'’ʼ`"), "'")
    form = form.replace("'", apostrophe)
    if len(original) > 1 and original.isupper():
        return form.upper()
    if original[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in form.split("-"))
    return form


@functools.lru_cache(maxsize=131072)
def nominatives(token: str, slot: Slot, sex: Sex | None = None) -> tuple[str, ...]:
    """Candidate nominatives of a Ukrainian name token, best first.

    ``slot`` says which part of a name the token is; ``sex`` (when known) puts the readings
    that fit it first. The token itself is among the candidates whenever it may already be
    a nominative, and first on a tie (without ``sex``, "Олександра" stays first, then
    "Олександр"). Hyphenated names are undone part by part. Case and apostrophe follow the
    token ("ОЛЕКСІЯ" gives "ОЛЕКСІЙ").
    """
    text = token.strip().strip('.,;:!?"«»()')
    if not text:
        return ()
    if "-" in text.strip("-"):
        parts = [nominatives(p, slot, sex) or (p,) for p in text.split("-")]
        combos = sorted(
            itertools.product(*(enumerate(p[:3]) for p in parts)),
            key=lambda combo: sum(i for i, _ in combo),
        )
        return tuple(dict.fromkeys("-".join(w for _, w in combo) for combo in combos[:8]))
    low = text.lower().replace("’", "'").replace("ʼ", "'").replace("`", "'")
    if slot == "given":
        candidates = _given(low)
    elif slot == "patronymic":
        candidates = _patronymic(low)
    else:
        candidates = _surname(low)
    ranked = _ranked(candidates, sex) or [low]
    return tuple(dict.fromkeys(_recase(form, text) for form in ranked))
