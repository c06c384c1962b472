"""The ``svidok`` command: sub-commands that build objects and call one workflow each."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich import box
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import SvidokError
from .settings import Settings, load_settings

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Settings resolved once per invocation, and the console to print on."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.out = Console(highlight=False, soft_wrap=True)
        if not self.out.is_terminal:  # piped or logged: do not squeeze tables into 80 columns
            self.out = Console(highlight=False, soft_wrap=True, width=160)

    def store(self, *, migrate: bool = False) -> Any:
        from .store import open_store

        return open_store(self.settings.database_url, migrate=migrate)


pass_context = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="svidok")
@click.option("--data-dir", envvar="SVIDOK_DATA_DIR", help="Folder for the embedded database.")
@click.option("--database-url", envvar="SVIDOK_DATABASE_URL", help="SQLAlchemy database URL.")
@click.option("--actor", envvar="SVIDOK_ACTOR", help="Name recorded in the audit trail.")
@click.pass_context
def cli(
    ctx: click.Context, data_dir: str | None, database_url: str | None, actor: str | None
) -> None:
    """Svidok: document forced conscription in occupied territories."""
    ctx.obj = Context(load_settings(data_dir=data_dir, database_url=database_url, actor=actor))


@cli.command()
@pass_context
def init(ctx: Context) -> None:
    """Create the database (or upgrade its schema)."""
    with ctx.store(migrate=True) as store:
        ctx.out.print(f"Svidok database ready: {_safe_url(ctx.settings.database_url)}")
        ctx.out.print(
            f"{sum(store.count(k) for k in _kinds())} records; audit head #{store.audit_head().seq}"
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
    from .progress import progress
    from .workflows import DemoAlreadyLoaded, load_demo

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
    help="Comma-separated cells: type, group, region, period.",
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
    from .model import event_types, regions
    from .workflows import published_figures
    from .workflows import stats as compute

    cells = tuple(part.strip() for part in by.split(",") if part.strip())
    bad = [c for c in cells if c not in ("type", "group", "region", "period")]
    if bad or not cells:
        raise click.BadParameter(
            f"unknown cells {bad}; use type, group, region, period", param_hint="--by"
        )
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
            }
            for r in rows
        ]
        semantics = _SEMANTICS_LINKED.format(run=linked_run) if linked_run else _SEMANTICS
        click.echo(
            json.dumps(
                {"cells": payload, "semantics": semantics, "linkage_run": linked_run},
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
            elif cell == "region" and value in region_names:
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
    "sources count once). Dates and places coarser than the cell are shown in their own rows."
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


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Mapping (YAML) for a CSV or XLSX file; `svidok mapping propose FILE` drafts one.",
)
@click.option("--chat", help="For a full-account Telegram export: the chat to import (name or id).")
@click.option(
    "--accept-partial", is_flag=True, help="Commit the valid rows even when some rows are rejected."
)
@click.option("--quiet", is_flag=True, help="No progress output.")
@pass_context
def import_command(
    ctx: Context,
    file: Path,
    mapping_path: Path | None,
    chat: str | None,
    accept_partial: bool,
    quiet: bool,
) -> None:
    """Import a spreadsheet (with --mapping) or a Telegram export (result.json or its folder).

    The whole file is one transaction: rejected rows are listed in a rejects file and, unless
    --accept-partial is given, nothing is written. Importing the same file again adds nothing;
    a corrected file updates what changed.
    """
    from .progress import progress
    from .workflows import import_spreadsheet, import_telegram

    rejects_dir = ctx.settings.data_dir / "rejects"
    with ctx.store() as store, progress(f"Importing {file.name}", unit="rows", quiet=quiet) as bar:
        if mapping_path is not None:
            summary = import_spreadsheet(
                store,
                file,
                mapping_path,
                actor=ctx.settings.actor,
                accept_partial=accept_partial,
                rejects_dir=rejects_dir,
                progress=bar,
            )
        elif file.is_dir() or file.suffix.lower() == ".json":
            summary = import_telegram(
                store,
                file,
                chat=chat,
                actor=ctx.settings.actor,
                salt=ctx.settings.salt(),
                evidence_dir=ctx.settings.evidence_dir,
                accept_partial=accept_partial,
                rejects_dir=rejects_dir,
                progress=bar,
            )
        else:
            raise click.UsageError(
                f"{file.name}: give --mapping MAP.yaml for a spreadsheet "
                f"(`svidok mapping propose {file}` writes a draft to edit)"
            )
    _print_import(ctx, file, summary)
    if not summary.committed:
        sys.exit(1)


def _print_import(ctx: Context, file: Path, summary: Any) -> None:
    r = summary.report
    details = ", ".join(f"{k} {v}" for k, v in r.details.items())
    ctx.out.print(f"{file.name} → dataset {r.dataset!r} (sha256 {r.file_digest[:12]}…; {details})")
    ctx.out.print(
        f"  {r.unit}: {summary.added} added, {summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.rejected} rejected"
    )
    s = summary.store
    if summary.committed:
        audit = f" (audit #{s.first_seq}-#{s.last_seq})" if s.first_seq else ""
        ctx.out.print(
            f"  records: {s.created} created, {s.updated} updated, {s.deleted} deleted{audit}"
        )
    if summary.attachments:
        ctx.out.print(f"  files preserved: {summary.attachments}")
    for label, counter in (("dropped for privacy", r.dropped), ("skipped", r.skipped)):
        if counter:
            ctx.out.print(
                f"  {label}: " + ", ".join(f"{k} ({v})" for k, v in counter.most_common())
            )
    if r.warnings:
        ctx.out.print("  imported with warnings:")
        for message, n in r.warnings.most_common(10):
            ctx.out.print(f"    {message} ({n} rows)")
        if len(r.warnings) > 10:
            ctx.out.print(f"    ... and {len(r.warnings) - 10} more")
    for note in r.notes[:10]:
        ctx.out.print(f"  note: {note}")
    if summary.rejects:
        for reject in summary.rejects[:10]:
            click.echo(f"  rejected: {reject}", err=True)
        if len(summary.rejects) > 10:
            click.echo(f"  ... {len(summary.rejects) - 10} more", err=True)
        if summary.rejects_file:
            click.echo(f"  all rejects: {summary.rejects_file}", err=True)
    if not summary.committed:
        valid = summary.added + summary.updated
        click.echo(
            f"Nothing was imported: {summary.rejected} {r.unit} were rejected. Fix them, or run "
            f"again with --accept-partial to import the {valid} valid {r.unit}.",
            err=True,
        )
    elif summary.added + summary.updated == 0 and not summary.rejected:
        ctx.out.print(f"Nothing new: all {r.unit} are already imported and unchanged.")


@cli.group()
def mapping() -> None:
    """Mappings that say how a spreadsheet's columns become records."""


