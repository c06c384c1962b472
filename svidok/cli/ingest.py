"""Importing files and proposing mappings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ._base import Context, cli, pass_context

__all__: list[str] = []


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
@click.option(
    "--all-warnings", is_flag=True, help="List every warning and note (the summary shows ten)."
)
@pass_context
def import_command(
    ctx: Context,
    file: Path,
    mapping_path: Path | None,
    chat: str | None,
    accept_partial: bool,
    quiet: bool,
    all_warnings: bool,
) -> None:
    """Import a spreadsheet (with --mapping) or a Telegram export (result.json or its folder).

    The whole file is one transaction: rejected rows are listed in a rejects file and, unless
    --accept-partial is given, nothing is written. Importing the same file again adds nothing;
    a corrected file updates what changed.
    """
    from ..progress import progress
    from ..workflows import import_spreadsheet, import_telegram

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
                salt=ctx.settings.salt(),
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
        elif file.suffix.lower() in (".html", ".htm"):
            raise click.UsageError(
                f"{file.name}: a Telegram HTML export cannot be imported; export the chat "
                "again with 'Format: Machine-readable JSON' and import its result.json"
            )
        else:
            raise click.UsageError(
                f"{file.name}: give --mapping MAP.yaml for a spreadsheet "
                f"(`svidok mapping propose {file}` writes a draft to edit)"
            )
    _print_import(ctx, file, summary, shown=None if all_warnings else 10)
    if not summary.committed:
        sys.exit(1)


def _print_import(ctx: Context, file: Path, summary: Any, shown: int | None = 10) -> None:
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
    if summary.attachments and summary.committed:
        ctx.out.print(f"  files preserved: {summary.attachments}")
    elif summary.new_files:
        ctx.out.print(
            f"  files: {len(summary.new_files)} copied and removed again (nothing was committed)"
        )
    for label, counter in (("dropped for privacy", r.dropped), ("skipped", r.skipped)):
        if counter:
            ctx.out.print(
                f"  {label}: " + ", ".join(f"{k} ({v})" for k, v in counter.most_common())
            )
    if r.warnings:
        ctx.out.print("  imported with warnings:")
        for message, n in r.warnings.most_common(shown):
            ctx.out.print(f"    {message} ({n} {r.unit})")
        if shown is not None and len(r.warnings) > shown:
            ctx.out.print(f"    ... and {len(r.warnings) - shown} more (--all-warnings lists them)")
    for note in r.notes[:shown]:
        ctx.out.print(f"  note: {note}")
    if shown is not None and len(r.notes) > shown:
        ctx.out.print(f"  ... and {len(r.notes) - shown} more notes (--all-warnings lists them)")
    if summary.rejects:
        for reject in summary.rejects[:10]:
            click.echo(f"  rejected: {reject}", err=True)
        if len(summary.rejects) > 10:
            click.echo(f"  ... {len(summary.rejects) - 10} more", err=True)
        if summary.rejects_file:
            click.echo(f"  all rejects: {summary.rejects_file}", err=True)
    if summary.items == 0:
        click.echo(
            f"Nothing imported: the file has no {r.unit} with data"
            + (
                f" (sheet {r.details['sheet']!r}: is the list on another sheet?)"
                if r.details.get("sheet")
                else ""
            )
            + ".",
            err=True,
        )
    elif not summary.committed:
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
    from ..ingest.propose import propose_mapping

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
