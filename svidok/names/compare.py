"""Are two written names the same name? Part by part, with the reason.

Surnames must meet (a shared Latin form, skeleton, or a Daitch–Mokotoff code backed by close
spelling), unless they are built with different suffixes of one family (Іваненко,
Іванченко: two surnames, not a typo). Given names and patronymics must not contradict: the
same equivalence group, or one side only an initial that fits, or one side missing.
Different people who share a surname (Коваленко, Мельник, Шевченко are very common) differ
in given name or patronymic, or in sex (Олександр Іванович, Олександра Іванівна).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from .analysis import NameAnalysis, NameKeys, analyze
from .equivalents import group_forms, latin_key
from .parse import _givenness, parse_name
from .script import languages
from .sex import gendered_pair

__all__ = ["NameComparison", "compare_names", "edit_distance", "jaro_winkler", "same_name"]


@dataclass(frozen=True, slots=True)
class NameComparison:
    """Per part: True (agree), False (contradict), None (cannot tell: a part is missing).

    ``sex`` is False when the names show two sexes (Олександр Іванович, Олександра Іванівна).
    """

    surname: bool | None
    given: bool | None
    patronymic: bool | None
    reason: str
    sex: bool | None = None

    @property
    def equivalent(self) -> bool:
        """Surnames and given names agree, and neither patronymics nor sexes contradict."""
        return (
            self.surname is True
            and self.given is True
            and self.patronymic is not False
            and self.sex is not False
        )

    @property
    def compatible(self) -> bool:
        """Nothing contradicts and the surname or the given name agrees: the same name, or a
        name with parts missing (initials only; no surname, as in "Олег Юрійович")."""
        return (
            (self.surname is True or (self.surname is None and self.given is True))
            and self.given is not False
            and self.patronymic is not False
            and self.sex is not False
        )


def jaro_winkler(a: str, b: str) -> float:
    """Jaro–Winkler similarity in [0, 1]."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(len(a), len(b)) // 2 - 1
    matched_b = [False] * len(b)
    matches_a = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not matched_b[j] and b[j] == ch:
                matched_b[j] = True
                matches_a.append(ch)
                break
    if not matches_a:
        return 0.0
    matches_b = [b[j] for j in range(len(b)) if matched_b[j]]
    transpositions = sum(x != y for x, y in zip(matches_a, matches_b, strict=True)) / 2
    m = len(matches_a)
    jaro = (m / len(a) + m / len(b) + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent
    transpositions), stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@functools.lru_cache(maxsize=10_000)
def _group_keys(group: str) -> frozenset[str]:
    forms = group_forms(group)
    return frozenset(latin_key(f) for f in (*forms.uk, *forms.ru, *forms.crh, *forms.latin))


# Letters the key writes with two (я ia, ю iu, ё io, щ wq) get one each, so that a typo on
# them is one change (Тетна, Tetiana).
_ONE_PER_LETTER = (("wq", "щ"), ("ia", "я"), ("iu", "ю"), ("io", "ё"))
# Cyrillic spellings folded one letter for one letter: і ї й и ы alike, є э ё е alike.
_CYRILLIC_FOLD = str.maketrans(
    {"і": "и", "ї": "и", "й": "и", "ы": "и", "є": "е", "э": "е", "ё": "е", "ґ": "г"}
    | dict.fromkeys("ьъ'’ʼ", None)
)
_WOMANS_ENDINGS = ("a", "ia", "я", "а", "ия")


def _womans_form(x: str, y: str) -> bool:
    """One name with a woman's ending added to the other (Roman, Romana; Nazar, Nazariia;
    Назар, Назарія): two names, not a typo."""
    short, long = sorted((x, y), key=len)
    return long.startswith(short) and long[len(short) :] in _WOMANS_ENDINGS


def _one_per_letter(key: str) -> str:
    for pair, letter in _ONE_PER_LETTER:
        key = key.replace(pair, letter)
    return key


def _close(x: str, y: str) -> bool:
    """Two keys of given names that differ by a typo (a letter dropped, doubled or swapped)."""
    shorter = min(len(x), len(y))
    if shorter < 3:
        return False
    if _womans_form(x, y):
        return False
    if shorter == 3:  # "Івн" for "Іван": only a dropped letter, not a changed one
        return abs(len(x) - len(y)) == 1 and edit_distance(x, y, 1) == 1
    return edit_distance(x, y, 1) <= 1 or jaro_winkler(x, y) >= 0.93


@functools.lru_cache(maxsize=10_000)
def _group_cyrillic(group: str) -> frozenset[str]:
    forms = group_forms(group)
    return frozenset(f.lower().translate(_CYRILLIC_FOLD) for f in (*forms.uk, *forms.ru))


