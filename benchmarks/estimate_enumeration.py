"""Benchmark: enumerate and rank every hierarchical log-linear model for 5 lists.

    python benchmarks/estimate_enumeration.py                # T3, T5, T16; no heterogeneity
    python benchmarks/estimate_enumeration.py --h Darroch    # with a Darroch column
    python benchmarks/estimate_enumeration.py --tables T16 --repeat 3

For each 5-list table of ../shared/mse/tables.json, ``closedp_ms`` (Rcapture's closedpMS.t:
all main effects, interactions up to order 4, 6,893 models) is timed from a cold start
(existence cache cleared). Prints one JSON document: per table the seconds, the number of
models, how many were fitted (the others refused because their MLE does not exist) and
the three models with the smallest BIC. The aim is at most 30 s per table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from svidok.estimate import CaptureTable, _existence, closedp_ms

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "mse" / "tables.json"


def load(name: str) -> CaptureTable:
    entry = json.loads(SHARED.read_text(encoding="utf-8"))[name]
    return CaptureTable.from_cells(
        entry["lists"], [(c["pattern"], c["count"]) for c in entry["cells"]]
    )


def run(name: str, heterogeneity: str | None, repeat: int) -> dict[str, Any]:
    table = load(name)
    times = []
    ranking = []
    for _ in range(repeat):
        _existence._CACHE.clear()
        start = time.perf_counter()
        ranking = closedp_ms(table, heterogeneity)  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    return {
        "table": name,
        "lists": list(table.lists),
        "n": table.n,
        "heterogeneity": heterogeneity,
        "seconds": round(min(times), 3),
        "seconds_all": [round(t, 3) for t in times],
        "models": len(ranking),
        "fitted": sum(e.ok for e in ranking),
        "best": [
            {
                "model": e.diagnostics["model"],
                "estimate": round(e.estimate, 1),
                "se": None if e.se is None else round(e.se, 1),
                "bic": round(float(e.diagnostics["bic"]), 3),
            }
            for e in ranking[:3]
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", nargs="+", default=["T3", "T5", "T16"])
    parser.add_argument("--h", default=None, choices=["Chao", "Poisson", "Darroch", "Gamma"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not SHARED.exists():
        raise SystemExit(f"reference tables not found at {SHARED}")
    results = [run(name, args.h, args.repeat) for name in args.tables]
    print(
        json.dumps(
            {
                "benchmark": "estimate_enumeration",
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
