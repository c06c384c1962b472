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

from .extras import strip_extras
from .patronymic import PARTICLES, is_short_patronymic, patronymic_sex
from .script import Script, normalize_token, token_script

__all__ = ["NameOrder", "ParsedName", "Role", "Token", "is_patronymic", "parse_name"]

NameOrder = Literal["surname_first", "given_first", "auto"]
Role = Literal["given", "patronymic", "surname", "initial"]

_PATRONYMIC = re.compile(
    r"(ович|евич|євич|йович|ьович|ич|івна|ївна|овна|евна|ична|ічна|инична|"
    r"ovych|ovich|ovitch|evich|yevych|ievych|yovych|ivna|yivna|ovna|evna|ichna|ychna)$",
    re.IGNORECASE,
)
# Endings that make a token far more likely a surname than a given name.
_SURNAME_END = re.compile(
    r"(енко|єнко|чук|щук|юк|ук|ський|цький|ська|цька|ский|цкий|ская|цкая|ов|ев|єв|ів|ін|ин|ова|ева|іна|ина|"
    r"ник|як|ець|ар|яр|ич|uk|yuk|chuk|enko|sky|skyi|skyy|skiy|ska|ov|ev|ova|eva|in|ina|nyk|nik)$",
    re.IGNORECASE,
)
_ENKO = re.compile(r"(енко|єнко|enko)$", re.IGNORECASE)  # never a patronymic
_INITIALS = re.compile(r"^(?:\w\.\s*){1,3}$")
_SEPARATORS = re.compile(r"[\s,;]+")
# A double surname written with a dash or a spaced hyphen: Бойко–Мороз, Бойко - Мороз.
_DASH = re.compile(r"(?<=[^\W\d_])(?:\s*[‐‑‒–—―−]\s*|\s+-\s*|\s*-\s+)(?=[^\W\d_])")


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
    alternatives: tuple[str, ...] = ()  # other spellings given in parentheses


