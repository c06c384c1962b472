"""Places from what a row gives: a region (name or code), a settlement, a KATOTTG code, or one
cell that holds several of them ("м. Мелітополь, Запорізька обл."), with a note when a
settlement cannot be pinned to one KATOTTG unit.

Settlements are looked up by name in :mod:`svidok.ingest.settlements`. Every function here is
pure; :func:`resolve_place` is cached per distinct input.
"""

from __future__ import annotations

import functools
import re

from ..model import Place, region_for_name
from ..model.places import katottg_entry, region_readings, regions
from .settlements import (
    _KIND_PREFIX,
    _category,
    _find,
    _kind,
    _prefer_city,
    _raions,
    _region_of,
    place_key,
)
from .values import fold

__all__ = ["resolve_place"]


def _settle(
    iso: str | None,
    name: str,
    label: str,
    found: tuple[list[str], str | None],
    raion: str | None,
) -> tuple[Place, str | None]:
    """The place for what :func:`_find` found, with the note the import summary shows."""
    candidates, across = found
    if across is not None:
        entry = katottg_entry(across)
        written = entry[1] if entry else across
        note = (
            f"settlement {label!r} taken to be {written} ({across}): "
            "the same name in another script or spelling"
        )
        return Place.parse({"code": across, "label": label}), note
    chosen = _prefer_city(candidates)
    if chosen is not None and len(candidates) > 1:
        others = len(candidates) - 1
        note = (
            f"settlement {label!r}: taken to be the city; {others} smaller "
            + ("place" if others == 1 else "places")
            + (f" in {iso}" if iso else "")
            + " of that name"
        )
        entry = katottg_entry(chosen)
        same = entry is not None and fold(entry[1]) == name
        return Place.parse({"code": chosen, "label": None if same else label}), note
    if len(candidates) == 1:
        entry = katottg_entry(candidates[0])
        return Place.parse(
            {"code": candidates[0], "label": None if entry and fold(entry[1]) == name else label}
        ), None
    note = (
        f"settlement {label!r} matches {len(candidates)} places"
        + (f" in {iso}" if iso else "")
        + "; kept as written"
        if candidates
        else f"settlement {label!r} is not in the KATOTTG codifier"
        + (f" for {iso}" if iso else "")
        + "; kept as written"
    )
    if raion is not None:  # the raion written with it is known
        return Place.parse({"code": raion, "label": label}), note
    return Place.parse({"region": iso, "label": label}), note


_UNIT = r"(?:обл|область|області|области|oblast|region)\.?"
_RAION_UNIT = r"(?:р-н|р-ну|р-ні|район|району|районі|района|районе|raion|rayon|district)\.?"
_RAION = re.compile(rf"^([\w'’ʼ-]+)\s+{_RAION_UNIT}$", re.IGNORECASE)
# A region or raion written after the settlement without a comma: "Мелітополь Запорізька
# обл.", "с. Іванівка Херсонського району Херсонської області".
_TAIL = re.compile(rf"^(.*\S)\s+([\w'’ʼ-]+\s+(?:{_UNIT}|{_RAION_UNIT}))$", re.IGNORECASE)
_COUNTRY = frozenset(("україна", "украина", "ukraine"))


def _names_region(text: str) -> bool:
    """Whether a piece of text is a region: "м. Мелітополь" is not, "м. Київ" is."""
    if not region_readings(text):
        return False
    return not _KIND_PREFIX.match(fold(text)) or region_for_name(text) in ("UA-30", "UA-40")


def _split_cell(text: str) -> tuple[str | None, str | None, str | None] | None:
    """(settlement, raion, region) as one cell gives them: "м. Мелітополь, Запорізька обл.",
    "Мелитополь (Запорожская обл.)", "Запорізька обл., м. Мелітополь", "с. Іванівка
    Херсонського району Херсонської області"; None when it holds more than one of any."""
    pieces: list[str] = []
    for part in re.split(r"[,;()]", text):
        part, tails = part.strip(), list[str]()
        while match := _TAIL.match(part):
            part = match[1].strip()
            tails.insert(0, match[2])
        pieces += [p for p in (part, *tails) if fold(p) and fold(p) not in _COUNTRY]
    settlements: list[str] = []
    raions: list[str] = []
    named: list[str] = []
    for piece in pieces:
        if _RAION.match(piece):
            raions.append(piece)
        elif _names_region(piece):
            named.append(piece)
        else:
            settlements.append(piece)
    if not settlements and len(named) > 1:  # "Запоріжжя, Запорізька обл.": a city like its region
        plain = [p for p in named if not re.search(rf"\s{_UNIT}$", p, re.IGNORECASE)]
        settlements.append(named.pop(named.index(plain[0]) if plain else 0))
    if len(settlements) > 1:  # "м. Мелітополь, вул. Шевченка, 5": the one with its kind
        kinds = [p for p in settlements if _KIND_PREFIX.match(fold(p))]
        # else the first, the rest being comments ("Феодосія (біля вокзалу)")
        settlements = kinds or settlements[:1]
    if len(settlements) > 1 or len(raions) > 1 or len(named) > 1 or not pieces:
        return None
    return (
        settlements[0] if settlements else None,
        raions[0] if raions else None,
        named[0] if named else None,
    )


