"""Set-up, the demo scenario, counts and the audit trail."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.table import Table

from ._base import Context, cli, kinds, pass_context, safe_url

__all__: list[str] = []


@cli.command()
@click.option(
    "--encrypt", is_flag=True, help="Refuse unless a key is configured (see docs/security.md)."
)
@pass_context
def init(ctx: Context, encrypt: bool) -> None:
    """Create the database (or upgrade its schema); encrypted when a key is configured."""
    if encrypt and ctx.settings.key_source() is None:
        raise click.UsageError(
            "--encrypt needs a key: set SVIDOK_KEY_FILE or SVIDOK_PASSPHRASE_FILE"
        )
    with ctx.store(migrate=True) as store:
        ctx.out.print(f"Svidok database ready: {safe_url(ctx.settings.database_url)}")
        ctx.out.print(
            f"{sum(store.count(k) for k in kinds())} records; audit head #{store.audit_head().seq}"
        )


@cli.command()
@click.option(
    "--seed", default=7, show_default=True, help="Random seed: the same seed gives the same data."
)
@click.option("--persons", default=400, show_default=True, help="Number of fictional true persons.")
@click.option(
    "--truth",
    "truth_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the ground truth CSV [default: <data-dir>/demo-truth-<seed>.csv].",
)
@click.option("--quiet", is_flag=True, help="No progress output.")
@pass_context
def demo(ctx: Context, seed: int, persons: int, truth_path: Path | None, quiet: bool) -> None:
    """Load a fictional demo scenario with known ground truth (every person is marked fictional)."""
    from ..progress import progress
    from ..workflows import DemoAlreadyLoaded, load_demo

    if persons < 1:
        raise click.BadParameter("must be at least 1", param_hint="--persons")
    truth_path = truth_path or ctx.settings.data_dir / f"demo-truth-{seed}.csv"
    with (
        ctx.store(migrate=True) as store,
        progress("Loading demo", unit="records", quiet=quiet) as bar,
    ):
        try:
            result = load_demo(
                store,
                seed=seed,
                persons=persons,
                actor=ctx.settings.actor,
                truth_file=truth_path,
                progress=bar,
            )
        except DemoAlreadyLoaded as exc:
            ctx.out.print(f"Nothing to do: {exc}.")
            return
    s = result.summary
    ctx.out.print(
        f"Demo scenario (seed {seed}, FICTIONAL): {result.population} true persons, "
        f"{result.documented} of them named by at least one source, appearing as "
        f"{result.person_records} person records; {s.created} records written "
        f"(audit entries #{s.first_seq}-#{s.last_seq})."
    )
    if result.truth_file:
        ctx.out.print(f"Ground truth: {result.truth_file}")


@cli.command()
@click.option(
    "--by",
    default="type,region,period",
    show_default=True,
    help="Comma-separated cells: type, group, region (where the event happened), period, "
    "origin (the region the person comes from).",
)
@click.option(
    "--period",
    "granularity",
    type=click.Choice(["year", "quarter", "month"]),
    default="year",
    show_default=True,
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--unlinked", is_flag=True, help="Ignore linkage: bounds from single sources only.")
@pass_context
def stats(ctx: Context, by: str, granularity: str, fmt: str, unlinked: bool) -> None:
    """Documented counts by event type, region and period ("at least" N persons)."""
    from ..model import event_types, regions
    from ..report.stats import CELLS
    from ..workflows import published_figures
    from ..workflows import stats as compute

    cells = tuple(part.strip() for part in by.split(",") if part.strip())
    bad = [c for c in cells if c not in CELLS]
    if bad or not cells:
        raise click.BadParameter(f"unknown cells {bad}; use {', '.join(CELLS)}", param_hint="--by")
    with ctx.store() as store:
        rows = compute(store, by=cells, granularity=granularity, linked=not unlinked)  # type: ignore[arg-type]
        linked_run = None if unlinked or not store.linkage_runs() else store.linkage_runs()[-1].id
        figures = published_figures(store)
        titles = {s.id: s["title"] for s in store.scan("source")}
    if fmt == "json":
        payload = [
            {
                **dict(zip(cells, r.key, strict=True)),
                "persons_at_least": r.persons_at_least,
                "basis": r.basis,
                "basis_title": titles.get(r.basis, r.basis),
                "event_records": r.event_records,
                "sources": r.sources,
                "event_ids": r.event_ids,
                "person_ids": r.person_ids,  # person records; with linkage, resolved by the run
                "resolved_person_ids": r.resolved_ids,  # with linkage: the persons counted
                "source_ids": r.source_ids,
            }
            for r in rows
        ]
        published = [
            {
                "id": figure.id,
                "figure": _describe_figure(figure, source),
                "source_id": figure["source"],
                **{k: v for k, v in figure.dump(identifying=False).items() if k != "source"},
            }
            for figure, source in figures
        ]
        semantics = _SEMANTICS_LINKED.format(run=linked_run) if linked_run else _SEMANTICS
        click.echo(
            json.dumps(
                {
                    "cells": payload,
                    "semantics": semantics,
                    "linkage_run": linked_run,
                    "published_figures": published,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow([*cells, "persons_at_least", "basis", "event_records", "sources"])
        for r in rows:
            writer.writerow([*r.key, r.persons_at_least, r.basis, r.event_records, r.sources])
        return
    names = {t.id: t.label["en"] for t in event_types().values()}
    region_names = {r.iso: r.name_en.removesuffix(" oblast") for r in regions().values()}
    table = Table(title="Documented persons (at least), by " + ", ".join(cells), box=box.SIMPLE)
    for cell in cells:
        table.add_column(cell.capitalize(), no_wrap=True)
    table.add_column("At least", justify="right")
    table.add_column("Event records", justify="right")
    table.add_column("Sources", justify="right")
    table.add_column("Bound from", no_wrap=True)
    used: dict[str, str] = {}
    for r in rows:
        shown = []
        for cell, value in zip(cells, r.key, strict=True):
            if cell == "type":
                value = names.get(value, value)
            elif cell in ("region", "origin") and value in region_names:
                value = f"{value} {region_names[value]}"
            shown.append(value)
        used[r.basis] = titles.get(r.basis, r.basis)
        table.add_row(
            *shown, str(r.persons_at_least), str(r.event_records), str(r.sources), r.basis
        )
    ctx.out.print(table)
    ctx.out.print("Sources the bounds come from:")
    for source_id, title in sorted(used.items()):
        ctx.out.print(f"  {source_id}  {title}")
    ctx.out.print(_SEMANTICS_LINKED.format(run=linked_run) if linked_run else _SEMANTICS)
    if figures:
        ctx.out.print("\nPublished figures (as published, side by side, never merged):")
        for figure, source in figures:
            ctx.out.print("  " + _describe_figure(figure, source))


_SEMANTICS_LINKED = (
    "At least: distinct resolved persons (linkage run {run}: records of one person across "
    "sources count once). Dates and places coarser than the cell are shown in their own rows; "
    "a person whose records tell of one event with different precision (one source names the "
    "region, another not) is counted in each such row, so rows may add up to more than the "
    "persons (`svidok estimate` counts each person once)."
)
_SEMANTICS = (
    "At least: the most distinct persons any one source lists for the cell (sources may overlap "
    "until linkage has run). Dates and places coarser than the cell are shown in their own rows."
)


def _describe_figure(figure: Any, source: Any) -> str:
    q = figure["qualifier"].replace("_", " ")
    value = (
        f"{figure['value']}–{figure['value_high']}"
        if figure.get("value_high")
        else str(figure["value"])
    )
    bits = [f"{q} {value} {figure['unit']}: {figure['population']}"]
    if figure.get("regions"):
        bits.append("regions " + ", ".join(figure["regions"]))
    if figure.get("period"):
        bits.append(f"period {figure['period']}")
    if figure.get("as_of"):
        bits.append(f"as of {figure['as_of']}")
    bits.append(f"source: {source['title'] if source else figure['source']}")
    return "; ".join(bits)


@cli.group()
def audit() -> None:
    """The tamper-evident audit trail."""


@audit.command("verify")
@click.option("--no-records", is_flag=True, help="Check only the hash chain, not each record.")
@pass_context
def audit_verify(ctx: Context, no_records: bool) -> None:
    """Check the hash chain and that each record matches its last audit entry."""
    from ..progress import progress

    with ctx.store() as store:
        total = store.audit_head().seq
        if not no_records:
            total += sum(store.count(kind) for kind in kinds())
        with progress("Verifying", total, unit="entries") as bar:
            report = store.verify_audit(records=not no_records, progress=bar)
    if report.ok:
        extra = f", {report.records_checked} records match" if not no_records else ""
        ctx.out.print(f"Audit trail intact: {report.checked} entries{extra}.")
        return
    for problem in report.problems:
        click.echo(f"BROKEN: {problem}", err=True)
    sys.exit(1)


@audit.command("head")
@pass_context
def audit_head(ctx: Context) -> None:
    """Print the last entry's number and hash: keep it elsewhere to detect truncation later."""
    with ctx.store() as store:
        head = store.audit_head()
    click.echo(f"{head.seq} {head.hash}")
