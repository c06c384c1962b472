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
from .phonetic import daitch_mokotoff, skeleton
from .script import languages
from .translit import latin_variants, transliterate

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


@dataclass(frozen=True)
class NameAnalysis:
    """Everything Svidok derives from one written name."""

    original: str
    parsed: ParsedName
    lemmas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keys: NameKeys = field(default_factory=NameKeys)

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
            },
        }


@functools.lru_cache(maxsize=200_000)
def _latin_forms(word: str) -> frozenset[str]:
    """Lowercase Latin forms of a word in any script."""
    langs = languages(word)
    if langs == ("latin",):
        return frozenset({word.lower()})
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
    for word in forms:
        phonetic |= daitch_mokotoff(word)
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
    return frozenset("~" + latin_key(latin) for latin in _latin_forms(forms[0]) if latin)


# Patronymic ending -> what to put back for the father's name, most specific first.
_FATHER_RULES = (
    ("ійович", "ій"), ("іївна", "ій"), ("ьович", "ь"), ("ївна", "й"), ("айович", "ай"),
    ("айівна", "ай"), ("йович", "й"), ("аевич", "ай"), ("аевна", "ай"), ("еевич", "ей"),
    ("еевна", "ей"), ("ьевич", "ий"), ("ьевна", "ий"), ("иевич", "ий"), ("иевна", "ий"),
    ("ович", ""), ("евич", ""), ("івна", ""), ("овна", ""), ("евна", ""), ("iyovych", "iy"),
    ("yovych", "y"), ("ovych", ""), ("ovich", ""), ("evich", ""), ("yivna", "y"), ("ivna", ""),
    ("ovna", ""), ("evna", ""), ("ильинична", "илья"), ("ильич", "илья"), ("іллівна", "ілля"),
    ("ілліч", "ілля"), ("ична", "а"), ("ич", "а"), ("ich", ""),
)  # fmt: skip


@functools.lru_cache(maxsize=200_000)
def father_name(patronymic: str) -> tuple[str, ...]:
    """Candidate given names of the father: Вікторович → Віктор, Андрійович → Андрій,
    Миколайович → Микола, Сергеевич → Сергей, Николаевич → Николай, Олексіївна → Олексій."""
    word = patronymic.strip()
    lower = word.lower()
    out: list[str] = []
    for suffix, restore in _FATHER_RULES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
            stem = word[: len(word) - len(suffix)] + restore
            out.append(stem)
            if restore == "ай":
                out.append(stem[:-1])  # Миколайович: Микола (й is only the linking sound)
            break
    return tuple(dict.fromkeys(out)) or (word,)


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
    given = _given_keys(found["given"]) if parsed.given else frozenset()
    father: frozenset[str] = frozenset()
    if parsed.patronymic:
        fathers = tuple(f for form in found["patronymic"][:2] for f in father_name(form))
        father = _given_keys(fathers)
    initials = list(parsed.initials)
    if parsed.given:  # "Скрипник Олексій В.": the initial is the patronymic's
        given_initial = _group_initials(given) or _initial(parsed.given)
        patronymic_initial = (
            _initial(parsed.patronymic)
            if parsed.patronymic
            else (_initial(initials[0]) if initials else None)
        )
    else:  # "Скрипник О.В."
        given_initial = _initial(initials[0]) if initials else None
        patronymic_initial = _initial(initials[1]) if len(initials) > 1 else None
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
    )
    return NameAnalysis(name, parsed, found, keys)


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
