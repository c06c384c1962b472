"""Inflected name forms back to the nominative, in Ukrainian (own rules) and Russian
(pymorphy3), choosing by the token's letters which language's rules apply."""

from __future__ import annotations

import functools
from typing import Literal

from .lemma_ru import Slot, nominatives_ru
from .lemma_uk import nominatives as nominatives_uk
from .script import languages

__all__ = ["Slot", "given_name_lemmas", "lemmas"]


@functools.lru_cache(maxsize=200_000)
def lemmas(token: str, slot: Slot, sex: Literal["m", "f"] | None = None) -> tuple[str, ...]:
    """Candidate nominative forms of ``token`` in ``slot``, best first; Latin tokens as written.

    A token that reads as both Ukrainian and Russian ("Скрипника") gets both languages'
    candidates, interleaved.
    """
    langs = languages(token)
    if not langs or langs == ("latin",):
        return (token,)
    found: list[tuple[str, ...]] = []
    if "uk" in langs:
        found.append(nominatives_uk(token, slot, sex))
    # A token both languages could write ("Скрипника") goes to the Russian dictionary only when
    # the Ukrainian rules see no inflection in it: the dictionary costs ten times more.
    if "ru" in langs and not (len(langs) == 2 and found and found[0] != (token,)):
        found.append(nominatives_ru(token, slot, sex))
    out: list[str] = []
    for i in range(max(len(f) for f in found)):
        for candidates in found:
            if i < len(candidates) and candidates[i] not in out:
                out.append(candidates[i])
    if token not in out:
        out.append(token)
    return tuple(out)


def given_name_lemmas(token: str) -> tuple[str, ...]:
    """Nominative candidates of a token read as a given name."""
    return lemmas(token, "given")
