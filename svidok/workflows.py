"""Workflows that join the pure core to a store: what CLI commands and web views call."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import SvidokError
from .estimate.histories import capture_tables
from .estimate.methods import DEFAULT_METHODS
from .estimate.report import EstimationReport, estimate_strata
from .ingest.importer import ImportSummary, import_file, write_rejects
from .model import Record
from .report import StatRow, count_events
from .report.captures import ListBy, PersonCaptures, person_captures
from .report.stats import Granularity, person_origins
from .store import ApplySummary, Store

__all__ = [
    "DemoAlreadyLoaded",
    "DemoLoad",
    "estimate",
    "import_spreadsheet",
    "import_telegram",
    "load_demo",
    "published_figures",
    "resolved_identities",
    "stats",
]


@dataclass
class DemoLoad:
    """What loading the demo scenario did."""

    summary: ApplySummary
    population: int  # fictional true persons, documented or not
    documented: int  # of those, named by at least one source
    person_records: int  # appearances in sources (and relatives, witnesses): before linkage
    truth_file: Path | None


def load_demo(
    store: Store,
    *,
    seed: int,
    persons: int,
    actor: str,
    truth_file: Path | None,
    progress: Callable[[int], None] | None = None,
) -> DemoLoad:
    """Generate the fictional demo scenario, store it, and write its ground truth to a CSV."""
    from . import demo

    scenario = demo.generate(seed=seed, persons=persons)
    first = scenario.records[0]
    if store.get(first.kind, first.id) is not None:
        raise DemoAlreadyLoaded(seed)
    summary = store.add(scenario.records, actor=actor, progress=progress)
    if truth_file is not None:
        truth_file.parent.mkdir(parents=True, exist_ok=True)
        rows = demo.truth_rows(scenario)
        with truth_file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["person_record_id", "true_id", "source_id"])
            writer.writerows(rows)
    person_records = sum(1 for r in scenario.records if r.kind == "person")
    return DemoLoad(
        summary, scenario.population_size, len(scenario.observed), person_records, truth_file
    )


class DemoAlreadyLoaded(SvidokError):
    """The demo scenario with this seed is already in the store."""

    def __init__(self, seed: int) -> None:
        super().__init__(f"the demo scenario with seed {seed} is already loaded")
        self.seed = seed


def stats(
    store: Store, *, by: tuple[str, ...], granularity: Granularity, linked: bool = True
) -> list[StatRow]:
    """Documented counts from the store's events, involvements, claims and sources; with
    ``linked`` and a linkage run, persons are counted once per resolved person."""
    identities = None
    if linked:
        runs = store.linkage_runs()
        if runs:
            identities = dict(store.linkage_clusters(runs[-1].id))
    origins = person_origins(store.scan("person"), identities) if "origin" in by else None
    return count_events(
        store.scan("event"),
        store.scan("involvement"),
        store.scan("claim"),
        store.scan("source"),
        by=by,
        granularity=granularity,
        identities=identities,
        origins=origins,
    )


def published_figures(store: Store) -> list[tuple[Record, Record | None]]:
    """Published figures with their sources, side by side, never merged."""
    figures = list(store.scan("published_figure"))
    sources = store.get_many("source", {f["source"] for f in figures})
    return [(f, sources.get(f["source"])) for f in figures]


def import_spreadsheet(
    store: Store,
    path: Path,
    mapping_path: Path,
    *,
    actor: str,
    accept_partial: bool = False,
    rejects_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
    salt: bytes = b"",
) -> ImportSummary:
    """Import a CSV or XLSX file through a mapping, in one transaction (see ingest.importer).

    A mapping with ``format: uwazi`` reads an Uwazi CSV export; ``salt`` keys the hashes of
    entity titles in its keys (the installation's salt: keep it for a dataset's life).
    """
    from .ingest.base import Adapter
    from .ingest.mapping import parse_mapping, read_mapping_data
    from .ingest.spreadsheet import SpreadsheetImport
    from .ingest.uwazi import UwaziImport
    from .ingest.uwazi_mapping import parse_uwazi_mapping

    data = read_mapping_data(mapping_path)
    adapter: Adapter
    if isinstance(data, dict) and data.get("format") == "uwazi":
        adapter = UwaziImport(path, parse_uwazi_mapping(data, str(mapping_path)), salt=salt)
    else:
        adapter = SpreadsheetImport(path, parse_mapping(data, str(mapping_path)))
    return _finish(
        import_file(store, adapter, actor=actor, accept_partial=accept_partial, progress=progress),
        path,
        rejects_dir,
    )


def _finish(summary: ImportSummary, path: Path, rejects_dir: Path | None) -> ImportSummary:
    if summary.rejects and rejects_dir is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        summary.rejects_file = write_rejects(
            summary.rejects, rejects_dir / f"{path.stem}-{stamp}.csv"
        )
    return summary


def import_telegram(
    store: Store,
    path: Path,
    *,
    chat: str | None,
    actor: str,
    salt: bytes,
    evidence_dir: Path,
    accept_partial: bool = False,
    rejects_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import a Telegram Desktop export (one chat) with its media, privacy rules applied."""
    from .ingest.telegram import TelegramExport
    from .protect.session import evidence_files

    adapter = TelegramExport(path, salt=salt, chat=chat, store=store)
    summary = import_file(
        store,
        adapter,
        actor=actor,
        accept_partial=accept_partial,
        evidence=evidence_files(store, evidence_dir, actor),
        progress=progress,
    )
    return _finish(summary, path, rejects_dir)


def resolved_identities(store: Store) -> dict[str, str] | None:
    """Person record id -> resolved person id from the latest linkage run (None: not linked)."""
    runs = store.linkage_runs()
    return dict(store.linkage_clusters(runs[-1].id)) if runs else None


def estimate(
    store: Store,
    *,
    by: tuple[str, ...] = (),
    granularity: Granularity = "year",
    types: tuple[str, ...] | None = None,
    list_by: ListBy = "source",
    merges: dict[str, list[str]] | None = None,
    methods: tuple[str, ...] = DEFAULT_METHODS,
    seed: int = 1,
    options: dict[str, object] | None = None,
    max_lists: int = 5,
) -> tuple[EstimationReport, PersonCaptures]:
    """Capture histories of resolved persons from the store, estimated per stratum.

    Without a linkage run each person record counts as a person, which overstates both the
    documented count and the estimate: the report says so (``linked`` is False).
    """
    identities = resolved_identities(store)
    origins = person_origins(store.scan("person"), identities) if "origin" in by else None
    captures = person_captures(
        store.scan("event"),
        store.scan("involvement"),
        store.scan("claim"),
        store.scan("source"),
        identities=identities,
        by=by,
        granularity=granularity,
        types=types,
        list_by=list_by,
        merges=merges,
        origins=origins,
    )
    if not captures.strata:
        raise SvidokError("no victims of the chosen event types: nothing to estimate")
    tables = capture_tables(captures.strata)
    report = estimate_strata(
        tables, by=by, methods=methods, seed=seed, options=dict(options or {}), max_lists=max_lists
    )
    return report, captures
