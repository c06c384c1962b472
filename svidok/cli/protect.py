"""Protection: keys, accounts, consent withdrawal, the access log, backups."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ._base import Context, cli, pass_context

__all__: list[str] = []


def _principal(store: Any) -> Any:
    from ..protect.session import principal_of

    return principal_of(store)


def _read_secret(path: Path | None, what: str) -> str:
    if path is not None:
        return path.read_text(encoding="utf-8").strip()
    if not sys.stdin.isatty():
        raise click.UsageError(f"give the {what} in a file (--{what}-file)")
    return str(click.prompt(f"New {what}", hide_input=True, confirmation_prompt=True))


def _key_required(ctx: Context) -> Any:
    key = ctx.settings.key_source()
    if key is None:
        raise click.UsageError("configure a key first: SVIDOK_KEY_FILE or SVIDOK_PASSPHRASE_FILE")
    return key


@cli.group()
def key() -> None:
    """The encryption key of identifying data, evidence originals and backups."""


@key.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def key_new(path: Path) -> None:
    """Write a new random key file (never overwrites one). Keep copies apart from the data."""
    from ..protect.keys import create_key_file

    ring_file = create_key_file(path)
    click.echo(f"New key written to {ring_file.path} (readable by you only).")


@key.command("status")
@pass_context
def key_status(ctx: Context) -> None:
    """Whether the database is encrypted, and with which key id."""
    from ..protect.session import store_keyring

    with ctx.store() as store:
        ring = store_keyring(store)
        inner = getattr(store, "inner", store)
        encrypted = bool(getattr(inner, "encrypted", False))
    if not encrypted:
        ctx.out.print("The database is NOT encrypted (`svidok key encrypt` encrypts it).")
    else:
        ctx.out.print(
            f"The database is encrypted with key {ring.key_id if ring else '(not given)'}."
        )


def _admin(ctx: Context) -> Any:
    from ..protect.session import identify

    principal = identify(
        ctx.settings.database_url,
        user=ctx.settings["user"] or None,
        password=ctx.password,
        os_user=ctx.settings.actor,
    )
    principal.require("admin", "change the encryption key")
    return principal


@key.command("encrypt")
@pass_context
def key_encrypt(ctx: Context) -> None:
    """Encrypt an existing plaintext database and its evidence with the configured key."""
    from ..protect.vault import rekey

    principal = _admin(ctx)
    done = rekey(
        ctx.settings.database_url,
        old=None,
        new=_key_required(ctx),
        evidence_root=ctx.settings.evidence_dir,
        actor=principal.name,
    )
    ctx.out.print(
        f"Encrypted with key {done.key_id}: {done.identities} identity rows, {done.models} "
        f"linkage models, {done.files} evidence files."
    )


@key.command("rotate")
@click.option("--new-key-file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--new-passphrase-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A file holding the new passphrase.",
)
@pass_context
def key_rotate(ctx: Context, new_key_file: Path | None, new_passphrase_file: Path | None) -> None:
    """Re-encrypt everything with a new key (the configured key is the old one)."""
    from ..protect.keys import KeyFile, KeySource, Passphrase
    from ..protect.vault import rekey

    if (new_key_file is None) == (new_passphrase_file is None):
        raise click.UsageError("give exactly one of --new-key-file and --new-passphrase-file")
    new: KeySource = (
        KeyFile(new_key_file)
        if new_key_file is not None
        else Passphrase(_read_secret(new_passphrase_file, "passphrase"))
    )
    principal = _admin(ctx)
    done = rekey(
        ctx.settings.database_url,
        old=_key_required(ctx),
        new=new,
        evidence_root=ctx.settings.evidence_dir,
        actor=principal.name,
    )
    ctx.out.print(
        f"Rotated to key {done.key_id}: {done.identities} identity rows, {done.models} linkage "
        f"models, {done.files} evidence files. Configure the new key now; backups made before "
        "need the old one."
    )


@cli.group()
def account() -> None:
    """Accounts and roles (admin, analyst, documenter, reviewer, viewer)."""


@account.command("add")
@click.argument("name")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "analyst", "documenter", "reviewer", "viewer"]),
)
@click.option("--password-file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@pass_context
def account_add(ctx: Context, name: str, role: str, password_file: Path | None) -> None:
    """Create an account (the first one must be an administrator)."""
    from ..protect.accounts import add_account

    with ctx.store() as store:
        add_account(
            store, name, role, _read_secret(password_file, "password"), by=_principal(store)
        )
    ctx.out.print(f"Account {name} ({role}) created.")


@account.command("list")
@pass_context
def account_list(ctx: Context) -> None:
    """Accounts and their roles."""
    from ..protect.accounts import accounts

    with ctx.store() as store:
        for a in accounts(store):
            click.echo("\t".join([a.name, a.role, *(["(disabled)"] if a.disabled else [])]))


@account.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["admin", "analyst", "documenter", "reviewer", "viewer"]))
@pass_context
def account_role(ctx: Context, name: str, role: str) -> None:
    """Change an account's role."""
    from ..protect.accounts import set_role

    with ctx.store() as store:
        set_role(store, name, role, by=_principal(store))
    ctx.out.print(f"{name} is now {role}.")


