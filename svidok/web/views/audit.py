"""The audit trail, the custody log of evidence originals and (for administrators) the access
log, with verification of each chain run as a background task."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import RedirectResponse, Response

from ...evidence import CustodyLog
from ...ledger import verify_ledger
from ...protect.guard import ACCESS_LOG
from ..context import Ctx
from ..deps import ERRORS, api, api_write, page, page_write
from ..jobs import Job

__all__ = ["PER_PAGE", "audit_data", "router", "start_verification"]

router = APIRouter(responses=ERRORS)
PER_PAGE = 50


def audit_data(ctx: Ctx, before: int = 0) -> dict[str, Any]:
    """Audit entries before ``before`` (0: the latest), custody and access entries, and the
    latest verification."""
    store = ctx.store
    head = store.audit_head()
    end = head.seq if before <= 0 else min(before - 1, head.seq)
    start = max(0, end - PER_PAGE)
    entries = [
        {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "kind": e.kind,
         "id": e.entity_id, "digest": e.digest, "hash": e.hash}
        for e in store.audit_entries(after=start)
        if e.seq <= end
    ]  # fmt: skip
    entries.reverse()
    custody = [
        {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "subject": e.subject,
         "detail": e.detail}
        for e in list(CustodyLog(ctx.state.evidence_dir).list())[-PER_PAGE:]
    ]  # fmt: skip
    custody.reverse()
    access: list[dict[str, str | int]] = []
    if ctx.may("admin"):
        ahead = store.ledger_head(ACCESS_LOG)
        access = [
            {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action,
             "subject": e.subject, "detail": e.detail[:200]}
            for e in store.ledger_entries(ACCESS_LOG, after=max(0, ahead.seq - PER_PAGE))
        ]  # fmt: skip
        access.reverse()
    job = ctx.state.jobs.latest("verify")
    return {
        "head": {"seq": head.seq, "hash": head.hash},
        "entries": entries,
        "older": start if start > 0 else None,
        "custody": custody,
        "access": access,
        "verification": None if job is None else {**job.as_dict(), "result": job.result},
    }


def start_verification(ctx: Ctx) -> Job:
    """Verify the audit trail against every record, the evidence originals and custody log,
    and (administrators) the access log, in the background."""
    ctx.require("read_identity")  # checking records against the trail reads all of them
    from ...protect.session import evidence_files

    store, state, actor = ctx.store, ctx.state, ctx.actor
    admin = ctx.may("admin")

    def work(job: Job) -> dict[str, Any]:
        audit = store.verify_audit(progress=job.advance)
        files = evidence_files(store, state.evidence_dir, actor)
        evidence = files.verify_all(v["sha256"] for v in store.scan("evidence"))
        result: dict[str, Any] = {
            "audit": {"ok": audit.ok, "entries": audit.checked,
                      "records": audit.records_checked, "problems": audit.problems[:50]},
            "evidence": {"ok": evidence.ok, "files": evidence.files,
                         "custody_entries": evidence.custody_entries,
                         "problems": evidence.problems[:50]},
        }  # fmt: skip
        if admin:
            access = verify_ledger(
                ACCESS_LOG, store.ledger_entries(ACCESS_LOG), store.ledger_head(ACCESS_LOG)
            )
            result["access"] = {
                "ok": access.ok,
                "entries": access.checked,
                "problems": access.problems[:50],
            }
        return result

    return state.jobs.submit("verify", ctx.principal.name, ctx.t("Verification"), work)


@router.get("/audit", include_in_schema=False)
def audit_page(
    ctx: Annotated[Ctx, Depends(page)], before: Annotated[int, Query(ge=0)] = 0
) -> Response:
    return ctx.render("audit.html", a=audit_data(ctx, before))


@router.post("/audit/verify", include_in_schema=False)
def audit_verify(ctx: Annotated[Ctx, Depends(page_write)]) -> Response:
    job = start_verification(ctx)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/api/v1/audit", tags=["audit"])
def audit_json(
    ctx: Annotated[Ctx, Depends(api)], before: Annotated[int, Query(ge=0, le=2**62)] = 0
) -> dict[str, Any]:
    """50 audit entries before ``before`` (0: the latest), the custody log, the access log
    (administrators) and the latest verification."""
    return audit_data(ctx, before)


@router.post("/api/v1/audit/verify", tags=["audit"], status_code=202)
def audit_verify_json(ctx: Annotated[Ctx, Depends(api_write)]) -> dict[str, str]:
    """Start verifying the audit trail, evidence and custody log; poll ``/api/v1/jobs/{id}``."""
    return {"job": start_verification(ctx).id}
