"""The media files of a Telegram message: found in the export folder, hashed, never named.

File names in exports carry people's names and phone numbers ("Повістка_Бондар_+380….pdf"),
so notes and locators say only which message and which field ("message 6: file missing");
the name is kept in the evidence record's encrypted ``filename``.
"""

from __future__ import annotations

import mimetypes
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..evidence.files import hash_file
from .base import ReadReport

__all__ = ["Media", "media_files"]

Media = tuple[dict[str, Any], str, Path]  # evidence values, sha256, absolute path
Skip = Callable[[str, str], None]  # (counter, note)

_NOT_INCLUDED = re.compile(r"^\(.*\)$", re.S)  # "(File not included. Change data exporting...)"
EMPTY = "empty media files (0 bytes: an interrupted download?), preserved as they are"


def media_files(
    raw: dict[str, Any], where: str, folder: Path, report: ReadReport, skip: Skip
) -> tuple[list[Media], bool]:
    """The message's media files, and whether some are not in this export."""
    found: list[Media] = []
    withheld = False
    for field in ("photo", "file"):
        value = raw.get(field)
        if value is None:
            continue
        if field == "file" and raw.get("media_type") == "sticker":
            report.skipped["sticker"] += 1
            continue
        if not isinstance(value, str) or not value.strip() or _NOT_INCLUDED.match(value):
            skip("media not included in the export", f"{where}: {field} not included")
            withheld = True
            continue
        try:
            path = (folder / value).resolve()
            if not path.is_relative_to(folder):
                # A crafted export must not make us copy files from elsewhere.
                skip(
                    "media path outside the export folder",
                    f"{where}: {field} points outside the export folder",
                )
                continue
            mode = path.stat().st_mode if path.exists() else None
            if mode is None:
                skip("media file missing", f"{where}: {field} missing from the export folder")
                withheld = True
                continue
            if not stat.S_ISREG(mode):  # a directory, a FIFO (reading one would hang)...
                skip("media file unreadable", f"{where}: {field} is not a regular file")
                continue
            sha256, size = hash_file(path)
        except (OSError, ValueError) as exc:  # unreadable, or a path with a NUL byte
            # The reason only: the exception's text would repeat the file's name.
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "bad path"
            skip("media file unreadable", f"{where}: {field} unreadable ({reason})")
            continue
        if size == 0:
            report.warnings[EMPTY] += 1
            skip("", f"{where}: {field} is empty (0 bytes), preserved as it is")
        name = raw.get("file_name") if field == "file" else None
        media_type = raw.get("mime_type") if field == "file" else None
        values = {
            "sha256": sha256,
            "size": size,
            "media_type": media_type
            if isinstance(media_type, str) and media_type
            else mimetypes.guess_type(path.name)[0] or "",
            "filename": name if isinstance(name, str) and name else Path(value).name,
            # Not the path: file names carry names and phone numbers (filename is
            # identifying and encrypted; the locator is not).
            "locator": f"{where}, {field}",
        }
        found.append((values, sha256, path))
    return found, withheld
