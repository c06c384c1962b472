"""Roles and what each may do; the principal a store is opened for.

| role        | reads identifying data | writes records | judgements | linkage runs | evidence originals | accounts, keys, backups |
|-------------|------------------------|----------------|------------|--------------|--------------------|-------------------------|
| admin       | yes                    | yes            | yes        | yes          | add, copy          | yes                     |
| analyst     | yes                    | no             | no         | yes          | no                 | no                      |
| documenter  | yes                    | yes            | no         | no           | add, copy          | no                      |
| reviewer    | yes                    | no             | yes        | no           | copy               | no                      |
| viewer      | no                     | no             | no         | no           | no                 | no                      |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import SvidokError

__all__ = ["PERMISSIONS", "ROLES", "AccessDenied", "Permission", "Principal", "Role"]

Role = Literal["admin", "analyst", "documenter", "reviewer", "viewer"]
Permission = Literal[
    "read_identity", "write", "judge", "link", "evidence_add", "evidence_copy", "admin"
]
ROLES: tuple[Role, ...] = ("admin", "analyst", "documenter", "reviewer", "viewer")

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    "admin": frozenset(
        {"read_identity", "write", "judge", "link", "evidence_add", "evidence_copy", "admin"}
    ),
    "analyst": frozenset({"read_identity", "link"}),
    "documenter": frozenset({"read_identity", "write", "evidence_add", "evidence_copy"}),
    "reviewer": frozenset({"read_identity", "judge", "evidence_copy"}),
    "viewer": frozenset(),
}


class AccessDenied(SvidokError):
    """The principal's role does not allow this (nothing was read or written)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is using the store: an account (``authenticated``) or, while a database has no
    accounts yet, the operating-system user acting as administrator."""

    name: str
    role: Role
    authenticated: bool = True

    def __post_init__(self) -> None:
        if self.role not in PERMISSIONS:
            raise ValueError(f"unknown role {self.role!r} (known: {', '.join(ROLES)})")

    def may(self, permission: Permission) -> bool:
        """Whether the role grants ``permission``."""
        return permission in PERMISSIONS[self.role]

    def require(self, permission: Permission, what: str) -> None:
        """Raise :class:`AccessDenied` naming ``what`` unless the role grants ``permission``."""
        if not self.may(permission):
            raise AccessDenied(f"{self.name} ({self.role}) may not {what}")
