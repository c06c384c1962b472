"""Reading an Uwazi export's cells: columns that share a heading, and property values (event
types, places in thesaurus groups, several dates) as the record's field wants them."""

from __future__ import annotations

import re
from typing import Any

from ..model import PartialDate, record_type
from .base import ReadReport
from .tabular import Row
from .uwazi_mapping import UwaziMapping, _Column
from .uwazi_values import _common, _is_region, _link, _uwazi_date, _values
from .values import fold, split_name

__all__ = ["UwaziCells"]

_AGAIN = re.compile(r"(.+) \((\d+)\)")  # a heading the reader found again: "Date (2)"


class _Conflict(ValueError):
    """Columns with the same heading hold different values on one row."""


class UwaziCells:
    """The cell-reading half of :class:`svidok.ingest.uwazi.UwaziImport`."""

    mapping: UwaziMapping
    report: ReadReport
    labels: dict[str, str]
    index: dict[str, int]
    repeated: dict[str, list[int]]

    def _repeated(self, folded: list[str]) -> dict[str, list[int]]:
        """Columns that are read (fixed or mapped) and have the same heading as another: each
        row's non-empty one is read, and the report says so."""
        read = {"title", "template", "date added"} | {
            name
            for template in self.mapping.templates.values()
            for name, column in template.columns.items()
            if column.used
        }
        at_of: dict[str, list[int]] = {}
        for at, name in enumerate(folded):
            # the reader names a repeated heading "Date (2)", "Date (3)"...
            again = _AGAIN.fullmatch(name)
            if again and again[1] in folded[:at] and name not in read:
                name = again[1]
            for alias in dict.fromkeys((name, _common(name))):
                if alias in read:
                    at_of.setdefault(alias, []).append(at)
        repeated = {name: ats for name, ats in at_of.items() if len(ats) > 1}
        for name, ats in repeated.items():
            self.report.warnings[
                f"{self._same_heading(name, ats)}: each row's non-empty one is read, a row "
                "where they differ is rejected"
            ] += 1
        return repeated

    def _same_heading(self, name: str, ats: list[int]) -> str:
        numbers = [str(at + 1) for at in ats]  # as people count columns
        return (
            f"columns {', '.join(numbers[:-1])} and {numbers[-1]} are "
            f"{'both' if len(ats) == 2 else 'all'} headed {self.labels.get(name, name)!r}"
        )

    def _cell(self, row: Row, name: str) -> str:
        """A row's text in a column read by name (of several with that heading, the
        non-empty one); _Conflict when they differ."""
        ats = self.repeated.get(name)
        if ats is None:
            at = self.index.get(name)
            return "" if at is None else row.cells[at]
        texts = list(dict.fromkeys(row.cells[at] for at in ats if row.cells[at]))
        if len(texts) > 1:
            raise _Conflict(
                f"{self._same_heading(name, ats)} and hold different values on this row: "
                "rename the property in Uwazi (or one heading in the file) and map it"
            )
        return texts[0] if texts else ""

    def _read_value(
        self,
        kind: str,
        column: _Column,
        label: str,
        text: str,
        values: dict[str, Any],
        places: dict[str, dict[str, str]],
        given: dict[str, str],
    ) -> None:
        assert column.field is not None
        name = column.field
        f = record_type(kind).fields[name]
        several = _values(text)
        value: Any
        if f.type_name == "event_type":  # every value: one event each
            types = values.setdefault(name, [])
            for _, item in several:
                term = f.type.clean(column.value_map.get(fold(item), item))
                if term not in types:
                    types.append(term)
            return
        if f.type_name == "place":
            self._read_place(column, label, several, places.setdefault(name, {}))
            given.setdefault(name, label)
            return
        if f.type_name == "person_name":
            if column.part:
                values.setdefault(name, {})[column.part] = text
                return
            value = split_name(text, column.order)
        elif f.type_name == "partial_date":
            value = self._date(label, [item for _, item in several])
        elif f.type_name == "locator":  # a link property: "label|url"
            value = _link(text) or text
        elif f.type_name == "text_list":
            url = _link(text)
            value = [url] if url else [item for _, item in several]
        elif f.type_name == "text":  # as written: a text may hold "|"
            value = column.value_map.get(fold(text), text)
        else:
            if len(several) > 1:
                self.report.warnings[f"{label}: several values, only the first imported"] += 1
            first = several[0][1] if several else text
            value = column.value_map.get(fold(first), first)
        if name in given and values.get(name) != value:
            self.report.warnings[
                f"{label} and {given[name]} both give {kind}.{name}: {given[name]} kept"
            ] += 1
            return
        values[name] = value
        given[name] = label

    def _read_place(
        self, column: _Column, label: str, several: list[tuple[str, str]], parts: dict[str, str]
    ) -> None:
        if len(several) > 1:
            self.report.warnings[f"{label}: several places, only the first imported"] += 1
        group, item = several[0] if several else ("", "")
        item = column.value_map.get(fold(item), item)
        group = column.value_map.get(fold(group), group)
        part = column.part or "region"
        if group and part in ("region", "settlement") and _is_region(group):
            # a thesaurus of settlements grouped by region: "Запорізька область::Мелітополь"
            parts.setdefault("region", group)
            if part == "region":
                parts.setdefault("settlement", item)
                return
        parts[part] = item

    def _date(self, label: str, texts: list[str]) -> PartialDate:
        dates = [_uwazi_date(text, self.mapping.date_order) for text in texts]
        known = [d for d in dates if d.start is not None and d.end is not None]
        if len(known) <= 1:
            return known[0] if known else PartialDate.parse("")
        bounds = [(d.start, d.end) for d in known if d.start and d.end]
        self.report.warnings[
            f"{label}: several dates; the record's date spans them, earliest to latest"
        ] += 1
        return PartialDate.between(min(s for s, _ in bounds), max(e for _, e in bounds))