def _raion_code(readings: tuple[str, ...], text: str) -> str | None:
    """The KATOTTG code of a raion written in any case, Ukrainian or Russian, within the regions
    of ``readings`` (any when empty); None when no one raion is called so."""
    match = _RAION.match(text.strip())
    word = re.sub(r"(?:ого|ому|ом)$", "ий", fold(match[1] if match else text))
    codes = [
        c for c in _raions().get(place_key(word), []) if not readings or _region_of(c) in readings
    ]
    return codes[0] if len(codes) == 1 else None


def _doubt(region: str | None, readings: tuple[str, ...]) -> str | None:
    """A note for a region written as an abbreviation that another region shares ("ХО")."""
    if region is None or len(readings) < 2 or region_for_name(region) != readings[0]:
        return None
    first, *others = (f"{regions()[iso].name_uk} ({iso})" for iso in readings)
    return (
        f"region {region!r} taken to be {first}; it may also stand for {' or '.join(others)}: "
        "map it in the mapping to say which"
    )


def _several(region: str, readings: tuple[str, ...], label: str, found_in: int) -> str:
    named = ", ".join(f"{iso} {regions()[iso].name_uk}" for iso in readings)
    if len(readings) == 2:
        count, where = "two", ("in neither" if found_in == 0 else "in both")
    else:
        count, where = str(len(readings)), f"in {found_in} of them"
    return (
        f"{region!r} covers {count} regions ({named}) and settlement {label!r} is {where}: "
        "give the region"
    )


