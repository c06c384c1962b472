"""Value types: each cleans raw input, validates it, and converts to and from JSON.

The registry maps the type names used in ``schema.yaml`` to instances of these classes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, ClassVar

from .dates import PartialDate
from .places import Place
from .vocab import vocabulary

__all__ = [
    "AgeAt",
    "Consent",
    "PersonName",
    "ValueType",
    "value_type",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_NAME_PARTS = frozenset({"full", "given", "patronymic", "surname"})
_TRUE = {"true", "yes", "y", "1", "так", "да", "t"}
_FALSE = {"false", "no", "n", "0", "ні", "нет", "f"}


def clean_text(value: object, max_length: int = 20_000) -> str:
    """NFC-normalised, stripped text without control characters."""
    if not isinstance(value, str):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        else:
            raise ValueError(f"expected text, got {type(value).__name__}")
    if len(value) > max_length * 4:
        raise ValueError(f"text of {len(value):,} characters is longer than {max_length:,}")
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > max_length:
        raise ValueError(f"text of {len(text):,} characters is longer than {max_length:,}")
    if _CONTROL.search(text):
        raise ValueError("text contains control characters")
    return text


def _clean_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    raise ValueError(f"{value!r} is not yes/no")


def _mapping(value: object, allowed: AbstractSet[str], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{value!r} is not a {what}")
    extra = set(value) - allowed
    if extra:
        raise ValueError(f"unknown {what} parts {sorted(extra)} (allowed: {sorted(allowed)})")
    return {k: v for k, v in value.items() if v not in (None, "")}


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name as written in a source, in its original script; parts may be missing."""

    full: str | None = None
    given: str | None = None
    patronymic: str | None = None
    surname: str | None = None

    PARTS: ClassVar[tuple[str, ...]] = ("full", "given", "patronymic", "surname")

    @classmethod
    def parse(cls, value: object) -> PersonName:
        if isinstance(value, PersonName):
            return value
        if isinstance(value, str):
            value = {"full": value}
        parts = _mapping(value, _NAME_PARTS, "name")
        cleaned = {k: clean_text(v, 300) for k, v in parts.items()}
        cleaned = {k: _SPACES.sub(" ", v) for k, v in cleaned.items() if v}
        if not cleaned:
            raise ValueError("a name needs at least one part")
        if "full" not in cleaned:
            order = ("surname", "given", "patronymic")
            cleaned["full"] = " ".join(cleaned[p] for p in order if p in cleaned)
        return cls(**cleaned)

    def dump(self) -> dict[str, str]:
        return {p: getattr(self, p) for p in self.PARTS if getattr(self, p)}


@dataclass(frozen=True, slots=True)
class AgeAt:
    """An age in whole years at a (partial) date, used when the birth date is unknown."""

    years: int
    at: PartialDate

    @classmethod
    def parse(cls, value: object) -> AgeAt:
        if isinstance(value, AgeAt):
            return value
        if isinstance(value, int | str) and not isinstance(value, bool):
            value = {"years": value}
        parts = _mapping(value, {"years", "at"}, "age")
        try:
            years = int(str(parts.get("years", "")).strip())
        except ValueError:
            raise ValueError(f"age {parts.get('years')!r} is not a whole number of years") from None
        if not 0 <= years <= 120:
            raise ValueError(f"age {years} is outside 0-120")
        return cls(years, PartialDate.parse(parts.get("at", "")))

    def dump(self) -> dict[str, Any]:
        return {"years": self.years, "at": str(self.at)} if self.at.known else {"years": self.years}


