"""Benchmark: import a 1,000,000-row CSV list (from the demo generator) with a mapping.

    python benchmarks/import_csv.py --backend sqlite   --rows 1000000
    python benchmarks/import_csv.py --backend postgres --rows 1000000

Each row (№, full name, birth date, region, settlement, event type, event date) becomes a
person, an event, an involvement and a claim citing the list: four audited records, plus the
row's origin. The whole file is one transaction. Then the same file is imported again, which
must add nothing. Reports rows/s and the peak RSS of the process (the CSV is generated first,
in a separate process, and cached in benchmarks/out/).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

OUT = Path(__file__).parent / "out"


def make_csv(rows: int, seed: int) -> Path:
    path = OUT / f"list-{rows}-{seed}.csv"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        code = (
            "import csv, sys; from svidok.demo.tables import bulk_table; "
            f"w = csv.writer(open(sys.argv[1], 'w', encoding='utf-8', newline=''), delimiter=';'); "
            f"w.writerows(bulk_table({rows}, seed={seed}))"
        )
        subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    return path


def run(backend: str, rows: int, seed: int) -> dict[str, object]:
    from svidok.demo.tables import bulk_mapping
    from svidok.ingest.importer import import_file
    from svidok.ingest.mapping import parse_mapping
    from svidok.ingest.spreadsheet import SpreadsheetImport
    from svidok.store import open_store

    path = make_csv(rows, seed)
    mapping = parse_mapping(yaml.safe_load(yaml.safe_dump(bulk_mapping())), "bulk mapping")
    server = None
    with tempfile.TemporaryDirectory(prefix="svidok-bench-") as tmp:
        if backend == "sqlite":
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        else:
            from svidok.testing.postgres import PostgresServer

            server = PostgresServer().start()
            url = server.create_database("bench")
        store = open_store(url, migrate=True)
        started = time.perf_counter()
        first = import_file(store, SpreadsheetImport(path, mapping), actor="benchmark")
        first_s = time.perf_counter() - started
        rss_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        again = import_file(store, SpreadsheetImport(path, mapping), actor="benchmark")
        again_s = time.perf_counter() - started
        counts = {k: store.count(k) for k in ("person", "event", "involvement", "claim")}
        store.close()
        if server is not None:
            server.stop()
    return {
        "backend": backend,
        "rows": rows,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "committed": first.committed,
        "added": first.added,
        "rejected": first.rejected,
        "records_created": first.store.created,
        "counts": counts,
        "import_s": round(first_s, 1),
        "rows_per_s": round(rows / first_s),
        "peak_rss_mb_first_import": round(rss_first),
        "reimport_s": round(again_s, 1),
        "reimport_added": again.added + again.updated,
        "reimport_unchanged": again.unchanged,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.backend, args.rows, args.seed)))


if __name__ == "__main__":
    main()
