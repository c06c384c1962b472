"""Benchmark: the web application under 20 concurrent clients on loopback, 100k persons.

    python benchmarks/web_load.py --persons 100000 --clients 20 --requests 50

Builds a SQLite database from the demo generator's streaming ``bulk()`` (per person: a
person record, an event, an involvement and a claim), adds an administrator account, starts
``svidok serve`` in its own process on 127.0.0.1, waits until its indexes are built, then has
``--clients`` threads each sign in and, once all have, make ``--requests`` requests alternating
between the dashboard (``/``) and a name search (``/persons?q=``, half the queries in Latin
letters for names stored in Cyrillic). Reports latency percentiles per page, the throughput and
the access-log entries the run added (every search page shows names: one "read" entry each).
Bounded: every client stops after its requests or after ``--seconds``, and the server is
stopped.

``--database PATH`` keeps the database (and the searched surnames beside it, ``PATH.json``)
for later runs, which then skip the build.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from svidok import demo
from svidok.model import Record
from svidok.names.translit import transliterate
from svidok.protect.accounts import add_account
from svidok.protect.roles import Principal
from svidok.store import open_store

PASSWORD = "benchmark password"


def build(path: Path, persons: int, seed: int) -> tuple[float, list[str]]:
    started = time.perf_counter()
    store = open_store(f"sqlite:///{path}", migrate=True)
    surnames: list[str] = []

    def records() -> Iterator[Record]:
        for record in demo.bulk(persons, seed=seed):
            if record.kind == "person" and len(surnames) < 400 and record["name"].surname:
                surnames.append(record["name"].surname)
            yield record

    store.add(records(), actor="benchmark")
    add_account(store, "bench", "admin", PASSWORD, by=Principal("benchmark", "admin", False))
    store.close()
    return time.perf_counter() - started, surnames


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _sign_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    token = client.get("/api/v1/session").json()["csrf"]
    response = client.post(
        "/api/v1/session",
        json={"name": "bench", "password": PASSWORD},
        headers={"X-CSRF-Token": token},
    )
    response.raise_for_status()
    return client


def _cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used (Linux), or None where /proc is not there."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _access_reads(path: Path) -> int:
    """How many "read" entries the access log holds."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        query = "SELECT count(*) FROM ledger WHERE log = 'access' AND action = 'read'"
        return int(db.execute(query).fetchone()[0])


def _percentiles(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return {
        "n": len(values),
        "p50_ms": round(q[49] * 1000, 1),
        "p95_ms": round(q[94] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "max_ms": round(values[-1] * 1000, 1),
    }


def _database(data: Path, kept: Path | None, persons: int, seed: int) -> tuple[float, list[str]]:
    """Build the database in ``data`` (or reuse the one kept at ``kept``)."""
    if kept is None:
        return build(data / "svidok.db", persons, seed)
    names = kept.with_name(kept.name + ".json")
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        seconds, surnames = build(kept, persons, seed)
        names.write_text(json.dumps({"persons": persons, "seed": seed, "surnames": surnames}))
    else:
        seconds, meta = 0.0, json.loads(names.read_text())
        if (meta["persons"], meta["seed"]) != (persons, seed):
            raise SystemExit(f"{kept} holds {meta['persons']} persons (seed {meta['seed']})")
        surnames = meta["surnames"]
    (data / "svidok.db").symlink_to(kept.resolve())
    return seconds, surnames


def run(
    persons: int,
    clients: int,
    requests: int,
    seconds: float,
    seed: int,
    kept: Path | None = None,
) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="svidok-web-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        build_seconds, surnames = _database(data, kept, persons, seed)
        print(f"database: {persons:,} persons in {build_seconds:.0f} s", file=sys.stderr)
        port = _port()
        env = {**os.environ, "SVIDOK_DATA_DIR": str(data), "SVIDOK_CONFIG": str(data / "none")}
        server = subprocess.Popen(
            [sys.executable, "-m", "svidok", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        print(f"server: pid {server.pid} on port {port}", file=sys.stderr)
        base = f"http://127.0.0.1:{port}"
        try:
            started = time.perf_counter()
            while True:  # the server is up and its indexes are built
                try:
                    probe = _sign_in(base)
                    page = probe.get("/")
                    search = probe.get("/persons", params={"q": surnames[0]})
                    probe.close()
                    ready = page.status_code == search.status_code == 200
                    if ready and 'id="h-map"' in page.text:
                        break
                except httpx.TransportError:
                    pass
                if time.perf_counter() - started > 900:
                    raise RuntimeError("the server did not get ready in 15 minutes")
                time.sleep(1)
            warmup = time.perf_counter() - started
            print(f"server ready (indexes built) in {warmup:.0f} s", file=sys.stderr)
            timings: dict[str, list[float]] = {"dashboard": [], "search": []}
            errors: list[str] = []
            lock = threading.Lock()
            deadline = time.perf_counter() + seconds

            begun: list[float] = []
            cpu_before: list[float | None] = []

            def begin() -> None:
                begun.append(time.perf_counter())
                cpu_before.append(_cpu_seconds(server.pid))

            started_together = threading.Barrier(clients, action=begin, timeout=300)

            def client_loop(n: int) -> None:
                rng = random.Random(n)
                try:
                    client = _sign_in(base)
                except BaseException:
                    started_together.abort()
                    raise
                started_together.wait()  # sign-ins (Argon2id) are not part of the measure
                for i in range(requests):
                    if time.perf_counter() > deadline:
                        break
                    if i % 2 == 0:
                        name, url, params = "dashboard", "/", {}
                    else:
                        surname = rng.choice(surnames)
                        if rng.random() < 0.5:
                            surname = transliterate(surname, "kmu2010")
                        name, url, params = "search", "/persons", {"q": surname}
                    t0 = time.perf_counter()
                    response = client.get(url, params=params)
                    elapsed = time.perf_counter() - t0
                    with lock:
                        timings[name].append(elapsed)
                        if response.status_code != 200:
                            errors.append(f"{url} {response.status_code}")
                client.close()

            reads_before = _access_reads(data / "svidok.db")
            threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - begun[0]
            cpu_after = _cpu_seconds(server.pid)
            reads = _access_reads(data / "svidok.db") - reads_before
        finally:
            server.terminate()
            server.wait(timeout=30)
    total = sum(len(v) for v in timings.values())
    return {
        "persons": persons,
        "clients": clients,
        "build_seconds": round(build_seconds, 1),
        "index_warmup_seconds": round(warmup, 1),
        "requests": total,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "wall_seconds": round(wall, 1),
        "requests_per_second": round(total / wall, 1),
        "access_log_reads": reads,
        # Less dependent on other load on the machine than latencies are.
        "server_cpu_ms_per_request": (
            round((cpu_after - cpu_before[0]) * 1000 / total, 2)
            if cpu_before and cpu_before[0] is not None and cpu_after is not None and total
            else None
        ),
        "dashboard": _percentiles(timings["dashboard"]),
        "search": _percentiles(timings["search"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="per client")
    parser.add_argument("--seconds", type=float, default=300, help="stop after this long")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", type=Path, help="keep the database here and reuse it")
    args = parser.parse_args()
    result = run(args.persons, args.clients, args.requests, args.seconds, args.seed, args.database)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
