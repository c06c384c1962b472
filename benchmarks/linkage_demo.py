"""Benchmark: linkage quality and cost on the demo scenario, svidok vs a plain Splink baseline.

    python benchmarks/linkage_demo.py --records 10000
    python benchmarks/linkage_demo.py --records 100000
    python benchmarks/linkage_demo.py --records 1000000 --only svidok

The data: fictional persons from the demo generator, each appearing in one or more of its
sources (NGO lists, interviews, court records, Telegram posts, an international report) in
Ukrainian, Russian or Latin script, inflected, with typos, ages instead of birth dates and
missing fields; generated as whole scenarios of at most 20,000 persons (independent seeds)
until the number of person records is reached. Ground truth: the true person behind each record.

(a) svidok: name keys from svidok.names, the model of svidok.linkage.model, trained
unsupervised (prior, u by sampling, EM), pairs scored, clustered at match probability 0.9.
(b) baseline: plain Splink on the raw strings: Jaro-Winkler on the full name as written,
exact birth date, region; trained the same way; blocking rules giving a similar number of
candidate pairs; clustered with Splink's connected components at 0.9.

Reports against the truth: scored pairs at the threshold; pairwise precision/recall/F1 of
the resolution (two records are a found pair when they end in one cluster); cluster
precision/recall/F1 (a found cluster counts when it is exactly one true person's records);
the time of each stage and the peak RSS after it (one process per approach: run with --only
to measure one).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import logging
import resource
import time
from collections import defaultdict
from typing import Any

from svidok.linkage.run import LinkOptions

CHUNK = 20_000
MEMORY = "6GB"  # DuckDB's share; it spills to disk beyond this
GENERATION_S = [0.0]  # time spent making the demo data, not linkage work


def scenario_rows(
    records: int, seed: int, baseline: bool = True, svidok: bool = True
) -> tuple[Any, dict[str, str], list[dict[str, Any]], dict[str, Any]]:
    """Svidok linkage rows (an Arrow table, built chunk by chunk: a million row dicts would
    take gigabytes), truth (record id -> true id), raw rows for the baseline, and each
    record's profile for clustering."""
    import pyarrow as pa

    from svidok.demo import generate
    from svidok.linkage.features import context_from, profile, rows

    tables: list[Any] = []
    made = 0
    raw: list[dict[str, Any]] = []
    truth: dict[str, str] = {}
    profiles: dict[str, Any] = {}
    chunk = 0
    while made < records:
        # Whole scenarios (every source of a person present): about 1.5 records per person.
        persons = max(100, min(CHUNK, int((records - made) / 1.45) + 1))
        out: list[dict[str, Any]] = []
        started = time.perf_counter()
        scenario = generate(seed=seed * 1000 + chunk, persons=persons)
        GENERATION_S[0] += time.perf_counter() - started
        by_kind: dict[str, list[Any]] = defaultdict(list)
        for r in scenario.records:
            by_kind[r.kind].append(r)
        context = context_from(
            by_kind["event"], by_kind["involvement"], by_kind["claim"], by_kind["source"]
        )
        for person in by_kind["person"]:
            if person.get("name") is None:
                continue
            if made + len(out) >= records:
                break
            if svidok:
                row = next(rows([person], context))
                profiles[person.id] = profile(row)
            else:
                row = {"unique_id": person.id}
            out.append(row)
            truth[person.id] = f"{chunk}:{scenario.truth[person.id]}"
            birth = person.get("birth")
            origin = person.get("origin")
            if not baseline:
                continue
            raw.append(
                {
                    "unique_id": person.id,
                    "full_name": person["name"].full.lower(),
                    "first_token": person["name"].full.lower().split()[0],
                    "birth_date": birth.start.isoformat()
                    if birth is not None and birth.precision == "day"
                    else None,
                    "birth_year": birth.start.year if birth is not None and birth.start else None,
                    "region": origin.region if origin is not None else None,
                }
            )
        chunk += 1
        made += len(out)
        tables.append(pa.Table.from_pylist(out))
        del scenario, by_kind, out
        gc.collect()
    return pa.concat_tables(tables, promote_options="default"), truth, raw, profiles


