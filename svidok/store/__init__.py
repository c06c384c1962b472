"""Storage: one small Store contract, an in-memory store and an SQL store (SQLite, PostgreSQL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from ..protect.keys import KeySource
    from ..protect.roles import Principal


def open_store(
    url: str,
    *,
    migrate: bool = False,
    key: KeySource | None = None,
    principal: Principal | None = None,
    identity: bool = True,
) -> Store:
    """A store for ``url``: ``memory://`` or an SQLAlchemy URL (SQLite, PostgreSQL).

    With ``migrate`` the schema is created or upgraded first (``svidok init``). ``key`` opens
    an encrypted database. With a ``principal`` the store enforces its role on every read and
    write and logs reads of identifying data (:class:`svidok.protect.guard.GuardedStore`); a
    role that may not read identifying data never gets the identity table read at all, and
    neither does ``identity=False``.
    """
    if principal is not None:
        identity = identity and principal.may("read_identity")
    store: Store
    if url == "memory://":
        store = MemoryStore()
    else:
        # Imported lazily: SQLAlchemy and Alembic are not needed for the memory store.
        from .sql import SQLStore

        store = SQLStore(url, migrate=migrate, key=key if identity else None, identity=identity)
    if principal is None:
        return store
    from ..protect.guard import GuardedStore

    return GuardedStore(store, principal)
