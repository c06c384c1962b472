"""Protection: the identity vault (encryption keys, AES-GCM), roles and accounts enforced by
the store, consent and redaction, key rotation, and encrypted backups.

See docs/security.md for the threat model and what each promise rests on. Modules are
imported on use (``svidok.protect.keys``, ``.crypto``, ``.roles``, ``.guard``, ``.accounts``,
``.consent``, ``.session``, ``.vault``, ``.backup``): the store imports ``consent`` while it
is itself being imported.
"""

__all__: list[str] = []
