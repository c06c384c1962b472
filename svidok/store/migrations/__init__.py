"""Alembic migrations for the SQL store, run programmatically (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

__all__ = ["alembic_config", "current_revision", "head_revision", "upgrade"]


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at this folder, sharing ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: sa.Connection, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` on ``connection``."""
    command.upgrade(alembic_config(connection), revision)


def current_revision(connection: sa.Connection) -> str | None:
    """The revision the database is at, or None for a database without Svidok's schema."""
    return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision this version of Svidok ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
