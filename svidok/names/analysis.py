"""A name analysed: parts, nominatives, Latin variants, and keys for linkage and search.

The keys are sets, so that two spellings of the same name meet when their sets intersect:
surnames meet on a shared Latin form (from every transliteration standard and, for Latin
input, from plausible Cyrillic readings), on a skeleton, or on a Daitch–Mokotoff code; given
names and patronymics meet on an equivalence group (Олексій = Алексей = Oleksii = Alexei =
Льоша). The sets are exposed as columns ready for Splink's array comparisons.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from .equivalents import given_name_groups, group_forms, latin_key
from .lemma import lemmas
from .parse import NameOrder, ParsedName, parse_name
from .patronymic import father_groups, father_name
from .phonetic import daitch_mokotoff, skeleton
from .script import languages, token_script
from .sex import (
    EVERY,
    Reading,
    Sex,
    given_readings,
    patronymic_readings,
    settle,
    surname_readings,
)
from .translit import crimean_tatar_reading, latin_variants, transliterate

__all__ = ["NameAnalysis", "NameKeys", "analyze", "father_name", "key_columns"]

_PATRONYMIC_SUFFIX = re.compile(
    r"(йович|ьович|ович|евич|євич|ич|ївна|івна|овна|евна|ична|"
    r"ovych|ovich|evich|yevych|ievych|yovych|ivna|yivna|ovna|evna|ichna|ychna)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NameKeys:
    """Keys of one name; two names are candidates for the same person when keys intersect."""

    surname: frozenset[str] = frozenset()  # Latin keys of every form of the surname
    surname_skeleton: frozenset[str] = frozenset()
    surname_phonetic: frozenset[str] = frozenset()  # Daitch–Mokotoff codes
    surname_latin: frozenset[str] = frozenset()  # national transliterations, for typo checks
    given: frozenset[str] = frozenset()  # equivalence groups, or "~key" for unknown names
    given_initial: str | None = None
    patronymic: frozenset[str] = frozenset()  # groups of the father's name
    patronymic_initial: str | None = None
    canonical: str = ""  # "skrypnyk oleksii viktorovych": national transliteration of lemmas
    sex: Sex | None = None  # what the name shows (patronymic, gendered surname, given name)


@dataclass(frozen=True)
class NameAnalysis:
    """Everything Svidok derives from one written name."""

    original: str
    parsed: ParsedName
    lemmas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keys: NameKeys = field(default_factory=NameKeys)
    readings: frozenset[Reading] = EVERY  # whose name (man's, woman's) in which case it can be

    @functools.cached_property
    def variants(self) -> dict[str, frozenset[str]]:
        """Latin forms of each part's nominatives under every transliteration standard."""
        return {slot: _variants(forms) for slot, forms in self.lemmas.items()}

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready explanation (what ``svidok names explain`` prints)."""
        p = self.parsed
        return {
            "original": self.original,
            "order": p.order,
            "parts": {
                "surname": p.surname,
                "given": p.given,
                "patronymic": p.patronymic,
                "initials": list(p.initials),
            },
            "tokens": [{"text": t.text, "script": t.script, "role": t.role} for t in p.tokens],
            "lemmas": {k: list(v) for k, v in self.lemmas.items()},
            "variants": {k: sorted(v) for k, v in self.variants.items()},
            "keys": {
                "canonical": self.keys.canonical,
                "surname": sorted(self.keys.surname),
                "surname_skeleton": sorted(self.keys.surname_skeleton),
                "surname_phonetic": sorted(self.keys.surname_phonetic),
                "given": sorted(self.keys.given),
                "given_initial": self.keys.given_initial,
                "patronymic": sorted(self.keys.patronymic),
                "patronymic_initial": self.keys.patronymic_initial,
                "sex": self.keys.sex,
            },
        }


@functools.lru_cache(maxsize=200_000)
def _latin_forms(word: str) -> frozenset[str]:
    """Lowercase Latin forms of a word in any script."""
    langs = languages(word)
    if langs == ("latin",):
        return frozenset(filter(None, (word.lower(), crimean_tatar_reading(word))))
    forms: set[str] = set()
    for lang in langs:
        forms |= latin_variants(word, lang)
    return frozenset(forms)


@functools.lru_cache(maxsize=100_000)
def _surname_keys(
    surname: str, forms: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    keys: set[str] = set()
    skeletons: set[str] = set()
    phonetic: set[str] = set()
    # A Latin surname meets its Cyrillic forms through latin_key (Skripnik, Skrypnyk and the
    # transliterations of Скрипник share one key); reverse transliteration added nothing to
    # recall on the demo's labelled pairs and cost a third of the time.
    for word in forms:
        for latin in _latin_forms(word):
            keys.add(latin_key(latin))
        skeletons.add(skeleton(word))
        phonetic |= daitch_mokotoff(word)
        if (reading := crimean_tatar_reading(word)) is not None:  # Cemilev: Джемилев
            skeletons.add(skeleton(reading))
            phonetic |= daitch_mokotoff(reading)
    keys.discard("")
    skeletons.discard("")
    return frozenset(keys), frozenset(skeletons), frozenset(phonetic)


@functools.lru_cache(maxsize=100_000)
def _given_keys(forms: tuple[str, ...]) -> frozenset[str]:
    groups: set[str] = set()
    for form in forms:
        groups |= given_name_groups(form)
    if groups:
        return frozenset(groups)
    return _unknown_keys(forms[0])


def _unknown_keys(word: str) -> frozenset[str]:
    """Keys of a name no group knows: "~" and the coarse key of each Latin form."""
    return frozenset("~" + latin_key(latin) for latin in _latin_forms(word) if latin)


@functools.lru_cache(maxsize=100_000)
def _given_readings(token: str, forms: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Groups of a given name read as written (a nominative) and read as an inflected form:
    Олександра is Олександра, or Олександр in the genitive."""
    nominative: set[str] = set()
    inflected: set[str] = set()
    written = _unapostrophe(token)
    for form in forms:
        if _unapostrophe(form) == written:  # spelled as listed: Юлії is not Юлій
            nominative |= given_name_groups(form, coarse=False)
        else:
            inflected |= given_name_groups(form)
    if not nominative and not inflected:  # a spelling no row lists (Oleksiy, Олексий)
        nominative = set(given_name_groups(token))
    return frozenset(nominative), frozenset(inflected - nominative)


