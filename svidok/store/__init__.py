"""Storage: one small Store contract, an in-memory store and an SQL store (SQLite, PostgreSQL)."""

from __future__ import annotations

from .base import ApplySummary, Change, LinkageRun, LinkPair, Origin, Store, Transaction
from .memory import MemoryStore

__all__ = [
    "ApplySummary",
    "Change",
    "LinkPair",
    "LinkageRun",
    "MemoryStore",
    "Origin",
    "Store",
    "Transaction",
    "open_store",
]


def open_store(url: str, *, migrate: bool = False) -> Store:
    """A store for ``url``: ``memory://`` or an SQLAlchemy URL (SQLite, PostgreSQL).

    With ``migrate`` the schema is created or upgraded first (``svidok init``).
    """
    if url == "memory://":
        return MemoryStore()
    from .sql import SQLStore  # imported lazily: SQLAlchemy and Alembic are not needed for memory

    return SQLStore(url, migrate=migrate)