def _cyrillic(groups: frozenset[str], written: tuple[str, ...]) -> frozenset[str] | None:
    """A given name's Cyrillic spellings, folded: the forms of its known groups, or the
    nominatives of an unknown name written in Cyrillic; None for an unknown Latin name."""
    if not any(g.startswith("~") for g in groups):
        return frozenset().union(*map(_group_cyrillic, groups))
    if not written or any(languages(w) in ((), ("latin",)) for w in written):
        return None
    return frozenset(w.lower().translate(_CYRILLIC_FOLD) for w in written)


def _written_given(name: NameAnalysis) -> tuple[str, ...]:
    """The given name as written and its first nominative (Кетерина, read as "of Кетерин")."""
    if not name.parsed.given:
        return ()
    return (name.parsed.given, *name.lemmas.get("given", ())[:1])


def _fuzzy_given(
    groups_a: frozenset[str],
    groups_b: frozenset[str],
    written_a: tuple[str, ...] = (),
    written_b: tuple[str, ...] = (),
) -> bool:
    """A misspelt, unknown given name against a known one or another unknown one: compared
    in Cyrillic, letter for letter, when both are (Наджие and Назие differ in two letters),
    else on their keys."""
    unknown_a = [g[1:] for g in groups_a if g.startswith("~")]
    unknown_b = [g[1:] for g in groups_b if g.startswith("~")]
    if not unknown_a and not unknown_b:
        return False  # two known, different names: Іван is not Іванна
    cyrillic_a, cyrillic_b = _cyrillic(groups_a, written_a), _cyrillic(groups_b, written_b)
    if cyrillic_a is not None and cyrillic_b is not None:
        return any(_close(x, y) for x in cyrillic_a for y in cyrillic_b)
    keys_a = set(unknown_a) | {k for g in groups_a if not g.startswith("~") for k in _group_keys(g)}
    keys_b = set(unknown_b) | {k for g in groups_b if not g.startswith("~") for k in _group_keys(g)}
    return any(
        not _womans_form(x, y) and _close(_one_per_letter(x), _one_per_letter(y))
        for x in keys_a
        for y in keys_b
    )


# Surname-forming suffixes in the alphabet of latin_key (q ч, w ш, wq щ, c ц), longest first.
# Within a family, two different members make two different surnames however close the
# spelling: Іваненко and Іванченко, Левченко and Лещенко, Кравчук and Кравчик; -енко and
# -юк are one family too (Гуменко and Гуменюк, Яценко and Яценюк: two surnames).
_SUFFIX_FAMILIES = (
    ("wqenko", "qenko", "wenko", "cenko", "enko", "quk", "wuk", "qik", "qak", "uk"),
    ("oviq", "eviq"),
)


@functools.lru_cache(maxsize=100_000)
def _suffixes(forms: frozenset[str]) -> dict[int, frozenset[str]]:
    """The suffix of each family the surname's national forms end with."""
    found: dict[int, set[str]] = {}
    for key in map(latin_key, forms):
        for family, members in enumerate(_SUFFIX_FAMILIES):
            member = next((m for m in members if key.endswith(m) and len(key) > len(m)), None)
            if member:
                found.setdefault(family, set()).add(member)
    return {family: frozenset(members) for family, members in found.items()}


def surname_formation(keys: frozenset[str]) -> frozenset[tuple[int, str]]:
    """The suffix families a surname's keys end in, with the suffix of each ({(0, "enko")} for
    Гуменко, {(0, "uk")} for Гуменюк): two surnames of one family with no suffix in common are
    different surnames, however alike (see _SUFFIX_FAMILIES)."""
    return frozenset((family, m) for family, ms in _suffixes(keys).items() for m in ms)


