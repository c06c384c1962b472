"""The command line as an attacker uses it: a viewer through every command that prints
records, a wrong password, a wrong key; and the administrator's workflow end to end."""

import json
import sqlite3
import subprocess
import sys

import pytest

ADMIN_PW = "administrator password"
VIEWER_PW = "viewer password!"


@pytest.fixture
def cli(tmp_path):
    base = {
        "SVIDOK_DATA_DIR": str(tmp_path / "data"),
        "SVIDOK_CONFIG": str(tmp_path / "none.toml"),
        "SVIDOK_ACTOR": "cli-test",
        "SVIDOK_KEY_FILE": str(tmp_path / "k"),
        "PATH": "/usr/bin:/bin",
    }
    for name, secret in (("admin.pw", ADMIN_PW), ("viewer.pw", VIEWER_PW)):
        (tmp_path / name).write_text(secret + "\n")

    def run(*args, check=True, **env):
        result = subprocess.run(
            [sys.executable, "-m", "svidok", *args],
            env={**base, **{k: str(v) for k, v in env.items()}},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"svidok {' '.join(args)}:\n{result.stdout}\n{result.stderr}")
        return result

    run.tmp = tmp_path
    run("key", "new", str(tmp_path / "k"))
    run("init")
    run("demo", "--persons", "12", "--quiet")
    run("account", "add", "ada", "--role", "admin", "--password-file", tmp_path / "admin.pw")
    admin = {"SVIDOK_USER": "ada", "SVIDOK_PASSWORD_FILE": tmp_path / "admin.pw"}
    run(
        "account",
        "add",
        "vic",
        "--role",
        "viewer",
        "--password-file",
        tmp_path / "viewer.pw",
        **admin,
    )
    run.admin = admin
    run.viewer = {
        "SVIDOK_USER": "vic",
        "SVIDOK_PASSWORD_FILE": tmp_path / "viewer.pw",
        "SVIDOK_KEY_FILE": "",
    }
    return run


def _names(cli):
    """Every surname in the demo data, read as the administrator."""
    from svidok.protect.keys import KeyFile
    from svidok.store import open_store

    with open_store(
        f"sqlite:///{cli.tmp / 'data' / 'svidok.db'}", key=KeyFile(cli.tmp / "k")
    ) as store:
        names = {p["name"].full.split()[0] for p in store.scan("person") if p.get("name")}
    assert names
    return names


def test_a_viewer_sees_no_name_through_any_command(cli):
    names = _names(cli)
    surname = sorted(names)[0]
    outputs = [
        cli("names", "search", surname, **cli.viewer).stdout,
        cli("stats", "--format", "json", **cli.viewer).stdout,
        cli("stats", **cli.viewer).stdout,
        cli("audit", "verify", "--no-records", **cli.viewer).stdout,
    ]
    assert outputs[0] == f"No names fit {surname!r} among 0 named person records.\n"
    assert json.loads(outputs[1])["cells"]
    leaked = [n for n in names for out in outputs[1:] if n in out]
    assert leaked == []
    denied = cli("account", "list", check=False, **cli.viewer)
    assert denied.returncode == 1 and "vic (viewer) may not" in denied.stderr


def test_a_wrong_password_is_refused_and_logged(cli):
    wrong = cli("stats", check=False, SVIDOK_USER="vic", SVIDOK_PASSWORD_FILE=cli.tmp / "admin.pw")
    assert wrong.returncode == 1 and "sign-in failed for 'vic'" in wrong.stderr
    log = cli("access", "log", **cli.admin).stdout
    assert "login.failed\tvic" in log
    assert "Access log intact" in cli("access", "verify", **cli.admin).stdout


def test_without_the_key_even_the_administrator_reads_nothing(cli):
    result = cli("names", "search", "Іван", check=False, **{**cli.admin, "SVIDOK_KEY_FILE": ""})
    assert result.returncode == 1 and "is encrypted: give its key" in result.stderr
    assert result.stdout == ""


def test_the_database_file_holds_no_name_in_clear(cli):
    names = _names(cli)
    raw = (cli.tmp / "data" / "svidok.db").read_bytes()
    wal = cli.tmp / "data" / "svidok.db-wal"
    raw += wal.read_bytes() if wal.exists() else b""
    assert [n for n in names if n.encode() in raw] == []
    with sqlite3.connect(cli.tmp / "data" / "svidok.db") as conn:
        assert all(d.startswith("svk1.") for (d,) in conn.execute("SELECT data FROM identity"))


def test_backup_restore_rotation_and_withdrawal_end_to_end(cli):
    tmp = cli.tmp
    cli("backup", "create", tmp / "b.svb", **cli.admin)
    assert "Backup intact" in cli("backup", "verify", tmp / "b.svb", **cli.admin).stdout
    cli("key", "new", tmp / "k2")
    wrong = cli("backup", "verify", tmp / "b.svb", check=False, SVIDOK_KEY_FILE=tmp / "k2")
    assert wrong.returncode == 1 and "wrong key for the backup" in wrong.stderr
    restored = cli("backup", "restore", tmp / "b.svb", SVIDOK_DATA_DIR=tmp / "other", **cli.admin)
    assert "Audit trail and evidence verified" in restored.stdout
    cli("key", "rotate", "--new-key-file", tmp / "k2", **cli.admin)
    old = cli("stats", check=False, **cli.admin)
    assert old.returncode == 1 and "wrong key for the database" in old.stderr
    new = {**cli.admin, "SVIDOK_KEY_FILE": tmp / "k2"}
    assert "Audit trail intact" in cli("audit", "verify", **new).stdout
    with sqlite3.connect(tmp / "data" / "svidok.db") as conn:
        (person,) = conn.execute(
            "SELECT c.subject FROM claim c JOIN source s ON s.id = c.source "
            "WHERE s.kind = 'interview' AND c.subject LIKE 'P-%' LIMIT 1"
        ).fetchone()
    out = cli("consent", "withdraw", person, "--date", "2025-01-10", **new).stdout
    assert f"Consent of {person} withdrawn" in out
    assert "consent.withdraw" in cli("access", "log", **new).stdout


def test_init_encrypt_without_a_key_is_refused(tmp_path):
    env = {"SVIDOK_DATA_DIR": str(tmp_path / "d"), "SVIDOK_CONFIG": str(tmp_path / "n.toml")}
    result = subprocess.run(
        [sys.executable, "-m", "svidok", "init", "--encrypt"],
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "--encrypt needs a key" in result.stderr
    assert not (tmp_path / "d" / "svidok.db").exists()
