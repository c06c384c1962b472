"""Find names in any script from a query in any script."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import NameAnalysis, analyze
from .compare import NameComparison, compare_names

__all__ = ["Match", "NameIndex"]


@dataclass(frozen=True, slots=True)
class Match:
    """A found name, how well it fits the query, and why."""

    id: str
    name: str
    score: float
    comparison: NameComparison


class NameIndex:
    """An in-memory index of names by their keys; ``search`` ranks what fits a query.

    >>> index = NameIndex()
    >>> index.add("P-1", "Скрипник Олексій Вікторович")
    >>> index.search("Alexei Skripnik")[0].id
    'P-1'
    """

    def __init__(self) -> None:
        self._names: dict[str, NameAnalysis] = {}
        self._keys: dict[str, set[str]] = defaultdict(set)

    def __len__(self) -> int:
        return len(self._names)

    def add(self, id: str, name: str) -> None:
        """Index one name under ``id`` (a record id)."""
        analysis = analyze(name)
        self._names[id] = analysis
        for key in self._lookup_keys(analysis):
            self._keys[key].add(id)

    def add_many(self, items: Iterable[tuple[str, str]]) -> None:
        for id, name in items:
            self.add(id, name)

    @staticmethod
    def _lookup_keys(a: NameAnalysis) -> set[str]:
        k = a.keys
        keys = {f"s:{x}" for x in k.surname} | {f"k:{x}" for x in k.surname_skeleton}
        keys |= {f"d:{x}" for x in k.surname_phonetic}
        if not keys:
            keys = {f"g:{x}" for x in k.given}
        return keys

    def search(self, query: str, limit: int = 20) -> list[Match]:
        """Names that can be the query's name, best first (surname agreement first)."""
        q = analyze(query)
        candidates: set[str] = set()
        for key in self._lookup_keys(q):
            candidates |= self._keys.get(key, set())
        if not q.keys.surname and q.keys.given:  # a given name alone
            for key in (f"g:{x}" for x in q.keys.given):
                candidates |= self._keys.get(key, set())
            candidates |= {i for i, a in self._names.items() if a.keys.given & q.keys.given}
        matches = []
        for id in candidates:
            found = self._names[id]
            comparison = compare_names(q, found)
            if False in (
                comparison.surname,
                comparison.given,
                comparison.patronymic,
                comparison.sex,
            ):
                continue
            score = (1.0 if comparison.surname else 0.4) + (0.5 if comparison.given else 0.1)
            score += 0.3 if comparison.patronymic else 0.05
            matches.append(Match(id, found.original, round(score / 1.8, 3), comparison))
        matches.sort(key=lambda m: (-m.score, m.name, m.id))
        return matches[:limit]
