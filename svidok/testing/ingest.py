"""Helpers for the import tests: write a small list or a Telegram export, propose a mapping for
it, import it through a mapping into a memory store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..ingest.importer import ImportSummary, import_file
from ..ingest.mapping import parse_mapping
from ..ingest.propose import propose_mapping
from ..ingest.spreadsheet import SpreadsheetImport
from ..store import MemoryStore

__all__ = ["import_text", "propose", "write_csv", "write_telegram_export"]


def write_csv(folder: Path, lines: list[str], name: str = "list.csv") -> Path:
    """A UTF-8 CSV of ``lines`` (already joined by the file's delimiter) in ``folder``."""
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def propose(path: Path) -> tuple[dict[str, Any], str]:
    """The proposed mapping of ``path``, parsed and as written."""
    text = propose_mapping(path)
    return yaml.safe_load(text), text


def import_text(
    path: Path, text: str, *, accept_partial: bool = False
) -> tuple[ImportSummary, MemoryStore]:
    """Import ``path`` through the mapping ``text`` (YAML) into a new memory store."""
    mapping = parse_mapping(yaml.safe_load(text), "mapping.yaml")
    store = MemoryStore()
    adapter = SpreadsheetImport(path, mapping)
    summary = import_file(store, adapter, actor="test", accept_partial=accept_partial)
    return summary, store


def write_telegram_export(
    folder: Path, export: dict[str, Any], media: dict[str, bytes] | None = None
) -> Path:
    """A Telegram Desktop export (``result.json`` and its media files) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
    for relative, data in (media or {}).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    return path
