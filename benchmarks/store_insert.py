"""Benchmark: insert N persons with one event each (plus involvement) through the Store.

    python benchmarks/store_insert.py --backend sqlite --persons 1000000
    python benchmarks/store_insert.py --backend postgres --persons 1000000

Records come from the demo generator's streaming ``bulk()`` (one source, then per person a
person record, an event and an involvement linking them, and with ``--claims`` a claim citing
the source; all built and validated with ``model.make``) and are
written with one ``Store.add`` call: one transaction, audit entry per record. Reports wall
time, persons/s and records/s (all records, audit rows not counted) for the whole run
(generation + validation + store) and for the store alone, and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from svidok import demo
from svidok.model import Record
from svidok.store import open_store


def run(backend: str, persons: int, seed: int, claims: bool) -> dict[str, object]:
    server = None
    with tempfile.TemporaryDirectory(prefix="svidok-bench-") as tmp:
        if backend == "sqlite":
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        elif backend == "postgres":
            from svidok.testing.postgres import PostgresServer

            server = PostgresServer().start()
            url = server.create_database("bench")
        else:
            url = "memory://"
        store = open_store(url, migrate=True)
        generation = 0.0
        records = 0

        # Time spent generating records is measured apart from the store's.
        def timed_records() -> Iterator[Record]:
            nonlocal generation, records
            iterator = demo.bulk(persons, seed=seed, claims=claims)
            while True:
                started = time.perf_counter()
                try:
                    record = next(iterator)
                except StopIteration:
                    return
                generation += time.perf_counter() - started
                records += 1
                yield record

        started = time.perf_counter()
        done = 0
        last = started

        def progress(n: int) -> None:
            nonlocal done, last
            done += n
            now = time.perf_counter()
            if now - last > 15:
                last = now
                print(f"  {done:,} records, {done / (now - started):,.0f}/s", file=sys.stderr)

        summary = store.add(timed_records(), actor="benchmark", progress=progress)
        wall = time.perf_counter() - started
        counts = {k: store.count(k) for k in ("person", "event", "involvement")}
        store.close()
        if server is not None:
            server.stop()
    store_only = wall - generation
    return {
        "backend": backend,
        "persons": persons,
        "records": records,
        "claims": claims,
        "created": summary.created,
        "counts": counts,
        "wall_s": round(wall, 1),
        "persons_per_s": round(persons / wall),
        "records_per_s": round(records / wall),
        "store_only_s": round(store_only, 1),
        "store_only_persons_per_s": round(persons / store_only),
        "store_only_records_per_s": round(records / store_only),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "memory"], default="sqlite")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--claims", action="store_true", help="also a claim per person")
    args = parser.parse_args()
    print(json.dumps(run(args.backend, args.persons, args.seed, args.claims)))


if __name__ == "__main__":
    main()
