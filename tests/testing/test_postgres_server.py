"""The throwaway PostgreSQL server that the test suite starts from Debian's package."""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from svidok.testing import postgres
from svidok.testing.postgres import (
    ENV_BIN,
    ENV_REQUIRE,
    ENV_URL,
    ExternalPostgres,
    PostgresNotInstalledError,
    PostgresServer,
    find_bin_dir,
    postgres_required,
    postgres_server_or_skip,
    postgres_url_or_skip,
)


def _require_binaries() -> None:
    try:
        find_bin_dir()
    except PostgresNotInstalledError as exc:
        if postgres_required():
            pytest.fail(str(exc))
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    _require_binaries()
    with PostgresServer() as s:
        yield s


def _scalar(url: str, query: str) -> object:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(query)).scalar_one()
    finally:
        engine.dispose()


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.postgres
def test_two_databases_with_sqlalchemy(server: PostgresServer) -> None:
    url_a = server.create_database("svidok_a")
    url_b = server.create_database()  # a fresh unique name
    assert url_a == f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/svidok_a"
    assert url_b != url_a and url_b.startswith("postgresql+psycopg://postgres@127.0.0.1:")

    engine_a = sa.create_engine(url_a)
    engine_b = sa.create_engine(url_b)
    try:
        for engine in (engine_a, engine_b):
            with engine.connect() as conn:
                assert conn.execute(sa.text("select 1")).scalar_one() == 1
        with engine_a.begin() as conn:
            conn.execute(sa.text("create table people (id int primary key, name text not null)"))
            conn.execute(
                sa.text("insert into people values (:id, :name)"),
                [{"id": 1, "name": "Олена"}, {"id": 2, "name": "Петро"}],
            )
        with engine_a.connect() as conn:
            rows = conn.execute(sa.text("select id, name from people order by id")).all()
        assert [tuple(r) for r in rows] == [(1, "Олена"), (2, "Петро")]
        # The databases are separate: the table exists in the first one only.
        assert sa.inspect(engine_b).get_table_names() == []
        with engine_b.connect() as conn:
            assert conn.execute(sa.text("show server_encoding")).scalar_one() == "UTF8"
    finally:
        engine_a.dispose()
        engine_b.dispose()


@pytest.mark.postgres
def test_drop_database(server: PostgresServer) -> None:
    server.create_database("svidok_dropped")
    conninfo = f"host=127.0.0.1 port={server.port} user=postgres dbname=svidok_dropped"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("select 1")
        server.drop_database("svidok_dropped")  # while still connected: WITH (FORCE)
        with pytest.raises(psycopg.OperationalError):
            conn.execute("select 1")
    count = _scalar(
        server.url_for("postgres"),
        "select count(*) from pg_database where datname = 'svidok_dropped'",
    )
    assert count == 0
    server.drop_database("svidok_dropped")  # IF EXISTS: a no-op


@pytest.mark.postgres
def test_bad_database_name_is_refused(server: PostgresServer) -> None:
    with pytest.raises(ValueError, match="plain identifier"):
        server.create_database('x"; drop database postgres; --')


@pytest.mark.postgres
def test_stop_removes_directory() -> None:
    _require_binaries()
    server = PostgresServer()
    with server:
        base, port = server.base_dir, server.port
        assert (server.data_dir / "PG_VERSION").is_file()
        assert server.log_path.is_file()
        assert (server.socket_dir / f".s.PGSQL.{port}").exists()
        if os.geteuid() == 0:  # run as Debian's postgres user, never as root
            assert server.data_dir.stat().st_uid == postgres._server_account().pw_uid
        assert _scalar(server.url_for("postgres"), "select 1") == 1
        running_inside = server.running
    assert running_inside
    assert not server.running
    assert not base.exists()
    assert not _port_open(port)
    server.stop()  # idempotent
    with pytest.raises(RuntimeError, match="stopped"):
        server.start()


@pytest.mark.postgres
def test_tmp_dir(tmp_path: Path) -> None:
    """A given tmp_dir is used; one the postgres user cannot reach is replaced, not fatal."""
    _require_binaries()
    parent = Path(tempfile.mkdtemp(prefix="svidok-pg-parent-"))
    try:
        parent.chmod(0o755)
        with PostgresServer(parent) as server:
            assert server.base_dir.parent == parent.resolve()
        assert list(parent.iterdir()) == []
    finally:
        parent.rmdir()
    # pytest's tmp_path lies under a 0700 directory of root's when running as root.
    with PostgresServer(tmp_path) as server:
        assert _scalar(server.url_for("postgres"), "select 1") == 1


@pytest.mark.postgres
def test_start_failure_shows_server_log() -> None:
    _require_binaries()
    server = PostgresServer(settings={"no_such_setting": "1"})
    with pytest.raises(RuntimeError, match="did not start") as info:
        server.start()
    message = str(info.value)
    assert "last lines of the server log" in message
    assert "no_such_setting" in message  # the server's own complaint
    assert not server.base_dir.exists()


def test_missing_binaries_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_BIN, "/nonexistent")
    with pytest.raises(RuntimeError, match="SVIDOK_PG_BIN=/nonexistent does not hold") as info:
        find_bin_dir()
    assert not isinstance(info.value, PostgresNotInstalledError)  # misconfigured: never a skip
    with pytest.raises(RuntimeError, match="missing: initdb, pg_ctl, postgres"):
        PostgresServer().start()


def test_not_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_BIN, raising=False)
    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.setattr(postgres, "DEBIAN_PG_ROOT", tmp_path)
    with pytest.raises(PostgresNotInstalledError, match=r"install-system-packages"):
        PostgresServer().start()

    monkeypatch.delenv(ENV_REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL is not installed"):
        postgres_server_or_skip()
    monkeypatch.setenv(ENV_REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL is not installed"):
        postgres_server_or_skip()


def test_newest_version_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_BIN, raising=False)
    for version in ("9.6", "15", "16", "100"):
        bin_dir = tmp_path / version / "bin"
        bin_dir.mkdir(parents=True)
        for name in ("initdb", "pg_ctl", "postgres"):
            if version == "100" and name == "postgres":
                continue  # incomplete: ignored
            (bin_dir / name).touch(mode=0o755)
    assert find_bin_dir(tmp_path) == tmp_path / "16" / "bin"


@pytest.mark.postgres
def test_external_server(server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_URL, f"postgresql://postgres@127.0.0.1:{server.port}/postgres")
    with postgres_server_or_skip() as external:
        assert isinstance(external, ExternalPostgres)
        url = external.create_database()
        assert url.startswith(f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/svidok_")
        name = url.rsplit("/", 1)[1]
        assert _scalar(url, "select current_database()") == name
    # stop() dropped what it made
    count = _scalar(
        server.url_for("postgres"), f"select count(*) from pg_database where datname = '{name}'"
    )
    assert count == 0


@pytest.mark.postgres
def test_postgres_url_or_skip() -> None:
    url = postgres_url_or_skip()
    assert _scalar(url, "select current_database()") == url.rsplit("/", 1)[1]
