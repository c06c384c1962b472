"""Evidence originals: verify them all, make working copies, show their custody."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._base import Context, cli, pass_context

__all__: list[str] = []


@cli.group()
def evidence() -> None:
    """Preserved originals: content-addressed, write-once, encrypted with the database."""


@evidence.command("verify")
@pass_context
def evidence_verify(ctx: Context) -> None:
    """Re-hash every original, check that each file the database names is there, and check
    the custody log; name every problem (exit status 1)."""
    from ..protect.session import evidence_files

    with ctx.store() as store:
        files = evidence_files(store, ctx.settings.evidence_dir, ctx.settings.actor)
        expected = [v["sha256"] for v in store.scan("evidence")]
        report = files.verify_all(expected)
    for sha256 in report.unreferenced:
        click.echo(f"note: stored file {sha256} is named by no evidence record", err=True)
    if report.ok:
        ctx.out.print(
            f"Evidence intact: {report.files} files, {report.custody_entries} custody entries"
            + (f", {len(report.unreferenced)} named by no record." if report.unreferenced else ".")
        )
        return
    for problem in report.problems:
        click.echo(f"BROKEN: {problem}", err=True)
    sys.exit(1)


@evidence.command("copy")
@click.argument("sha256")
@click.option(
    "--to",
    "folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the working copy.",
)
@pass_context
def evidence_copy(ctx: Context, sha256: str, folder: Path) -> None:
    """A working copy of an original image, with EXIF/GPS and other metadata stripped."""
    from ..protect.session import evidence_files, principal_of

    with ctx.store() as store:
        principal = principal_of(store)
        if principal is not None:
            principal.require("evidence_copy", "make working copies of evidence")
        files = evidence_files(store, ctx.settings.evidence_dir, ctx.settings.actor)
        target = files.working_copy(sha256, folder)
    ctx.out.print(f"Working copy (metadata stripped): {target}")


@evidence.command("add")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--source", "source_id", required=True, help="The source record it belongs to.")
@click.option("--media-type", help="MIME type, e.g. image/jpeg.")
@pass_context
def evidence_add(ctx: Context, file: Path, source_id: str, media_type: str | None) -> None:
    """Preserve an original file and record it as evidence of a source."""
    from ..model import make
    from ..protect.session import evidence_files, principal_of

    with ctx.store() as store:
        principal = principal_of(store)
        if principal is not None:
            principal.require("evidence_add", "add evidence")
        store.require("source", source_id)
        files = evidence_files(store, ctx.settings.evidence_dir, ctx.settings.actor)
        sha256, size = files.put(file)
        record = make(
            "evidence",
            source=source_id,
            sha256=sha256,
            size=size,
            media_type=media_type,
            filename=file.name,
        )
        store.add([record], actor=ctx.settings.actor)
    ctx.out.print(f"Preserved {sha256} ({size} bytes) as {record.id}.")


@evidence.command("log")
@click.argument("sha256", required=False)
@pass_context
def evidence_log(ctx: Context, sha256: str | None) -> None:
    """The custody log, or the entries about one original."""
    from ..evidence import CustodyLog

    for e in CustodyLog(ctx.settings.evidence_dir).list(sha256.lower() if sha256 else None):
        click.echo(f"#{e.seq}\t{e.at}\t{e.actor}\t{e.action}\t{e.subject}\t{e.detail}")
