"""Russian name forms back to the nominative, with pymorphy3 and its Russian dictionary (MIT).

The parse that fits the slot wins: pymorphy3 marks given names (Name), surnames (Surn) and
patronymics (Patr). Surnames it does not know are analysed by suffix. The token itself is
always among the candidates, since people also write names uninflected.
"""

from __future__ import annotations

import functools
from typing import Any, Literal

__all__ = ["Slot", "nominatives_ru"]

Slot = Literal["given", "surname", "patronymic"]
_GRAMMEME = {"given": "Name", "surname": "Surn", "patronymic": "Patr"}
# Case endings of Russian given names -> the nominative ending, for names the dictionary does
# not know (Эскендера, Ленуру): a candidate is kept only when it is a known given name.
_GIVEN_ENDINGS = (
    ("ием", "ий"), ("ия", "ий"), ("ию", "ий"), ("ии", "ий"), ("ом", ""), ("ем", ""),
    ("ем", "ь"), ("ем", "й"), ("а", ""), ("у", ""), ("е", ""), ("я", "ь"), ("ю", "ь"),
    ("я", "й"), ("ю", "й"), ("ой", "а"), ("ей", "я"), ("ы", "а"), ("и", "а"), ("и", "я"),
    ("е", "а"), ("у", "а"), ("ю", "я"),
)  # fmt: skip


@functools.cache
def _analyzer() -> Any:
    import pymorphy3  # imported lazily: loading the dictionary takes a moment

    return pymorphy3.MorphAnalyzer(lang="ru")


def _like(word: str, model: str) -> str:
    """``word`` in the capitalisation of ``model``."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
    return word


@functools.lru_cache(maxsize=100_000)
def nominatives_ru(token: str, slot: Slot, sex: Literal["m", "f"] | None = None) -> tuple[str, ...]:
    """Candidate nominative forms of a Russian name token, best first (the token included)."""
    if not token or not any("а" <= ch.lower() <= "я" or ch.lower() == "ё" for ch in token):
        return (token,)
    word = token.lower().replace("ё", "е")
    grammeme = _GRAMMEME[slot]
    parses = [p for p in _analyzer().parse(word) if grammeme in p.tag]
    if parses and all("nomn" in p.tag and "sing" in p.tag for p in parses):
        return (token,)  # only nominative readings: nothing to undo (and inflecting is slow)
    if not parses and slot == "given":
        return _known_given(token)
    if not parses and slot == "surname":
        # An unknown surname: suffix analysis yields plain nouns or adjectives.
        parses = [p for p in _analyzer().parse(word) if {"NOUN", "ADJF"} & set(p.tag.grammemes)]
    scored: list[tuple[float, str]] = []
    for position, parse in enumerate(parses):
        gender = "femn" if "femn" in parse.tag else "masc" if "masc" in parse.tag else None
        if "plur" in parse.tag:
            continue
        wanted = {"nomn", "sing"} | ({"femn"} if sex == "f" else {"masc"} if sex == "m" else set())
        form = parse.inflect(wanted) or parse.inflect({"nomn", "sing"})
        if form is None:
            continue
        score = parse.score - position * 1e-3
        if sex and gender and (gender == "femn") != (sex == "f"):
            score -= 1
        scored.append((score, form.word))
        if slot == "surname" and gender == "femn" and parse.normal_form != form.word:
            scored.append((score - 0.01, parse.normal_form))  # Иванова -> also Иванов
    out: list[str] = []

    def fits(parse: Any) -> bool:
        if sex is None:
            return True
        return ("femn" in parse.tag) == (sex == "f") or "ms-f" in parse.tag

    if any("nomn" in p.tag and "sing" in p.tag and fits(p) for p in parses):
        out.append(token)  # already a nominative: keep it first
    for _, form_word in sorted(scored, key=lambda item: -item[0]):
        candidate = _like(form_word, token)
        if candidate not in out:
            out.append(candidate)
    if token not in out:
        out.append(token)
    return tuple(out[:4])


def _known_given(token: str) -> tuple[str, ...]:
    """Nominatives of a given name the dictionary does not know, by its case ending, when
    they are names Svidok knows (Эскендера → Эскендер); else the token."""
    from .equivalents import given_name_groups

    if given_name_groups(token):
        return (token,)
    word = token.lower().replace("ё", "е")
    out = [
        _like(word[: len(word) - len(ending)] + nominative, token)
        for ending, nominative in _GIVEN_ENDINGS
        if word.endswith(ending) and len(word) > len(ending) + 2
    ]
    return (*dict.fromkeys(f for f in out if given_name_groups(f)), token)