def true_pairs(truth: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for record, person in truth.items():
        groups[person].append(record)
    return {
        pair for members in groups.values() for pair in itertools.combinations(sorted(members), 2)
    }


def scores(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(found & truth)
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if tp else 0.0,
    }


def exact_clusters(clusters: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    """Cluster precision/recall: the share of found clusters that are exactly a true person's
    records, and of true persons whose records form exactly one found cluster."""

    def groups(mapping: dict[str, str]) -> set[frozenset[str]]:
        by: dict[str, set[str]] = defaultdict(set)
        for record, key in mapping.items():
            by[key].add(record)
        return {frozenset(g) for g in by.values()}

    found = groups({r: clusters.get(r, r) for r in truth})
    true = groups(truth)
    same = len(found & true)
    p, r = same / len(found), same / len(true)
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if same else 0.0,
    }


def rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def cluster_pairs(clusters: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for record, cluster in clusters.items():
        groups[cluster].append(record)
    return {
        pair for members in groups.values() for pair in itertools.combinations(sorted(members), 2)
    }


def run_svidok(rows: Any, threshold: float, profiles: dict[str, Any]) -> dict[str, Any]:
    from svidok.linkage import engine
    from svidok.linkage.backends import database_api
    from svidok.linkage.cluster import cluster

    t = {}
    started = time.perf_counter()
    model = engine.train(rows, database_api("duckdb", memory_limit=MEMORY), seed=1, max_pairs=2e6)
    t["train_s"] = time.perf_counter() - started
    t["train_peak_rss_mb"] = rss_mb()
    started = time.perf_counter()
    pairs = [
        (p.left, p.right, p.probability)
        for p in engine.predict(
            rows, model, database_api("duckdb", memory_limit=MEMORY), min_probability=0.05
        )
    ]
    t["predict_s"] = time.perf_counter() - started
    t["predict_peak_rss_mb"] = rss_mb()
    started = time.perf_counter()
    ids = rows.column("unique_id").to_pylist()
    clusters = cluster(ids, pairs, threshold, None, profiles).clusters
    t["cluster_s"] = time.perf_counter() - started
    t["cluster_peak_rss_mb"] = rss_mb()
    sweep = {
        str(other): cluster(ids, pairs, other, None, profiles).clusters
        for other in (0.5, 0.7, 0.8, 0.9)
        if other != threshold
    }
    return {"pairs": pairs, "clusters": clusters, "timings": t, "sweep": sweep}


def run_baseline(
    raw: list[dict[str, Any]], threshold: float, profiles: Any = None
) -> dict[str, Any]:
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("full_name", [0.95, 0.88, 0.8]),
            cl.ExactMatch("birth_date"),
            cl.ExactMatch("region"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_token", "birth_year"),
            block_on("first_token", "region"),
            block_on("substr(full_name, 1, 4)", "birth_date"),
        ],
        probability_two_random_records_match=0.0005,
    )
    t = {}
    from svidok.linkage.backends import database_api

    db = database_api("duckdb", memory_limit=MEMORY)
    frame = db.register(pa.Table.from_pylist(raw))
    linker = Linker(frame, settings, log_level=logging.ERROR)
    started = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("first_token", "birth_year"), block_on("birth_date")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    t["train_s"] = time.perf_counter() - started
    t["train_peak_rss_mb"] = rss_mb()
    started = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=0.05)
    frame_out = predictions.as_pandas_dataframe()
    pairs = [
        (min(a, b), max(a, b), p)
        for a, b, p in zip(
            frame_out.unique_id_l, frame_out.unique_id_r, frame_out.match_probability, strict=True
        )
    ]
    t["predict_s"] = time.perf_counter() - started
    t["predict_peak_rss_mb"] = rss_mb()
    started = time.perf_counter()
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    cdf = clustered.as_pandas_dataframe()
    clusters = dict(zip(cdf.unique_id, cdf.cluster_id, strict=True))
    t["cluster_s"] = time.perf_counter() - started
    t["cluster_peak_rss_mb"] = rss_mb()
    return {"pairs": pairs, "clusters": clusters, "timings": t}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=LinkOptions().threshold)
    parser.add_argument("--only", choices=["svidok", "baseline"])
    args = parser.parse_args()
    started = time.perf_counter()
    rows, truth, raw, profiles = scenario_rows(
        args.records, args.seed, baseline=args.only != "svidok", svidok=args.only != "baseline"
    )
    features_s = time.perf_counter() - started - GENERATION_S[0]
    truth_pairs = true_pairs(truth)
    report: dict[str, Any] = {
        "records": rows.num_rows,
        "true_pairs": len(truth_pairs),
        "generate_s": round(GENERATION_S[0], 1),
        "features_s": round(features_s, 1),
    }
    for name, runner, data in (("svidok", run_svidok, rows), ("baseline", run_baseline, raw)):
        if args.only and args.only != name:
            continue
        result = runner(data, args.threshold, profiles)  # type: ignore[operator]
        found = {(a, b) for a, b, p in result["pairs"] if p >= args.threshold}
        report[name] = {
            "candidate_pairs": len(result["pairs"]),
            "scored_pairs_at_threshold": scores(found, truth_pairs),
            "pairwise": scores(cluster_pairs(result["clusters"]), truth_pairs),
            "cluster": exact_clusters(result["clusters"], truth),
            "timings": {k: round(v, 1) for k, v in result["timings"].items()},
            "peak_rss_mb": rss_mb(),
        }
        for other, clusters in result.get("sweep", {}).items():
            report[name][f"pairwise_at_{other}"] = scores(cluster_pairs(clusters), truth_pairs)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