def _unapostrophe(word: str) -> str:
    """Casefolded, without apostrophes or soft signs before я, ю, є (Маряна, Марьяна, Мар'яна)."""
    return _SOFT_OR_APOSTROPHE.sub("", word.casefold())


_SOFT_OR_APOSTROPHE = re.compile(r"['ь](?=[яюєеї])")


def _name_languages(tokens: list[str]) -> tuple[str, ...]:
    """The languages a name's words allow together (Станіслава Руденко: Ukrainian)."""
    scripts = {token_script(t) for t in tokens}
    if scripts == {"latin"}:
        return ("latin",)
    if "uk" in scripts and "ru" not in scripts:
        return ("uk",)
    if "ru" in scripts and "uk" not in scripts:
        return ("ru",)
    return ("uk", "ru")


def _sex_and_given(
    parsed: ParsedName, found: dict[str, tuple[str, ...]], listed: bool
) -> tuple[frozenset[Reading], Sex | None, frozenset[str]]:
    """The sex the name shows and its given name's groups, in the readings the parts allow
    together (see :mod:`.sex`): Олександра is Олександр in "Олександра Скрипника"."""
    given_token = parsed.given or ""
    nominative, inflected = (
        _given_readings(given_token, found["given"]) if given_token else (frozenset(),) * 2
    )
    langs = _name_languages([t.text for t in parsed.tokens if t.role != "initial"])
    readings = settle(
        patronymic_readings(parsed.patronymic) if parsed.patronymic else None,
        given_readings(given_token, map(_sex_of, nominative), map(_sex_of, inflected))
        if nominative or inflected
        else None,
        surname_readings(parsed.surname, found["surname"], langs) if parsed.surname else None,
        latin=langs == ("latin",),
        listed=listed,
    )
    sexes = {sex for sex, _ in readings}
    sex = sexes.pop() if len(sexes) == 1 else None
    if not parsed.given:
        return readings, sex, frozenset()
    cases = {sex: {case for s, case in readings if s == sex} for sex in ("m", "f")}
    groups = frozenset(
        {g for g in nominative if "nom" in cases[_sex_of(g)]}
        | {g for g in inflected if cases[_sex_of(g)] - {"nom"}}
    )
    return readings, sex, groups or nominative | inflected or _given_keys(found["given"])


def _sex_of(group: str) -> Sex:
    return group_forms(group).sex


def _letters(*parts: str | None) -> str | None:
    return "".join(sorted(set("".join(p for p in parts if p)))) or None