def _join(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


def _resolve_unit(
    region: str | None,
    readings: tuple[str, ...],
    raion_text: str | None,
    raion: str | None,
    label: str,
) -> tuple[Place, str | None]:
    """A cell that names no settlement: a raion, else the region."""
    if raion is not None:
        return Place.parse({"code": raion, "label": label}), None
    if region is not None:
        Place.parse(region)  # "ОРДЛО" names no one region: the error says so
    place = Place.parse({"region": region_for_name(region) if region else None})
    if raion_text:
        note = f"raion {raion_text!r} is not in the KATOTTG codifier; kept as written"
        return Place.parse({**place.dump(), "label": label}), note
    return place, _doubt(region, readings)


def _city_named_like(region: str, cell: str) -> tuple[Place, str | None] | None:
    """The city a region is named after, for a settlement column: Запоріжжя, Donetsk, Kherson."""
    iso = region_for_name(region)
    if iso is None:
        return None
    name = fold(region)
    candidates, across = _find(iso, name, frozenset("M"), None)
    cities = [c for c in ([across] if across else candidates) if _category(c) == "M"]
    if len(cities) != 1:
        return None
    return _settle(iso, name, cell, ([], across) if across else (cities, None), None)


def _resolve_cell(
    region: str | None, readings: tuple[str, ...], cell: str, label: str, alone: bool
) -> tuple[Place, str | None]:
    """A place from a settlement cell, or from the only place column (``alone``): a settlement,
    a raion, a region, or those together; ``region`` and ``readings`` come from a region column.
    """
    parts = _split_cell(cell)
    if parts is None:
        if alone:
            raise ValueError(
                f"{cell!r} is not a known region nor one settlement; give a KATOTTG code, an ISO "
                "3166-2 code, a region name or a settlement name"
            )
        parts = (cell, None, None)
    settlement, raion_text, cell_region = parts
    if cell_region is not None:
        named = region_readings(cell_region)
        if readings and not set(named) & set(readings):
            conflict = (
                f"settlement {label!r} names {named[0]}, not the row's region {readings[0]}; "
                "kept as written"
            )
            return Place.parse({"region": readings[0], "label": label}), conflict
        readings = tuple(iso for iso in named if not readings or iso in readings)
        region = cell_region
    raion = _raion_code(readings, raion_text) if raion_text else None
    if raion is not None and not readings:
        readings = (str(_region_of(raion)),)
    if settlement is None:
        city = None
        if cell_region is not None and not alone and not raion_text:
            city = _city_named_like(cell_region, cell)
        return city or _resolve_unit(region, readings, raion_text, raion, label)
    name, kinds = _kind(settlement)
    iso: str | None = readings[0] if readings else None
    if region is not None and len(readings) > 1 and region_for_name(region) is None:
        # "ОРДЛО": one of several regions, if the settlement is found in one only
        found = [(one, _find(one, name, kinds, raion)) for one in readings]
        hits = [(one, f) for one, f in found if f[0] or f[1]]
        if len(hits) != 1:
            raise ValueError(_several(region, readings, label, len(hits)))
        iso, result = hits[0]
    else:
        result = _find(iso, name, kinds, raion)
    if alone and iso is None and not result[0] and result[1] is None:
        raise ValueError(
            f"{cell!r} is not a known region nor a settlement in the KATOTTG codifier; give a "
            "KATOTTG code, an ISO 3166-2 code, a region name or a settlement name"
        )
    place, note = _settle(iso, name, label, result, raion)
    if place.precision != "settlement":  # no settlement in it confirms the region
        note = _join(note, _doubt(region, readings))
    return place, note


@functools.lru_cache(maxsize=100_000)
def resolve_place(
    region: str | None,
    settlement: str | None,
    code: str | None = None,
    label: str | None = None,
) -> tuple[Place, str | None]:
    """A place from what a row gives: region (name or code), settlement name, KATOTTG code, and
    a label kept exactly as written (never looked up).

    The settlement may say its kind ("смт Михайлівка", "с. Іванівка", "пгт Акимовка"), which
    narrows the names found, and carry its raion and region ("м. Мелітополь, Запорізька обл.",
    "с. Іванівка Херсонського району Херсонської області"). A region that is no region is read
    the same way: a mapping's only place column arrives as the region and may hold a settlement.

    Returns the place and, when a settlement name could not be pinned to one KATOTTG unit, a
    note saying why (unknown or ambiguous); the name is then kept as written with the region.
    Raises ValueError for a region or code that does not exist, and for a name of several
    regions ("ОРДЛО") that nothing in the row narrows to one.
    """
    region = region.strip() if region else None
    settlement = settlement.strip() if settlement else None
    for cell in (region, settlement):
        if cell and _COURT.search(cell):
            raise ValueError(
                f"{cell!r} names a court, not a place: map the column to event.perpetrator_body "
                "(the acting body), and the court's region, if wanted, to event.place.region"
            )
    if (
        region
        and not settlement
        and not code
        and fold(region)
        and not _names_region(region)
        and not (region.upper().startswith("UA") and any(ch.isdigit() for ch in region))
    ):
        return _resolve_cell(None, (), region, label or region, alone=True)
    iso = None
    readings: tuple[str, ...] = ()
    if region:
        readings = region_readings(region)
        if not (settlement and len(readings) > 1 and region_for_name(region) is None):
            place = Place.parse(region)
            iso = place.region
            readings = readings or ((iso,) if iso else ())
            if place.code and not settlement and not code:
                return Place(place.precision, place.code, place.region, label), None
    if code:
        found = Place.parse({"code": code, "region": iso, "label": label or settlement})
        return found, None
    if label and not settlement:
        return Place.parse({"region": iso, "label": label}), _doubt(region, readings)
    if not settlement:
        place = Place.parse({"region": iso}) if iso else Place("unknown")
        return place, _doubt(region, readings)
    return _resolve_cell(region, readings, settlement, settlement, alone=False)


# A court's name ("Мелитопольский городской суд Запорожской области", "Court of Appeal").
_COURT = re.compile(r"\b(?:суд|суду|суда|court|tribunal)\b", re.IGNORECASE)

# A street address in a place cell: street and house words, or a house or flat number.
_STREET = re.compile(
    r"\d|\b(?:вул|ул|пров|пер|просп|пр-т|бульв|б-р|пл|кв|буд|д|str|st|ave|apt)\b\.?|"
    r"вулиц|улиц|провул|переул|проспект|будин|квартир|street|avenue",
    re.IGNORECASE,
)


_CODE_CELL = re.compile(r"(?:UA-?\d{2}|UA\d{17})$", re.IGNORECASE)  # ISO 3166-2, KATOTTG


def street_address(cell: str) -> bool:
    """Whether a place cell holds a street address (street words, house or flat numbers): such
    a cell identifies a household and belongs in ``person.address``, never in a place."""
    return bool(_STREET.search(cell)) and not _CODE_CELL.match(cell.strip())


def places_only(values: list[str], share: float = 0.8) -> bool:
    """Whether a column of residences names places (settlements or regions) and no street
    addresses: then it says where the person comes from (``person.origin``)."""
    distinct = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if not distinct or any(street_address(v) for v in distinct):
        return False
    found = 0
    for value in distinct:
        try:
            place, note = resolve_place(None, value)
        except ValueError:
            continue
        found += place.precision != "unknown" and "kept as written" not in (note or "")
    return found >= share * len(distinct)
