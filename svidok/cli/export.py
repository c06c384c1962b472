"""``svidok export``: a public export of aggregate counts, protected against disclosure."""

from __future__ import annotations

from pathlib import Path

import click

from ._base import Context, cli, pass_context

__all__: list[str] = []


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "html"]),
    default="csv",
    show_default=True,
)
@click.option(
    "--by",
    default="region,period",
    show_default=True,
    help="Comma-separated dimensions: region, period, type, age (minor or not).",
)
@click.option(
    "--place-level",
    type=click.Choice(["settlement", "raion", "oblast"]),
    default="oblast",
    show_default=True,
    help="Finest place level wanted (coarsened automatically when cells are small).",
)
@click.option(
    "--period",
    "period_level",
    type=click.Choice(["day", "month", "quarter", "year"]),
    default="quarter",
    show_default=True,
    help="Finest period wanted (coarsened automatically when cells are small).",
)
@click.option(
    "--min-cell",
    type=int,
    default=None,
    help="Smallest count published [default: the export_min_cell setting, 5].",
)
@click.option("--unlinked", is_flag=True, help="Ignore linkage: counts from single sources only.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write.",
)
@pass_context
def export(
    ctx: Context,
    fmt: str,
    by: str,
    place_level: str,
    period_level: str,
    min_cell: int | None,
    unlinked: bool,
    output: Path,
) -> None:
    """Write a public export: counts of persons only, small cells suppressed so that nobody can
    be singled out (checked before anything is written)."""
    from ..errors import SvidokError
    from ..report.export import build_export, render

    minimum = min_cell
    if minimum is None:
        try:
            minimum = int(ctx.settings["export_min_cell"])
        except ValueError:
            raise SvidokError(
                f"setting export_min_cell: {ctx.settings['export_min_cell']!r} is not a number"
            ) from None
    if minimum < 3:
        raise click.BadParameter("must be at least 3", param_hint="--min-cell")
    dims = tuple(part.strip() for part in by.split(",") if part.strip())
    with ctx.store() as store:
        identities = None
        runs = [] if unlinked else store.linkage_runs()
        if runs:
            identities = dict(store.linkage_clusters(runs[-1].id))
        result = build_export(
            store.scan("event"),
            store.scan("involvement"),
            store.scan("claim"),
            store.scan("source"),
            store.scan("person"),
            by=dims,
            place_level=place_level,
            period_level=period_level,
            min_cell=minimum,
            identities=identities,
        )
    text = render(result, fmt)  # type: ignore[arg-type]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    suppressed = len(result.protected.suppressed)
    ctx.out.print(f"Wrote {output} ({fmt}): {suppressed} cells suppressed, minimum cell {minimum}.")
    for note in result.protected.notes:
        ctx.out.print(f"  {note}")
