"""Imports: upload a CSV/XLSX file or a Telegram export (result.json), pick or edit the
proposed mapping, follow the import's progress and read the rejects report. Jobs: the
progress page every background task shares."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ...errors import SvidokError
from ..context import Ctx
from ..deps import ERRORS, api, api_write, page, page_write
from ..jobs import Job

__all__ = ["MAX_UPLOAD", "job_view", "router", "save_upload", "start_import"]

router = APIRouter(responses=ERRORS)
MAX_UPLOAD = 200 * 1024 * 1024
_SPREADSHEET = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm"}
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


def _uploads(ctx: Ctx) -> Path:
    root = ctx.state.settings.data_dir / "uploads"
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)  # uploads hold identifying data: the owner only
    return root


def save_upload(ctx: Ctx, upload: UploadFile) -> tuple[str, Path]:
    """Copy an uploaded file into its own folder under ``<data_dir>/uploads``."""
    ctx.require("write")
    name = Path(upload.filename or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix not in _SPREADSHEET | {".json"}:
        raise HTTPException(
            415, ctx.t("Upload a CSV or XLSX file, or a Telegram export's result.json.")
        )
    token = secrets.token_urlsafe(12)
    folder = _uploads(ctx) / token
    folder.mkdir(mode=0o700)
    target = folder / (re.sub(r"[^\w.-]", "_", Path(name).stem)[:80] + suffix)
    size = 0
    with open(target, "wb") as handle:
        while chunk := upload.file.read(1 << 20):
            size += len(chunk)
            if size > MAX_UPLOAD:
                handle.close()
                target.unlink()
                raise HTTPException(413, ctx.t("The file is too large."))
            handle.write(chunk)
    return token, target


def _upload(ctx: Ctx, token: str) -> Path:
    if not _TOKEN.match(token):
        raise HTTPException(404, ctx.t("No such upload."))
    folder = _uploads(ctx) / token
    files = [p for p in folder.glob("*") if p.name != "mapping.yaml"] if folder.is_dir() else []
    if not files:
        raise HTTPException(404, ctx.t("No such upload."))
    return files[0]


def _summary(summary: Any) -> dict[str, Any]:
    r = summary.report
    return {
        "dataset": r.dataset,
        "unit": r.unit,
        "added": summary.added,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "rejected": summary.rejected,
        "committed": summary.committed,
        "created": summary.store.created,
        "attachments": summary.attachments,
        "warnings": [f"{m} ({n})" for m, n in r.warnings.most_common(20)],
        "rejects": [
            {"where": x.where, "field": x.field, "reason": x.reason, "value": x.value[:200]}
            for x in summary.rejects[:500]
        ],
        "more_rejects": max(0, len(summary.rejects) - 500),
    }


def start_import(
    ctx: Ctx, path: Path, mapping: str | None, *, accept_partial: bool = False, chat: str = ""
) -> Job:
    """Start importing ``path`` (with a mapping's YAML text for a spreadsheet) in the
    background; the job's result is the import summary with the rejects."""
    ctx.require("write")
    from ...workflows import import_spreadsheet, import_telegram

    store, state, actor = ctx.store, ctx.state, ctx.actor
    rejects_dir = state.settings.data_dir / "rejects"
    mapping_path = path.parent / "mapping.yaml"
    if mapping is not None:
        mapping_path.write_text(mapping, encoding="utf-8")

    def work(job: Job) -> dict[str, Any]:
        if mapping is not None:
            result = import_spreadsheet(
                store, path, mapping_path, actor=actor, accept_partial=accept_partial,
                rejects_dir=rejects_dir, progress=job.advance,
            )  # fmt: skip
        else:
            result = import_telegram(
                store, path, chat=chat or None, actor=actor, salt=state.settings.salt(),
                evidence_dir=state.evidence_dir, accept_partial=accept_partial,
                rejects_dir=rejects_dir, progress=job.advance,
            )  # fmt: skip
        return _summary(result)

    return state.jobs.submit("import", ctx.principal.name, path.name, work)


def job_view(ctx: Ctx, job_id: str) -> Job:
    """A job the principal may see (their own; administrators see all)."""
    job = ctx.state.jobs.get(job_id[:40])
    if job is None or (job.owner != ctx.principal.name and not ctx.may("admin")):
        raise HTTPException(404, ctx.t("No such task."))
    return job


def _propose(path: Path) -> str:
    from ...ingest.propose import propose_mapping

    return propose_mapping(path)


@router.get("/imports", include_in_schema=False)
def imports_page(ctx: Annotated[Ctx, Depends(page)]) -> Response:
    ctx.require("write")
    latest = ctx.state.jobs.latest("import")
    return ctx.render("imports.html", latest=latest, max_mb=MAX_UPLOAD // 2**20)


@router.post("/imports", include_in_schema=False)
async def imports_upload(ctx: Annotated[Ctx, Depends(page_write)], file: UploadFile) -> Response:
    token, path = await run_in_threadpool(save_upload, ctx, file)
    if path.suffix == ".json":
        job = await run_in_threadpool(start_import, ctx, path, None)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)
    return RedirectResponse(f"/imports/{token}", status_code=303)


@router.get("/imports/{token}", include_in_schema=False)
def imports_mapping(ctx: Annotated[Ctx, Depends(page)], token: str) -> Response:
    ctx.require("write")
    path = _upload(ctx, token)
    saved = path.parent / "mapping.yaml"
    try:
        text = saved.read_text(encoding="utf-8") if saved.exists() else _propose(path)
        error = None
    except SvidokError as exc:
        text, error = "", str(exc)
    return ctx.render("import_mapping.html", token=token, file=path.name, mapping=text, error=error)


@router.post("/imports/{token}", include_in_schema=False)
def imports_run(
    ctx: Annotated[Ctx, Depends(page_write)],
    token: str,
    mapping: Annotated[str, Form(max_length=200_000)],
    accept_partial: Annotated[bool, Form()] = False,
) -> Response:
    from ...ingest.mapping import parse_mapping

    path = _upload(ctx, token)
    import yaml

    try:
        parse_mapping(yaml.safe_load(mapping), "mapping")
    except (SvidokError, yaml.YAMLError) as exc:
        return ctx.render(
            "import_mapping.html", status_code=422, token=token, file=path.name,
            mapping=mapping, error=str(exc),
        )  # fmt: skip
    job = start_import(ctx, path, mapping, accept_partial=accept_partial)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", include_in_schema=False)
def job_page(ctx: Annotated[Ctx, Depends(page)], job_id: str) -> Response:
    job = job_view(ctx, job_id)
    fragment = bool(ctx.request.headers.get("hx-request"))
    return ctx.render("_job.html" if fragment else "job.html", job=job)


@router.get("/api/v1/jobs/{job_id}", tags=["imports"])
def job_json(ctx: Annotated[Ctx, Depends(api)], job_id: str) -> dict[str, Any]:
    """A background task's state, progress and result (an import's summary and rejects)."""
    job = job_view(ctx, job_id)
    return {**job.as_dict(), "result": job.result}


@router.post("/api/v1/imports", tags=["imports"], status_code=202)
async def import_json(
    ctx: Annotated[Ctx, Depends(api_write)],
    file: UploadFile,
    mapping: Annotated[str | None, Form(max_length=200_000)] = None,
    accept_partial: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Upload and import a file: a spreadsheet with ``mapping`` (YAML; without it the
    proposed mapping is returned and nothing is imported) or a Telegram ``result.json``."""
    if not ctx.may("write"):
        raise HTTPException(403, "your role may not import")
    token, path = await run_in_threadpool(save_upload, ctx, file)
    if path.suffix != ".json" and mapping is None:
        try:
            proposal = await run_in_threadpool(_propose, path)
        except SvidokError as exc:
            raise HTTPException(422, str(exc)) from None
        return {"upload": token, "proposed_mapping": proposal, "job": None}
    job = await run_in_threadpool(
        lambda: start_import(
            ctx, path, mapping if path.suffix != ".json" else None, accept_partial=accept_partial
        )
    )
    return {"upload": token, "proposed_mapping": None, "job": job.id}
