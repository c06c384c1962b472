"""The dashboard: documented counts by region and month, published figures beside ours, list
overlap and the current estimates; every number links to the records behind it."""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel

from ...model import event_types, regions, vocabulary
from ...report import count_events
from ...report.captures import person_captures
from ...store import Store
from .. import charts
from ..catalogue import DataVersion
from ..context import Ctx, WebState
from ..deps import ERRORS, api, page

__all__ = ["ESTIMATE_METHODS", "Dashboard", "dashboard_data", "estimates_data", "router"]

router = APIRouter(responses=ERRORS)
ESTIMATE_METHODS: tuple[str, ...] = ("independence", "stepwise", "dga", "lcmcr")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


class Dashboard(BaseModel):
    """Documented counts ("at least N persons") with what they rest on."""

    linked: bool
    totals: dict[str, int]
    by_region: list[dict[str, Any]]
    by_month: list[dict[str, Any]]
    less_precise: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    overlap: dict[str, Any]


def _identities(store: Store, version: DataVersion) -> dict[str, str] | None:
    if not version.linkage_run:
        return None
    return dict(store.linkage_clusters(version.linkage_run))


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def dashboard_data(store: Store, version: DataVersion) -> Dashboard:
    """Every figure of the dashboard from one read of the store (cached per data version)."""
    events = list(store.scan("event"))
    involvements = list(store.scan("involvement"))
    claims = list(store.scan("claim"))
    sources = list(store.scan("source"))
    identities = _identities(store, version)

    def count(by: tuple[str, ...], granularity: Any = "year", only: Any = None) -> list[Any]:
        chosen = events if only is None else [e for e in events if only(e)]
        return count_events(
            chosen, involvements, claims, sources, by=by, granularity=granularity,
            identities=identities,
        )  # fmt: skip

    total = count(())
    by_region = [
        {"region": r.key[0], "persons": r.persons_at_least, "events": r.event_records}
        for r in count(("region",))
    ]
    months = count(("period",), "month")
    exact = {r.key[0]: r for r in months if _MONTH.match(r.key[0])}
    series = _months(min(exact), max(exact)) if exact else []
    by_month = [
        {"period": p, "persons": exact[p].persons_at_least if p in exact else 0} for p in series
    ]
    less_precise = [
        {"period": r.key[0], "persons": r.persons_at_least}
        for r in months
        if not _MONTH.match(r.key[0])
    ]
    titles = {s.id: str(s.get("title", "")) for s in sources}
    figures = []
    for figure in store.scan("published_figure"):
        wanted_type, wanted_regions = figure.get("event_type"), set(figure.get("regions") or ())

        def fits(e: Any, t: Any = wanted_type, rs: set[str] = wanted_regions) -> bool:
            place = e.get("place")
            return (not t or e["type"] == t) and (
                not rs or (place is not None and place.region in rs)
            )

        ours = count((), only=fits)
        figures.append(
            {
                "id": figure.id,
                "value": figure["value"],
                "value_high": figure.get("value_high"),
                "qualifier": figure["qualifier"],
                "unit": figure["unit"],
                "population": figure["population"],
                "event_type": wanted_type,
                "regions": sorted(wanted_regions),
                "as_of": str(figure["as_of"]) if figure.get("as_of") else None,
                "source": figure["source"],
                "source_title": titles.get(figure["source"], ""),
                "ours": ours[0].persons_at_least if ours else 0,
            }
        )
    captures = person_captures(events, involvements, claims, sources, identities=identities, by=())
    return Dashboard(
        linked=identities is not None,
        totals={
            "persons_at_least": total[0].persons_at_least if total else 0,
            "person_records": store.count("person"),
            "events": len(events),
            "sources": len(sources),
            "published_figures": len(figures),
        },
        by_region=sorted(by_region, key=lambda r: (-r["persons"], r["region"])),
        by_month=by_month,
        less_precise=less_precise,
        figures=figures,
        overlap=_overlap(captures.strata.get((), {})),
    )


def _overlap(memberships: dict[str, set[str]], most: int = 6) -> dict[str, Any]:
    sizes = Counter(x for lists in memberships.values() for x in lists)
    keep = [name for name, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))]
    other = keep[most - 1 :] if len(keep) > most else []
    keep = keep[: most - 1] if other else keep
    names = keep + (["(other lists)"] if other else [])
    patterns: Counter[tuple[bool, ...]] = Counter()
    for lists in memberships.values():
        patterns[
            tuple(
                (name in lists) if name != "(other lists)" else bool(lists & set(other))
                for name in names
            )
        ] += 1
    return {
        "lists": names,
        "merged": other,
        "patterns": [{"on": list(p), "persons": n} for p, n in sorted(patterns.items())],
    }


