"""Clusters of person records from scored pairs, honouring reviewers' judgements.

Pairs are merged strongest first (union-find), like connected components at a threshold, but
a merge that would put two records judged "different" into one cluster is refused, and pairs
judged "same" are merged first whatever their score. Deterministic: ties break on ids; each
cluster is named after its smallest person id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Clustering", "cluster", "latest_judgements"]


@dataclass
class Clustering:
    """The clusters, and the judgements that could not all be honoured together."""

    clusters: dict[str, str]  # person id -> cluster id
    merged_pairs: int = 0
    refused_pairs: int = 0  # scored pairs kept apart by a "different" judgement
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # "same" judgements refused


class _Components:
    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}
        self.apart: dict[str, set[str]] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def forbid(self, a: str, b: str) -> None:
        self.apart.setdefault(a, set()).add(b)
        self.apart.setdefault(b, set()).add(a)

    def allowed(self, ra: str, rb: str) -> bool:
        if not self.apart:
            return True
        a_members = self._members_of(ra)
        b_members = self._members_of(rb)
        small, large = (
            (a_members, b_members) if len(a_members) <= len(b_members) else (b_members, a_members)
        )
        return not any(self.apart.get(x, set()) & large for x in small)

    def _members_of(self, root: str) -> set[str]:
        # Only records under a judgement matter for the check: track those lazily.
        return {x for x in self.apart if self.find(x) == root}

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not self.allowed(ra, rb):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


def latest_judgements(
    judgements: Iterable[tuple[str, str, str, str]],
) -> dict[tuple[str, str], str]:
    """(left, right, decision, order key) -> the latest decision per unordered pair;
    "withdrawn" and "unsure" leave the pair to the model."""
    latest: dict[tuple[str, str], tuple[str, str]] = {}
    for left, right, decision, order in judgements:
        key = (min(left, right), max(left, right))
        if key not in latest or order >= latest[key][1]:
            latest[key] = (decision, order)
    return {k: d for k, (d, _) in latest.items() if d in ("same", "different")}


def cluster(
    ids: Iterable[str],
    pairs: Iterable[tuple[str, str, float]],
    threshold: float,
    judged: dict[tuple[str, str], str] | None = None,
) -> Clustering:
    """Cluster ``ids`` from ``pairs`` (left, right, probability) at ``threshold``.

    ``judged`` maps unordered pairs to "same" or "different" (see :func:`latest_judgements`).
    """
    components = _Components(ids)
    judged = judged or {}
    result = Clustering({})
    for (a, b), decision in sorted(judged.items()):
        if decision == "different" and a in components.parent and b in components.parent:
            components.forbid(a, b)
    for (a, b), decision in sorted(judged.items()):
        known = a in components.parent and b in components.parent
        if decision == "same" and known and not components.union(a, b):
            result.conflicts.append((a, b))
    strong = sorted(
        ((p, a, b) for a, b, p in pairs if p >= threshold),
        key=lambda item: (-item[0], min(item[1], item[2]), max(item[1], item[2])),
    )
    for _, a, b in strong:
        key = (min(a, b), max(a, b))
        if judged.get(key) == "different":
            result.refused_pairs += 1
            continue
        if a not in components.parent or b not in components.parent:
            continue
        if components.find(a) == components.find(b):
            continue
        if components.union(a, b):
            result.merged_pairs += 1
        else:
            result.refused_pairs += 1
    result.clusters = {i: components.find(i) for i in components.parent}
    return result
