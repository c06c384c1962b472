"""Patronymics: the father's given name behind one, and the sex and case it shows.

Вікторович → Віктор, Миколайович → Микола, Сергеевич → Сергей; the stem sometimes changes
(Якович and Яковлевич from Яків/Яков, Ілліч and Ильич from Ілля/Илья, Кузьмич from Кузьма,
Львович from Лев), so :func:`father_name` gives candidates, best first, and
:func:`father_groups` keeps the first that is a known man's name. The ending also says the
person's sex (-ович, -ич, огли: a man; -івна, -овна, -ична, кизи: a woman) and whether the
name is written in an oblique case (Івановича, Іванівни: "of Іван Іванович").
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from .equivalents import given_name_groups, group_forms

__all__ = [
    "PARTICLES",
    "father_groups",
    "father_name",
    "is_short_patronymic",
    "patronymic_case",
    "patronymic_sex",
]

# Turkic patronymics are the father's name and a word for "son" or "daughter" (Crimean Tatar
# "Рустем огълу", Azerbaijani "Али оглы", "Різа кизи").
_SON = frozenset(
    {"огли", "оглу", "огълу", "оглы", "огылу", "oglu", "oğlu", "ogly", "ogli", "ogul", "oğul"}
)
_DAUGHTER = frozenset({"кизи", "кизы", "кызы", "къызы", "kizi", "kyzy", "qizi", "qızı", "kızı"})
PARTICLES = _SON | _DAUGHTER
"""Words that make the preceding given name a Turkic patronymic (son of, daughter of)."""

# Patronymic ending -> what to put back for the father's name, most specific first.
_FATHER_RULES = (
    ("ійович", "ій"), ("іївна", "ій"), ("ьович", "ь"), ("ївна", "й"), ("айович", "ай"),
    ("айівна", "ай"), ("йович", "й"), ("аевич", "ай"), ("аевна", "ай"), ("еевич", "ей"),
    ("еевна", "ей"), ("ьевич", "ий"), ("ьевна", "ий"), ("иевич", "ий"), ("иевна", "ий"),
    ("влевич", "в"), ("влевна", "в"),  # Яковлевич: Яков (an л comes in after the в)
    ("ович", ""), ("евич", ""), ("івна", ""), ("овна", ""), ("евна", ""), ("iyovych", "iy"),
    ("yovych", "y"), ("ovych", ""), ("ovich", ""), ("evich", ""), ("yivna", "y"), ("ivna", ""),
    ("ovna", ""), ("evna", ""), ("ьинична", "ья"), ("инична", "а"), ("їнічна", "я"),
    ("інічна", "а"), ("ьич", "ья"),
    ("іч", "я"), ("ична", "а"), ("ич", "а"), ("ichna", "a"), ("ych", "a"), ("ich", "a"),
)  # fmt: skip
# Endings after which the father's name may have lost a final vowel or syllable:
# Дмитрович (Дмитро), Кузьмович (Кузьма), Іллівна (Ілля), Якович (Яків/Яков).
_OPEN_STEMS = frozenset({"ович", "івна", "овна", "ovych", "ovich", "ivna", "ovna"})

_MALE = re.compile(r"(ович|евич|євич|ич|іч|ovych|ovich|ovitch|evich|ych|ich)$", re.IGNORECASE)
_FEMALE = re.compile(r"(вна|чна|vna|chna)$", re.IGNORECASE)
_MALE_OBLIQUE = re.compile(r"[иі]ч(а|у|ем|еві|е)$", re.IGNORECASE)
_FEMALE_OBLIQUE = re.compile(r"[вч]н(и|і|у|ою|ы|е|ой|ої|ій)$", re.IGNORECASE)
_SHORT = re.compile(r"(ич|іч|ich|ych|ична|ichna)$", re.IGNORECASE)


def _particle(patronymic: str) -> str | None:
    words = patronymic.split()
    return words[-1].casefold() if len(words) > 1 and words[-1].casefold() in PARTICLES else None


@functools.lru_cache(maxsize=200_000)
def father_name(patronymic: str) -> tuple[str, ...]:
    """Candidate given names of the father, best first: Вікторович → Віктор, Андрійович →
    Андрій, Миколайович → Микола, Сергеевич → Сергей, Дмитрович → Дмитр, Дмитро, Якович →
    Як, ..., Яков; Ильич → Илья; "Рустем огли" → Рустем."""
    word = patronymic.strip()
    if _particle(word):
        return (word.rsplit(" ", 1)[0],)
    lower = word.lower()
    out: list[str] = []
    for suffix, restore in _FATHER_RULES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
            stem = word[: len(word) - len(suffix)] + restore
            out.append(stem)
            if restore == "ай":
                out.append(stem[:-1])  # Миколайович: Микола (й is only the linking sound)
            if suffix in _OPEN_STEMS:
                out += _open_stem(stem)
            break
    return tuple(dict.fromkeys(out)) or (word,)


def _open_stem(stem: str) -> list[str]:
    """Fathers' names that lose their ending in the patronymic: Дмитр-о, Кузьм-а, Ілл-я,
    Як-ов (Якович: Яков + ович), Григор-ій (Григорович), Льв → Лев, Mykolai → Mykola."""
    latin = stem[-1:].isascii()
    ends = ("o", "a", "ii", "iy") if latin else ("о", "а", "я", "ов", "ій")
    out = [stem + end for end in ends]
    if stem.lower().endswith("ьв"):
        out.append(stem[:-2] + "ев")
    if latin and stem[-1:] in ("i", "y"):
        out.append(stem[:-1])
    return out


@functools.lru_cache(maxsize=100_000)
def _male_groups(name: str) -> frozenset[str]:
    return frozenset(g for g in given_name_groups(name) if group_forms(g).sex == "m")


def father_groups(patronymic_forms: tuple[str, ...]) -> frozenset[str]:
    """Name groups of the father (men's names only) for the first of ``patronymic_forms``'
    candidates that is a known name; empty when none is."""
    for form in patronymic_forms:
        for candidate in father_name(form):
            if found := _male_groups(candidate):
                return found
    return frozenset()


@functools.lru_cache(maxsize=100_000)
def is_short_patronymic(token: str) -> bool:
    """A patronymic too short for its ending alone to tell (Ильич, Ілліч, Фомич, Лукич): it
    ends in -ич/-ична and the father's name it gives is a known man's name."""
    if not _SHORT.search(token) or _male_groups(token) or " " in token:
        return False
    return any(_male_groups(candidate) for candidate in father_name(token))


def patronymic_sex(patronymic: str) -> Literal["m", "f"] | None:
    """The sex a patronymic shows, in any case: -ович/-ич/огли a man, -івна/-ична/кизи a
    woman (Івановича, Іванівною too)."""
    particle = _particle(patronymic)
    if particle:
        return "m" if particle in _SON else "f"
    word = patronymic.strip()
    if _FEMALE.search(word) or _FEMALE_OBLIQUE.search(word):
        return "f"
    if _MALE.search(word) or _MALE_OBLIQUE.search(word):
        return "m"
    return None


def patronymic_case(patronymic: str) -> Literal["nominative", "oblique"] | None:
    """Whether a patronymic is written in the nominative (Іванович, Іванівна) or another case
    (Івановича, Іванівні); None when the ending does not say."""
    word = patronymic.strip()
    if _MALE_OBLIQUE.search(word) or _FEMALE_OBLIQUE.search(word):
        return "oblique"
    if _particle(word) or _MALE.search(word) or _FEMALE.search(word):
        return "nominative"
    return None