@account.command("password")
@click.argument("name")
@click.option("--password-file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@pass_context
def account_password(ctx: Context, name: str, password_file: Path | None) -> None:
    """Set a password (one's own, or anyone's as an administrator)."""
    from ..protect.accounts import set_password

    with ctx.store() as store:
        set_password(store, name, _read_secret(password_file, "password"), by=_principal(store))
    ctx.out.print(f"Password of {name} changed.")


@account.command("disable")
@click.argument("name")
@pass_context
def account_disable(ctx: Context, name: str) -> None:
    """Disable an account."""
    from ..protect.accounts import disable_account

    with ctx.store() as store:
        disable_account(store, name, by=_principal(store))
    ctx.out.print(f"Account {name} disabled.")


@cli.group()
def consent() -> None:
    """Consent of the persons recorded."""


@consent.command("withdraw")
@click.argument("person_id")
@click.option("--date", "when", required=True, help="When consent was withdrawn (YYYY-MM-DD).")
@pass_context
def consent_withdraw(ctx: Context, person_id: str, when: str) -> None:
    """Record a withdrawal of consent and redact the person's identifying data everywhere."""
    from ..protect.consent import withdraw_consent
    from ..protect.vault import scrub

    with ctx.store() as store:
        done = withdraw_consent(store, person_id, actor=ctx.settings.actor, date=when)
        store.log("consent.withdraw", person_id, f"{done.changed} records redacted")
        scrub(store)
    ctx.out.print(f"Consent of {person_id} withdrawn; {done.changed} records redacted.")
    if done.evidence_files:
        ctx.out.print(
            "Evidence originals attached to the redacted testimony (decide whether to destroy "
            "them; backups made from now on will not contain the redacted data):"
        )
        for sha256 in done.evidence_files:
            ctx.out.print(f"  {sha256}")


@cli.group()
def access() -> None:
    """The access log: reads of identifying data and security actions."""


@access.command("verify")
@pass_context
def access_verify(ctx: Context) -> None:
    """Check the access log's hash chain (administrators)."""
    from ..ledger import verify_ledger
    from ..protect.guard import ACCESS_LOG

    with ctx.store() as store:
        report = verify_ledger(
            ACCESS_LOG, store.ledger_entries(ACCESS_LOG), store.ledger_head(ACCESS_LOG)
        )
    if report.ok:
        ctx.out.print(f"Access log intact: {report.checked} entries.")
        return
    for problem in report.problems:
        click.echo(f"BROKEN: {problem}", err=True)
    sys.exit(1)


@access.command("log")
@click.option("--last", default=50, show_default=True, help="How many of the latest entries.")
@pass_context
def access_log(ctx: Context, last: int) -> None:
    """The latest entries of the access log (administrators)."""
    from ..protect.guard import ACCESS_LOG

    with ctx.store() as store:
        head = store.ledger_head(ACCESS_LOG)
        for e in store.ledger_entries(ACCESS_LOG, after=max(0, head.seq - last)):
            click.echo(f"#{e.seq}\t{e.at}\t{e.actor}\t{e.action}\t{e.subject}\t{e.detail}")


@cli.group()
def backup() -> None:
    """Encrypted backups of the database and the evidence folder."""


@backup.command("create")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def backup_create(ctx: Context, target: Path) -> None:
    """Write an encrypted backup (administrators; with the configured key)."""
    from ..protect.backup import create_backup

    key_source = _key_required(ctx)
    with ctx.store() as store:
        _principal(store).require("admin", "make backups")
        summary = create_backup(store.inner, ctx.settings.evidence_dir, target, key_source)
        store.log("backup.create", target.name, f"key {summary.key_id}")
    ctx.out.print(
        f"Backup written to {target}: {sum(summary.rows.values())} rows, {summary.files} "
        f"evidence files, key {summary.key_id}."
    )


@backup.command("verify")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@pass_context
def backup_verify(ctx: Context, source: Path) -> None:
    """Decrypt and check a backup completely (needs its key)."""
    from ..protect.backup import verify_backup

    summary = verify_backup(source, _key_required(ctx))
    ctx.out.print(
        f"Backup intact: made {summary.created}, {sum(summary.rows.values())} rows, "
        f"{summary.files} files, key {summary.key_id}."
    )


@backup.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@pass_context
def backup_restore(ctx: Context, source: Path) -> None:
    """Restore a backup onto an empty database and evidence folder, then verify both."""
    from ..protect.backup import restore_backup
    from ..protect.session import evidence_files

    key_source = _key_required(ctx)
    summary = restore_backup(
        source, key_source, ctx.settings.database_url, ctx.settings.evidence_dir
    )
    with ctx.store() as store:
        audit = store.verify_audit()
        expected = [v["sha256"] for v in store.scan("evidence")]
        files = evidence_files(store, ctx.settings.evidence_dir, ctx.settings.actor)
        evidence = files.verify_all(expected)
    ctx.out.print(
        f"Restored {sum(summary.rows.values())} rows and {summary.files} files from {source}."
    )
    problems = audit.problems + evidence.problems
    for problem in problems:
        click.echo(f"BROKEN: {problem}", err=True)
    if problems:
        sys.exit(1)
    ctx.out.print("Audit trail and evidence verified.")
