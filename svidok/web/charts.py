"""Charts drawn on the server as SVG: bars, columns, a tile map of Ukraine's regions, and an
UpSet-style chart of list overlap. No JavaScript; every mark is a link to the records behind it
and has a text title (read by screen readers and shown on hover).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["TILES", "Bar", "bars", "columns", "shade", "tile_map", "upset"]

INK = "#1a1a1a"
BAR = "#1f5fa8"
MUTED = "#5c5c5c"


@dataclass(frozen=True, slots=True)
class Bar:
    """One value to draw: its label, value, link and spoken title."""

    label: str
    value: int
    href: str = ""
    title: str = ""


def _link(href: str, inner: str, title: str) -> str:
    body = f"<title>{escape(title)}</title>{inner}"
    if not href:
        return f"<g>{body}</g>"
    return f'<a href="{escape(href)}">{body}</a>'


def _svg(width: int, height: int, label: str, body: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="chart">'
        f"<title>{escape(label)}</title>{body}</svg>"
    )


def bars(items: Sequence[Bar], label: str, *, width: int = 640, row: int = 22) -> Markup:
    """Horizontal bars, one row per item, labels on the left and values at the bar's end."""
    top = max((i.value for i in items), default=0) or 1
    left, right = 210, 60
    span = width - left - right
    parts = []
    for n, item in enumerate(items):
        y = n * row
        w = max(1.0, span * item.value / top) if item.value else 0
        inner = (
            f'<text x="{left - 6}" y="{y + row * 0.68:.1f}" text-anchor="end" fill="{INK}" '
            f'font-size="12">{escape(item.label[:34])}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{BAR}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + row * 0.68:.1f}" fill="{INK}" '
            f'font-size="12">{item.value}</text>'
        )
        parts.append(_link(item.href, inner, item.title or f"{item.label}: {item.value}"))
    return _svg(width, max(row, row * len(items)), label, "".join(parts))


def columns(items: Sequence[Bar], label: str, *, height: int = 180, col: int = 18) -> Markup:
    """Vertical columns (a time series), labelled every few columns to stay legible."""
    top = max((i.value for i in items), default=0) or 1
    base, pad = height - 34, 30
    width = pad + col * max(1, len(items)) + 10
    every = max(1, len(items) // 12)
    parts = [
        f'<line x1="{pad}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{MUTED}"/>',
        f'<text x="{pad - 4}" y="14" text-anchor="end" fill="{MUTED}" font-size="11">{top}</text>',
    ]
    for n, item in enumerate(items):
        x = pad + n * col
        h = (base - 16) * item.value / top
        inner = f'<rect x="{x + 2}" y="{base - h:.1f}" width="{col - 4}" height="{h:.1f}" fill="{BAR}"/>'
        if n % every == 0:
            inner += (
                f'<text x="{x + col / 2:.1f}" y="{base + 14}" text-anchor="middle" '
                f'fill="{INK}" font-size="10">{escape(item.label)}</text>'
            )
        parts.append(_link(item.href, inner, item.title or f"{item.label}: {item.value}"))
    return _svg(width, height, label, "".join(parts))


# Tile positions (column, row) of the 27 regions, west to east and north to south.
TILES: dict[str, tuple[int, int]] = {
    "UA-07": (1, 0), "UA-56": (2, 0), "UA-30": (4, 0), "UA-74": (5, 0), "UA-59": (6, 0),
    "UA-46": (0, 1), "UA-61": (1, 1), "UA-68": (2, 1), "UA-18": (3, 1), "UA-32": (4, 1),
    "UA-53": (5, 1), "UA-63": (6, 1), "UA-09": (7, 1),
    "UA-21": (0, 2), "UA-26": (1, 2), "UA-05": (2, 2), "UA-71": (3, 2), "UA-35": (4, 2),
    "UA-12": (5, 2), "UA-14": (6, 2),
    "UA-77": (1, 3), "UA-51": (2, 3), "UA-48": (3, 3), "UA-65": (4, 3), "UA-23": (5, 3),
    "UA-40": (3, 4), "UA-43": (4, 4),
}  # fmt: skip

_SCALE = ("#eef3fa", "#c6d8ee", "#8fb3dd", "#4f86c6", "#1f5fa8", "#0b3d78")


def shade(value: int, top: int) -> str:
    """The fill for ``value`` on a six-step sequential scale up to ``top`` (0: lightest)."""
    if value <= 0 or top <= 0:
        return _SCALE[0]
    return _SCALE[min(len(_SCALE) - 1, 1 + int((len(_SCALE) - 1) * value / (top + 1)))]


def tile_map(
    counts: dict[str, int], names: dict[str, str], hrefs: dict[str, str], label: str
) -> Markup:
    """Ukraine's regions as equal tiles in their rough positions, shaded by count."""
    size, gap = 76, 4
    top = max(counts.values(), default=0)
    parts = []
    for iso, (cx, cy) in TILES.items():
        value = counts.get(iso, 0)
        fill = shade(value, top)
        text = "#ffffff" if fill in _SCALE[3:] else INK
        x, y = cx * (size + gap), cy * (size + gap)
        name = names.get(iso, iso)
        inner = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}" '
            f'stroke="#7a7a7a"/>'
            f'<text x="{x + size / 2}" y="{y + 30}" text-anchor="middle" fill="{text}" '
            f'font-size="11">{escape(name[:11])}</text>'
            f'<text x="{x + size / 2}" y="{y + 54}" text-anchor="middle" fill="{text}" '
            f'font-size="17" font-weight="bold">{value}</text>'
        )
        parts.append(_link(hrefs.get(iso, ""), inner, f"{name}: {value}"))
    width = 8 * (size + gap)
    return _svg(width, 5 * (size + gap), label, "".join(parts))


