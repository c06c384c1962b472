"""Linking person records and reviewing uncertain pairs."""

from __future__ import annotations

import click
from rich import box
from rich.table import Table

from ._base import Context, cli, pass_context

__all__: list[str] = []


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
    default=0.8,
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
    from ..linkage.run import LinkOptions, link

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
            f", {c.contradicted_pairs} merges refused as contradictory (sex, birth, given or "
            "father's name, place of origin)"
            if c.contradicted_pairs
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
    from ..linkage.review import judge, pair_view
    from ..linkage.run import review_queue

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
