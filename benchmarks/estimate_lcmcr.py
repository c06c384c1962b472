"""Benchmark: the LCMCR Gibbs sampler (svidok.estimate.lcmcr), printed as one JSON document.

    python benchmarks/estimate_lcmcr.py            # uses the numba cache if present
    python benchmarks/estimate_lcmcr.py --cold     # compiles into a fresh cache directory

Reports the time to get the compiled sampler (compile, or load from cache), single-chain sweeps
per second with K = 10 latent classes for a 4-list table (T11, HIV Rome, n = 1,896) and a
6-list table (T2, UK 2013, n = 2,744), and the wall time of a default run (4 chains in threads,
K = 10, 10,000 burn-in sweeps, 1,000 draws thinned by 10) on the 4-list tables T10 and T11,
with the estimate and its diagnostics. Tables come from ../shared/mse/tables.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TABLES = Path(__file__).resolve().parents[1].parent / "shared" / "mse" / "tables.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="compile into an empty numba cache")
    parser.add_argument("--sweeps", type=int, default=20_000, help="sweeps per speed run")
    args = parser.parse_args()
    if args.cold:
        os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="svidok-numba-")
    if not TABLES.exists():
        sys.exit(f"reference tables not found at {TABLES}")

    import numpy as np

    from svidok.estimate import CaptureTable, lcmcr

    data = json.loads(TABLES.read_text(encoding="utf-8"))

    def table(name: str) -> CaptureTable:
        entry = data[name]
        return CaptureTable.from_cells(
            entry["lists"], [(c["pattern"], c["count"]) for c in entry["cells"]]
        )

    out: dict[str, Any] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cold_cache": args.cold,
    }
    start = time.perf_counter()
    from svidok.estimate._lcmcr_kernel import run_chain

    t17 = table("T17")
    cells = np.array(list(t17.counts), dtype=np.int64)
    freq = np.array(list(t17.counts.values()), dtype=np.int64)
    run_chain(cells, freq, classes=10, a_alpha=0.25, b_alpha=0.25, burnin=0, samples=4,
              thinning=1, seed=0, warmup=0)  # fmt: skip
    out["first_call_seconds"] = round(time.perf_counter() - start, 2)

    speed: dict[str, Any] = {}
    for label, name in (("J=4", "T11"), ("J=6", "T2")):
        t = table(name)
        cells = np.array(list(t.counts), dtype=np.int64)
        freq = np.array(list(t.counts.values()), dtype=np.int64)
        start = time.perf_counter()
        run_chain(cells, freq, classes=10, a_alpha=0.25, b_alpha=0.25, burnin=args.sweeps,
                  samples=4, thinning=1, seed=1, warmup=0)  # fmt: skip
        seconds = time.perf_counter() - start
        speed[label] = {
            "table": name,
            "n": t.n,
            "cells": len(t.counts),
            "sweeps": args.sweeps,
            "seconds": round(seconds, 3),
            "sweeps_per_second": round(args.sweeps / seconds),
        }
    out["single_chain_K10"] = speed

    runs: dict[str, Any] = {}
    for name in ("T10", "T11"):
        start = time.perf_counter()
        result = lcmcr(table(name), seed=0)
        seconds = time.perf_counter() - start
        d = result.diagnostics
        runs[name] = {
            "seconds": round(seconds, 2),
            "settings": "4 chains, K=10, burn-in 10,000, 1,000 draws thinned by 10",
            "estimate": None if result.refused else result.estimate,
            "lower": None if result.refused else result.lower,
            "upper": None if result.refused else result.upper,
            "chain_medians": d["chain_medians"],
            "refused": result.refused,
            "rhat": round(d["rhat"], 3),
            "ess_bulk": round(d["ess_bulk"]),
            "ess_tail": round(d["ess_tail"]),
            "warnings": list(result.warnings),
        }
    out["default_run"] = runs
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
