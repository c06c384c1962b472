"""Statistical disclosure control for public tables: coarsening, cell suppression and its audit.

Pure: works on abstract *units* (one person in one event, with a path of labels per dimension
from the finest level to the coarsest) and knows nothing of records, storage or output formats.

1. **Coarsening** (global recoding): a dimension such as place (settlement → raion → oblast) or
   period (day → month → quarter → year) is coarsened one level at a time while more than
   ``max_hidden_share`` of the persons counted would sit in small cells.
2. **Primary suppression**: every cell, margins included, with ``0 < persons < min_cell``.
3. **Complementary suppression**: more cells are suppressed until no suppressed small cell can
   be recovered, or narrowed to fewer than ``min_cell`` possible values, from the published cells
   and totals. The attacker is assumed to know every published figure, that totals are sums
   of their cells (the worst case: in fact a person counted in two cells counts once in the
   total, so a total is at most the sum), and that suppressed cells are not zero (zeros are
   published). Each suppressed small cell's feasible range is computed by linear programming.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import numpy as np
from scipy.optimize import linprog  # type: ignore[import-untyped, unused-ignore]
from scipy.sparse import lil_matrix  # type: ignore[import-untyped, unused-ignore]

from ..errors import SvidokError

__all__ = [
    "TOTAL",
    "Dimension",
    "DisclosureError",
    "ProtectedTable",
    "Table",
    "Unit",
    "audit",
    "choose_levels",
    "persons_at_least",
    "protect",
    "suppress",
    "tabulate",
    "verify",
]

TOTAL = "Total"
Key = tuple[str, ...]
Equation = tuple[Key, int]  # (the total's key, the dimension it sums over)


class DisclosureError(SvidokError):
    """An export would let someone recover a small count or an identifying value."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One person in one event: who (person or resolved identity), which source lists them (its
    root), and per dimension the labels from the finest level to the coarsest."""

    person: str
    source: str
    paths: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Dimension:
    """A dimension of the table: its level names, finest first, and whether it may be coarsened
    automatically."""

    name: str
    levels: tuple[str, ...]
    coarsen: bool = True


def persons_at_least(units: Iterable[Unit], *, linked: bool) -> int:
    """Distinct persons among ``units``: all of them when persons are resolved identities
    (``linked``), else the most any one source lists (sources may name the same person)."""
    if linked:
        return len({u.person for u in units})
    per_source: dict[str, set[str]] = defaultdict(set)
    for u in units:
        per_source[u.source].add(u.person)
    return max((len(p) for p in per_source.values()), default=0)


@dataclass
class Table:
    """Counts for every combination of the dimensions' values and of ``TOTAL`` (the margins).

    ``counts`` holds the non-zero cells only; a key absent from it is a zero.
    """

    dimensions: tuple[str, ...]
    levels: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    counts: dict[Key, int]

    def count(self, key: Key) -> int:
        """The count of one cell (zero when absent)."""
        return self.counts.get(key, 0)

    def grid(self) -> list[Key]:
        """Every cell of the full grid, margins included: inner cells first, then the margins
        by how many dimensions they sum over, the grand total last."""
        keys = product(*[(*values, TOTAL) for values in self.values])
        return sorted(keys, key=lambda key: key.count(TOTAL))

    def equations(self) -> dict[Equation, list[Key]]:
        """Each total with the non-zero cells it sums (zero cells are published, so known)."""
        eqs: dict[Equation, list[Key]] = defaultdict(list)
        for key in self.counts:
            for d, value in enumerate(key):
                if value != TOTAL:
                    eqs[(_with(key, d, TOTAL), d)].append(key)
        return eqs


def _with(key: Key, d: int, value: str) -> Key:
    return (*key[:d], value, *key[d + 1 :])


def tabulate(
    units: Sequence[Unit], dimensions: Sequence[Dimension], level: Sequence[int], *, linked: bool
) -> Table:
    """Count persons per cell at the given level of each dimension, with every margin."""
    groups: dict[Key, list[Unit]] = defaultdict(list)
    values: list[set[str]] = [set() for _ in dimensions]
    for unit in units:
        labels = tuple(
            path[min(i, len(path) - 1)] for path, i in zip(unit.paths, level, strict=True)
        )
        for d, label in enumerate(labels):
            values[d].add(label)
        for mask in product((False, True), repeat=len(labels)):
            groups[tuple(TOTAL if m else v for v, m in zip(labels, mask, strict=True))].append(unit)
    counts = {
        key: n for key, members in groups.items() if (n := persons_at_least(members, linked=linked))
    }
    return Table(
        dimensions=tuple(d.name for d in dimensions),
        levels=tuple(
            d.levels[min(i, len(d.levels) - 1)] for d, i in zip(dimensions, level, strict=True)
        ),
        values=tuple(tuple(sorted(v)) for v in values),
        counts=counts,
    )


def _hidden_share(table: Table, min_cell: int) -> float:
    inner = [n for key, n in table.counts.items() if TOTAL not in key]
    total = sum(inner)
    return sum(n for n in inner if n < min_cell) / total if total else 0.0


def choose_levels(
    units: Sequence[Unit],
    dimensions: Sequence[Dimension],
    start: Sequence[int],
    *,
    min_cell: int,
    linked: bool,
    max_hidden_share: float,
) -> tuple[int, ...]:
    """Coarsen one dimension a level at a time, the one that hides fewest persons first, until at
    most ``max_hidden_share`` of the persons in the inner cells sit in cells below ``min_cell``
    (or nothing can be coarsened further)."""
    level = tuple(start)
    share = _hidden_share(tabulate(units, dimensions, level, linked=linked), min_cell)
    while share > max_hidden_share:
        options = []
        for d, dim in enumerate(dimensions):
            if dim.coarsen and level[d] + 1 < len(dim.levels):
                candidate = _with_level(level, d, level[d] + 1)
                table = tabulate(units, dimensions, candidate, linked=linked)
                options.append((_hidden_share(table, min_cell), d, candidate))
        if not options:
            break
        share, _, level = min(options)
    return level


def _with_level(level: tuple[int, ...], d: int, value: int) -> tuple[int, ...]:
    return (*level[:d], value, *level[d + 1 :])


def _constraints(table: Table, suppressed: set[Key]) -> list[tuple[dict[Key, float], float, bool]]:
    """What an attacker knows about the suppressed cells, as rows ``(terms, rhs, is_equation)``
    meaning ``sum(coef * cell) == rhs`` (or ``<= rhs``).

    A total that equals the sum of its cells is an equation; one that is less (a person counted
    in two cells counts once in their total) gives only "total <= sum". In both, no cell exceeds
    its total. Published cells are constants.
    """
    rows: list[tuple[dict[Key, float], float, bool]] = []

    def add(terms: list[tuple[Key, float]], is_equation: bool) -> None:
        row: dict[Key, float] = defaultdict(float)
        constant = 0.0
        for key, coef in terms:
            if key in suppressed:
                row[key] += coef
            else:
                constant += coef * table.count(key)
        if any(row.values()):
            rows.append((row, -constant, is_equation))

    for (total, _), members in table.equations().items():
        if total not in suppressed and not any(m in suppressed for m in members):
            continue
        terms = [(m, 1.0) for m in members] + [(total, -1.0)]
        if sum(table.count(m) for m in members) == table.count(total):
            add(terms, True)  # sum(members) - total == 0
        else:
            add([(k, -c) for k, c in terms], False)  # total - sum(members) <= 0
        for m in members:  # member - total <= 0
            if m in suppressed or total in suppressed:
                add([(m, 1.0), (total, -1.0)], False)
    return rows


def _components(rows: list[tuple[dict[Key, float], float, bool]]) -> dict[Key, Key]:
    """Each suppressed cell's representative: cells tied by some constraint share one."""
    parent: dict[Key, Key] = {}

    def find(key: Key) -> Key:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for terms, _, _ in rows:
        first, *rest = list(terms)
        find(first)
        for other in rest:
            parent[find(other)] = find(first)
    return {key: find(key) for key in parent}


