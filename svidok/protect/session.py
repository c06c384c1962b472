"""Opening the store for a person: who they are (account or, before any account exists, the
operating-system user as administrator) and the key, as the CLI and a web app would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..evidence import EvidenceFiles
from ..store import Store, open_store
from .accounts import AuthenticationError, accounts, authenticate
from .guard import GuardedStore
from .keys import Keyring, KeySource
from .roles import Principal

__all__ = ["evidence_files", "identify", "open_session", "principal_of", "store_keyring"]


def identify(
    url: str, *, user: str | None, password: Callable[[], str], os_user: str, migrate: bool = False
) -> Principal:
    """The principal for this use of the database at ``url`` (see :func:`open_session`)."""
    raw = open_store(url, migrate=migrate, identity=False)  # accounts need no key
    try:
        if not accounts(raw):
            return Principal(user or os_user, "admin", authenticated=False)
        if not user:
            raise AuthenticationError(
                "this database has accounts: set SVIDOK_USER to yours (and SVIDOK_PASSWORD_FILE, "
                "or type the password when asked)"
            )
        return authenticate(raw, user, password())
    finally:
        raw.close()


def open_session(
    url: str,
    *,
    key: KeySource | None,
    user: str | None,
    password: Callable[[], str],
    os_user: str,
    migrate: bool = False,
) -> Store:
    """The store as ``user`` sees it, with ``password`` asked only when the database has
    accounts. Roles are enforced by the returned store (:mod:`svidok.protect.guard`)."""
    principal = identify(url, user=user, password=password, os_user=os_user, migrate=migrate)
    return open_store(url, migrate=migrate, key=key, principal=principal)


def store_keyring(store: Store) -> Keyring | None:
    """The keyring an (encrypted) store was opened with, or None."""
    inner = store.inner if isinstance(store, GuardedStore) else store
    ring = getattr(inner, "keyring", None)
    return ring if isinstance(ring, Keyring) else None


def principal_of(store: Store) -> Principal | None:
    """The principal a guarded store is used by (None for an unguarded store)."""
    return store.principal if isinstance(store, GuardedStore) else None


def evidence_files(store: Store, root: Path, actor: str) -> EvidenceFiles:
    """The evidence folder as this store's user sees it: encrypted with the database's key
    (when the database is encrypted), the custody log naming the signed-in account."""
    principal = principal_of(store)
    name = principal.name if principal is not None and principal.authenticated else actor
    return EvidenceFiles(root, keyring=store_keyring(store), actor=name)
