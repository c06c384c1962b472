"""How values read on a page: field labels, vocabulary terms and value types as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import AgeAt, Consent, PartialDate, PersonName, Place, Record, record_type, regions
from ..model.values import VocabType

__all__ = ["field_label", "kind_label", "record_rows", "region_name", "term", "value_text"]


def field_label(name: str, t: Callable[[str], str]) -> str:
    """A field's label: its name as words, translated ("perpetrator_body" -> "Perpetrator body")."""
    return t(name.replace("_", " ").capitalize())


def kind_label(kind: str, lang: str) -> str:
    """A record type's label in ``lang`` (from the schema)."""
    label = record_type(kind).label
    return label.get(lang) or label.get("en") or kind


def region_name(iso: str | None, lang: str) -> str:
    """A region's name in ``lang`` (Ukrainian otherwise), or the code itself."""
    region = regions().get(iso or "")
    if region is None:
        return iso or ""
    return region.name_en if lang == "en" else region.name_uk


def term(vocab: str, value: str, lang: str) -> str:
    """A vocabulary term's label in ``lang``."""
    from ..model import vocabulary

    try:
        return vocabulary(vocab).label(value, lang)
    except KeyError:
        return value


def value_text(value: Any, lang: str, vocab: str | None = None) -> str:
    """One value as a person reads it."""
    if value is None:
        return ""
    if vocab is not None and isinstance(value, str):
        return term(vocab, value, lang)
    if isinstance(value, PersonName):
        return value.full or ""
    if isinstance(value, Place):
        parts = [value.name] if value.name else []
        if value.region and value.precision != "oblast":
            parts.append(region_name(value.region, lang))
        if value.label and value.label not in parts:
            parts.append(f"«{value.label}»")
        return ", ".join(parts)
    if isinstance(value, PartialDate):
        return str(value) if value.known else "?"
    if isinstance(value, AgeAt):
        return f"{value.years}" + (f" ({value.at})" if value.at.known else "")
    if isinstance(value, Consent):
        text = term("consent_scope", value.scope, lang)
        if value.date.known:
            text += f", {value.date}"
        if value.withdrawn:
            text += " — withdrawn" if lang == "en" else " — відкликано"
        return text
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("так" if value else "ні")
    if isinstance(value, tuple | list):
        return ", ".join(
            region_name(v, lang) if str(v).startswith("UA-") else str(v) for v in value
        )
    return str(value)


def record_rows(
    record: Record, lang: str, t: Callable[[str], str]
) -> list[tuple[str, str, str, bool]]:
    """(field name, label, text, identifying) for each value the record holds, in schema order."""
    rows = []
    for f in record.type.fields.values():
        if f.name not in record.values:
            continue
        vocab = None
        if isinstance(f.type, VocabType):
            vocab = f.type.vocabulary.name
        rows.append(
            (
                f.name,
                field_label(f.name, t),
                value_text(record.values[f.name], lang, vocab),
                f.identifying,
            )
        )
    return rows
