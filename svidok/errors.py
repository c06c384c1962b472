"""Errors that carry enough context for a person to fix their input."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConflictError",
    "NotFoundError",
    "Problem",
    "ReadError",
    "SvidokError",
    "ValidationError",
]


class SvidokError(Exception):
    """Base class: every error the CLI reports as a clean message."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one field of one record."""

    kind: str
    record_id: str | None
    field: str | None
    message: str
    origin: str | None = None  # e.g. "people.csv, line 12"

    def __str__(self) -> str:
        where = [self.origin] if self.origin else []
        who = self.kind + (f" {self.record_id}" if self.record_id else "")
        where.append(who)
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


class ValidationError(SvidokError, ValueError):
    """One or more records failed validation; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [str(p) for p in problems[:20]]
        if len(problems) > 20:
            lines.append(f"... and {len(problems) - 20} more problems")
        super().__init__("\n".join(lines))


class ConflictError(SvidokError):
    """A write conflicts with what is stored (duplicate id, dangling reference)."""


class NotFoundError(SvidokError, LookupError):
    """A record that a change needs does not exist."""


class ReadError(SvidokError):
    """A file that cannot be read at all (encoding, format, size): names the file and place."""

    def __init__(self, file: str, message: str, where: str = "", field: str = "") -> None:
        self.file, self.where, self.field, self.reason = file, where, field, message
        location = ", ".join(part for part in (file, where, field and f"column {field!r}") if part)
        super().__init__(f"{location}: {message}")

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str, str, str]]:
        # Picklable with its parts, so an error in the reading process reaches the importer.
        return (type(self), (self.file, self.reason, self.where, self.field))