def _join_particles(words: list[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        if word.casefold() in PARTICLES and joined:
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


def is_patronymic(token: str) -> bool:
    """True when a token ends like a patronymic (-ович, -івна, -овна, -ovych, ...), is a short
    one from a known name (Ильич, Ілліч, Фомич) or a Turkic patronymic (the father's name with
    огли/кизи...)."""
    if " " in token and token.rsplit(" ", 1)[1].casefold() in PARTICLES:
        return True
    return (len(token) > 5 and bool(_PATRONYMIC.search(token))) or is_short_patronymic(token)


@functools.lru_cache(maxsize=100_000)
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
    """Parse ``full`` (in any script); ``order`` says how the source writes names, if known.

    Birth years, titles and ranks are dropped and spellings in parentheses kept apart (see
    :mod:`.extras`); a dash in a double surname is a hyphen (Бойко–Мороз); a known given name
    with a patronymic is a name without surname (Олег Юрійович)."""
    text, alternatives = strip_extras(full)
    # word by word, so that a Latin word in a Cyrillic name stays Latin (Коваленко Oleksandr)
    text = _DASH.sub(_hyphen, " ".join(map(normalize_token, text.split()))).strip(" ,;")
    surname_hint: str | None = None
    if "," in text:  # "Скрипник, Олексій Вікторович": what precedes the comma is the surname
        surname_hint, _, text_rest = text.partition(",")
        surname_hint = surname_hint.strip()
        text = f"{surname_hint} {text_rest.strip()}".strip()
        order = "surname_first"
    words = _words(text)
    initials = [letter for w in words if _INITIALS.match(w) for letter in _split_initials(w)]
    names = _double_surname([w for w in words if not _INITIALS.match(w)], bool(initials))
    roles, chosen = _roles(names, bool(initials), order, surname_hint is not None)
    given = " ".join(names[i] for i in sorted(roles) if roles[i] == "given") or None
    patronymic = " ".join(names[i] for i in sorted(roles) if roles[i] == "patronymic") or None
    surname = next((names[i] for i in sorted(roles) if roles[i] == "surname"), None)
    tokens = tuple(
        Token(names[i], token_script(names[i]), roles[i]) for i in sorted(roles)
    ) + tuple(Token(letter, token_script(letter), "initial") for letter in initials)
    return ParsedName(
        full,
        given,
        patronymic,
        surname,
        tuple(initials),
        chosen,  # type: ignore[arg-type]
        tokens,
        alternatives,
    )


def _words(text: str) -> list[str]:
    """Name words and initials ("О.В.", "О", "ОВ" become "О.В."), Turkic patronymics joined."""
    raw = re.findall(r"(?:\w\.\s?){1,3}(?!\w)|[\w'\-]+", text)
    words = _join_particles([w.strip() for w in raw if any(ch.isalpha() for ch in w)])
    if len(words) > 1 and sum(len(w) > 1 for w in words) >= 1:
        # "Скрипник О В": single letters written without dots are initials too
        words = [f"{w}." if len(w) == 1 and w.isalpha() else w for w in words]
        words = [_glued_initials(w) if _are_glued_initials(w, words) else w for w in words]
    return words


def _roles(
    names: list[str], initials: bool, order: NameOrder, hinted: bool
) -> tuple[dict[int, Role], str]:
    """The role of each name word, and the order found ("single" for one word)."""
    if len(names) == 1:
        known = not initials and not hinted and _givenness(names[0]) == 1.0
        return {0: "given" if known else "surname"}, "single"
    if not names:  # only initials, or no name words at all: nothing to order
        return {}, "surname_first" if order == "auto" else order
    if len(names) == 2 and not hinted and order != "given_first" and _given_and_patronymic(*names):
        return {0: "given", 1: "patronymic"}, "given_first"  # "Олег Юрійович": no surname
    if len(names) == 3 and order == "auto" and _given_surname_particle(*names):
        return {
            0: "given",
            1: "surname",
            2: "patronymic",
        }, "given_first"  # Едем Бекіров Рустем огли
    if order == "auto":
        order = _guess_order(names, [i for i, w in enumerate(names) if is_patronymic(w)])
    roles: dict[int, Role] = {}
    if order == "surname_first":
        roles[0] = "surname"
        rest = list(range(1, len(names)))
    else:
        roles[len(names) - 1] = "surname"
        rest = list(range(0, len(names) - 1))
    if len(rest) == 1 and initials and is_patronymic(names[rest[0]]):
        roles[rest[0]] = "patronymic"  # "Скрипник О. Васильович": О. is the given name
    elif rest:
        roles[rest[0]] = "given"
        roles.update((i, "patronymic") for i in rest[1:])
    return roles, order


@functools.lru_cache(maxsize=100_000)
def _surname_shape(word: str) -> int:
    """2 for an -енко surname, 1 for another surname ending, 0 for none."""
    return 2 if _ENKO.search(word) else 1 if _SURNAME_END.search(word) else 0


def _double_surname(names: list[str], initials: bool) -> list[str]:
    """Two surname-like words side by side, with a given name (or initials) beside them, are a
    double surname whose hyphen was lost: "Ярошенко Бойчук Оксана", "Оксана Ярошенко Бойчук"
    (Ярошенко is no patronymic)."""
    if len(names) < (2 if initials else 3):
        return names

    def surnames(first: str, second: str) -> bool:
        shapes = _surname_shape(first) + _surname_shape(second)
        return shapes >= 2 and not any(
            " " in w or is_patronymic(w) or _givenness(w) == 1.0 for w in (first, second)
        )

    if surnames(names[0], names[1]) and (len(names) == 2 or _givenness(names[2]) == 1.0):
        return [f"{names[0]}-{names[1]}", *names[2:]]
    if len(names) >= 3 and surnames(names[-2], names[-1]):
        before = names[-3]
        if _givenness(before) == 1.0 or is_patronymic(before):
            return [*names[:-2], f"{names[-2]}-{names[-1]}"]
    return names


def _hyphen(match: re.Match[str]) -> str:
    """A dash between two words of a double surname becomes a hyphen; a spaced one only
    before a capital (Бойко - Мороз, not "Скрипник - свідок")."""
    after = match.string[match.end()]
    return "-" if after.isupper() or "-" not in match.group() else match.group()


def _are_glued_initials(word: str, words: list[str]) -> bool:
    """Initials written together ("Скрипник ОВ"): two capitals that are no known name, next to
    words not in capitals none of which is a given name (ЖУК Віктор is a surname)."""
    others = [w for w in words if w != word]
    return (
        len(word) == 2
        and word.isalpha()
        and word.isupper()
        and _givenness(word) < 1.0
        and all(not w.isupper() and _givenness(w) < 1.0 for w in others)
    )


def _glued_initials(word: str) -> str:
    return "".join(f"{letter}." for letter in word)


# Full patronymics (not the short -ич ones, which are also common surnames: Кузьмич, Бабич).
_FULL_PATRONYMIC = re.compile(
    r"(ович|евич|євич|івна|ївна|овна|евна|ovych|ovich|evich|ivna|ovna|evna)$", re.IGNORECASE
)


def _given_surname_particle(first: str, second: str, third: str) -> bool:
    """A known given name, a surname-like word and a Turkic patronymic (father's name and
    огли/кизи), as Crimean Tatar names are also written: "Едем Бекіров Рустем огли"."""
    return (
        " " in third
        and is_patronymic(third)
        and _givenness(first) == 1.0
        and _givenness(second) == 0.0
    )


def _given_and_patronymic(first: str, second: str) -> bool:
    """Two words that are a known given name and a full patronymic of a known father's name,
    fitting the same sex ("Олег Юрійович", "Ескендер Рустем огли"): a name without surname."""
    from .equivalents import given_name_groups, group_forms
    from .patronymic import father_groups

    if _givenness(first) < 1.0 or not is_patronymic(second):
        return False
    if not (_FULL_PATRONYMIC.search(second) or " " in second) or not father_groups((second,)):
        return False
    sexes = {group_forms(g).sex for g in given_name_groups(first)}
    return not sexes or patronymic_sex(second) in sexes


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