@functools.lru_cache(maxsize=200_000)
def analyze(name: str, order: NameOrder = "auto") -> NameAnalysis:
    """Parse, lemmatise, transliterate and key a full name written in any script."""
    parsed = parse_name(name, order)
    found: dict[str, tuple[str, ...]] = {}
    if parsed.given:
        found["given"] = lemmas(parsed.given, "given")
    if parsed.patronymic:
        found["patronymic"] = lemmas(parsed.patronymic, "patronymic")
    if parsed.surname:
        surname_forms = lemmas(parsed.surname, "surname")
        # Agreement: a given name written in another case than the nominative (Олексія) means the
        # surname is inflected too (Скрипника): prefer the candidates that differ from the token.
        if parsed.given and found["given"] and found["given"][0] != parsed.given:
            changed = tuple(f for f in surname_forms if f != parsed.surname)
            surname_forms = changed + tuple(f for f in surname_forms if f == parsed.surname)
        found["surname"] = surname_forms
    surname_keys = (
        _surname_keys(parsed.surname, found["surname"]) if parsed.surname else (frozenset(),) * 3
    )
    # written surname first, no patronymic, order not imposed by the caller: a list entry
    listed = order == "auto" and parsed.order == "surname_first" and not parsed.patronymic
    readings, sex, given = _sex_and_given(parsed, found, listed)
    father: frozenset[str] = frozenset()
    if parsed.patronymic:
        # an unknown father's name keeps the keys of each candidate, for typos (Димтрович)
        father = father_groups(found["patronymic"][:2]) or frozenset().union(
            *map(_unknown_keys, father_name(found["patronymic"][0]))
        )
    initials = list(parsed.initials)
    if parsed.given:  # "Скрипник Олексій В.": the initial is the patronymic's
        given_initial = _group_initials(given) or _initial(parsed.given)
    else:  # "Скрипник О.В.", "Скрипник О. Васильович"
        given_initial = _initial(initials[0]) if initials else None
    if parsed.patronymic:  # Олександрович fits О. and А. (Александрович)
        patronymic_initial = _letters(_group_initials(father), _initial(parsed.patronymic))
    else:
        spare = initials if parsed.given else initials[1:]
        patronymic_initial = _initial(spare[0]) if spare else None
    canonical = " ".join(
        _canonical_word(found[slot][0])
        for slot in ("surname", "given", "patronymic")
        if found.get(slot)
    )
    keys = NameKeys(
        surname_keys[0],
        surname_keys[1],
        surname_keys[2],
        frozenset(_canonical_word(f) for f in found["surname"][:3])
        if parsed.surname
        else frozenset(),
        given,
        given_initial,
        father,
        patronymic_initial,
        canonical,
        sex,
    )
    return NameAnalysis(name, parsed, found, keys, readings)


@functools.lru_cache(maxsize=100_000)
def _canonical_word(word: str) -> str:
    """The national (2010) transliteration of a Cyrillic word, lowercase; Latin as written."""
    return word.lower() if languages(word) == ("latin",) else transliterate(word, "kmu2010").lower()


@functools.lru_cache(maxsize=100_000)
def _variants(forms: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(_latin_forms(f) for f in forms))


@functools.lru_cache(maxsize=10_000)
def _group_initials(groups: frozenset[str]) -> str | None:
    """First letters of every form of the given names' groups: Олексій = Алексей = Alexei, so
    "А." and "О." both fit it."""
    letters: set[str] = set()
    for group in groups:
        if group.startswith("~"):
            continue
        forms = group_forms(group)
        for form in (*forms.uk, *forms.ru, *forms.crh, *forms.latin):
            letters |= set(_initial(form) or "")
    return "".join(sorted(letters)) or None


@functools.lru_cache(maxsize=100_000)
def _initial(word: str) -> str | None:
    """The first letter as a Latin initial (Олексій and Alexei both give "o"/"a": the set of
    plausible Latin first letters is what meets, so Cyrillic letters map to all of theirs)."""
    if not word:
        return None
    first = word.strip()[:1]
    forms = _latin_forms(first) if first.isalpha() else frozenset()
    letters = sorted({f[:1] for f in forms if f})
    return "".join(letters) or first.lower()


def key_columns(analysis: NameAnalysis) -> dict[str, Any]:
    """Columns for linkage (Splink array comparisons take the lists)."""
    k = analysis.keys
    return {
        "name_canonical": k.canonical or None,
        "surname_keys": sorted(k.surname),
        "surname_skeletons": sorted(k.surname_skeleton),
        "surname_phonetic": sorted(k.surname_phonetic),
        "given_groups": sorted(k.given),
        "given_initial": k.given_initial,
        "patronymic_groups": sorted(k.patronymic),
        "patronymic_initial": k.patronymic_initial,
    }
