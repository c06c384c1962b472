"""Phonetic keys for names in Latin or Cyrillic script: Daitch–Mokotoff Soundex and a skeleton.

Both keys are for blocking in record linkage: they put "Скрипник", "Skrypnyk", "Skripnik"
and "Скрыпник" in one block, and rarely put different surnames together.

* :func:`daitch_mokotoff` is the Daitch–Mokotoff Soundex (Gary Mokotoff and Randy Daitch,
  1985; coding chart as published by Avotaynu and JewishGen): six digits, several codes when a
  letter group sounds two ways (c, ch, ck, j, rs, rz).
* :func:`skeleton` is a coarser key of our own: consonant classes with vowels dropped.

Cyrillic letters are first written in Latin with a scheme of our own per key (below), chosen
so that the Latin spellings the transliteration systems produce reach the same key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["MAX_BRANCHES", "daitch_mokotoff", "skeleton"]

MAX_BRANCHES = 64
"""The most codes :func:`daitch_mokotoff` follows at once; further alternatives are dropped."""

# The Daitch–Mokotoff chart: letter group, code at the start of a name, before a vowel
# (a e i o u), in any other position; "-" is no code, "|" separates alternative codes.
_CHART = """
schtsch 2 4 4, schtsh 2 4 4, schtch 2 4 4, shtch 2 4 4, shtsh 2 4 4, shch 2 4 4,
stsch 2 4 4, stch 2 4 4, strz 2 4 4, strs 2 4 4, stsh 2 4 4, sc 2 4 4, szcz 2 4 4,
szcs 2 4 4, sht 2 43 43, scht 2 43 43, schd 2 43 43, st 2 43 43, szt 2 43 43, shd 2 43 43,
szd 2 43 43, sd 2 43 43, sch 4 4 4, sh 4 4 4, sz 4 4 4, s 4 4 4,
ttsch 4 4 4, tsch 4 4 4, ttch 4 4 4, tch 4 4 4, ttsz 4 4 4, trz 4 4 4, trs 4 4 4,
tsh 4 4 4, tts 4 4 4, ttz 4 4 4, tzs 4 4 4, tsz 4 4 4, ts 4 4 4, tc 4 4 4, tz 4 4 4,
th 3 3 3, t 3 3 3,
zhdzh 2 4 4, zdzh 2 4 4, zdz 2 4 4, zhd 2 43 43, zd 2 43 43, zsch 4 4 4, zsh 4 4 4,
zh 4 4 4, zs 4 4 4, z 4 4 4,
drz 4 4 4, drs 4 4 4, dsh 4 4 4, dsz 4 4 4, dzh 4 4 4, dzs 4 4 4, ds 4 4 4, dz 4 4 4,
dt 3 3 3, d 3 3 3,
chs 5 54 54, ch 5|4 5|4 5|4, ck 5|45 5|45 5|45, csz 4 4 4, czs 4 4 4, cz 4 4 4, cs 4 4 4,
c 5|4 5|4 5|4,
ai 0 1 -, aj 0 1 -, ay 0 1 -, au 0 7 -, a 0 - -,
ei 0 1 -, ej 0 1 -, ey 0 1 -, eu 1 1 -, e 0 - -,
ia 1 - -, ie 1 - -, io 1 - -, iu 1 - -, i 0 - -,
oi 0 1 -, oj 0 1 -, oy 0 1 -, o 0 - -,
ui 0 1 -, uj 0 1 -, uy 0 1 -, ue 0 - -, u 0 - -,
b 7 7 7, fb 7 7 7, f 7 7 7, g 5 5 5, h 5 5 -, j 1|4 -|4 -|4, ks 5 54 54, kh 5 5 5,
k 5 5 5, l 8 8 8, mn 66 66 66, m 6 6 6, nm 66 66 66, n 6 6 6, pf 7 7 7, ph 7 7 7,
p 7 7 7, q 5 5 5, rs 94|4 94|4 94|4, rz 94|4 94|4 94|4, r 9 9 9, v 7 7 7, w 7 7 7,
x 5 54 54, y 1 - -
"""


def _codes(cell: str) -> tuple[str, ...]:
    return tuple("" if code == "-" else code for code in cell.split("|"))


_RULES: dict[str, list[tuple[str, tuple[tuple[str, ...], ...]]]] = {}
for _entry in _CHART.replace("\n", " ").split(","):
    if _entry.strip():
        _group, *_cells = _entry.split()
        _RULES.setdefault(_group[0], []).append((_group, tuple(map(_codes, _cells))))
for _rules in _RULES.values():
    _rules.sort(key=lambda rule: -len(rule[0]))

# Cyrillic for the Daitch–Mokotoff chart: one sound, one unambiguous Latin group (ч → tsch
# codes 4 only, where "ch" would also give 5; х → kh; ц → ts; щ → shch; г and ґ → g).
_CYRILLIC = "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя’'ʼ"


def _scheme(latin: str) -> dict[int, str]:
    """A translation table from :data:`_CYRILLIC` to the space-separated ``latin`` ("-": none)."""
    pairs = zip(_CYRILLIC, latin.split(), strict=True)
    return str.maketrans({c: "" if v == "-" else v for c, v in pairs})


_DM_CYRILLIC = _scheme(
    "a b v g g d e ye yo zh z i i yi y k l m n o p r s t u f kh ts tsch sh shch - y - e yu ya - - -"
)
_VOWELS = frozenset("aeiou")
_LATIN_SPECIALS = str.maketrans({"ß": "s", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th"})


def _latin(text: str, scheme: dict[int, str]) -> str:
    """Lowercase ASCII letters of ``text``, Cyrillic written with ``scheme``."""
    text = text.lower().translate(scheme).translate(_LATIN_SPECIALS)
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if "a" <= c <= "z")


@lru_cache(maxsize=131072)
def daitch_mokotoff(word: str) -> frozenset[str]:
    """The Daitch–Mokotoff Soundex codes of ``word`` (six digits each).

    Letters are folded to ASCII and everything else is dropped, so several words are coded as
    one ("Ben Aron" as "Benaron"): code each name part separately. Cyrillic is written in
    Latin first (ч → tsch, х → kh, ц → ts, щ → shch, ж → zh, й → y, є/ю/я → ye/yu/ya, ь and
    apostrophes dropped). Letter groups that sound two ways give several codes; at most
    :data:`MAX_BRANCHES` are followed. An empty set when ``word`` has no letters.
    """
    text = _latin(word, _DM_CYRILLIC)
    if not text:
        return frozenset()
    branches: dict[tuple[str, str | None], None] = {("", None): None}
    i = 0
    while i < len(text) and any(len(code) < 6 for code, _ in branches):
        # every ASCII letter has a rule; the longest group that starts here wins
        group, cells = next(rule for rule in _RULES[text[i]] if text.startswith(rule[0], i))
        after = i + len(group)
        alternatives = cells[
            0 if i == 0 else 1 if after < len(text) and text[after] in _VOWELS else 2
        ]
        following: dict[tuple[str, str | None], None] = {}
        for code, last in branches:
            for alternative in alternatives:
                # a sound coded like the one just before it is coded once (Topf: 370000)
                if last is None or not last.endswith(alternative):
                    following[((code + alternative)[:6], alternative)] = None
                else:
                    following[(code, alternative)] = None
        branches = dict(list(following.items())[:MAX_BRANCHES])
        i = after
    return frozenset(code.ljust(6, "0") for code, _ in branches)


# Cyrillic for the skeleton: a scheme whose digraphs the Latin parser below reads back
# (г → gh so that зг, сг, кг stay two sounds; х → kh; ц → ts; ч → ch; ш → sh; щ → shch).
_SKELETON_CYRILLIC = _scheme(
    "a b v gh g d e ye yo zh z y i yi y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya - - -"
)
_SPLIT = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_SOUNDS = re.compile(r"shch|szcz|sch|shh|sz|sh|zh|tsch|tch|ch|cz|ts|tz|kh|gh|ph|th|ck|[a-z]")
# Sound classes: ш щ → x, ж → j, ч → q, ц → c, х г ґ h g kh → h, кс x → ks, в w → v,
# vowels (with y, j, й) → "", so that only the consonant frame remains.
_CLASSES = {
    **dict.fromkeys(("shch", "szcz", "sch", "shh", "sz", "sh"), "x"),
    **dict.fromkeys(("tsch", "tch", "ch", "cz"), "q"),
    **dict.fromkeys(("ts", "tz"), "c"),
    **dict.fromkeys(("kh", "gh", "g", "h"), "h"),
    **dict.fromkeys("aeiouyj", ""),
    "zh": "j", "ph": "f", "th": "t", "ck": "k", "x": "ks", "w": "v", "q": "k",
}  # fmt: skip


def _skeleton_word(word: str) -> str:
    text = _latin(word, _SKELETON_CYRILLIC)
    sounds: list[str] = []
    for match in _SOUNDS.finditer(text):
        group = match.group()
        if group == "c":  # c is ц before e i y (Cyril, ISO 9), к elsewhere (Victor)
            sound = "c" if text[match.end() : match.end() + 1] in ("e", "i", "y") else "k"
        else:
            sound = _CLASSES.get(group, group)
        if not sounds or sounds[-1] != sound:  # double letters count once
            sounds.append(sound)
    if not sounds:
        return ""
    first = "a" if sounds[0] == "" else ""  # a name starting with a vowel keeps one mark
    return first + "".join(sounds)


@lru_cache(maxsize=131072)
def skeleton(text: str) -> str:
    """A coarse key of a name in Latin or Cyrillic script, for blocking in linkage.

    Each word becomes its consonant frame: Cyrillic is written in Latin (г → gh, х → kh, ...),
    letter groups are read as sounds and mapped to classes (ш щ sh sch sz → x; ч ch tch cz →
    q; ц ts tz → c; ж zh → j; г ґ х h g kh → h; x → ks; w → v; ph → f), doubled sounds count
    once, vowels (with y, j and й) are dropped, and a word starting with a vowel starts with
    "a". Words are joined by one space in their order. So Скрипник, Skrypnyk, Skripnik →
    "skrpnk"; Олексій, Oleksii, Alexei, Алексей → "alks"; Григорій, Hryhorii, Grigorii →
    "hrhr"; Шевченко, Shevchenko, Schewtschenko, Szewczenko → "xvqnk".

    The price of that reach: names that differ only in vowels (Петров, Петрів, Патров), in
    г/х (Гарків, Харків) or in initial vowel meet; English "ch" is read as ч, so German or
    Polish "ch" for х (Charkow) does not meet; "zh" for зг (ODNI: Zhurskyy) meets ж, not зг.
    """
    return " ".join(filter(None, map(_skeleton_word, _SPLIT.findall(text))))
