"""The review queue: an uncertain pair side by side with why the model scored it so; same,
different or unsure (keys s, d, u); progress through the queue. Decisions are audited
judgements that every later linkage run honours."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from ...errors import SvidokError
from ...linkage.review import judge, pair_view
from ...linkage.run import review_queue
from ..context import Ctx
from ..deps import ERRORS, api, api_write, page, page_write

__all__ = ["Decision", "decide", "next_pair", "router", "start_linkage"]

router = APIRouter(responses=ERRORS)
_FIELDS = ("name", "sex", "birth", "origin", "status", "events", "sources")


class Decision(BaseModel):
    """A reviewer's decision on the pair ``left``/``right``."""

    left: str = Field(max_length=40)
    right: str = Field(max_length=40)
    decision: str = Field(pattern="^(same|different|unsure)$")
    reason: str = Field(default="", max_length=2000)


def next_pair(ctx: Ctx, skip: int = 0) -> dict[str, Any]:
    """The queue's state and the pair to review next (after skipping ``skip`` pairs)."""
    ctx.require("judge")
    store = ctx.store
    runs = store.linkage_runs()
    if not runs:
        return {"run": None, "remaining": 0, "band": 0, "pair": None}
    run = runs[-1]
    queue = review_queue(store, run)
    summary = json.loads(run.summary)
    low = float(summary.get("review_low", 0.3))
    band = sum(1 for p in store.linkage_pairs(run.id, low) if p.probability < run.threshold)
    result: dict[str, Any] = {
        "run": run.id,
        "remaining": len(queue),
        "band": band,
        "decided": band - len(queue),
        "position": min(skip, max(0, len(queue) - 1)),
        "pair": None,
    }
    if not queue:
        return result
    pair = queue[result["position"]]
    view = pair_view(store, pair)
    result["pair"] = {
        "left": pair.left,
        "right": pair.right,
        "probability": round(pair.probability, 3),
        "match_weight": round(pair.match_weight, 2),
        "fields": [
            {"name": f, "left": view.left.get(f, ""), "right": view.right.get(f, "")}
            for f in _FIELDS
        ],
        "contributions": [
            {"comparison": name, "level": str(info.get("level", "")),
             "weight": float(info.get("weight", 0.0))}
            for name, info in sorted(view.contributions.items())
        ],
    }  # fmt: skip
    return result


def decide(ctx: Ctx, decision: Decision) -> str:
    """Record a decision on a pair of the latest run's queue; return the judgement's id."""
    ctx.require("judge")
    store = ctx.store
    runs = store.linkage_runs()
    if not runs:
        raise HTTPException(409, ctx.t("No linkage run yet."))
    run = runs[-1]
    key = tuple(sorted((decision.left, decision.right)))
    pair = next((p for p in store.linkage_pairs(run.id) if (p.left, p.right) == key), None)
    if pair is None:
        raise HTTPException(404, ctx.t("This pair is not in the latest linkage run."))
    return judge(
        store, pair, decision.decision, actor=ctx.actor, reason=decision.reason, run=run.id
    ).id


def start_linkage(ctx: Ctx) -> str:
    """Run linkage (incrementally when a run exists) as a background job; its id."""
    ctx.require("link")
    from ...linkage.run import LinkOptions, link

    store, state, actor = ctx.store, ctx.state, ctx.actor

    def work(job: Any) -> dict[str, Any]:
        incremental = bool(store.linkage_runs())
        result = link(store, actor=actor, options=LinkOptions(incremental=incremental))
        state.latest_run(refresh=True)
        return {"run": result.run.id, "records": result.records, "persons": result.persons}

    return state.jobs.submit("link", actor, ctx.t("Linkage"), work).id


@router.get("/review", include_in_schema=False)
def review_page(ctx: Annotated[Ctx, Depends(page)], skip: int = 0) -> Response:
    return ctx.render("review.html", q=next_pair(ctx, max(0, skip)), fields=_FIELDS)


@router.post("/review", include_in_schema=False)
def review_submit(
    ctx: Annotated[Ctx, Depends(page_write)],
    left: Annotated[str, Form(max_length=40)],
    right: Annotated[str, Form(max_length=40)],
    decision: Annotated[str, Form(max_length=20)],
    reason: Annotated[str, Form(max_length=2000)] = "",
    skip: Annotated[int, Form()] = 0,
) -> Response:
    if decision == "skip":
        return RedirectResponse(f"/review?skip={skip + 1}", status_code=303)
    try:
        decide(ctx, Decision(left=left, right=right, decision=decision, reason=reason))
    except (SvidokError, ValueError) as exc:
        raise HTTPException(400, str(exc)) from None
    return RedirectResponse(f"/review?skip={skip}", status_code=303)


@router.post("/linkage/run", include_in_schema=False)
def linkage_submit(ctx: Annotated[Ctx, Depends(page_write)]) -> Response:
    job = start_linkage(ctx)
    return RedirectResponse(f"/jobs/{job}", status_code=303)


@router.get("/api/v1/review", tags=["review"])
def review_json(ctx: Annotated[Ctx, Depends(api)], skip: int = 0) -> dict[str, Any]:
    """The review queue's progress and the next pair with the match explanation."""
    return next_pair(ctx, max(0, min(skip, 1_000_000)))


@router.post("/api/v1/review", tags=["review"])
def review_decide_json(
    ctx: Annotated[Ctx, Depends(api_write)], decision: Decision
) -> dict[str, str]:
    """Record same / different / unsure on a pair (an audited judgement)."""
    return {"judgement": decide(ctx, decision)}


@router.post("/api/v1/linkage", tags=["review"], status_code=202)
def linkage_json(ctx: Annotated[Ctx, Depends(api_write)]) -> dict[str, str]:
    """Start a linkage run in the background; poll ``/api/v1/jobs/{id}``."""
    return {"job": start_linkage(ctx)}
