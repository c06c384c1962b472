"""Clusters of person records from scored pairs, honouring reviewers' judgements.

Pairs are merged strongest first (union-find), like connected components at a threshold, but
a merge that would put two records judged "different" into one cluster is refused, and pairs
judged "same" are merged first whatever their score. Deterministic: ties break on ids; each
cluster is named after its smallest person id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Clustering", "Profile", "cluster", "latest_judgements"]


@dataclass(frozen=True)
class Profile:
    """What a resolved person cannot contradict: given names and fathers' names (known
    equivalence groups), the range of possible birth years, and sex. A merge of two clusters
    whose profiles contradict is refused, however strong the pair that proposes it: this is
    what keeps chains of weak links from joining two namesakes through a sparse record."""

    given: frozenset[str] = frozenset()
    father: frozenset[str] = frozenset()
    birth: tuple[int, int] | None = None
    sex: str | None = None
    dates: frozenset[str] = frozenset()  # full birth dates (ISO)
    raions: frozenset[str] = frozenset()  # KATOTTG raion of origin
    # (suffix family, suffix) of a single surname: Гуменко and Гуменюк are two surnames
    formation: frozenset[tuple[int, str]] = frozenset()

    def merge(self, other: Profile) -> Profile | None:
        """The joint profile, or None when the two contradict."""
        if self.formation and other.formation and _other_formation(self.formation, other.formation):
            return None
        if self.given and other.given and not self.given & other.given:
            return None
        if self.dates and other.dates and not _dates_fit(self.dates, other.dates):
            return None
        if self.raions and other.raions and not self.raions & other.raions:
            return None
        if self.father and other.father and not self.father & other.father:
            return None
        if self.sex and other.sex and self.sex != other.sex:
            return None
        birth = self.birth or other.birth
        if self.birth and other.birth:
            low, high = max(self.birth[0], other.birth[0]), min(self.birth[1], other.birth[1])
            if low > high + 1:  # more than a year apart
                return None
            birth = (min(low, high), max(low, high))
        return Profile(
            self.given | other.given,
            self.father | other.father,
            birth,
            self.sex or other.sex,
            self.dates | other.dates,
            self.raions | other.raions,
            self.formation | other.formation,
        )


def _other_formation(a: frozenset[tuple[int, str]], b: frozenset[tuple[int, str]]) -> bool:
    """A suffix family both surnames end in, with no suffix in common."""
    families = {f for f, _ in a} & {f for f, _ in b}
    return any(
        not {m for f, m in a if f == family} & {m for f, m in b if f == family}
        for family in families
    )


def _dates_fit(a: frozenset[str], b: frozenset[str]) -> bool:
    """Some date of one fits some date of the other: equal, one character apart (a typed
    digit), or day and month swapped."""
    for x in a:
        for y in b:
            if x == y or (len(x) == len(y) and sum(c != d for c, d in zip(x, y, strict=True)) <= 1):
                return True
            if (
                len(x) == len(y) == 10
                and x[:4] == y[:4]
                and x[5:7] == y[8:10]
                and x[8:10] == y[5:7]
            ):
                return True
    return False


@dataclass
class Clustering:
    """The clusters, and the judgements that could not all be honoured together."""

    clusters: dict[str, str]  # person id -> cluster id
    merged_pairs: int = 0
    refused_pairs: int = 0  # scored pairs kept apart by a "different" judgement
    contradicted_pairs: int = 0  # scored pairs whose merge would contradict (sex, birth...)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # "same" judgements refused


class _Components:
    def __init__(self, ids: Iterable[str], profiles: dict[str, Profile] | None = None) -> None:
        self.parent = {i: i for i in ids}
        self.apart: dict[str, set[str]] = {}
        self.profiles: dict[str, Profile] = dict(profiles or {})
        self.judged_apart = False  # why the last union was refused: a judgement, else profiles

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

    def union(self, a: str, b: str, *, check_profiles: bool = True) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        self.judged_apart = False
        if not self.allowed(ra, rb):
            self.judged_apart = True
            return False
        merged: Profile | None = None
        pa, pb = self.profiles.get(ra), self.profiles.get(rb)
        if pa is not None and pb is not None:
            merged = pa.merge(pb)
            if merged is None:
                if check_profiles:
                    return False
                merged = pa  # a reviewer's "same" outranks the profiles
        else:
            merged = pa or pb
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.profiles.pop(rb, None)
        if merged is not None:
            self.profiles[ra] = merged
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
    profiles: dict[str, Profile] | None = None,
) -> Clustering:
    """Cluster ``ids`` from ``pairs`` (left, right, probability) at ``threshold``.

    ``judged`` maps unordered pairs to "same" or "different" (see :func:`latest_judgements`);
    ``profiles`` (per record) refuse merges that would make a person contradict itself.
    """
    components = _Components(ids, profiles)
    judged = judged or {}
    result = Clustering({})
    for (a, b), decision in sorted(judged.items()):
        if decision == "different" and a in components.parent and b in components.parent:
            components.forbid(a, b)
    for (a, b), decision in sorted(judged.items()):
        known = a in components.parent and b in components.parent
        if decision == "same" and known and not components.union(a, b, check_profiles=False):
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
        elif components.judged_apart:
            result.refused_pairs += 1
        else:
            result.contradicted_pairs += 1
    result.clusters = {i: components.find(i) for i in components.parent}
    return result
