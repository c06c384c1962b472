"""Documented counts and estimates of the total: ``svidok estimate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.table import Table
from rich.text import Text

from ._base import Context, cli, pass_context

__all__: list[str] = []


def _merges(values: tuple[str, ...]) -> dict[str, list[str]]:
    merges: dict[str, list[str]] = {}
    for value in values:
        name, sep, members = value.partition("=")
        parts = [m.strip() for m in members.split(",") if m.strip()]
        if not sep or not name.strip() or len(parts) < 1:
            raise click.BadParameter(
                f"{value!r}: write NAME=LIST,LIST (e.g. 'NGOs=List A,List B')", param_hint="--merge"
            )
        merges[name.strip()] = parts
    return merges


@cli.command("estimate")
@click.option(
    "--by",
    default="",
    help="Strata: comma-separated among region, period, type, group, origin (the region the "
    "person comes from; default: one stratum).",
)
@click.option(
    "--period",
    "granularity",
    type=click.Choice(["year", "quarter", "month"]),
    default="year",
    show_default=True,
)
@click.option("--type", "types", help="Only victims of these event types (comma-separated).")
@click.option(
    "--lists",
    "list_by",
    type=click.Choice(["source", "kind", "publisher"]),
    default="source",
    show_default=True,
    help="What forms a list: each root source, each source kind, or each publisher.",
)
@click.option("--merge", multiple=True, help="Merge lists: NAME=LIST,LIST (repeatable).")
@click.option(
    "--max-lists",
    default=5,
    show_default=True,
    help="Merge the smallest lists into '(other lists)' beyond this many.",
)
@click.option(
    "--methods",
    default="independence,stepwise,dga,lcmcr",
    show_default=True,
    help="Among independence, stepwise, bootstrap, closedp, dga, latentclass, lcmcr.",
)
@click.option(
    "--table",
    "table_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Estimate from a capture-history CSV instead of the store (see docs/estimation.md).",
)
@click.option("--seed", default=1, show_default=True, help="Seed for sampling methods.")
@click.option("--json", "as_json", is_flag=True, help="Print every result as JSON.")
@pass_context
def estimate_command(
    ctx: Context,
    by: str,
    granularity: str,
    types: str | None,
    list_by: str,
    merge: tuple[str, ...],
    max_lists: int,
    methods: str,
    table_file: Path | None,
    seed: int,
    as_json: bool,
) -> None:
    """Documented counts and multiple-systems estimates of the total, per stratum."""
    from ..estimate.report import estimate_strata
    from ..report.stats import CELLS

    method_list = tuple(m.strip() for m in methods.split(",") if m.strip())
    strata_by = tuple(b.strip() for b in by.split(",") if b.strip())
    bad = [b for b in strata_by if b not in CELLS]
    if bad:
        raise click.BadParameter(f"unknown strata {bad}", param_hint="--by")
    context: dict[str, Any] = {}
    if table_file is not None:
        from ..estimate.csvtable import read_capture_file

        notes: list[str] = []
        tables = read_capture_file(table_file, notes)
        if merge:
            from ..estimate.histories import merge_table

            merges = _merges(merge)
            tables = {k: merge_table(t, merges) for k, t in tables.items()}
            notes.extend(f"lists {', '.join(m)} merged into {n!r}" for n, m in merges.items())
        ignored = [
            name
            for name, given in (("--by", by), ("--type", types), ("--lists", list_by != "source"))
            if given
        ]
        if ignored:
            raise click.UsageError(
                f"{', '.join(ignored)} apply to the database, not to --table (a table's strata "
                "are its other columns)"
            )
        report = estimate_strata(tables, methods=method_list, seed=seed, max_lists=max_lists)
        context = {"input": str(table_file), "linked": None, "table_notes": notes}
        if not as_json:
            for note in notes:
                click.echo(f"note: {note}", err=True)
    else:
        from ..workflows import estimate

        with ctx.store() as store:
            report, captures = estimate(
                store,
                by=strata_by,
                granularity=granularity,  # type: ignore[arg-type]
                types=tuple(t.strip() for t in types.split(",")) if types else None,
                list_by=list_by,  # type: ignore[arg-type]
                merges=_merges(merge),
                methods=method_list,
                seed=seed,
                max_lists=max_lists,
            )
            linked = bool(store.linkage_runs())
        context = {
            "input": "store",
            "linked": linked,
            "unsourced_persons": captures.unsourced,
            "list_sources": {k: sorted(v) for k, v in captures.lists.items()},
        }
    if as_json:
        from ..estimate.report import json_ready

        data = json_ready({**context, **report.as_dict()})
        click.echo(json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False))
        return
    _print(ctx, report, context)


def _print(ctx: Context, report: Any, context: dict[str, Any]) -> None:
    from ..estimate.communicate import comparison_rows, describe

    if context.get("linked") is False:
        ctx.out.print(
            "No linkage run: each person record counts as a person, so documented "
            "counts and estimates are overstated. Run `svidok link` first.",
            style="yellow",
        )
    if report.merged:
        for name, members in report.merged.items():
            ctx.out.print(f"Lists merged into {name!r}: {', '.join(members)}")
    short = {name: f"L{i}" for i, name in enumerate(report.lists, start=1)}
    for name, key in short.items():
        ctx.out.print(f"{key} = {name}")
    for s in report.strata:
        label = " / ".join(s.stratum) or "all"
        ctx.out.print(
            Text.assemble(
                "\n",
                (label, "bold"),
                f": at least {s.table.n:,} documented person{'' if s.table.n == 1 else 's'}",
            )
        )
        o = s.overlap
        ctx.out.print(
            "  list sizes (only on that list): "
            + "; ".join(f"{short[n]} {o.sizes[n]:,} ({o.only_on[n]:,})" for n in o.lists)
        )
        ctx.out.print(
            "  on both lists: "
            + "; ".join(f"{short[a]}&{short[b]} {n:,}" for (a, b), n in o.pairwise.items())
            + (f"; pairs sharing nobody: {len(o.empty_pairs)}" if o.empty_pairs else "")
            + f"; capture patterns with < 5 persons: {o.sparse_cells} of {o.cells}"
        )
        table = Table(box=box.SIMPLE, show_edge=False)
        for column in ("method", "estimate", "95% interval"):
            table.add_column(column, no_wrap=True)
        table.add_column("note", overflow="fold", ratio=1)  # reasons in full, wrapped
        for row in comparison_rows(s.results):
            interval = "" if row["estimate"] is None else f"{row['lower']:,}–{row['upper']:,}"
            estimate = "—" if row["estimate"] is None else f"{row['estimate']:,}"
            table.add_row(row["method"], estimate, interval, row["note"])
        ctx.out.print(table)
        if s.recommended is not None:
            ctx.out.print("  " + describe(s.recommended, label))
        ctx.out.print(f"  Recommended: {s.why}.")
    total = report.recommended_total
    if len(report.strata) > 1 and total is not None:
        ctx.out.print("\nTotal over strata", style="bold")
        ctx.out.print("  " + describe(total))