@mapping.command("propose")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the proposal here instead of printing it.",
)
@click.option("--dataset", help="Name of the dataset (default: from the file name).")
def mapping_propose(file: Path, output: Path | None, dataset: str | None) -> None:
    """Propose a mapping from FILE's header and first rows, to edit before importing."""
    from .ingest.propose import propose_mapping

    text = propose_mapping(file, dataset=dataset)
    if output is None:
        click.echo(text, nl=False)
    else:
        if output.exists():
            raise click.UsageError(f"{output} exists: not overwriting it")
        output.write_text(text, encoding="utf-8")
        click.echo(
            f"Proposed mapping written to {output}: check it, then run "
            f"svidok import {file} --mapping {output}"
        )


@cli.group()
def names() -> None:
    """Names across scripts: parts, nominatives, transliterations, keys; search."""


@names.command("explain")
@click.argument("name")
@click.option(
    "--order",
    type=click.Choice(["auto", "surname_first", "given_first"]),
    default="auto",
    show_default=True,
    help="How the name is written, if known.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def names_explain(name: str, order: str, as_json: bool) -> None:
    """Show how Svidok reads NAME: parts, nominatives, Latin variants and linkage keys."""
    from .names import analyze

    data = analyze(name, order).to_json()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    out = Console(highlight=False)
    parts = data["parts"]
    out.print(f"[bold]{name}[/bold]  (order: {data['order']})")
    for slot in ("surname", "given", "patronymic"):
        if parts[slot]:
            lemmas = ", ".join(data["lemmas"].get(slot, []))
            out.print(f"  {slot:<10} {parts[slot]:<20} nominative: {lemmas}")
    if parts["initials"]:
        out.print(f"  initials   {' '.join(parts['initials'])}")
    out.print("  scripts    " + ", ".join(f"{t['text']}: {t['script']}" for t in data["tokens"]))
    for slot, forms in data["variants"].items():
        out.print(
            f"  {slot} in Latin: {', '.join(forms[:16])}" + (" ..." if len(forms) > 16 else "")
        )
    keys = data["keys"]
    out.print(f"  canonical  {keys['canonical']}")
    for key in ("surname", "surname_skeleton", "surname_phonetic", "given", "patronymic"):
        out.print(f"  {key:<17} {', '.join(keys[key])}")


@names.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@pass_context
def names_search(ctx: Context, query: str, limit: int) -> None:
    """Find person records whose name can be QUERY's, in any script."""
    from .names import NameIndex

    index = NameIndex()
    with ctx.store() as store:
        for person in store.scan("person"):
            name = person.get("name")
            if name is not None:
                index.add(person.id, name.full)
    matches = index.search(query, limit=limit)
    if not matches:
        click.echo(f"No names fit {query!r} among {len(index)} named person records.")
        return
    table = Table(box=box.SIMPLE)
    for column in ("Person", "Name as written", "Fit", "Why"):
        table.add_column(column)
    for m in matches:
        table.add_row(m.id, m.name, f"{m.score:.2f}", m.comparison.reason)
    ctx.out.print(table)


@cli.command("link")
@click.option(
    "--backend",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="Where Splink computes: DuckDB (embedded) or Spark (local, or a cluster by URL).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.5, 1.0),
    default=0.9,
    show_default=True,
    help="Match probability at which two records are merged into one person.",
)
@click.option("--retrain", is_flag=True, help="Train a new model instead of reusing the last one.")
@click.option(
    "--incremental",
    is_flag=True,
    help="Score only pairs involving records added since the last run (same model).",
)
@pass_context
def link_command(
    ctx: Context, backend: str, threshold: float, retrain: bool, incremental: bool
) -> None:
    """Link person records across sources into resolved persons (Splink; judgements honoured)."""
    from .linkage.run import LinkOptions, link

    options = LinkOptions(
        backend=backend, threshold=threshold, retrain=retrain, incremental=incremental
    )
    with ctx.store() as store:
        result = link(
            store,
            actor=ctx.settings.actor,
            options=options,
            progress=lambda message: click.echo(f"  {message}", err=True),
        )
    c = result.clustering
    ctx.out.print(
        f"Linkage run {result.run.id} ({backend}): {result.records:,} person records → "
        f"{result.persons:,} resolved persons; {result.pairs:,} scored pairs kept, "
        f"{c.merged_pairs:,} merges at p ≥ {threshold}"
        + (
            f", {c.refused_pairs} merges refused by 'different' judgements"
            if c.refused_pairs
            else ""
        )
        + (
            f"; model reused, {result.carried_pairs:,} pairs carried over"
            if result.reused_model
            else "; model trained"
        )
        + f"; {result.timings.get('total', 0):.1f} s."
    )
    if c.conflicts:
        ctx.out.print(
            f"  {len(c.conflicts)} 'same' judgements conflict with 'different' ones and were not applied:"
        )
        for a, b in c.conflicts[:10]:
            ctx.out.print(f"    {a} = {b}")


@cli.command("review")
@click.option("--limit", default=20, show_default=True, help="Pairs to show in this session.")
@click.option("--list", "list_only", is_flag=True, help="List the queue without asking.")
@pass_context
def review_command(ctx: Context, limit: int, list_only: bool) -> None:
    """Review uncertain pairs: same / different / unsure. Decisions are kept as judgements and
    honoured by every later linkage run; `svidok link --incremental` applies them now."""
    from .linkage.review import judge, pair_view
    from .linkage.run import review_queue

    with ctx.store() as store:
        queue = review_queue(store)
        run = store.linkage_runs()[-1]
        if not queue:
            ctx.out.print("Nothing to review: no unjudged pairs in the uncertain band.")
            return
        ctx.out.print(
            f"{len(queue)} pairs to review (run {run.id}); showing {min(limit, len(queue))}."
        )
        decided = 0
        for n, pair in enumerate(queue[:limit], start=1):
            view = pair_view(store, pair)
            table = Table(
                title=f"Pair {n}: match probability {pair.probability:.2f}", box=box.SIMPLE
            )
            table.add_column("")
            table.add_column(view.left["id"])
            table.add_column(view.right["id"])
            for key in ("name", "sex", "birth", "origin", "status", "events", "sources"):
                table.add_row(key, view.left[key], view.right[key])
            ctx.out.print(table)
            for comparison, info in sorted(view.contributions.items()):
                ctx.out.print(f"    {comparison:<11} {info['level']:<40} {info['weight']:+.1f}")
            if list_only:
                continue
            answer = click.prompt(
                "  [s]ame, [d]ifferent, [u]nsure, [k] skip, [q]uit",
                type=click.Choice(["s", "d", "u", "k", "q"]),
                show_choices=False,
            )
            if answer == "q":
                break
            if answer == "k":
                continue
            reason = click.prompt("  reason (optional)", default="", show_default=False)
            decision = {"s": "same", "d": "different", "u": "unsure"}[answer]
            judge(store, pair, decision, actor=ctx.settings.actor, reason=reason, run=run.id)
            decided += 1
        if decided:
            ctx.out.print(
                f"{decided} judgements recorded. Run `svidok link --incremental` to apply them."
            )


@cli.group()
def audit() -> None:
    """The tamper-evident audit trail."""


@audit.command("verify")
@click.option("--no-records", is_flag=True, help="Check only the hash chain, not each record.")
@pass_context
def audit_verify(ctx: Context, no_records: bool) -> None:
    """Check the hash chain and that each record matches its last audit entry."""
    from .progress import progress

    with ctx.store() as store:
        total = store.audit_head().seq
        if not no_records:
            total += sum(store.count(kind) for kind in _kinds())
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


def _kinds() -> list[str]:
    from .model import record_types

    return list(record_types())


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn Svidok errors into a message and exit status 1."""
    try:
        cli.main(args=argv, prog_name="svidok", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SvidokError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
