"""Data entry: forms generated from the record model, place autocomplete, a record's page with
its audit history, edits. Every write goes through the principal's store (audited)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ...errors import ValidationError
from ...model import Record, kind_for_id, make, record_type, regions, vocabulary
from ..context import Ctx
from ..deps import ERRORS, api, api_write, page, page_write
from ..forms import ENTRY_KINDS, form_widgets, problems_by_field, read_form
from ..places import search_places
from ..present import kind_label, record_rows, region_name, term

__all__ = ["create_records", "record_history", "router"]

router = APIRouter(responses=ERRORS)


def _kind(ctx: Ctx, kind: str) -> str:
    if kind not in ENTRY_KINDS:
        raise HTTPException(404, ctx.t("No such form."))
    return kind


def _form_data(kind: str, form: Any) -> dict[str, Any]:
    multi = {
        f"f.{f.name}" for f in record_type(kind).fields.values() if f.type_name == "region_list"
    }
    return {k: (form.getlist(k) if k in multi else form.get(k)) for k in form}


def create_records(
    ctx: Ctx,
    kind: str,
    values: dict[str, Any],
    involve: dict[str, str] | None = None,
    record: Record | None = None,
) -> Record:
    """Validate and write one record (with, for an event, the involvement of a person);
    raise ValidationError naming fields. With ``record`` the record is updated instead."""
    ctx.require("write")
    made = make(kind, values, id=record.id if record is not None else None)
    if record is not None:
        ctx.store.update([made], actor=ctx.actor)
        return made
    batch = [made]
    if involve and involve.get("person"):
        batch.append(
            make("involvement", {"person": involve["person"].strip(), "event": made.id,
                                 "role": involve.get("role") or "victim"})
        )  # fmt: skip
    ctx.store.add(batch, actor=ctx.actor)
    return made


def _render_form(
    ctx: Ctx,
    kind: str,
    *,
    record: Record | None = None,
    submitted: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    general: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    widgets = form_widgets(kind, ctx.lang, ctx.t, record, submitted, errors)
    lang = ctx.lang
    return ctx.render(
        "entry.html", kind=kind, kind_name=kind_label(kind, lang), widgets=widgets,
        record=record, general=general or [], submitted=submitted or {},
        status_code=status_code,
        region_options=sorted(((iso, region_name(iso, lang)) for iso in regions()),
                              key=lambda x: x[1]),
        roles=[(r, term("role", r, lang)) for r in vocabulary("role").ids],
    )  # fmt: skip


@router.get("/entry", include_in_schema=False)
def entry_index(ctx: Annotated[Ctx, Depends(page)]) -> Response:
    ctx.require("write")
    kinds = [(k, kind_label(k, ctx.lang)) for k in ENTRY_KINDS]
    return ctx.render("entry_index.html", kinds=kinds)


@router.get("/entry/{kind}", include_in_schema=False)
def entry_form(ctx: Annotated[Ctx, Depends(page)], kind: str) -> Response:
    ctx.require("write")
    return _render_form(ctx, _kind(ctx, kind))


async def _submit(ctx: Ctx, request: Request, kind: str, record: Record | None) -> Response:
    form = await request.form()
    data = _form_data(kind, form)
    values = read_form(kind, data, record)
    involve = {"person": str(data.get("x.person") or ""), "role": str(data.get("x.role") or "")}
    try:
        made = await run_in_threadpool(create_records, ctx, kind, values, involve, record)
    except ValidationError as exc:
        by_field, general = problems_by_field([p for p in exc.problems if p.kind == kind])
        general += [str(p) for p in exc.problems if p.kind != kind]
        return _render_form(
            ctx, kind, record=record, submitted=data, errors=by_field, general=general,
            status_code=422,
        )  # fmt: skip
    return RedirectResponse(f"/records/{made.id}?saved=1", status_code=303)


@router.post("/entry/{kind}", include_in_schema=False)
async def entry_submit(
    request: Request, ctx: Annotated[Ctx, Depends(page_write)], kind: str
) -> Response:
    ctx.require("write")
    return await _submit(ctx, request, _kind(ctx, kind), None)


def _record(ctx: Ctx, record_id: str) -> Record:
    kind = kind_for_id(record_id[:40])
    record = ctx.store.get(kind, record_id) if kind else None
    if record is None:
        raise HTTPException(404, ctx.t("No such record."))
    return record


def record_history(ctx: Ctx, record: Record) -> list[dict[str, Any]]:
    """The audit entries of one record, oldest first."""
    return [
        {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "digest": e.digest}
        for e in ctx.store.audit_entries()
        if e.entity_id == record.id
    ]


@router.get("/records/{record_id}", include_in_schema=False)
def record_page(ctx: Annotated[Ctx, Depends(page)], record_id: str, saved: int = 0) -> Response:
    record = _record(ctx, record_id)
    return ctx.render(
        "record.html",
        record=record,
        kind_name=kind_label(record.kind, ctx.lang),
        rows=record_rows(record, ctx.lang, ctx.t),
        history=record_history(ctx, record),
        saved=bool(saved),
        editable=record.kind in ENTRY_KINDS,
    )


@router.get("/records/{record_id}/edit", include_in_schema=False)
def record_edit(ctx: Annotated[Ctx, Depends(page)], record_id: str) -> Response:
    ctx.require("write")
    record = _record(ctx, record_id)
    return _render_form(ctx, _kind(ctx, record.kind), record=record)


@router.post("/records/{record_id}/edit", include_in_schema=False)
async def record_edit_submit(
    request: Request, ctx: Annotated[Ctx, Depends(page_write)], record_id: str
) -> Response:
    ctx.require("write")
    record = await run_in_threadpool(_record, ctx, record_id)
    return await _submit(ctx, request, _kind(ctx, record.kind), record)


@router.get("/places", include_in_schema=False)
def places_fragment(
    ctx: Annotated[Ctx, Depends(page)], q: Annotated[str, Query(max_length=80)] = ""
) -> Response:
    # HTMX sends the input under its own name (f.origin, f.place): take the first value.
    query = q or next(iter(ctx.request.query_params.values()), "")
    return ctx.render("_places.html", options=search_places(query[:80]))


# --- JSON twins ----------------------------------------------------------------------------


@router.get("/api/v1/places", tags=["entry"])
def places_json(
    ctx: Annotated[Ctx, Depends(api)], q: Annotated[str, Query(max_length=80)] = ""
) -> list[dict[str, str]]:
    """KATOTTG units whose name starts with ``q`` in Ukrainian, Russian or Latin letters."""
    return [
        {"code": o.code, "name": o.name, "latin": o.latin, "label": o.label(ctx.lang)}
        for o in search_places(q)
    ]


@router.get("/api/v1/forms/{kind}", tags=["entry"])
def form_json(ctx: Annotated[Ctx, Depends(api)], kind: str) -> dict[str, Any]:
    """The fields of a record type's form (from the record model)."""
    widgets = form_widgets(_kind(ctx, kind), ctx.lang, ctx.t)
    return {
        "kind": kind,
        "fields": [
            {"name": w.name, "label": w.label, "widget": w.widget, "required": w.required,
             "identifying": w.identifying, "help": w.help, "options": [o[0] for o in w.options]}
            for w in widgets
        ],
    }  # fmt: skip


@router.post(
    "/api/v1/records/{kind}",
    tags=["entry"],
    status_code=201,
    responses={422: {"description": "validation problems, by field"}},
)
def create_json(
    ctx: Annotated[Ctx, Depends(api_write)],
    kind: str,
    values: Annotated[dict[str, Any], Body(examples=[{"type": "conscription", "date": "2024-10"}])],
) -> Response:
    """Create a record from JSON values (as ``svidok.model.make`` takes them)."""
    if not ctx.may("write"):
        raise HTTPException(403, "your role may not write records")
    try:
        made = create_records(ctx, _kind(ctx, kind), values)
    except ValidationError as exc:
        return JSONResponse(
            {"problems": [{"field": p.field, "message": p.message} for p in exc.problems]},
            status_code=422,
        )
    return JSONResponse({"id": made.id, "values": made.dump()}, status_code=201)


@router.get("/api/v1/records/{record_id}", tags=["entry"])
def record_json(ctx: Annotated[Ctx, Depends(api)], record_id: str) -> dict[str, Any]:
    """One record (identifying fields only for roles that may read them) and its history."""
    record = _record(ctx, record_id)
    return {
        "id": record.id,
        "kind": record.kind,
        "values": record.dump(),
        "history": record_history(ctx, record),
    }
