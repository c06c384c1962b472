"""Pytest fixtures: one ``store`` fixture parametrised over every backend.

Use with ``pytest_plugins = ["svidok.testing.fixtures"]`` in a ``conftest.py``. The PostgreSQL
parameter starts a throw-away server from Debian's package (see :mod:`svidok.testing.postgres`).
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from ..audit import AuditEntry
from ..store import MemoryStore, Store
from ..store.sql import SQLStore
from .postgres import PostgresDatabases, postgres_server_or_skip

__all__ = [
    "CliRun",
    "cli",
    "delete_audit_entry",
    "edit_audit_entry",
    "edit_record_column",
    "postgres_server",
    "sql_url",
    "store",
    "store_url",
]

BACKENDS = ("memory", "sqlite", "postgres")

CliRun = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def cli(tmp_path: Path) -> CliRun:
    """Run ``svidok ARGS`` as a real process on a SQLite database in a temporary folder.

    ``cli("stats", check=False)`` returns the completed process without asserting success;
    ``stdin`` feeds the process. ``cli.tmp`` is the folder the process runs in.
    """
    env = {
        "SVIDOK_DATA_DIR": str(tmp_path / "data"),
        "SVIDOK_CONFIG": str(tmp_path / "none.toml"),
        "SVIDOK_ACTOR": "cli-test",
        "PATH": "/usr/bin:/bin",
    }

    def run(*args: str, check: bool = True, stdin: str = "") -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "svidok", *args],
            env=env,
            cwd=tmp_path,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"svidok {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result

    run.tmp = tmp_path  # type: ignore[attr-defined]
    return run


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresDatabases]:
    """A PostgreSQL server for the whole test session (skips or fails as configured)."""
    server = postgres_server_or_skip()
    try:
        yield server
    finally:
        server.stop()


def _url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "memory":
        return "memory://"
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'svidok.db'}"
    server: PostgresDatabases = request.getfixturevalue("postgres_server")
    return server.create_database()


def _params(backends: tuple[str, ...]) -> list[object]:
    return [
        pytest.param(b, marks=[pytest.mark.postgres] if b == "postgres" else [], id=b)
        for b in backends
    ]


@pytest.fixture(params=_params(BACKENDS))
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty database of each backend ("memory://" for the memory store)."""
    return _url(str(request.param), tmp_path, request)


@pytest.fixture(params=_params(("sqlite", "postgres")))
def sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty SQL database of each SQL backend."""
    return _url(str(request.param), tmp_path, request)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty, initialised store of each backend."""
    s: Store = MemoryStore() if store_url == "memory://" else SQLStore(store_url, migrate=True)
    try:
        yield s
    finally:
        s.close()


def edit_audit_entry(store: Store, seq: int, **changes: str) -> None:
    """Tamper with one audit entry behind the store's back (for tests of verification)."""
    if isinstance(store, MemoryStore):
        entries = store._audit
        index = next(i for i, e in enumerate(entries) if e.seq == seq)
        entries[index] = dataclasses.replace(entries[index], **changes)  # type: ignore[arg-type]
        return
    assert isinstance(store, SQLStore)
    with store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE audit SET "
                + ", ".join(f"{k} = :{k}" for k in changes)
                + " WHERE seq = :seq"
            ),
            {**changes, "seq": seq},
        )


def delete_audit_entry(store: Store, seq: int) -> None:
    """Remove one audit entry behind the store's back."""
    if isinstance(store, MemoryStore):
        store._audit[:] = [e for e in store._audit if e.seq != seq]
        return
    assert isinstance(store, SQLStore)
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit WHERE seq = :seq"), {"seq": seq})


def edit_record_column(store: Store, kind: str, id: str, column: str, value: object) -> None:
    """Change a stored record behind the store's back."""
    if isinstance(store, MemoryStore):
        record = store._records[kind][id]
        store._records[kind][id] = dataclasses.replace(
            record, values={**record.values, column: value}
        )
        return
    assert isinstance(store, SQLStore)
    with store.engine.begin() as conn:
        conn.execute(
            sa.text(f"UPDATE {kind} SET {column} = :v WHERE id = :id"), {"v": value, "id": id}
        )


def _entry(store: Store, seq: int) -> AuditEntry:
    return next(e for e in store.audit_entries() if e.seq == seq)
