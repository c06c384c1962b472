"""Accounts: a name, a role and an Argon2id password hash, kept in the store's metadata.

While a database has no account, whoever can open it acts as administrator (the demo and a
single documenter's laptop work as before); the first account must be an administrator, and
from then on every use needs an account and its password. Every change to an account and
every failed sign-in is written to the access log.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import SvidokError
from ..ledger import LedgerDraft
from ..store.base import Store
from .guard import ACCESS_LOG
from .roles import ROLES, Principal, Role

__all__ = [
    "MIN_PASSWORD",
    "Account",
    "AuthenticationError",
    "accounts",
    "add_account",
    "authenticate",
    "disable_account",
    "set_password",
    "set_role",
]

MIN_PASSWORD = 12
_PREFIX = "account/"
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_HASHER = PasswordHasher()  # Argon2id with the library's recommended cost
# Verified when the name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY = _HASHER.hash("svidok: no such account")


class AuthenticationError(SvidokError):
    """Unknown account, wrong password or disabled account (the message does not say which)."""


@dataclass(frozen=True, slots=True)
class Account:
    """One account; ``password`` is an Argon2id hash, never the password."""

    name: str
    role: Role
    password: str
    disabled: bool = False

    def dump(self) -> str:
        return json.dumps(
            {"role": self.role, "password": self.password, "disabled": self.disabled},
            sort_keys=True,
        )

    @classmethod
    def load(cls, name: str, text: str) -> Account:
        data = json.loads(text)
        return cls(name, cast(Role, data["role"]), data["password"], bool(data["disabled"]))


def accounts(store: Store) -> list[Account]:
    """All accounts, by name."""
    stored = store.meta(_PREFIX)
    return [Account.load(k[len(_PREFIX) :], v) for k, v in sorted(stored.items())]


def _log(store: Store, actor: str, action: str, subject: str, detail: str = "") -> None:
    store.append_ledger(ACCESS_LOG, [LedgerDraft(store.clock(), actor, action, subject, detail)])


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise SvidokError(f"a password needs at least {MIN_PASSWORD} characters")


def _get(store: Store, name: str) -> Account:
    stored = store.meta(_PREFIX + name).get(_PREFIX + name)
    if stored is None:
        raise SvidokError(f"no account named {name!r}")
    return Account.load(name, stored)


def add_account(store: Store, name: str, role: str, password: str, *, by: Principal) -> Account:
    """Create an account. The first one must be an administrator; later ones need one."""
    if not _NAME.fullmatch(name):
        raise SvidokError(
            f"account name {name!r}: use 1-64 lowercase letters, digits, '.', '_' or '-'"
        )
    if role not in ROLES:
        raise SvidokError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    existing = accounts(store)
    if not existing and role != "admin":
        raise SvidokError("the first account must be an administrator (--role admin)")
    by.require("admin", "create accounts")
    if any(a.name == name for a in existing):
        raise SvidokError(f"an account named {name!r} exists")
    _check_password(password)
    account = Account(name, role, _HASHER.hash(password))
    store.set_meta({_PREFIX + name: account.dump()})
    _log(store, by.name, "account.add", name, f"role {role}")
    return account


def set_role(store: Store, name: str, role: str, *, by: Principal) -> Account:
    """Change an account's role (administrators only; the last administrator stays one)."""
    by.require("admin", "change roles")
    if role not in ROLES:
        raise SvidokError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    account = _get(store, name)
    admins = [a for a in accounts(store) if a.role == "admin" and not a.disabled]
    if account.role == "admin" and role != "admin" and len(admins) == 1:
        raise SvidokError(f"{name} is the last administrator")
    changed = Account(name, role, account.password, account.disabled)
    store.set_meta({_PREFIX + name: changed.dump()})
    _log(store, by.name, "account.role", name, f"{account.role} -> {role}")
    return changed


def set_password(store: Store, name: str, password: str, *, by: Principal) -> None:
    """Set a password: one's own, or anyone's as an administrator."""
    if by.name != name or not by.authenticated:
        by.require("admin", "set other accounts' passwords")
    _check_password(password)
    account = _get(store, name)
    changed = Account(name, account.role, _HASHER.hash(password), account.disabled)
    store.set_meta({_PREFIX + name: changed.dump()})
    _log(store, by.name, "account.password", name)


def disable_account(store: Store, name: str, *, by: Principal) -> None:
    """Disable an account (administrators only; never the last administrator)."""
    by.require("admin", "disable accounts")
    account = _get(store, name)
    admins = [a for a in accounts(store) if a.role == "admin" and not a.disabled]
    if account.role == "admin" and admins == [account]:
        raise SvidokError(f"{name} is the last administrator")
    store.set_meta({_PREFIX + name: Account(name, account.role, account.password, True).dump()})
    _log(store, by.name, "account.disable", name)


def authenticate(store: Store, name: str, password: str) -> Principal:
    """The principal for ``name`` if ``password`` is right; failures are logged and raise
    :class:`AuthenticationError` with one message for every cause."""
    stored = store.meta(_PREFIX + name).get(_PREFIX + name)
    account = Account.load(name, stored) if stored is not None else None
    try:
        _HASHER.verify(account.password if account else _DUMMY, password)
        ok = account is not None and not account.disabled
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or account is None:
        safe = name if _NAME.fullmatch(name) else "(invalid name)"
        _log(store, safe, "login.failed", safe)
        raise AuthenticationError(f"sign-in failed for {safe!r}: wrong account or password")
    if _HASHER.check_needs_rehash(account.password):
        store.set_meta({_PREFIX + name: Account(name, account.role, _HASHER.hash(password)).dump()})
    return Principal(name, account.role)
