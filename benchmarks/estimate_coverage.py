"""Benchmark: do the 95% intervals cover the truth? Simulated populations with known N.

    python benchmarks/estimate_coverage.py --replicates 100

Each replicate draws a closed population of N = 2,000 persons, decides who is on which list,
and keeps the persons on at least one list. Scenarios (capture probabilities drawn per list
and replicate from the ranges given):

- homogeneous: 5 lists, p in 0.15-0.30 for everyone, lists independent;
- heterogeneity: 5 lists, two latent groups of equal size, p in 0.10-0.25 and 0.40-0.60;
- heterogeneity + dependence: as above, and list B copies half of list A's members
  (a list built partly from another) — a direct dependence no latent class explains;
- hard: 4 lists, 70% hidden (p 0.08-0.15) and 30% visible (p 0.35-0.50): two-thirds of the
  hidden are on no list; shown to mark where multiple-systems estimation stops working.

A second design, written to check that rules tuned on the first do not just fit its generator
(not run by default; ``--scenarios beta beta+copy "three groups" "three groups+copy"``):

- beta: 5 lists, each person's visibility drawn from Beta(1.5, 4) and multiplied by each
  list's reach (0.5-1.5; capped at 0.95);
- three groups: 5 lists, 30% / 40% / 30% with p in 0.05-0.15, 0.20-0.35 and 0.45-0.65;
- +copy: as above, and list D copies 40% of list C's members (beta), or list E copies 30% of
  list B's (three groups).

Every default method runs (independence log-linear, SparseMSE stepwise, dga, LCMCR with its
defaults and one longer retry), svidok's rule picks the recommended result among them, and each
interval is checked against N; the latent-class MLE, the Rcapture models (closedp, best BIC)
and the BCa bootstrap of the stepwise model run too (``--extra``) but are not candidates for the
recommendation. Prints, as JSON, per method: coverage among the replicates it gave an interval
for, ``coverage_all`` (refusals counted as misses), mean estimate and width, refusals, and the
recommended method's choices.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from typing import Any

import numpy as np

SCENARIOS: dict[str, dict[str, Any]] = {
    "homogeneous": {"lists": 5, "hidden": 0.0, "p_hidden": (0.15, 0.30), "p_visible": (0.15, 0.30)},
    "heterogeneity": {
        "lists": 5,
        "hidden": 0.5,
        "p_hidden": (0.10, 0.25),
        "p_visible": (0.40, 0.60),
    },
    "heterogeneity+dependence": {
        "lists": 5,
        "hidden": 0.5,
        "p_hidden": (0.10, 0.25),
        "p_visible": (0.40, 0.60),
        "copy": 0.5,
    },
    "hard": {"lists": 4, "hidden": 0.7, "p_hidden": (0.08, 0.15), "p_visible": (0.35, 0.50)},
}
# A second design, not used to tune anything (run with --scenarios): visibility varying
# continuously from person to person, or three groups, and another pair of lists copying.
OTHER_DESIGNS: dict[str, dict[str, Any]] = {
    "beta": {"lists": 5, "beta": (1.5, 4.0), "scale": (0.5, 1.5)},
    "beta+copy": {
        "lists": 5,
        "beta": (1.5, 4.0),
        "scale": (0.5, 1.5),
        "copy": 0.4,
        "copy_pair": (2, 3),
    },
    "three groups": {
        "lists": 5,
        "groups": ((0.3, (0.05, 0.15)), (0.4, (0.2, 0.35)), (0.3, (0.45, 0.65))),
    },
    "three groups+copy": {
        "lists": 5,
        "groups": ((0.3, (0.05, 0.15)), (0.4, (0.2, 0.35)), (0.3, (0.45, 0.65))),
        "copy": 0.3,
        "copy_pair": (1, 4),
    },
}


def simulate(rng: np.random.Generator, n: int, spec: dict[str, Any]) -> np.ndarray:
    """0/1 capture matrix of the whole population (N x J), unobserved rows included."""
    j = spec["lists"]
    if "beta" in spec:
        # each person's visibility from a Beta distribution, scaled by each list's reach
        p = rng.beta(*spec["beta"], (n, 1)) * rng.uniform(*spec["scale"], (1, j))
        p = np.minimum(p, 0.95)
    elif "groups" in spec:
        shares = np.array([share for share, _ in spec["groups"]])
        group = rng.choice(len(shares), size=n, p=shares / shares.sum())
        per_group = np.array([rng.uniform(*bounds, j) for _, bounds in spec["groups"]])
        p = per_group[group]
    else:
        hidden = rng.random(n) < spec["hidden"]
        p = np.where(
            hidden[:, None],
            rng.uniform(*spec["p_hidden"], (1, j)),
            rng.uniform(*spec["p_visible"], (1, j)),
        )
    caught = (rng.random((n, j)) < p).astype(int)
    if spec.get("copy"):
        source, copier = spec.get("copy_pair", (0, 1))
        copied = (caught[:, source] == 1) & (rng.random(n) < spec["copy"])
        caught[copied, copier] = 1
    return caught


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=100)
    parser.add_argument("--scenarios", nargs="*", default=list(SCENARIOS))
    parser.add_argument("--population", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--extra", nargs="*", default=["latentclass", "closedp", "bootstrap"])
    args = parser.parse_args()

    from svidok.estimate import CaptureTable
    from svidok.estimate.methods import DEFAULT_METHODS, estimate_all, recommend

    report: dict[str, Any] = {
        "population": args.population,
        "replicates": args.replicates,
        "methods": list(DEFAULT_METHODS),
        "extra": list(args.extra),
    }
    for scenario in args.scenarios:
        spec = {**SCENARIOS, **OTHER_DESIGNS}[scenario]
        rng = np.random.default_rng(args.seed)
        stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        started = time.perf_counter()
        for replicate in range(args.replicates):
            caught = simulate(rng, args.population, spec)
            rows = caught[caught.sum(axis=1) > 0]
            table = CaptureTable.from_individuals(tuple("ABCDE"[: spec["lists"]]), rows.tolist())
            results = estimate_all(table, DEFAULT_METHODS, seed=replicate + 1)
            best, _ = recommend(results)
            results += estimate_all(table, args.extra, seed=replicate + 1)
            named = [(r.diagnostics.get("method_key", r.method), r) for r in results]
            if best is not None:
                named.append(("recommended", best))
            else:
                stats["recommended"]["refused"] += 1
            for name, r in named:
                s = stats[name]
                if not r.ok:
                    s["refused"] += 1
                    continue
                s["ran"] += 1
                if not np.isfinite([r.estimate, r.lower, r.upper]).all():
                    s["no_finite_interval"] += 1  # counted as a miss (closedp's Mb, Mbh)
                    continue
                s["finite"] += 1
                s["covered"] += r.lower <= args.population <= r.upper
                s["width"] += r.upper - r.lower
                s["estimate"] += r.estimate
                if name == "recommended":
                    s[f"chose_{r.diagnostics.get('method_key', r.method)}"] += 1
        report[scenario] = {"design": spec} | {
            name: {
                "coverage": round(s["covered"] / s["ran"], 3) if s["ran"] else None,
                "coverage_all": round(s["covered"] / args.replicates, 3),
                "mean_estimate": round(s["estimate"] / s["finite"]) if s["finite"] else None,
                "mean_width": round(s["width"] / s["finite"]) if s["finite"] else None,
                "refused": int(s["refused"]),
                "no_finite_interval": int(s["no_finite_interval"]),
                **{k: int(v) for k, v in s.items() if k.startswith(("chose_", "refused_"))},
            }
            for name, s in stats.items()
        }
        report[scenario]["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
