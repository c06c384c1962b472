"""The ``svidok`` command: sub-commands that build objects and call one workflow each.

Each module of this package registers its sub-commands on the one group in ``_base``.
"""

from __future__ import annotations

import sys

import click

from ..errors import SvidokError
from . import core, estimate, evidence, export, ingest, linkage, names, protect, serve
from ._base import cli

__all__ = ["cli", "main"]

# imported for their registrations
_COMMANDS = (core, estimate, evidence, export, ingest, linkage, names, protect, serve)


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
