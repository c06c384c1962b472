"""A public export as one self-contained HTML page (no scripts, no external assets)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .export import PublicExport

__all__ = ["render_html"]

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}"
    "table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.2em .6em}"
    "td.num{text-align:right}tr.total td{font-weight:bold;background:#f4f4f4}"
)


def render_html(export: PublicExport) -> str:
    """The export's cells as an HTML table, with what the counts mean and how they are
    protected. Every value is escaped; the page loads nothing from elsewhere."""
    from .disclosure import TOTAL
    from .export import SUPPRESSED

    rows = export.records()
    dims = export.protected.table.dimensions
    columns = list(rows[0]) if rows else [*dims, "persons"]
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = []
    for row in rows:
        is_total = any(row[d] == TOTAL for d in dims)
        cells = []
        for column in columns:
            value = row[column]
            if column == "persons":
                shown = SUPPRESSED if value is None else str(value)
                cells.append(f'<td class="num">{escape(shown)}</td>')
            else:
                cells.append(f"<td>{escape(str(value))}</td>")
        opening = '<tr class="total">' if is_total else "<tr>"
        body.append(opening + "".join(cells) + "</tr>")
    notes = "".join(f"<li>{escape(n)}</li>" for n in export.protected.notes)
    title = "Documented persons by " + ", ".join(dims)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p>{escape(export.semantics)}</p>"
        f"<p>{escape(export.protection)}</p>"
        + (f"<ul>{notes}</ul>" if notes else "")
        + f"<table><thead><tr>{head}</tr></thead><tbody>\n"
        + "\n".join(body)
        + "\n</tbody></table></body></html>\n"
    )
