"""Published capture-recapture tables from ../shared/mse (skipped with a clear message if absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from svidok.estimate import CaptureTable

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "mse" / "tables.json"


@pytest.fixture(scope="session")
def mse_tables() -> dict[str, Any]:
    if not SHARED.exists():
        pytest.skip(f"reference tables not found at {SHARED} (see ../shared/README.md)")
    return json.loads(SHARED.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def table(mse_tables: dict[str, Any]):  # type: ignore[no-untyped-def]
    """table("T3") -> CaptureTable of that published data set."""

    def get(name: str) -> CaptureTable:
        entry = mse_tables[name]
        return CaptureTable.from_cells(
            entry["lists"], [(c["pattern"], c["count"]) for c in entry["cells"]]
        )

    return get