def upset(
    lists: Sequence[str],
    patterns: Sequence[tuple[tuple[bool, ...], int]],
    label: str,
    *,
    limit: int = 20,
) -> Markup:
    """An UpSet chart: one column per combination of lists (largest first) with its count of
    persons, a dot matrix below saying which lists the combination is, list sizes on the left."""
    shown = sorted((p for p in patterns if p[1] > 0), key=lambda p: (-p[1], p[0]))[:limit]
    top = max((c for _, c in shown), default=0) or 1
    row, col, left, bars_h = 22, 26, 240, 150
    width = left + col * max(1, len(shown)) + 20
    height = bars_h + row * len(lists) + 10
    parts = []
    sizes = [sum(c for p, c in patterns if p[i]) for i in range(len(lists))]
    for i, name in enumerate(lists):
        y = bars_h + i * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="{INK}" font-size="11">'
            f"<title>{escape(name)}: {sizes[i]}</title>{escape(name[:30])} ({sizes[i]})</text>"
        )
    for n, (pattern, count) in enumerate(shown):
        x = left + n * col
        h = (bars_h - 24) * count / top
        members = [lists[i] for i, on in enumerate(pattern) if on]
        dots = "".join(
            f'<circle cx="{x + col / 2}" cy="{bars_h + i * row + 11}" r="6" '
            f'fill="{INK if on else "#d0d0d0"}"/>'
            for i, on in enumerate(pattern)
        )
        ys = [bars_h + i * row + 11 for i, on in enumerate(pattern) if on]
        line = (
            f'<line x1="{x + col / 2}" y1="{min(ys)}" x2="{x + col / 2}" y2="{max(ys)}" '
            f'stroke="{INK}" stroke-width="2"/>'
            if len(ys) > 1
            else ""
        )
        inner = (
            f'<rect x="{x + 3}" y="{bars_h - 8 - h:.1f}" width="{col - 6}" height="{h:.1f}" '
            f'fill="{BAR}"/><text x="{x + col / 2}" y="{bars_h - 12 - h:.1f}" '
            f'text-anchor="middle" fill="{INK}" font-size="10">{count}</text>{line}{dots}'
        )
        parts.append(_link("", inner, f"{' + '.join(members)}: {count}"))
    return _svg(width, height, label, "".join(parts))