def _ranges(
    table: Table, suppressed: set[Key], targets: Iterable[Key], min_cell: int
) -> dict[Key, tuple[float, float]]:
    """The range of values each target (a suppressed cell) can take given what is published,
    suppressed cells being at least 1 (zeros are published). A range already known to hold
    ``min_cell`` values around the true count is not narrowed further."""
    rows = _constraints(table, suppressed)
    component = _components(rows)
    by_component: dict[Key, list[tuple[dict[Key, float], float, bool]]] = defaultdict(list)
    for row in rows:
        by_component[component[next(iter(row[0]))]].append(row)
    result: dict[Key, tuple[float, float]] = {}
    problems: dict[Key, Any] = {}
    for target in targets:
        if target not in component:  # in no constraint at all: anything from 1 up
            result[target] = (1.0, math.inf)
            continue
        root = component[target]
        if root not in problems:
            problems[root] = _lp_problem(by_component[root])
        index, a_eq, b_eq, a_ub, b_ub = problems[root]
        c = np.zeros(len(index))
        c[index[target]] = 1.0
        found: list[float] = []
        for sign in (-1.0, 1.0):  # the maximum first: when high enough, the minimum is moot
            solution = linprog(
                sign * c, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=(1, None)
            )
            if solution.status == 3:  # unbounded
                found.append(-sign * math.inf)
            elif solution.status == 0:
                found.append(sign * solution.fun)
            else:  # the true counts are always feasible; if the solver fails, call it exposed
                found.append(float(table.count(target)))
            if sign < 0 and found[0] >= table.count(target) + min_cell - 1:
                found.append(1.0)
                break
        result[target] = (found[1], found[0])
    return result


def _lp_problem(rows: list[tuple[dict[Key, float], float, bool]]) -> tuple[Any, ...]:
    cells = sorted({key for terms, _, _ in rows for key in terms})
    index = {key: i for i, key in enumerate(cells)}
    parts: list[Any] = []
    for want in (True, False):
        chosen = [(terms, rhs) for terms, rhs, is_eq in rows if is_eq == want]
        if not chosen:
            parts += [None, None]
            continue
        matrix = lil_matrix((len(chosen), len(cells)))
        for r, (terms, _) in enumerate(chosen):
            for key, coef in terms.items():
                matrix[r, index[key]] = coef
        parts += [matrix.tocsr(), np.array([rhs for _, rhs in chosen])]
    return (index, *parts)


