"""What a name cell holds besides the name: birth years, titles and ranks, other spellings.

Lists write "Скрипник Олексій Васильович, 1985 р.н.", "гр. Скрипник О.В.", "мол. сержант
Скрипник О.В." or "Скрипник Олексій (Skrypnyk Oleksii)". :func:`strip_extras` returns the name
alone, and the spellings found in parentheses apart, so that none of it becomes a name part.
"""

from __future__ import annotations

import re

__all__ = ["strip_extras"]

# A year or a date, with the words that mark it as the year of birth (р.н., г.р., року
# народження, года рождения) on either side.
# Before the year only in lower case: "Скрипник Р.Н. 1985" keeps its initials.
_MARK = (
    r"(?:р\.?\s?н\.?|г\.?\s?р\.?|н\.?\s?р\.?|д\.?\s?н\.?|року\s+народження|р\.\s*народж\.?|"
    r"года\s+рождения|г\.\s*рожд\.?|рр?\.|гг?\.|born|b\.)"
)
_PREFIX = r"(?:р\.\s?н\.|г\.\s?р\.|д\.\s?н\.|born|b\.)"
_DATE = r"\d{1,4}(?:[./-]\d{1,4}){0,2}"
_BIRTH = re.compile(rf"(?<![^\W\d_])(?:{_PREFIX}\s*)?{_DATE}(?:\s*(?i:{_MARK})(?![^\W\d_]))?")
_BRACKETS = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]")
# Titles and ranks written before a name. Those that are also surnames (Майор, Капітан,
# Полковник, Матрос) count as titles only when written in lower case.
_TITLES = frozenset(
    {
        "гр", "гр-н", "гр-ка", "гр-нка", "г-н", "г-жа", "громадянин", "громадянка",
        "громадянина", "громадянки", "гражданин", "гражданка", "гражданина", "гражданки",
        "військовослужбовець", "военнослужащий", "рядовий", "рядовой", "рядового", "солдат",
        "солдата", "ефрейтор", "єфрейтор", "сержант", "сержанта", "старшина", "прапорщик",
        "лейтенант", "підполковник", "подполковник", "мол", "молодший", "младший", "ст",
        "старший", "старшой", "головний", "главный", "mr", "mrs", "ms",
    }
)  # fmt: skip
_LOWER_CASE_TITLES = frozenset(
    {"майор", "капітан", "капитан", "полковник", "генерал", "матрос", "пан", "пані"}
)
_WORD = re.compile(r"\s*([^\W\d_][\w-]*)\.?")


def _alternatives(text: str) -> tuple[str, list[str]]:
    """The text without bracketed parts; those that read as names (capitalised words, no
    digits) are kept apart: "Скрипник Олексій (Skrypnyk Oleksii)"."""
    found: list[str] = []

    def keep(match: re.Match[str]) -> str:
        inside = match.group(1).strip()
        words = inside.split()
        if words and not any(ch.isdigit() for ch in inside) and all(w[:1].isupper() for w in words):
            found.append(inside)
        return " "

    return _BRACKETS.sub(keep, text), found


def _strip_titles(text: str) -> str:
    rest = text
    while match := _WORD.match(rest):
        word = match.group(1)
        fold = word.casefold()
        if fold not in _TITLES and not (fold in _LOWER_CASE_TITLES and word.islower()):
            break
        rest = rest[match.end() :]
    return rest if rest.strip(" ,;-") else text  # "Сержант" alone is a surname


def strip_extras(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without birth years, leading titles and bracketed parts; and the bracketed
    parts that are other spellings of the name."""
    text, alternatives = _alternatives(text)
    text = _BIRTH.sub(" ", text)
    text = _strip_titles(text.strip(" ,;"))
    return re.sub(r"\s+", " ", text).strip(" ,;-"), tuple(alternatives)
