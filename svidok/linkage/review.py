"""What a reviewer sees of a pair, and how a decision is recorded (an audited judgement)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model import Record, make
from ..store import LinkPair, Store

__all__ = ["PairView", "judge", "pair_view"]


@dataclass(frozen=True)
class PairView:
    """Both person records of a pair, side by side, with why the model scored them so."""

    pair: LinkPair
    left: dict[str, str]
    right: dict[str, str]
    contributions: dict[str, dict[str, Any]]


def _describe(store: Store, person: Record) -> dict[str, str]:
    inv = [i for i in store.scan("involvement") if i["person"] == person.id]
    events = store.get_many("event", {i["event"] for i in inv})
    claims = [c for c in store.scan("claim") if c["subject"] == person.id or c["subject"] in events]
    sources = store.get_many("source", {c["source"] for c in claims})
    name = person.get("name")
    age = person.get("age")
    return {
        "id": person.id,
        "name": name.full if name else "",
        "sex": person.get("sex") or "",
        "birth": str(person["birth"])
        if person.get("birth")
        else (f"age {age.years} at {age.at}" if age else ""),
        "origin": (person["origin"].name + f" ({person['origin'].region or '?'})")
        if person.get("origin")
        else "",
        "status": person.get("status") or "",
        "events": "; ".join(
            f"{e['type']} {e['date'] if e.get('date') else ''} {e['place'].name if e.get('place') else ''}".strip()
            for e in sorted(events.values(), key=lambda e: str(e.get("date", "")))
        ),
        "sources": "; ".join(s["title"][:60] for s in sources.values()),
    }


def pair_view(store: Store, pair: LinkPair) -> PairView:
    """The two records of ``pair`` described for a reviewer."""
    people = store.get_many("person", [pair.left, pair.right])
    return PairView(
        pair,
        _describe(store, people[pair.left]),
        _describe(store, people[pair.right]),
        json.loads(pair.detail) if pair.detail else {},
    )


def judge(
    store: Store, pair: LinkPair, decision: str, *, actor: str, reason: str = "", run: str = ""
) -> Record:
    """Record a reviewer's decision (same / different / unsure / withdrawn) as a judgement."""
    judgement = make(
        "judgement",
        {
            "left": pair.left,
            "right": pair.right,
            "decision": decision,
            "reason": reason or None,
            "run": run or None,
        },
    )
    store.add([judgement], actor=actor)
    return judgement
