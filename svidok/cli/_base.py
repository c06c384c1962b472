"""What every sub-command shares: the group, the per-invocation context, small helpers."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from .. import __version__
from ..settings import Settings, load_settings

__all__ = ["Context", "cli", "kinds", "pass_context", "safe_url"]

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Settings resolved once per invocation, and the console to print on."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # markup off: names, chat titles and cell values may hold [brackets] that rich would
        # read as styles (and fail on, or swallow); styles are given as arguments instead.
        self.out = Console(highlight=False, soft_wrap=True, markup=False)
        if not self.out.is_terminal:  # piped or logged: do not squeeze tables into 80 columns
            self.out = Console(highlight=False, soft_wrap=True, width=160, markup=False)

    def store(self, *, migrate: bool = False) -> Any:
        """The store as the signed-in account (or, before any account exists, the OS user as
        administrator) sees it: roles enforced, reads of identifying data logged."""
        from ..protect.session import open_session

        return open_session(
            self.settings.database_url,
            key=self.settings.key_source(),
            user=self.settings["user"] or None,
            password=self.password,
            os_user=self.settings.actor,
            migrate=migrate,
        )

    def password(self) -> str:
        """The account's password: from the settings, else asked for on a terminal."""
        if self.settings["password"]:
            return self.settings["password"]
        if not sys.stdin.isatty():
            raise click.UsageError("give the password in SVIDOK_PASSWORD_FILE")
        return str(click.prompt(f"Password for {self.settings['user']}", hide_input=True))


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


def kinds() -> list[str]:
    from ..model import record_types

    return list(record_types())


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