def estimates_data(store: Store) -> dict[str, Any]:
    """The current estimate (all persons, all event types) by the default methods."""
    from ...errors import SvidokError
    from ...workflows import estimate

    try:
        report, _ = estimate(store, methods=ESTIMATE_METHODS)
    except SvidokError as exc:
        return {"available": False, "reason": str(exc)}
    data = report.as_dict()
    data["available"] = True
    return data


def _dashboard(ctx: Ctx) -> Dashboard | None:
    state = ctx.state
    return state.cache("dashboard", lambda v: dashboard_data(state.plain, v)).get(state.version())


def _estimates(state: WebState) -> dict[str, Any] | None:
    cache = state.cache("estimates", lambda v: estimates_data(state.plain))
    cache.sync_below = 0.0  # minutes on big data: always in the background
    result: dict[str, Any] | None = cache.get(state.version())
    return result


def _charts(ctx: Ctx, data: Dashboard) -> dict[str, Any]:
    """The dashboard's charts in the request's language, drawn once per data version."""
    found: dict[str, Any] = ctx.state.derived("charts", data, ctx.lang, lambda: _draw(ctx, data))
    return found


def _draw(ctx: Ctx, data: Dashboard) -> dict[str, Any]:
    names = {iso: (r.name_uk if ctx.lang == "uk" else r.name_en) for iso, r in regions().items()}
    counts = {r["region"]: r["persons"] for r in data.by_region}
    hrefs = {iso: f"/persons?counted=true&region={iso}" for iso in regions()}
    region_bars = [
        charts.Bar(names.get(r["region"], ctx.t("unknown")), r["persons"],
                   f"/persons?counted=true&region={r['region']}" if r["region"] in names else "")
        for r in data.by_region
    ]  # fmt: skip
    month_bars = [
        charts.Bar(m["period"], m["persons"], f"/persons?counted=true&period={m['period']}")
        for m in data.by_month
    ]
    ov = data.overlap
    return {
        "tile_map": charts.tile_map(counts, names, hrefs, ctx.t("Documented persons by region")),
        "region_chart": charts.bars(region_bars, ctx.t("Documented persons by region")),
        "month_chart": charts.columns(month_bars, ctx.t("Documented persons by month")),
        "upset_chart": charts.upset(
            ov["lists"],
            [(tuple(p["on"]), p["persons"]) for p in ov["patterns"]],
            ctx.t("Overlap of the lists naming each person"),
        )
        if len(ov["lists"]) >= 2
        else None,
        "region_names": names,
    }


@router.get("/", include_in_schema=False)
def dashboard_page(ctx: Annotated[Ctx, Depends(page)]) -> Response:
    data = _dashboard(ctx)
    if data is None:
        return ctx.render("preparing.html")
    types = {k: t.label.get(ctx.lang, t.label["en"]) for k, t in event_types().items()}
    return ctx.render(
        "dashboard.html",
        data=data,
        types=types,
        qualifiers=vocabulary("figure_qualifier"),
        **_charts(ctx, data),
    )


@router.get("/dashboard/estimates", include_in_schema=False)
def estimates_fragment(ctx: Annotated[Ctx, Depends(page)]) -> Response:
    return ctx.render("_estimates.html", est=_estimates(ctx.state))


@router.get("/api/v1/dashboard", response_model=Dashboard, tags=["dashboard"])
def dashboard_json(ctx: Annotated[Ctx, Depends(api)]) -> Dashboard:
    """Documented counts by region and by month, published figures beside ours, list overlap."""
    data = _dashboard(ctx)
    if data is None:  # the first build runs in the background on a big database
        return Dashboard(
            linked=False, totals={}, by_region=[], by_month=[], less_precise=[], figures=[],
            overlap={},
        )  # fmt: skip
    return data


@router.get("/api/v1/estimates", tags=["dashboard"])
def estimates_json(ctx: Annotated[Ctx, Depends(api)]) -> dict[str, Any]:
    """The current estimates with intervals and methods (``{"state": "computing"}`` while
    they are being computed in the background: ask again)."""
    est = _estimates(ctx.state)
    return {"state": "computing"} if est is None else {"state": "ready", **est}