def audit(table: Table, suppressed: Iterable[Key], min_cell: int) -> list[Key]:
    """The small suppressed cells (0 < count < ``min_cell``) that the published cells narrow to
    fewer than ``min_cell`` possible values: they would fail the export."""
    hidden = set(suppressed)
    small = [k for k in hidden if 0 < table.count(k) < min_cell]
    if not small:
        return []
    exposed = []
    for key, (low, high) in _ranges(table, hidden, small, min_cell).items():
        values = (math.floor(high + 1e-6) if high != math.inf else high) - math.ceil(low - 1e-6) + 1
        if values < min_cell:
            exposed.append(key)
    return sorted(exposed)


def suppress(table: Table, min_cell: int) -> frozenset[Key]:
    """Primary suppression of small cells, then complementary suppression until the audit
    passes: each exposed cell gets the smallest published non-zero cell of one of its sums."""
    suppressed = {k for k, n in table.counts.items() if n < min_cell}
    if not suppressed:
        return frozenset()
    eqs = table.equations()
    member_of: dict[Key, list[list[Key]]] = defaultdict(list)
    for (total, _), members in eqs.items():
        cells = [*members, total]
        for key in cells:
            member_of[key].append(cells)

    def cheapest(key: Key, only_lonely: bool) -> Key | None:
        best: tuple[int, int, Key] | None = None
        for cells in member_of[key]:
            if only_lonely and sum(c in suppressed for c in cells) != 1:
                continue
            for c in cells:
                if c not in suppressed:
                    # small counts first, inner cells before totals
                    rank = (table.count(c), c.count(TOTAL), c)
                    best = rank if best is None or rank < best else best
        return best[2] if best else None

    while True:
        # No sum may hold exactly one suppressed cell: it would be its total minus the rest.
        changed = True
        while changed:
            changed = False
            for key in sorted(suppressed):
                extra = cheapest(key, only_lonely=True)
                if extra is not None:
                    suppressed.add(extra)
                    changed = True
        exposed = audit(table, suppressed, min_cell)
        if not exposed:
            return frozenset(suppressed)
        added = {c for key in exposed if (c := cheapest(key, only_lonely=False)) is not None}
        if not added:  # nothing left to hide around them: hide every non-zero cell
            return frozenset(table.counts)
        suppressed |= added


@dataclass
class ProtectedTable:
    """A table after coarsening and suppression, ready to publish."""

    table: Table
    suppressed: frozenset[Key]
    min_cell: int
    requested_levels: tuple[str, ...]
    notes: list[str] = field(default_factory=list)

    def published(self, key: Key) -> int | None:
        """The count to publish, or None for a suppressed cell."""
        return None if key in self.suppressed else self.table.count(key)

    def rows(self) -> list[tuple[Key, int | None]]:
        """Every cell of the full grid (zeros included, margins last) with its published value."""
        return [(key, self.published(key)) for key in self.table.grid()]


def protect(
    units: Sequence[Unit],
    dimensions: Sequence[Dimension],
    start: Sequence[int],
    *,
    min_cell: int = 5,
    linked: bool,
    max_hidden_share: float = 0.2,
) -> ProtectedTable:
    """Coarsen, tabulate, suppress and verify; raise DisclosureError if the result fails."""
    if min_cell < 2:
        raise DisclosureError(f"the minimum cell size must be at least 2, not {min_cell}")
    level = choose_levels(
        units,
        dimensions,
        start,
        min_cell=min_cell,
        linked=linked,
        max_hidden_share=max_hidden_share,
    )
    table = tabulate(units, dimensions, level, linked=linked)
    requested = tuple(d.levels[i] for d, i in zip(dimensions, start, strict=True))
    notes = [
        f"{name} coarsened from {want} to {got} so that small cells hide at most "
        f"{max_hidden_share:.0%} of the persons counted"
        for name, want, got in zip(table.dimensions, requested, table.levels, strict=True)
        if want != got
    ]
    protected = ProtectedTable(table, suppress(table, min_cell), min_cell, requested, notes)
    problems = verify(protected)
    if problems:
        raise DisclosureError("; ".join(problems))
    return protected


def verify(protected: ProtectedTable) -> list[str]:
    """The check an export must pass, independent of how cells were chosen: no published count
    is below the minimum (except zero), and no suppressed small cell can be recovered or narrowed
    to fewer than ``min_cell`` values from the published cells and totals (differencing)."""
    table, k = protected.table, protected.min_cell
    problems = [
        f"cell {' / '.join(key)} would publish {n} (< {k})"
        for key, n in table.counts.items()
        if n < k and key not in protected.suppressed
    ]
    problems += [
        f"suppressed cell {' / '.join(key)} can be narrowed from the totals"
        for key in audit(table, protected.suppressed, k)
    ]
    return problems
