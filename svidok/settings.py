"""Settings in one table: name, default, help. Read from ``SVIDOK_*`` environment variables,
``SVIDOK_*_FILE`` (a file holding the value: for secrets), or a TOML file, in that order.
"""

from __future__ import annotations

import getpass
import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SvidokError

if TYPE_CHECKING:
    from .protect.keys import KeySource

__all__ = ["SETTINGS", "Setting", "Settings", "load_settings"]


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name (``SVIDOK_<NAME>`` in the environment), default and help."""

    name: str
    default: str
    help: str
    secret: bool = False

    @property
    def env(self) -> str:
        return f"SVIDOK_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("config", "svidok.toml", "TOML file with settings (keys are the lowercase names)."),
    Setting(
        "data_dir", "svidok-data", "Folder for the embedded SQLite database and generated files."
    ),
    Setting(
        "database_url",
        "",
        "SQLAlchemy URL of the database; empty means SQLite at <data_dir>/svidok.db. "
        "PostgreSQL: postgresql://user@host/dbname.",
        secret=True,
    ),
    Setting("actor", "", "Name recorded in the audit trail for changes; empty means the OS user."),
    Setting(
        "evidence_dir",
        "",
        "Folder for preserved original files (content-addressed); empty means <data_dir>/evidence.",
    ),
    Setting(
        "salt_file",
        "",
        "File with the secret salt for pseudonyms of message authors and phone numbers; empty "
        "means <data_dir>/pseudonym.salt (created on first use). Keep it secret and backed up.",
        secret=True,
    ),
    Setting(
        "export_min_cell",
        "5",
        "Smallest count of persons a public export shows; smaller cells are suppressed "
        "(at least 3).",
    ),
    Setting(
        "key_file",
        "",
        "File with the encryption key of identifying data, evidence originals and backups "
        "(`svidok key new` creates one). Keep it off the machine that holds the database.",
    ),
    Setting(
        "passphrase",
        "",
        "Passphrase the encryption key is derived from (Argon2id), instead of a key file. Give "
        "it as SVIDOK_PASSPHRASE_FILE, never on a command line.",
        secret=True,
    ),
    Setting("user", "", "Account to sign in as, once the database has accounts."),
    Setting(
        "password",
        "",
        "Password of that account (SVIDOK_PASSWORD_FILE); asked for when empty and interactive.",
        secret=True,
    ),
)


@dataclass(frozen=True)
class Settings:
    """Resolved settings."""

    values: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.values[name]

    @property
    def data_dir(self) -> Path:
        return Path(self.values["data_dir"])

    @property
    def database_url(self) -> str:
        url = self.values["database_url"]
        return url or f"sqlite:///{self.data_dir / 'svidok.db'}"

    @property
    def actor(self) -> str:
        return self.values["actor"] or getpass.getuser()

    @property
    def evidence_dir(self) -> Path:
        return Path(self.values["evidence_dir"] or self.data_dir / "evidence")

    def key_source(self) -> KeySource | None:
        """Where the encryption key comes from, or None when none is configured."""
        from .protect.keys import KeyFile, Passphrase

        if self.values["key_file"] and self.values["passphrase"]:
            raise SvidokError("set either key_file or passphrase, not both")
        if self.values["key_file"]:
            return KeyFile(Path(self.values["key_file"]))
        if self.values["passphrase"]:
            return Passphrase(self.values["passphrase"])
        return None

    def salt(self) -> bytes:
        """The pseudonym salt, created (32 random bytes, readable by the owner only) if absent."""
        path = Path(self.values["salt_file"] or self.data_dir / "pseudonym.salt")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        data = path.read_bytes()
        if len(data) < 16:
            raise SvidokError(f"{path}: the pseudonym salt is too short (at least 16 bytes)")
        return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SvidokError(f"{path}: not valid TOML: {exc}") from None


def load_settings(env: dict[str, str] | None = None, **overrides: str | None) -> Settings:
    """Resolve every setting: explicit overrides, then environment, then TOML file, then default."""
    env = dict(os.environ if env is None else env)
    known = {s.name: s for s in SETTINGS}
    config_path = Path(
        overrides.get("config") or env.get("SVIDOK_CONFIG") or known["config"].default
    )
    from_file = _read_toml(config_path) if config_path.is_file() else {}
    unknown = set(from_file) - set(known)
    if unknown:
        raise SvidokError(
            f"{config_path}: unknown settings {sorted(unknown)} (known: {sorted(known)})"
        )
    values: dict[str, str] = {}
    for setting in SETTINGS:
        value = overrides.get(setting.name)
        if value is None and setting.env in env:
            value = env[setting.env]
        if value is None and f"{setting.env}_FILE" in env:
            secret_path = Path(env[f"{setting.env}_FILE"])
            try:
                value = secret_path.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise SvidokError(f"{setting.env}_FILE: cannot read {secret_path}: {exc}") from None
        if value is None and setting.name in from_file:
            value = str(from_file[setting.name])
        values[setting.name] = setting.default if value is None else value
    values["config"] = str(config_path)
    return Settings(values)
