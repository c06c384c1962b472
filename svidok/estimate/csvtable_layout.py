"""How a capture-history table is laid out: which columns are lists, the count, strata.

Used by :mod:`svidok.estimate.csvtable`. The count is found by its name (``count``, ``n``,
``Anzahl``...; a list called N beside a ``count`` stays a list) or as the one column of whole
numbers that is not a period, a place or a label; beside a column that numbers persons, other
numbers are not counts. Ids, names, dates and shares are not strata; every stratum is noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from svidok.estimate.csvtable_cells import (
    COUNT_COLUMNS,
    COUNT_LIKE,
    ID_NAMES,
    PATTERN_FORMS,
    PERIOD_NAMES,
    PERSON_NAMES,
    SHARE_NAMES,
    UNKNOWN,
    CaptureCsvError,
    flag,
    is_date,
    is_decimal,
    pattern_digits,
    whole,
)

__all__ = ["Layout", "Pattern", "find_layout", "maybe_strata", "repeated_patterns", "row_patterns"]

Pattern = tuple[int, ...]


@dataclass
class Layout:
    lists: list[str]  # list columns (or the lists of the one pattern column)
    count: str | None
    strata: list[str]
    pattern: str | None = None  # a column of 0/1 strings, one character per list
    width: int = 0


def _is_count(values: list[str]) -> bool:
    numbers = [whole(v, dots=True) for v in values if v.lower() not in UNKNOWN]
    return bool(numbers) and all(w is not None and w >= 0 for w in numbers)


def _named_count(header: list[str], columns: dict[str, list[str]], notes: list[str]) -> str | None:
    """The count column found by its name; a list called N beside a ``count`` is a list."""
    named = [h for h in header if h.strip().lower() in COUNT_COLUMNS]
    counts = [h for h in named if not all(flag(v) is not None for v in columns[h])]
    if counts:
        return counts[0]
    if named:
        return named[0]
    # named like a count: read as one even with a bad cell, which is then pointed at
    like = [
        h
        for h in header
        if COUNT_LIKE.search(h.strip()) and any(whole(v) is not None for v in columns[h])
    ]
    if len(like) == 1:
        notes.append(f"column {like[0]!r} read as the count of each pattern (named like one)")
        return like[0]
    return None


def _list_columns(
    header: list[str],
    columns: dict[str, list[str]],
    count: str | None,
    lines: list[int],
    file: str,
) -> tuple[list[str], list[str]]:
    lists: list[str] = []
    others: list[str] = []
    for name in header:
        if name == count:
            continue
        values = [v.lower() for v in columns[name]]
        flags = [flag(v) for v in values]
        if all(f is not None for f in flags) and any(values):
            lists.append(name)
            continue
        odd = [k for k, f in enumerate(flags) if f is None and whole(values[k]) is None]
        numbers = [k for k, f in enumerate(flags) if f is None]
        if count is not None and not odd and 0 < len(numbers) <= max(1, 0.25 * len(values)):
            # the counts are named: a column of 0/1 with a few other numbers is a list with
            # mistakes in it ("2" for "1"), not a stratum
            odd = numbers
        elif not (len(odd) <= 0.1 * len(values) and len(values) >= 10):
            odd = []
        if odd:
            bad = odd[0]
            raise CaptureCsvError(
                file,
                lines[bad],
                name,
                f"looks like a list (0/1 values) but has {columns[name][bad]!r}; "
                "remove total or comment rows",
            )
        others.append(name)
    return lists, others


def _pattern_column(
    columns: dict[str, list[str]], others: list[str], notes: list[str]
) -> tuple[str, int] | None:
    for name in others:
        digits = pattern_digits(columns[name])
        if digits is None:
            continue
        width = max(len(v) for v in digits)
        if width < 2:
            continue
        notes.append(
            f"column {name!r} read as capture patterns: one character per list, "
            f"lists named {', '.join(f'L{k + 1}' for k in range(width))}"
            + (
                "; shorter patterns padded with leading zeros (as a spreadsheet drops them)"
                if any(len(v) < width for v in digits)
                else ""
            )
        )
        return name, width
    return None


def row_patterns(layout: Layout, columns: dict[str, list[str]], n: int) -> list[Pattern]:
    if layout.pattern is not None:
        cells = columns[layout.pattern]
        return [tuple(int(c) for c in re.sub("[^01]", "", v).zfill(layout.width)) for v in cells]
    marks = [[flag(v) or 0 for v in columns[name]] for name in layout.lists]
    return [tuple(m[k] for m in marks) for k in range(n)]


def _unnamed_count(
    layout: Layout,
    others: list[str],
    columns: dict[str, list[str]],
    n: int,
    header_line: int,
    file: str,
    notes: list[str],
) -> set[str]:
    """Find the count among columns of whole numbers (not periods, places or labels); returns
    the columns that hold numbers but are not counts (ignored: the rows are persons)."""
    patterns = row_patterns(layout, columns, n)
    candidates = [
        name
        for name in others
        if _is_count(columns[name])
        and all(v.lower() not in UNKNOWN for v in columns[name])
        and any((whole(v) or 0) > 1 for v in columns[name])
        and not PERIOD_NAMES.match(name.strip())
        and not all(1800 <= (whole(v) or 0) <= 2100 for v in columns[name])
        and not _labels(name, columns[name], patterns)
    ]
    labels = [
        name
        for name in others
        if name not in candidates
        and (
            ID_NAMES.match(name.strip())
            or PERSON_NAMES.match(name.strip())
            or (n >= 3 and len(set(columns[name])) == n)
        )
    ]
    if candidates and labels:
        rest = [name for name in others if name not in candidates and name not in labels]
        keys = [(p, *(columns[name][k] for name in rest)) for k, p in enumerate(patterns)]
        if len(set(keys)) < len(keys):
            notes.append(
                f"column {labels[0]!r} differs on every row while the capture patterns repeat: "
                f"one row per person, so {', '.join(map(repr, candidates))} "
                + ("is not a count" if len(candidates) == 1 else "are not counts")
                + ": ignored"
            )
            return set(candidates)
    if len(candidates) > 1:
        raise CaptureCsvError(
            file,
            header_line,
            None,
            f"columns {candidates[0]!r} and {candidates[1]!r} could both be the count of each "
            "pattern: name the count column 'count' (or remove the other)",
        )
    if candidates:
        layout.count = candidates[0]
        notes.append(f"column {layout.count!r} read as the count of each pattern")
    return set()


def _labels(name: str, values: list[str], patterns: list[Pattern]) -> bool:
    """Whether a column of whole numbers is a label (a person's or row's number), not counts:
    named like an id, or numbering the rows 1, 2, 3..., or all different while the capture
    patterns repeat (one row per person, each with its own number)."""
    if ID_NAMES.match(name.strip()):
        return True
    numbers = [whole(v) for v in values]
    first = numbers[0] or 0
    if len(values) >= 3 and numbers == list(range(first, first + len(values))):
        return True
    if len(set(numbers)) == len(numbers) and patterns:
        return len(set(patterns)) < len(patterns)
    return False


def _strata(
    others: list[str],
    columns: dict[str, list[str]],
    lines: list[int],
    file: str,
    notes: list[str],
) -> list[str]:
    """The stratum columns; ids, names, dates and shares are ignored (with a note), an empty
    stratum cell is an error."""
    strata: list[str] = []
    for name in others:
        values = columns[name]
        filled = [v for v in values if v]
        if len(values) >= 3 and len(set(values)) == len(values):
            notes.append(f"column {name!r} has a different value on every row: ignored (a label)")
        elif ID_NAMES.match(name.strip()) or PERSON_NAMES.match(name.strip()):
            notes.append(f"column {name!r} names persons or rows, not strata: ignored")
        elif filled and all(is_date(v) for v in filled):
            notes.append(f"column {name!r} holds dates (one per person), not strata: ignored")
        elif SHARE_NAMES.search(name) or (
            any(is_decimal(v) for v in filled)
            and all(is_decimal(v) or whole(v) is not None for v in filled)
        ):
            notes.append(f"column {name!r} holds shares or decimals, not strata: ignored")
        elif not all(values):
            k = values.index("")
            raise CaptureCsvError(
                file,
                lines[k],
                name,
                "the stratum is empty: write it on every row (or remove the column)",
            )
        else:
            strata.append(name)
            distinct = list(dict.fromkeys(values))
            shown = ", ".join(distinct[:5]) + (", ..." if len(distinct) > 5 else "")
            notes.append(
                f"column {name!r} read as a stratum ({len(distinct)} values: {shown}): "
                "one table for each"
            )
    return strata


def find_layout(
    header: list[str],
    rows: list[list[str]],
    lines: list[int],
    header_line: int,
    file: str,
    notes: list[str],
) -> Layout:
    columns = {name: [row[i].strip() for row in rows] for i, name in enumerate(header)}
    count = _named_count(header, columns, notes)
    lists, others = _list_columns(header, columns, count, lines, file)
    layout = Layout(lists, count, [])
    if len(lists) < 2:
        found = _pattern_column(columns, others, notes)
        if found is not None:
            layout.pattern, layout.width = found
            others.remove(layout.pattern)
            layout.lists = [f"L{k + 1}" for k in range(layout.width)]
    if len(layout.lists) < 2:
        raise CaptureCsvError(
            file,
            header_line,
            None,
            f"needs at least 2 list columns of 0/1 values; found {lists or 'none'}. "
            f"Accepted: {PATTERN_FORMS}",
        )
    if layout.count is None:
        ignored = _unnamed_count(layout, others, columns, len(rows), header_line, file, notes)
        others = [name for name in others if name != layout.count and name not in ignored]
    layout.strata = _strata(others, columns, lines, file, notes)
    combos = {tuple(columns[name][k] for name in layout.strata) for k in range(len(rows))}
    if layout.count is not None and len(combos) > 2 and len(combos) > len(rows) / 2:
        raise CaptureCsvError(
            file,
            header_line,
            None,
            f"column {', '.join(map(repr, layout.strata))} would split the {len(rows)} rows "
            f"into {len(combos)} strata: if it is not a stratum, remove it",
        )
    return layout


def repeated_patterns(
    seen: dict[tuple[tuple[str, ...], Pattern], list[int]],
    entries: list[tuple[int, tuple[str, ...], Pattern, int]],
    file: str,
    notes: list[str],
) -> None:
    """A pattern on several rows of an aggregated table is noted (its counts are added); the
    whole table written twice is refused."""
    repeated = [(key, at) for key, at in seen.items() if len(at) > 1]
    if not repeated:
        return
    half = len(entries) // 2
    if half >= 2 and [e[1:] for e in entries[:half]] == [e[1:] for e in entries[half:]]:
        raise CaptureCsvError(
            file,
            entries[half][0],
            None,
            f"lines {entries[half][0]}–{entries[-1][0]} repeat lines {entries[0][0]}–"
            f"{entries[half - 1][0]} exactly (the table pasted twice?): remove one copy",
        )
    if sum(len(at) - 1 for _, at in repeated) > len(seen) / 2:
        return  # a table written in parts (most patterns on many rows): summing is its design
    for (stratum, pattern), at in repeated[:5]:
        where = ", ".join(map(str, at[:-1])) + f" and {at[-1]}"
        notes.append(
            f"pattern {''.join(map(str, pattern))}"
            + (f" (stratum {', '.join(stratum)})" if stratum else "")
            + f" appears on lines {where}; counts added"
        )
    if len(repeated) > 5:
        notes.append(f"{len(repeated) - 5} more patterns appear on several lines; counts added")


def maybe_strata(
    lists: list[str], cells: dict[tuple[str, ...], dict[Pattern, int]], notes: list[str]
) -> None:
    """Note a 0/1 column that looks like a trait of persons (sex...) rather than a list: nobody
    is on it alone and every combination of the other lists appears with and without it."""
    if len(lists) < 3:
        return
    observed = {p for table in cells.values() for p, c in table.items() if c > 0}
    for k, name in enumerate(lists):
        on = {p[:k] + p[k + 1 :] for p in observed if p[k]}
        off = {p[:k] + p[k + 1 :] for p in observed if not p[k]}
        if on and on == off and all(any(p) for p in on):
            notes.append(
                f"nobody is on list {name!r} alone, and every combination of the other lists "
                f"appears with and without it: if {name!r} describes persons (e.g. sex) rather "
                "than being a list, make it a stratum"
            )
