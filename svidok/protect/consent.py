"""Consent: identifying data from testimony needs the person's consent; withdrawing it redacts.

The rule, checked by :meth:`svidok.store.Store.apply` for every backend and every caller: a
person record that holds identifying values and is the subject of a claim from an
``interview`` source (testimony given to the documenters) must carry a consent that is not
withdrawn and whose scope is not ``none``.

Withdrawal (:func:`withdraw_consent`) marks the consent withdrawn and, in one audited
transaction, removes the person's identifying values and the identifying text that may
describe them: the excerpts of claims about them or their events, the text and notes of the
testimonies that name them, the descriptions of events they are involved in, and the file names of evidence
attached to those testimonies. Redaction wins over completeness: a testimony that also
concerns others loses its text too. Counts keep working (events and involvements stay).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import NotFoundError, Problem
from ..model import Record, kind_for_id

if TYPE_CHECKING:
    from ..store.base import Store, Transaction

__all__ = ["Redaction", "consent_problems", "has_consent", "withdraw_consent"]


def has_consent(person: Record) -> bool:
    """Whether the person record carries a consent in force (given, not withdrawn, not "none")."""
    consent = person.get("consent")
    return consent is not None and not consent.withdrawn and consent.scope != "none"


def _identifying(record: Record) -> bool:
    return any(name in record.values for name in record.type.identifying_names)


def _lookup(
    txn: Transaction,
    pending: dict[tuple[str, str], Record | None],
    wanted: Iterable[tuple[str, str]],
) -> dict[tuple[str, str], Record]:
    found: dict[tuple[str, str], Record] = {}
    missing: dict[str, set[str]] = {}
    for key in wanted:
        if key in pending:
            record = pending[key]
            if record is not None:
                found[key] = record
        else:
            missing.setdefault(key[0], set()).add(key[1])
    for kind, ids in missing.items():
        found.update({(kind, i): r for i, r in txn.fetch(kind, ids).items()})
    return found


def _claim_problems(
    txn: Transaction,
    pending: dict[tuple[str, str], Record | None],
    claims: list[Record],
    later: list[Record] | None,
) -> list[Problem]:
    about_persons = [c for c in claims if kind_for_id(c["subject"]) == "person"]
    if not about_persons:
        return []
    wanted = {("source", c["source"]) for c in about_persons}
    wanted |= {("person", c["subject"]) for c in about_persons}
    found = _lookup(txn, pending, wanted)
    problems = []
    for claim in about_persons:
        source = found.get(("source", claim["source"]))
        person = found.get(("person", claim["subject"]))
        if source is None or person is None:
            if later is not None:  # may come in a later chunk of the same apply()
                later.append(claim)
            continue
        if source["kind"] == "interview" and _identifying(person) and not has_consent(person):
            problems.append(
                Problem(
                    "person",
                    person.id,
                    "consent",
                    f"holds identifying data from testimony ({source.id}, claim {claim.id}) "
                    "but has no consent in force: record the consent, or leave out the "
                    "identifying fields",
                )
            )
    return problems


def consent_problems(
    txn: Transaction,
    pending: dict[tuple[str, str], Record | None],
    updated_persons: set[str],
    later: list[Record],
) -> list[Problem]:
    """Problems of one chunk of changes (``pending``); with an empty ``pending``, the claims
    put aside in ``later`` because their source or person came in a later chunk."""
    if not pending:
        return _claim_problems(txn, {}, later, None)
    claims = [r for (kind, _), r in pending.items() if kind == "claim" and r is not None]
    problems = _claim_problems(txn, pending, claims, later)
    # A stored testimony about a person whose update drops the consent but keeps the data.
    lacking = [
        i
        for i in updated_persons
        if (r := pending.get(("person", i))) is not None and _identifying(r) and not has_consent(r)
    ]
    if lacking:
        citing = {
            ref_id
            for ref_kind, ref_id, field_name, _ in txn.referrers("person", lacking)
            if ref_kind == "claim" and field_name == "subject" and ("claim", ref_id) not in pending
        }
        if citing:
            stored = list(txn.fetch("claim", citing).values())
            problems.extend(_claim_problems(txn, pending, stored, None))
    return problems


@dataclass
class Redaction:
    """What withdrawing a person's consent changed."""

    person: str
    records: dict[str, list[str]] = field(default_factory=dict)  # kind -> ids changed
    evidence_files: list[str] = field(default_factory=list)  # SHA-256 of attached originals

    @property
    def changed(self) -> int:
        return sum(len(ids) for ids in self.records.values())


def _without(record: Record, names: Iterable[str], **changes: Any) -> Record:
    removed = {name: None for name in names if name in record.values}
    return record.replace(**removed, **changes) if removed or changes else record


def withdraw_consent(store: Store, person_id: str, *, actor: str, date: str) -> Redaction:
    """Mark the person's consent withdrawn on ``date`` and redact their identifying data
    everywhere it is stored (see the module's docstring), in one audited transaction."""
    from ..model import make
    from ..store.base import Change

    person = store.get("person", person_id)
    if person is None:
        raise NotFoundError(f"no person with id {person_id}")
    old = person.get("consent")
    consent = {
        **(old.dump() if old is not None else {"scope": "none"}),
        "withdrawn": True,
        "withdrawn_date": date,
    }
    make("person", {"consent": consent})  # validates the date before anything is written
    changed: list[Record] = [
        _without(person, person.type.identifying_names, consent=consent),
    ]
    event_ids = {i["event"] for i in store.scan("involvement") if i["person"] == person_id}
    changed += [_without(e, ["description"]) for e in store.get_many("event", event_ids).values()]
    # Claims about the person or their events quote text that may name them.
    claims = [c for c in store.scan("claim") if c["subject"] in event_ids | {person_id}]
    changed += [_without(c, ["excerpt"]) for c in claims]
    cited = {c["source"] for c in claims if c["subject"] == person_id}
    testimonies = [s for s in store.get_many("source", cited).values() if s["kind"] == "interview"]
    changed += [_without(s, s.type.identifying_names) for s in testimonies]
    redacted_sources = {s.id for s in testimonies}
    evidence = [v for v in store.scan("evidence") if v["source"] in redacted_sources]
    changed += [_without(v, ["filename"]) for v in evidence]
    store.apply((Change.update(r) for r in changed), actor=actor)
    redaction = Redaction(person_id, evidence_files=sorted({v["sha256"] for v in evidence}))
    for record in changed:
        redaction.records.setdefault(record.kind, []).append(record.id)
    return redaction