def _other_formation(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two surnames built with different suffixes of one family (see _SUFFIX_FAMILIES)."""
    suffixes_a, suffixes_b = _suffixes(a), _suffixes(b)
    return any(
        not suffixes_a[family] & suffixes_b[family] for family in suffixes_a.keys() & suffixes_b
    )


def _surnames(a: NameKeys, b: NameKeys) -> tuple[bool | None, str]:
    if (not a.surname and not a.surname_skeleton) or (not b.surname and not b.surname_skeleton):
        return None, "a surname is missing"
    if a.surname & b.surname:
        return True, "surnames share a spelling"
    if _other_formation(a.surname_latin, b.surname_latin):
        return False, "surnames differ in their suffix (different surnames, not a typo)"
    if a.surname_skeleton & b.surname_skeleton:
        return True, "surnames share a skeleton"
    best = max(
        (jaro_winkler(x, y) for x in a.surname_skeleton for y in b.surname_skeleton), default=0.0
    )
    if a.surname_phonetic & b.surname_phonetic and best >= 0.88:
        return True, f"surnames sound alike (Daitch–Mokotoff) and are spelled alike ({best:.2f})"
    if any(
        min(len(x), len(y)) >= 6 and edit_distance(x, y, 1) <= 1
        for x in a.surname_latin | a.surname
        for y in b.surname_latin | b.surname
    ):
        return True, "surnames differ by one letter: a typo?"
    return False, "surnames differ"


def _part(
    groups_a: frozenset[str],
    groups_b: frozenset[str],
    initial_a: str | None,
    initial_b: str | None,
    name: str,
    written: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
) -> tuple[bool | None, str]:
    if groups_a and groups_b:
        if groups_a & groups_b:
            return True, f"{name}s are the same name"
        if _fuzzy_given(groups_a, groups_b, *written):
            return True, f"{name}s differ by a typo"
        return False, f"{name}s differ"
    if initial_a and initial_b:
        if set(initial_a) & set(initial_b):
            return None, f"{name} initials fit"
        return False, f"{name} initials differ"
    return None, f"a {name} is missing"


def compare_names(a: NameAnalysis | str, b: NameAnalysis | str) -> NameComparison:
    """Compare two names part by part.

    A name given as text of two words that are both or neither known given names ("Seitumer
    Eskender": Seitumer is a given name too) has no sure order; when the parts disagree as
    read, the other reading is tried too, and kept when both parts then agree (the reason says
    so). A given name and patronymic without surname ("Володимир Савович") is also read as a
    given name and surname, kept when that makes the names the same.
    """
    x = analyze(a) if isinstance(a, str) else a
    y = analyze(b) if isinstance(b, str) else b
    found = _compare(x, y)
    if found.surname is False and found.given is False and (other := _in_other_order(a, b, x, y)):
        return other
    if not found.equivalent:
        return _with_surname(a, b, x, y) or found
    return found


_Name = NameAnalysis | str


def _in_other_order(a: _Name, b: _Name, x: NameAnalysis, y: NameAnalysis) -> NameComparison | None:
    for side, text in ((1, b), (0, a)):
        if not isinstance(text, str) or len(text.replace(",", " ").split()) != 2:
            continue
        words = text.split()
        if "," in text or sum(_givenness(w) == 1.0 for w in words) == 1:
            continue  # "Surname, Given" says its order, and so does one known given name
        parsed = parse_name(text, "auto")
        other = "given_first" if parsed.order == "surname_first" else "surname_first"
        flipped = analyze(text, other)
        again = _compare(x, flipped) if side == 1 else _compare(flipped, y)
        if again.surname and again.given:
            return replace(again, reason=f"{again.reason} (with {text!r} read in the other order)")
    return None


def _with_surname(a: _Name, b: _Name, x: NameAnalysis, y: NameAnalysis) -> NameComparison | None:
    for side, text in ((1, b), (0, a)):
        parsed = (y if side else x).parsed
        if isinstance(text, str) and parsed.patronymic and not parsed.surname:
            flipped = analyze(text, "given_first")  # Савович is a surname too
            again = _compare(x, flipped) if side == 1 else _compare(flipped, y)
            if again.equivalent:
                reason = f"{again.reason} (with {text!r} read as given name and surname)"
                return replace(again, reason=reason)
    return None


def _compare(x: NameAnalysis, y: NameAnalysis) -> NameComparison:
    surname, why_surname = _surnames(x.keys, y.keys)
    given, why_given = _part(
        x.keys.given,
        y.keys.given,
        x.keys.given_initial,
        y.keys.given_initial,
        "given name",
        (_written_given(x), _written_given(y)),
    )
    patronymic, why_patronymic = _part(
        x.keys.patronymic,
        y.keys.patronymic,
        x.keys.patronymic_initial,
        y.keys.patronymic_initial,
        "patronymic",
    )
    sex, why_sex = _sexes(x, y)
    reasons = (why_surname, why_given, why_patronymic, why_sex)
    return NameComparison(surname, given, patronymic, "; ".join(filter(None, reasons)), sex)


def _sexes(x: NameAnalysis, y: NameAnalysis) -> tuple[bool | None, str]:
    """Whether the names show the same sex. A man's and a woman's form of one surname (Ільїн,
    Ільїна; Чорний, Чорна) show two, unless the woman's form may be the man's inflected
    (Валентина Ільїна: "of Валентин Ільїн")."""
    if x.keys.sex and y.keys.sex:
        if x.keys.sex == y.keys.sex:
            return True, ""
        return False, "a man's and a woman's name"
    if x.parsed.surname and y.parsed.surname:
        pair = gendered_pair(x.parsed.surname, y.parsed.surname)
        men, women = (x, y) if pair == "m" else (y, x)
        if (
            pair
            and ("m", "nom") in men.readings
            and ("f", "nom") in women.readings
            and not any(sex == "m" and case != "nom" for sex, case in women.readings)
        ):
            return False, "a man's and a woman's form of the surname"
    return None, ""


def same_name(a: NameAnalysis | str, b: NameAnalysis | str) -> bool:
    """True when the two written names are the same name (surname and given name agree)."""
    return compare_names(a, b).equivalent