@dataclass(frozen=True, slots=True)
class Consent:
    """What the person agreed to, when, recorded by whom, and whether it was withdrawn."""

    scope: str
    date: PartialDate
    recorder: str | None = None
    withdrawn: bool = False
    withdrawn_date: PartialDate | None = None

    @classmethod
    def parse(cls, value: object) -> Consent:
        if isinstance(value, Consent):
            return value
        if isinstance(value, str):
            value = {"scope": value}
        parts = _mapping(
            value, {"scope", "date", "recorder", "withdrawn", "withdrawn_date"}, "consent"
        )
        if "scope" not in parts:
            raise ValueError("consent needs a scope")
        withdrawn_date = (
            PartialDate.parse(parts["withdrawn_date"]) if "withdrawn_date" in parts else None
        )
        withdrawn = _clean_bool(parts.get("withdrawn", False)) or withdrawn_date is not None
        consent = cls(
            scope=vocabulary("consent_scope").clean(str(parts["scope"])),
            date=PartialDate.parse(parts.get("date", "")),
            recorder=clean_text(parts["recorder"], 200) if "recorder" in parts else None,
            withdrawn=withdrawn,
            withdrawn_date=withdrawn_date,
        )
        if withdrawn_date and consent.date.known and withdrawn_date.definitely_before(consent.date):
            raise ValueError("consent is withdrawn before it was given")
        return consent

    def dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scope": self.scope}
        if self.date.known:
            out["date"] = str(self.date)
        if self.recorder:
            out["recorder"] = self.recorder
        if self.withdrawn:
            out["withdrawn"] = True
        if self.withdrawn_date:
            out["withdrawn_date"] = str(self.withdrawn_date)
        return out


class ValueType:
    """Base value type: subclasses override ``clean``, ``dump`` and ``load``."""

    name: ClassVar[str] = "value"

    def __init__(self, **options: Any) -> None:
        self.options = options

    def clean(self, value: Any) -> Any:
        raise NotImplementedError

    def dump(self, value: Any) -> Any:
        """A JSON-compatible form; ``load(dump(v)) == v``."""
        return value

    def load(self, data: Any) -> Any:
        return self.clean(data)


class TextType(ValueType):
    name = "text"

    def clean(self, value: Any) -> str:
        return clean_text(value, int(self.options.get("max_length", 20_000)))

    def load(self, data: Any) -> str:
        return str(data)


class LocatorType(TextType):
    name = "locator"

    def clean(self, value: Any) -> str:
        text = clean_text(value, 2_000)
        if _SCHEME.match(text) and not _ALLOWED_SCHEME.match(text):
            raise ValueError(f"{text!r}: only http, https and file locators are accepted")
        return text


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_ALLOWED_SCHEME = re.compile(r"^(https?|file)://", re.I)


