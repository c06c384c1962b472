"""Parse a full name into given name, patronymic, surname and initials, in either order.

"Скрипник Олексій Вікторович", "Олексій Вікторович Скрипник", "Скрипник, Олексій", "Скрипник
О.В.", "О. В. Скрипник", "Oleksii Skrypnyk", "Олексія Скрипника" (a genitive in a sentence):
the patronymic's ending, known given names (in any case form) and typical surname endings
decide the order when it is not given.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from .script import Script, normalize_token, token_script

__all__ = ["NameOrder", "ParsedName", "Role", "Token", "is_patronymic", "parse_name"]

NameOrder = Literal["surname_first", "given_first", "auto"]
Role = Literal["given", "patronymic", "surname", "initial"]

_PATRONYMIC = re.compile(
    r"(ович|евич|євич|йович|ьович|ич|івна|ївна|овна|евна|ична|инична|"
    r"ovych|ovich|ovitch|evich|yevych|ievych|yovych|ivna|yivna|ovna|evna|ichna|ychna)$",
    re.IGNORECASE,
)
# Endings that make a token far more likely a surname than a given name.
_SURNAME_END = re.compile(
    r"(енко|єнко|чук|щук|юк|ук|ський|цький|ська|цька|ский|цкий|ская|цкая|ов|ев|єв|ів|ін|ин|ова|ева|іна|ина|"
    r"ник|як|ець|ар|яр|ич|uk|yuk|chuk|enko|sky|skyi|skyy|skiy|ska|ov|ev|ova|eva|in|ina|nyk|nik)$",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"^(?:\w\.\s*){1,3}$")
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name as written, with its script and its role in the name."""

    text: str
    script: Script
    role: Role


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name's parts as written (inflected forms stay inflected; see :mod:`.lemma`)."""

    original: str
    given: str | None
    patronymic: str | None
    surname: str | None
    initials: tuple[str, ...]
    order: Literal["surname_first", "given_first", "single"]
    tokens: tuple[Token, ...]


# Turkic patronymics are the father's name and a word for "son" or "daughter" (Crimean Tatar
# "Рустем огълу", Azerbaijani "Али оглы", "Різа кизи").
_PARTICLES = frozenset(
    {
        "огли", "оглу", "огълу", "оглы", "огылу", "кизи", "кизы", "кызы", "къызы",
        "oglu", "oğlu", "ogly", "ogli", "kizi", "kyzy", "qizi", "qızı",
    }
)  # fmt: skip


def _join_particles(words: list[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        if word.casefold() in _PARTICLES and joined:
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


def is_patronymic(token: str) -> bool:
    """True when a token ends like a patronymic (-ович, -івна, -овна, -ovych, ...) or is a
    Turkic patronymic (the father's name with огли/кизи...)."""
    if " " in token and token.rsplit(" ", 1)[1].casefold() in _PARTICLES:
        return True
    return len(token) > 5 and bool(_PATRONYMIC.search(token))


def _givenness(token: str) -> float:
    """How likely a token is a given name: known (in any case form) 1, surname-like 0."""
    from .equivalents import given_name_groups
    from .lemma import given_name_lemmas

    if given_name_groups(token) or any(
        given_name_groups(lemma) for lemma in given_name_lemmas(token)
    ):
        return 1.0
    if _SURNAME_END.search(token):
        return 0.0
    return 0.4


def _split_initials(text: str) -> list[str]:
    return [part for part in re.split(r"[.\s]+", text) if part]


@functools.lru_cache(maxsize=200_000)
def parse_name(full: str, order: NameOrder = "auto") -> ParsedName:
    """Parse ``full`` (in any script); ``order`` says how the source writes names, if known."""
    text = re.sub(r"\s+", " ", normalize_token(full)).strip(" ,;")
    surname_hint: str | None = None
    if "," in text:  # "Скрипник, Олексій Вікторович": what precedes the comma is the surname
        surname_hint, _, text_rest = text.partition(",")
        surname_hint = surname_hint.strip()
        text = f"{surname_hint} {text_rest.strip()}".strip()
        order = "surname_first"
    raw = re.findall(r"(?:\w\.\s?){1,3}(?!\w)|[\w'\-]+", text)
    words = _join_particles([w.strip() for w in raw if w.strip()])
    if len(words) > 1 and sum(len(w) > 1 for w in words) >= 1:
        # "Скрипник О В": single letters written without dots are initials too
        words = [f"{w}." if len(w) == 1 and w.isalpha() else w for w in words]
    initials = [letter for w in words if _INITIALS.match(w) for letter in _split_initials(w)]
    names = [w for w in words if not _INITIALS.match(w)]
    roles: dict[int, Role] = {}
    if len(names) == 1:
        only = names[0]
        role: Role = (
            "given"
            if not initials and _givenness(only) == 1.0 and surname_hint is None
            else "surname"
        )
        roles[0] = role
        chosen = "single"
    elif not names:  # only initials, or no name words at all: nothing to order
        chosen = "surname_first" if order == "auto" else order
    else:
        patronymics = [i for i, w in enumerate(names) if is_patronymic(w)]
        if order == "auto":
            order = _guess_order(names, patronymics)
        if order == "surname_first":
            roles[0] = "surname"
            rest = list(range(1, len(names)))
        else:
            roles[len(names) - 1] = "surname"
            rest = list(range(0, len(names) - 1))
        if rest:
            roles[rest[0]] = "given"
            for i in rest[1:]:
                roles[i] = "patronymic"
        chosen = order
    given = " ".join(names[i] for i in sorted(roles) if roles[i] == "given") or None
    patronymic = " ".join(names[i] for i in sorted(roles) if roles[i] == "patronymic") or None
    surname = next((names[i] for i in sorted(roles) if roles[i] == "surname"), None)
    tokens = tuple(
        Token(names[i], token_script(names[i]), roles[i]) for i in sorted(roles)
    ) + tuple(Token(letter, token_script(letter), "initial") for letter in initials)
    return ParsedName(full, given, patronymic, surname, tuple(initials), chosen, tokens)  # type: ignore[arg-type]


def _guess_order(
    names: list[str], patronymics: list[int]
) -> Literal["surname_first", "given_first"]:
    if patronymics:
        first = patronymics[0]
        if first == len(names) - 1 and len(names) >= 3:
            return "surname_first"  # Прізвище Ім'я По-батькові
        # Two words, one ending like a patronymic: a surname such as Кузьмич, Бабич, Петрович
        # far more often than a name with no surname; the known given name decides below.
        if first == len(names) - 2 and first >= 1:
            return "given_first"  # Ім'я По-батькові Прізвище
    head, tail = _givenness(names[0]), _givenness(names[-1])
    if head > tail:
        return "given_first"
    if tail > head:
        return "surname_first"
    return "given_first" if all(token_script(n) == "latin" for n in names) else "surname_first"
