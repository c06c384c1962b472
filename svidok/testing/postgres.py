"""A throwaway PostgreSQL server for tests, started from Debian's package on loopback.

Debian installs the server binaries (``initdb``, ``pg_ctl``, ``postgres``) under
``/usr/lib/postgresql/<version>/bin``; ``.ci/install-system-packages`` installs them. The
newest installed version is used, unless ``SVIDOK_PG_BIN`` names another bin directory.

PostgreSQL refuses to run as root. When this process is root the server is run as Debian's
``postgres`` system user (through ``runuser``, or ``su``); otherwise as the current user.
The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port and on a
Unix socket in that directory, trusts every local connection (superuser ``postgres``, no
password) and has durability switched off (``fsync``, ``synchronous_commit``,
``full_page_writes``) because its data is thrown away.

Typical use in a ``conftest.py``::

    @pytest.fixture(scope="session")
    def postgres() -> Iterator[PostgresDatabases]:
        server = postgres_server_or_skip()
        yield server
        server.stop()

    @pytest.fixture
    def pg_url(postgres: PostgresDatabases) -> str:
        return postgres.create_database()   # a fresh, uniquely named database

Environment:

``SVIDOK_TEST_POSTGRES_URL``
    Use this (already running) server instead of starting one; databases are created on it
    with ``CREATE DATABASE`` (the role needs ``CREATEDB``) and dropped again by ``stop()``.
``SVIDOK_REQUIRE_POSTGRES=1``
    When PostgreSQL is not installed, fail the tests instead of skipping them (CI sets it).
``SVIDOK_PG_BIN``
    The directory holding ``initdb``, ``pg_ctl`` and ``postgres``. A wrong value is an error,
    never a skip.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pwd
import re
import shlex
import shutil
import socket
import stat
import subprocess
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    import psycopg

__all__ = [
    "ENV_BIN",
    "ENV_REQUIRE",
    "ENV_URL",
    "INSTALL_HINT",
    "ExternalPostgres",
    "PostgresDatabases",
    "PostgresNotInstalledError",
    "PostgresServer",
    "find_bin_dir",
    "postgres_required",
    "postgres_server_or_skip",
    "postgres_url_or_skip",
    "shared_postgres_or_skip",
]

log = logging.getLogger(__name__)

ENV_BIN = "SVIDOK_PG_BIN"
ENV_URL = "SVIDOK_TEST_POSTGRES_URL"
ENV_REQUIRE = "SVIDOK_REQUIRE_POSTGRES"
INSTALL_HINT = "run .ci/install-system-packages (it installs Debian's 'postgresql' package)"

#: Where Debian installs one ``<version>/bin`` directory per PostgreSQL major version.
DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
#: The system user that runs the server when this process is root, and the superuser role.
SERVER_USER = "postgres"
SUPERUSER = "postgres"
HOST = "127.0.0.1"
REQUIRED_BINARIES = ("initdb", "pg_ctl", "postgres")

_DB_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}\Z")
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes; leave room for "/.s.PGSQL.NNNNN"
_LOG_TAIL_LINES = 40
_START_ATTEMPTS = 3  # a free port can be taken by someone else before the server binds it


class PostgresNotInstalledError(RuntimeError):
    """PostgreSQL's server binaries are not on this machine (a skip, unless required)."""


# --------------------------------------------------------------------------- finding binaries


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _version_key(name: str) -> tuple[int, ...]:
    parts = re.findall(r"\d+", name)
    return tuple(int(p) for p in parts) if parts else (-1,)


def _check_bin_dir(bin_dir: Path, origin: str) -> Path:
    missing = [b for b in REQUIRED_BINARIES if not _is_executable(bin_dir / b)]
    if missing:
        raise RuntimeError(
            f"{origin} does not hold PostgreSQL's server binaries "
            f"(missing: {', '.join(missing)}); point it to a directory with "
            f"{', '.join(REQUIRED_BINARIES)}, or unset it to use Debian's package"
        )
    return bin_dir


