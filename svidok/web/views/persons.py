"""Persons: search in any script, filters, pages; a person with the records linked to them,
their events on a timeline, sources with grades, evidence with hashes, provisions engaged."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from ...model import event_types, provisions, record_types, regions, vocabulary
from ..catalogue import Catalogue
from ..context import Ctx
from ..deps import ERRORS, api, page
from ..present import kind_label, record_rows, region_name, term, value_text

__all__ = ["PER_PAGE", "person_detail", "persons_query", "router"]

router = APIRouter(responses=ERRORS)
PER_PAGE = 25


def _catalogue(ctx: Ctx) -> Catalogue:
    cat = ctx.catalogue()
    if cat is None:
        raise HTTPException(503, ctx.t("The index is being prepared: try again in a minute."))
    return cat


def persons_query(
    ctx: Ctx,
    *,
    q: str = "",
    region: str = "",
    event_type: str = "",
    period: str = "",
    status: str = "",
    page_number: int = 1,
    counted: bool = False,
) -> dict[str, Any]:
    """One page of person records matching a name query (any script) and filters; with
    ``counted``, exactly the persons a documented count counts (see Catalogue.filter)."""
    cat = _catalogue(ctx)
    q = q.strip()[:200]
    why: dict[str, tuple[float, str]] = {}
    ids = None
    if q:
        if not ctx.principal.may("read_identity"):
            raise HTTPException(403, ctx.t("Your role may not search by name."))
        matches = cat.search(q, limit=2000)
        ids = [m.id for m in matches]
        why = {m.id: (m.score, m.comparison.reason) for m in matches}
    rows = cat.filter(
        ids=ids,
        region=region,
        event_type=event_type,
        period=period,
        status=status,
        counted=counted,
    )
    pages = max(1, -(-len(rows) // PER_PAGE))
    page_number = min(max(1, page_number), pages)
    shown = rows[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]
    records = ctx.store.get_many("person", [r.id for r in shown])
    items = []
    for row in shown:
        record = records.get(row.id)
        name = record.get("name") if record is not None else None
        items.append(
            {
                "id": row.id,
                "name": name.full if name is not None else None,
                "sex": row.sex,
                "status": row.status,
                "regions": sorted(row.regions | ({row.origin_region} - {""})),
                "types": sorted(row.types),
                "periods": sorted(p for p in row.periods if len(p) == 4),
                "linked_records": len(cat.members.get(row.resolved, [])) - 1,
                "resolved": row.resolved,
                "score": why[row.id][0] if row.id in why else None,
                "why": why[row.id][1] if row.id in why else None,
                "fictional": row.fictional,
            }
        )
    return {
        "query": {
            "q": q, "region": region, "event_type": event_type, "period": period,
            "status": status, "counted": counted,
        },
        "total": len(rows),
        "page": page_number,
        "pages": pages,
        "per_page": PER_PAGE,
        "items": items,
    }  # fmt: skip


def _date_key(record: Any) -> str:
    date = record.get("date")
    start = getattr(date, "start", None)
    return start.isoformat() if isinstance(start, dt.date) else "9999"


def person_detail(ctx: Ctx, person_id: str) -> dict[str, Any]:
    """A person record with the records resolved to the same person, side by side, and
    everything recorded about them."""
    cat = _catalogue(ctx)
    store = ctx.store
    t = ctx.t
    person = store.get("person", person_id)
    if person is None:
        raise HTTPException(404, t("No such person record."))
    others = cat.linked_records(person_id)
    linked = store.get_many("person", others)
    columns = [person, *[linked[i] for i in others if i in linked]]
    ids = [r.id for r in columns]
    roles: dict[str, list[tuple[str, str]]] = {}
    for pid in ids:
        for event_id, role in cat.involvements.get(pid, []):
            roles.setdefault(event_id, []).append((pid, role))
    events = store.get_many("event", list(roles))
    claim_ids = [c for subject in [*ids, *events] for c in cat.claims.get(subject, [])]
    claims = store.get_many("claim", claim_ids)
    sources = store.get_many("source", {c["source"] for c in claims.values()})
    evidence_ids = [e for s in sources for e in cat.evidence.get(s, [])]
    evidence = store.get_many("evidence", evidence_ids)
    lang = ctx.lang
    all_types = event_types()
    timeline = []
    for event in sorted(events.values(), key=_date_key):
        etype = all_types.get(event["type"])
        timeline.append(
            {
                "id": event.id,
                "type": event["type"],
                "type_label": etype.label.get(lang, etype.label["en"]) if etype else event["type"],
                "date": value_text(event.get("date"), lang),
                "place": value_text(event.get("place"), lang),
                "perpetrator_body": event.get("perpetrator_body"),
                "description": event.get("description"),
                "persons": [
                    {"person": p, "role": term("role", r, lang)} for p, r in roles[event.id]
                ],
                "provisions": list(etype.provisions) if etype else [],
                "sources": sorted(
                    {claims[c]["source"] for c in cat.claims.get(event.id, []) if c in claims}
                ),
            }
        )
    engaged = sorted({p for item in timeline for p in item["provisions"]})
    known = provisions()
    return {
        "id": person.id,
        "resolved": cat.persons[person_id].resolved if person_id in cat.persons else person.id,
        "linked": cat.version.linkage_run or None,
        "columns": [
            {"id": r.id, "fields": [
                {"name": n, "label": label, "value": text, "identifying": ident}
                for n, label, text, ident in record_rows(r, lang, t)
            ]}
            for r in columns
        ],
        "timeline": timeline,
        "sources": [
            {
                "id": s.id,
                "title": s.get("title"),
                "kind": term("source_kind", s["kind"], lang),
                "reliability": s.get("reliability"),
                "reliability_label": term("reliability", s.get("reliability") or "F", lang),
                "date": value_text(s.get("date"), lang),
                "locator": s.get("locator"),
                "claims": [
                    {
                        "id": c.id,
                        "subject": c["subject"],
                        "credibility": c.get("credibility"),
                        "credibility_label": term("credibility", c.get("credibility") or "6", lang),
                        "verification": term("verification_status", c.get("verification") or "unverified", lang),
                        "excerpt": c.get("excerpt"),
                        "locator": c.get("locator"),
                    }
                    for c in claims.values()
                    if c["source"] == s.id
                ],
                "evidence": [
                    {
                        "id": e.id,
                        "sha256": e["sha256"],
                        "size": e.get("size"),
                        "media_type": e.get("media_type"),
                        "filename": e.get("filename"),
                    }
                    for e in evidence.values()
                    if e["source"] == s.id
                ],
            }
            for s in sources.values()
        ],
        "provisions": [
            {"id": p, "citation": known[p].citation, "title": known[p].title, "url": known[p].url}
            for p in engaged
            if p in known
        ],
    }  # fmt: skip


def _filters(ctx: Ctx) -> dict[str, Any]:
    lang = ctx.lang
    return {
        "regions": sorted(((iso, region_name(iso, lang)) for iso in regions()), key=lambda x: x[1]),
        "event_types": [(k, t.label.get(lang, t.label["en"])) for k, t in event_types().items()],
        "statuses": [(s, term("person_status", s, lang)) for s in vocabulary("person_status").ids],
    }


Q = Annotated[str, Query(max_length=200)]


@router.get("/persons", include_in_schema=False)
def persons_page(
    ctx: Annotated[Ctx, Depends(page)],
    q: Q = "",
    region: Q = "",
    type: Q = "",
    period: Q = "",
    status: Q = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    counted: bool = False,
) -> Response:
    result = persons_query(
        ctx,
        q=q,
        region=region,
        event_type=type,
        period=period,
        status=status,
        page_number=page,
        counted=counted,
    )
    template = "_persons_results.html" if ctx.request.headers.get("hx-request") else "persons.html"
    return ctx.render(template, result=result, **_filters(ctx), region_name=region_name)


@router.get("/persons/{person_id}", include_in_schema=False)
def person_page(ctx: Annotated[Ctx, Depends(page)], person_id: str) -> Response:
    data = person_detail(ctx, person_id[:40])
    return ctx.render("person.html", p=data, kind_label=kind_label, kinds=record_types())


@router.get("/api/v1/persons", tags=["persons"])
def persons_json(
    ctx: Annotated[Ctx, Depends(api)],
    q: Q = "",
    region: Q = "",
    type: Q = "",
    period: Q = "",
    status: Q = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    counted: bool = False,
) -> dict[str, Any]:
    """Person records: ``q`` is a name in any script (Skripnik finds Скрипник; roles that may
    read identifying data only), filters by region (ISO 3166-2), event type, period (YYYY or
    YYYY-MM) and status; ``counted`` keeps exactly the persons the documented counts count
    (victims of one event matching the filters; origin not considered); 25 per page."""
    return persons_query(
        ctx,
        q=q,
        region=region,
        event_type=type,
        period=period,
        status=status,
        page_number=page,
        counted=counted,
    )


@router.get("/api/v1/persons/{person_id}", tags=["persons"])
def person_json(ctx: Annotated[Ctx, Depends(api)], person_id: str) -> dict[str, Any]:
    """A person record with linked records, timeline, sources, evidence and provisions."""
    return person_detail(ctx, person_id[:40])
