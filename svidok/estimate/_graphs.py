"""Decomposable (chordal) graphs on a few labelled lists, with cliques and separators.

The dga package ships pre-computed lists (``graphs3``, ``graphs4``, ``graphs5``); here they are
generated: every graph on ``p`` vertices is tested for chordality, its maximal cliques are
found by brute force (p is small) and its separators are read off a junction tree (a maximum
weight spanning forest of the clique intersection graph; for a chordal graph the multiset of
separators does not depend on which junction tree is chosen). Empty separators (between
connected components) are left out, as in dga.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

__all__ = ["DecomposableGraph", "decomposable_graphs"]


@dataclass(frozen=True)
class DecomposableGraph:
    """A decomposable graphical model: edges, maximal cliques and junction-tree separators.

    Vertices are list positions ``0 .. p-1``; cliques and separators are sorted tuples.
    """

    p: int
    edges: tuple[tuple[int, int], ...]
    cliques: tuple[tuple[int, ...], ...]
    separators: tuple[tuple[int, ...], ...]

    def describe(self, names: tuple[str, ...]) -> str:
        """The model as a formula over list names, e.g. ``"A*B + B*C + D"``."""
        return " + ".join("*".join(names[v] for v in c) for c in self.cliques)


def _is_clique(vertices: tuple[int, ...], adjacent: set[tuple[int, int]]) -> bool:
    return all((a, b) in adjacent for a, b in itertools.combinations(vertices, 2))


def _is_chordal(p: int, adjacent: set[tuple[int, int]]) -> bool:
    # Maximum cardinality search gives a perfect elimination ordering iff the graph is chordal.
    numbered: list[int] = []
    weight = [0] * p
    for _ in range(p):
        v = max((u for u in range(p) if u not in numbered), key=lambda u: (weight[u], -u))
        earlier = [u for u in numbered if (min(u, v), max(u, v)) in adjacent]
        # The earlier neighbours of v must form a clique.
        if not _is_clique(tuple(sorted(earlier)), adjacent):
            return False
        numbered.append(v)
        for u in range(p):
            if u not in numbered and (min(u, v), max(u, v)) in adjacent:
                weight[u] += 1
    return True


def _maximal_cliques(p: int, adjacent: set[tuple[int, int]]) -> list[tuple[int, ...]]:
    cliques = [
        c
        for size in range(1, p + 1)
        for c in itertools.combinations(range(p), size)
        if _is_clique(c, adjacent)
    ]
    maximal = [c for c in cliques if not any(set(c) < set(d) for d in cliques)]
    return sorted(maximal, key=lambda c: (-len(c), c))


def _separators(cliques: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    # Kruskal on the clique intersection graph, heaviest intersections first.
    pairs = sorted(
        itertools.combinations(range(len(cliques)), 2),
        key=lambda ij: -len(set(cliques[ij[0]]) & set(cliques[ij[1]])),
    )
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    found: list[tuple[int, ...]] = []
    for i, j in pairs:
        shared = tuple(sorted(set(cliques[i]) & set(cliques[j])))
        if not shared:
            break
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[ri] = rj
            found.append(shared)
    return sorted(found)


@cache
def decomposable_graphs(p: int) -> tuple[DecomposableGraph, ...]:
    """All decomposable graphs on ``p`` labelled vertices (8, 61 and 822 for p = 3, 4, 5)."""
    if not 1 <= p <= 6:
        raise ValueError(f"decomposable graphs are generated for 1 to 6 lists, not {p}")
    possible = list(itertools.combinations(range(p), 2))
    graphs: list[DecomposableGraph] = []
    for mask in range(1 << len(possible)):
        edges = tuple(e for i, e in enumerate(possible) if mask >> i & 1)
        adjacent = set(edges)
        if not _is_chordal(p, adjacent):
            continue
        cliques = _maximal_cliques(p, adjacent)
        graphs.append(DecomposableGraph(p, edges, tuple(cliques), tuple(_separators(cliques))))
    return tuple(graphs)