def find_bin_dir(root: Path | None = None) -> Path:
    """The bin directory of the newest PostgreSQL installed from Debian's package.

    ``SVIDOK_PG_BIN`` wins when set (and must be right: ``RuntimeError`` otherwise). Raises
    :class:`PostgresNotInstalledError` when no version is installed under ``root``
    (``/usr/lib/postgresql`` by default).
    """
    explicit = os.environ.get(ENV_BIN)
    if explicit:
        return _check_bin_dir(Path(explicit), f"{ENV_BIN}={explicit}")
    root = DEBIAN_PG_ROOT if root is None else root
    found: list[tuple[tuple[int, ...], Path]] = []
    for initdb in root.glob("*/bin/initdb"):
        bin_dir = initdb.parent
        if all(_is_executable(bin_dir / b) for b in REQUIRED_BINARIES):
            found.append((_version_key(bin_dir.parent.name), bin_dir))
    if not found:
        raise PostgresNotInstalledError(
            f"PostgreSQL is not installed: no {root}/<version>/bin with "
            f"{', '.join(REQUIRED_BINARIES)}; {INSTALL_HINT}, or set {ENV_BIN}"
        )
    return max(found)[1]


# --------------------------------------------------------------------------- running commands


def _is_root() -> bool:
    return os.geteuid() == 0


def _server_account() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise RuntimeError(
            f"running as root, and PostgreSQL refuses to run as root, but the system user "
            f"{SERVER_USER!r} that should run it does not exist (Debian's postgresql-common "
            f"package creates it): {INSTALL_HINT}"
        ) from None


def _as_server_user(cmd: Sequence[str]) -> list[str]:
    """``cmd`` run as the server's user: itself, unless this process is root."""
    if not _is_root():
        return list(cmd)
    search = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin", "/usr/bin"])
    runuser = shutil.which("runuser", path=search)
    if runuser:
        return [runuser, "-u", SERVER_USER, "--", *cmd]
    su = shutil.which("su", path=search)
    if su:
        return [su, SERVER_USER, "-s", "/bin/sh", "-c", shlex.join(cmd)]
    raise RuntimeError(
        f"running as root, and PostgreSQL refuses to run as root, but neither runuser nor su "
        f"is available to run it as the {SERVER_USER!r} user"
    )


