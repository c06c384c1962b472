"""Data-entry forms generated from the record model: one widget per field of a record type,
chosen by its value type; submitted values read back into what :func:`svidok.model.make`
cleans and validates, and its problems put next to the fields they concern."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ..model import (
    AgeAt,
    Consent,
    PartialDate,
    PersonName,
    Place,
    Record,
    record_type,
    vocabulary,
)
from ..model.values import VocabType
from .present import field_label, term

__all__ = ["ENTRY_KINDS", "Widget", "form_widgets", "problems_by_field", "read_form"]

ENTRY_KINDS = ("source", "person", "event", "claim", "published_figure")

# value type -> widget
_WIDGETS = {
    "text": "text",
    "locator": "text",
    "phone": "tel",
    "sha256": "text",
    "ref": "ref",
    "partial_date": "date",
    "place": "place",
    "vocab": "select",
    "event_type": "select",
    "bool": "checkbox",
    "int": "number",
    "person_name": "text",
    "text_list": "lines",
    "region_list": "regions",
    "age_at": "age",
    "consent": "consent",
}
_LONG = {"text", "description", "notes", "quote", "excerpt", "population"}


@dataclass
class Widget:
    """One field of a form, with its value as text and the problems found with it."""

    name: str
    label: str
    widget: str
    required: bool
    identifying: bool
    help: str
    options: list[tuple[str, str]] = field(default_factory=list)
    value: str = ""
    parts: dict[str, str] = field(default_factory=dict)  # age: years/at; consent: scope/date
    values: list[str] = field(default_factory=list)  # multi-select
    errors: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, PersonName):
        return value.full or ""
    if isinstance(value, Place):
        return value.code or value.region or value.label or ""
    if isinstance(value, PartialDate):
        return str(value) if value.known else ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, tuple | list):
        return "\n".join(str(v) for v in value)
    return str(value)


def form_widgets(
    kind: str,
    lang: str,
    t: Callable[[str], str],
    record: Record | None = None,
    submitted: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[Widget]:
    """The widgets of ``kind``'s form, filled from ``submitted`` form data, else ``record``."""
    rt = record_type(kind)
    widgets = []
    for f in rt.fields.values():
        widget = _WIDGETS.get(f.type_name, "text")
        if widget == "text" and f.name in _LONG:
            widget = "textarea"
        options: list[tuple[str, str]] = []
        if isinstance(f.type, VocabType):
            vocab = f.type.vocabulary
            options = [(term_id, term(vocab.name, term_id, lang)) for term_id in vocab.ids]
        w = Widget(
            name=f.name,
            label=field_label(f.name, t),
            widget=widget,
            required=f.required,
            identifying=f.identifying,
            help=t(f.help) if f.help else "",
            options=options,
            errors=list((errors or {}).get(f.name, [])),
        )
        current = record.get(f.name) if record is not None else f.default
        if widget == "age":
            age = current if isinstance(current, AgeAt) else None
            w.parts = {
                "years": str(age.years) if age else "",
                "at": _text(age.at) if age else "",
            }
        elif widget == "consent":
            scopes = vocabulary("consent_scope")
            w.options = [(s, term(scopes.name, s, lang)) for s in scopes.ids]
            consent = current if isinstance(current, Consent) else None
            w.parts = {
                "scope": consent.scope if consent else "",
                "date": _text(consent.date) if consent else "",
                "recorder": (consent.recorder or "") if consent else "",
            }
        elif widget == "regions":
            w.values = list(current or ())
        else:
            w.value = _text(current)
        if submitted is not None:
            _fill(w, submitted)
        widgets.append(w)
    return widgets


def _fill(w: Widget, form: Mapping[str, Any]) -> None:
    key = f"f.{w.name}"
    if w.widget in ("age", "consent"):
        w.parts = {part: str(form.get(f"{key}.{part}", "")) for part in w.parts}
    elif w.widget == "regions":
        got = form.get(key, [])
        w.values = list(got) if isinstance(got, list) else [str(got)] if got else []
    else:
        w.value = str(form.get(key, ""))


def read_form(kind: str, form: Mapping[str, Any], record: Record | None = None) -> dict[str, Any]:
    """Raw values for :func:`svidok.model.make` from submitted form data (``f.<field>``).

    A field left as the form showed it keeps the stored value (so that parts the form does
    not show, such as a name's separate parts, survive an edit).
    """
    rt = record_type(kind)
    values: dict[str, Any] = {}
    for f in rt.fields.values():
        key = f"f.{f.name}"
        widget = _WIDGETS.get(f.type_name, "text")
        stored = record.get(f.name) if record is not None else None
        if widget == "age":
            years = str(form.get(f"{key}.years", "")).strip()
            at = str(form.get(f"{key}.at", "")).strip()
            values[f.name] = {"years": years, "at": at} if years else None
        elif widget == "consent":
            scope = str(form.get(f"{key}.scope", "")).strip()
            parts = {p: str(form.get(f"{key}.{p}", "")).strip() for p in ("date", "recorder")}
            values[f.name] = {"scope": scope, **parts} if scope else None
            if (
                isinstance(stored, Consent)
                and scope == stored.scope
                and parts["date"] == _text(stored.date)
                and parts["recorder"] == (stored.recorder or "")
            ):
                values[f.name] = stored  # keeps a withdrawal, which the form does not show
        elif widget == "regions":
            got = form.get(key, [])
            values[f.name] = (list(got) if isinstance(got, list) else [got]) or None
        elif widget == "checkbox":
            values[f.name] = True if form.get(key) else (False if f.default is not None else None)
        elif widget == "lines":
            text = str(form.get(key, ""))
            values[f.name] = [line.strip() for line in text.splitlines() if line.strip()] or None
        else:
            text = str(form.get(key, "")).strip()
            values[f.name] = stored if stored is not None and text == _text(stored) else text
    return values


def problems_by_field(problems: list[Problem]) -> tuple[dict[str, list[str]], list[str]]:
    """Messages per field, and those about no field of the form (the whole record)."""
    by_field: dict[str, list[str]] = {}
    general = []
    for p in problems:
        if p.field:
            by_field.setdefault(p.field, []).append(p.message)
        else:
            general.append(p.message)
    return by_field, general