class VocabType(ValueType):
    name = "vocab"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.vocabulary = vocabulary(str(options.get("vocabulary", "event_type")))

    def clean(self, value: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a term of {self.vocabulary.name!r}")
        return self.vocabulary.clean(value)

    def load(self, data: Any) -> str:
        return str(data)


class EventTypeType(VocabType):
    name = "event_type"

    def __init__(self, **options: Any) -> None:
        super().__init__(vocabulary="event_type")


_ID_RE = re.compile(r"^([A-Z])-[0-9A-Z]{4,40}$")


class RefType(ValueType):
    """A reference to another record by id; the id's prefix names the record type."""

    name = "ref"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.to: tuple[str, ...] = tuple(options.get("to", ()))
        self.prefixes: dict[str, str] = dict(options.get("prefixes", {}))

    def clean(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a record id")
        text = value.strip()
        if not _ID_RE.match(text):
            raise ValueError(f"{value!r} is not a record id")
        if self.prefixes and text[0] not in self.prefixes:
            raise ValueError(f"{text!r} does not refer to a {' or '.join(self.to)}")
        return text

    def load(self, data: Any) -> str:
        return str(data)


class TextListType(ValueType):
    """A list of short texts (links, aliases); empty items are dropped."""

    name = "text_list"

    def clean(self, value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ValueError(f"{value!r} is not a list of texts")
        cleaned = (clean_text(item, 2_000) for item in items)
        return tuple(item for item in cleaned if item)

    def dump(self, value: Any) -> list[str]:
        return list(value)


class Sha256Type(ValueType):
    name = "sha256"

    def clean(self, value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", value.strip()):
            raise ValueError(f"{value!r} is not a SHA-256 digest (64 hexadecimal digits)")
        return value.strip().lower()

    def load(self, data: Any) -> str:
        return str(data)


class PartialDateType(ValueType):
    name = "partial_date"

    def clean(self, value: Any) -> PartialDate:
        return PartialDate.parse(value)

    def dump(self, value: Any) -> str:
        return str(value)


class PlaceType(ValueType):
    name = "place"

    def clean(self, value: Any) -> Place:
        return Place.parse(value)

    def dump(self, value: Any) -> dict[str, Any]:
        assert isinstance(value, Place)
        return value.dump()


class RegionListType(ValueType):
    name = "region_list"

    def clean(self, value: Any) -> tuple[str, ...]:
        items = value.replace(";", ",").split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ValueError(f"{value!r} is not a list of regions")
        result = set()
        for item in items:
            if not str(item).strip():
                continue
            place = Place.parse(str(item).strip())
            if place.region is None:
                raise ValueError(f"{item!r} is not a region")
            result.add(place.region)
        return tuple(sorted(result))

    def dump(self, value: Any) -> list[str]:
        return list(value)


class BoolType(ValueType):
    name = "bool"

    def clean(self, value: Any) -> bool:
        return _clean_bool(value)


class IntType(ValueType):
    name = "int"

    def clean(self, value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a whole number")
        if isinstance(value, str):
            text = value.strip().replace("\u00a0", "").replace(" ", "")
            if not re.fullmatch(r"-?\d{1,15}", text):
                raise ValueError(f"{value!r} is not a whole number")
            value = int(text)
        if not isinstance(value, int):
            raise ValueError(f"{value!r} is not a whole number")
        low, high = self.options.get("min"), self.options.get("max")
        if low is not None and value < low:
            raise ValueError(f"{value} is below the minimum {low}")
        if high is not None and value > high:
            raise ValueError(f"{value} is above the maximum {high}")
        return value


class PhoneType(ValueType):
    name = "phone"

    def clean(self, value: Any) -> str:
        text = clean_text(value, 64)
        digits = re.sub(r"[\s\-().]", "", text)
        if not re.fullmatch(r"\+?\d{7,15}", digits):
            raise ValueError(f"{text!r} is not a phone number (7 to 15 digits, optional +)")
        return digits


class PersonNameType(ValueType):
    name = "person_name"

    def clean(self, value: Any) -> PersonName:
        return PersonName.parse(value)

    def dump(self, value: Any) -> dict[str, str]:
        assert isinstance(value, PersonName)
        return value.dump()


class AgeAtType(ValueType):
    name = "age_at"

    def clean(self, value: Any) -> AgeAt:
        return AgeAt.parse(value)

    def dump(self, value: Any) -> dict[str, Any]:
        assert isinstance(value, AgeAt)
        return value.dump()


class ConsentType(ValueType):
    name = "consent"

    def clean(self, value: Any) -> Consent:
        return Consent.parse(value)

    def dump(self, value: Any) -> dict[str, Any]:
        assert isinstance(value, Consent)
        return value.dump()


_TYPES: dict[str, type[ValueType]] = {
    cls.name: cls
    for cls in (
        TextType,
        TextListType,
        Sha256Type,
        LocatorType,
        VocabType,
        EventTypeType,
        RefType,
        PartialDateType,
        PlaceType,
        RegionListType,
        BoolType,
        IntType,
        PhoneType,
        PersonNameType,
        AgeAtType,
        ConsentType,
    )
}


def value_type(name: str, **options: Any) -> ValueType:
    """An instance of the value type registered under ``name``."""
    try:
        cls = _TYPES[name]
    except KeyError:
        raise KeyError(
            f"no value type named {name!r} (known: {', '.join(sorted(_TYPES))})"
        ) from None
    return cls(**options)