def _child_env() -> dict[str, str]:
    # PGDATA, PGPORT, PGOPTIONS and friends from the caller's environment must not leak in.
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _run(cmd: Sequence[str], *, cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    log.debug("running %s", shlex.join(cmd))
    return subprocess.run(
        list(cmd),
        cwd=cwd,
        env=_child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _reachable_by(path: Path, account: pwd.struct_passwd) -> bool:
    """Whether ``account`` may traverse every directory from / down to ``path``."""
    gids = set(os.getgrouplist(account.pw_name, account.pw_gid))
    for directory in [path, *path.parents]:
        try:
            st = directory.stat()
        except OSError:
            return False
        if st.st_uid == account.pw_uid:
            bit = stat.S_IXUSR
        elif st.st_gid in gids:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not st.st_mode & bit:
            return False
    return True


def _tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as exc:
        return f"(could not read {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(empty)"


def _unique_name() -> str:
    return f"svidok_test_{uuid.uuid4().hex[:12]}"


def _check_name(name: str) -> str:
    if not _DB_NAME.match(name):
        raise ValueError(
            f"database name {name!r} must be a plain identifier: letters, digits and '_', "
            "not starting with a digit, at most 63 characters"
        )
    return name


# --------------------------------------------------------------------------- databases


class PostgresDatabases:
    """A PostgreSQL server that hands out databases, each by a SQLAlchemy URL."""

    def url_for(self, name: str) -> str:
        """The SQLAlchemy URL (``postgresql+psycopg://...``) of database ``name``."""
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def _admin_conninfo(self) -> dict[str, Any]:
        raise NotImplementedError

    def _admin_connect(self) -> psycopg.Connection[Any]:
        import psycopg

        return psycopg.connect(**self._admin_conninfo(), autocommit=True, connect_timeout=10)

    def create_database(self, name: str | None = None) -> str:
        """Create database ``name`` (a fresh unique one when None) and return its URL."""
        from psycopg import sql

        name = _check_name(name) if name is not None else _unique_name()
        with self._admin_connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self._created(name)
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` if it exists, disconnecting whoever is still connected."""
        from psycopg import sql

        _check_name(name)
        with self._admin_connect() as conn:
            force = sql.SQL(" WITH (FORCE)") if conn.info.server_version >= 130000 else sql.SQL("")
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}{}").format(sql.Identifier(name), force)
            )
        self._dropped(name)

    def _created(self, name: str) -> None:
        pass

    def _dropped(self, name: str) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class PostgresServer(PostgresDatabases):
    """A PostgreSQL cluster of its own in a temporary directory, on 127.0.0.1.

    ``start()`` (or ``with PostgresServer() as server:``) runs ``initdb`` and ``pg_ctl start``;
    ``stop()`` stops the server and removes the directory. ``stop()`` is also registered with
    :mod:`atexit`, as a safety net for a process that forgets it (it cannot help against
    SIGKILL: a server left behind then is an ordinary ``postgres`` process and directory).

    ``tmp_dir``: where to make the temporary directory (default: :func:`tempfile.gettempdir`).
    When this process is root and the ``postgres`` user cannot reach ``tmp_dir`` (pytest's
    ``tmp_path`` lies under a 0700 directory, for one), the default is used instead.
    ``settings``: extra server settings, passed as ``-c name=value``.
    """

    def __init__(
        self,
        tmp_dir: str | os.PathLike[str] | None = None,
        *,
        bin_dir: str | os.PathLike[str] | None = None,
        settings: Mapping[str, str] | None = None,
        start_timeout: float = 60.0,
    ) -> None:
        self._tmp_parent = Path(tmp_dir) if tmp_dir is not None else None
        self._bin_dir_arg = Path(bin_dir) if bin_dir is not None else None
        self._settings = dict(settings or {})
        self._start_timeout = start_timeout
        self._bin_dir: Path | None = None
        self._base_dir: Path | None = None
        self._socket_dir: Path | None = None
        self._port: int | None = None
        self._running = False
        self._owner_pid = os.getpid()
        #: ``--locale=C.UTF-8``, or ``--no-locale`` when that locale is missing.
        self.locale_option: str | None = None

    # -- where things are

    def _need(self, value: Any, what: str) -> Any:
        if value is None:
            raise RuntimeError(f"the PostgreSQL server is not started: no {what} yet")
        return value

    @property
    def host(self) -> str:
        return HOST

    @property
    def port(self) -> int:
        port: int = self._need(self._port, "port")
        return port

    @property
    def bin_dir(self) -> Path:
        bin_dir: Path = self._need(self._bin_dir, "bin directory")
        return bin_dir

    @property
    def base_dir(self) -> Path:
        """The temporary directory that holds everything (removed by ``stop()``)."""
        base: Path = self._need(self._base_dir, "directory")
        return base

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        socket_dir: Path = self._need(self._socket_dir, "socket directory")
        return socket_dir

    @property
    def log_path(self) -> Path:
        return self.base_dir / "server.log"

    @property
    def running(self) -> bool:
        return self._running

    def url_for(self, name: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self.port}/{_check_name(name)}"

    def _admin_conninfo(self) -> dict[str, Any]:
        if not self._running:
            raise RuntimeError("the PostgreSQL server is not running")
        return {"host": HOST, "port": self.port, "user": SUPERUSER, "dbname": "postgres"}

    # -- life cycle

    def start(self) -> Self:
        """Make the cluster and start the server; returns self. A no-op when running."""
        if self._running:
            return self
        if self._base_dir is not None:
            raise RuntimeError("this PostgresServer was stopped; make a new one")
        if self._bin_dir_arg is not None:
            self._bin_dir = _check_bin_dir(self._bin_dir_arg, f"bin_dir={self._bin_dir_arg}")
        else:
            self._bin_dir = find_bin_dir()
        account = _server_account() if _is_root() else None
        _as_server_user(["true"])  # fail early when there is no way to become that user
        self._base_dir = self._make_dir("svidok-pg-", account)
        try:
            self._socket_dir = self._base_dir
            if len(str(self._base_dir)) > _SOCKET_PATH_MAX:
                self._socket_dir = self._make_dir("svidok-pgs-", account, short=True)
            self._initdb()
            self._start_server()
        except BaseException:
            self._kill_leftover()
            self._remove_dirs()
            raise
        atexit.register(self._atexit_stop)
        return self

    def __enter__(self) -> Self:
        return self.start()

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``) and remove its directory. Idempotent."""
        if os.getpid() != self._owner_pid:
            return  # a forked child must not stop its parent's server
        atexit.unregister(self._atexit_stop)
        problem = None
        if self._running:
            self._running = False
            result = self._pg_ctl("stop", "-m", "fast")
            if result.returncode != 0 and (self.data_dir / "postmaster.pid").exists():
                problem = f"pg_ctl stop -m fast failed (exit {result.returncode}):\n{result.stdout}"
                self._kill_leftover()
        self._remove_dirs()
        if problem:
            raise RuntimeError(problem)

    def _atexit_stop(self) -> None:
        try:
            self.stop()
        except Exception:  # at exit there is nobody left to tell but the log
            log.exception("stopping the test PostgreSQL server at exit failed")

    # -- the steps

    def _make_dir(
        self, prefix: str, account: pwd.struct_passwd | None, *, short: bool = False
    ) -> Path:
        candidates: list[Path] = []
        if self._tmp_parent is not None and not short:
            self._tmp_parent.mkdir(parents=True, exist_ok=True)
            candidates.append(self._tmp_parent.resolve())
        candidates += [Path(tempfile.gettempdir()).resolve(), Path("/tmp")]
        if account is not None:
            reachable = [c for c in candidates if _reachable_by(c, account)]
            if not reachable:
                raise RuntimeError(
                    f"none of {', '.join(map(str, candidates))} can be reached by the "
                    f"{SERVER_USER!r} user, which runs the server"
                )
            if reachable[0] != candidates[0]:
                log.info(
                    "%s is not reachable by the %r user; using %s",
                    candidates[0],
                    SERVER_USER,
                    reachable[0],
                )
            candidates = reachable
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=candidates[0]))
        if account is not None:
            os.chown(path, account.pw_uid, account.pw_gid)
        return path

    def _initdb(self) -> None:
        base = [
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "--encoding=UTF8",
            "--no-sync",
        ]
        result = None
        for locale_option in ("--locale=C.UTF-8", "--no-locale"):
            result = _run(_as_server_user([*base, locale_option]), cwd=self.base_dir, timeout=300)
            if result.returncode == 0:
                self.locale_option = locale_option
                return
            if "locale" not in result.stdout.lower():
                break
            log.info("initdb %s failed, trying the next: %s", locale_option, result.stdout)
            shutil.rmtree(self.data_dir, ignore_errors=True)
        assert result is not None
        raise RuntimeError(
            f"initdb failed (exit {result.returncode}): {shlex.join(result.args)}\n"
            f"{result.stdout.strip()}"
        )

    def _pg_ctl(self, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin_dir / "pg_ctl"), *args, "-D", str(self.data_dir)]
        return _run(_as_server_user(cmd), cwd=self.base_dir, timeout=timeout)

    def _start_server(self) -> None:
        for attempt in range(1, _START_ATTEMPTS + 1):
            port = _free_port()
            options = [
                "-h", HOST,
                "-p", str(port),
                "-k", str(self.socket_dir),
                "-F",
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
            ]  # fmt: skip
            for key, value in self._settings.items():
                options += ["-c", f"{key}={value}"]
            result = self._pg_ctl(
                "start",
                "-w",
                "-t",
                str(max(1, round(self._start_timeout))),
                "-l",
                str(self.log_path),
                "-o",
                shlex.join(options),
                timeout=self._start_timeout + 30,
            )
            if result.returncode == 0:
                self._port = port
                self._running = True
                log.info("PostgreSQL started on %s:%d in %s", HOST, port, self.base_dir)
                return
            server_log = _tail(self.log_path)
            self._kill_leftover()
            if attempt < _START_ATTEMPTS and "could not bind" in server_log:
                log.info("port %d was taken; trying another", port)
                continue
            raise RuntimeError(
                f"PostgreSQL did not start on {HOST}:{port} (pg_ctl exit {result.returncode}):\n"
                f"{result.stdout.strip()}\n"
                f"--- last lines of the server log {self.log_path} ---\n{server_log}"
            )

    def _kill_leftover(self) -> None:
        """Stop whatever server still runs on the data directory, at once."""
        if self._base_dir is None or not (self.data_dir / "postmaster.pid").exists():
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            result = self._pg_ctl("stop", "-m", "immediate", timeout=60)
            if result.returncode != 0:
                log.warning("pg_ctl stop -m immediate failed: %s", result.stdout)

    def _remove_dirs(self) -> None:
        for directory in (self._socket_dir, self._base_dir):
            if directory is not None:
                shutil.rmtree(directory, ignore_errors=True)
        self._running = False


class ExternalPostgres(PostgresDatabases):
    """A server run by someone else (``SVIDOK_TEST_POSTGRES_URL``).

    Databases are made with ``CREATE DATABASE`` through the URL's role (which needs
    ``CREATEDB``) and database (``postgres`` when the URL names none); ``stop()`` drops the
    ones made here.
    """

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() != "postgresql":
            raise ValueError(f"{ENV_URL} must be a postgresql:// URL, not {parsed!r}")
        self._url = parsed.set(drivername="postgresql+psycopg")
        self._databases: list[str] = []
        self._owner_pid = os.getpid()
        atexit.register(self._atexit_stop)

    def url_for(self, name: str) -> str:
        return self._url.set(database=_check_name(name)).render_as_string(hide_password=False)

    def _admin_conninfo(self) -> dict[str, Any]:
        url = self._url
        info: dict[str, Any] = {
            "host": url.host,
            "port": url.port,
            "user": url.username,
            "password": url.password,
            "dbname": url.database or "postgres",
        }
        info.update({k: v for k, v in url.query.items() if isinstance(v, str)})
        return {k: v for k, v in info.items() if v is not None}

    def _created(self, name: str) -> None:
        self._databases.append(name)

    def _dropped(self, name: str) -> None:
        with contextlib.suppress(ValueError):
            self._databases.remove(name)

    def stop(self) -> None:
        """Drop the databases made here. Idempotent."""
        if os.getpid() != self._owner_pid:
            return
        atexit.unregister(self._atexit_stop)
        for name in list(self._databases):
            self.drop_database(name)

    def _atexit_stop(self) -> None:
        try:
            self.stop()
        except Exception:
            log.exception("dropping the test databases at exit failed")


# --------------------------------------------------------------------------- pytest helpers


def postgres_required() -> bool:
    """Whether ``SVIDOK_REQUIRE_POSTGRES`` asks to fail rather than skip without PostgreSQL."""
    return os.environ.get(ENV_REQUIRE, "").strip().lower() in {"1", "true", "yes", "on"}


def postgres_server_or_skip(tmp_dir: str | os.PathLike[str] | None = None) -> PostgresDatabases:
    """A running server for tests; the caller ``stop()``\\ s it (a session fixture, say).

    The server at ``SVIDOK_TEST_POSTGRES_URL`` when that is set; otherwise a new
    :class:`PostgresServer`. When PostgreSQL is not installed: ``pytest.fail`` if
    ``SVIDOK_REQUIRE_POSTGRES=1``, else ``pytest.skip``. Any other failure to start raises.
    """
    import pytest

    url = os.environ.get(ENV_URL)
    if url:
        return ExternalPostgres(url)
    try:
        return PostgresServer(tmp_dir).start()
    except PostgresNotInstalledError as exc:
        if postgres_required():
            pytest.fail(f"{exc} ({ENV_REQUIRE} is set, so this fails rather than skips)")
        pytest.skip(f"{exc} (set {ENV_REQUIRE}=1 to fail instead of skipping)")


_shared: PostgresDatabases | None = None


def shared_postgres_or_skip() -> PostgresDatabases:
    """One server for the whole process, started on first use and stopped at exit."""
    global _shared
    if _shared is None:
        _shared = postgres_server_or_skip()  # both kinds stop themselves at exit
    return _shared


def postgres_url_or_skip(name: str | None = None) -> str:
    """The URL of a new database (unique name when None) on the shared test server."""
    return shared_postgres_or_skip().create_database(name)
