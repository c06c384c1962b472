"""A linkage run over a store: rows from records, train or reuse the model, score pairs,
cluster with the reviewers' judgements, and store the run.

Incremental: with ``incremental``, the latest run's model scores only pairs that involve
records added since that run; the pairs among older records are carried over from it. With
the same model this gives the same pairs and clusters as scoring everything again (tested).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..errors import SvidokError
from ..model.ids import new_id_for_prefix
from ..store import LinkageRun, LinkPair, Store
from . import engine
from .cluster import Clustering, cluster, latest_judgements
from .features import context_from, profile, rows

__all__ = ["LinkOptions", "LinkResult", "judged_pairs", "link", "linkage_rows", "review_queue"]


@dataclass(frozen=True)
class LinkOptions:
    """How to link: backend, thresholds, and the review band."""

    backend: str = "duckdb"
    threshold: float = 0.8  # pairs at or above are merged into one person (docs/linkage.md)
    keep_above: float = 0.05  # pairs kept (for review and incremental runs)
    review_low: float = 0.3  # pairs in [review_low, threshold) go to the review queue
    seed: int = 1
    retrain: bool = False
    incremental: bool = False


@dataclass
class LinkResult:
    """What a run did."""

    run: LinkageRun
    records: int
    pairs: int
    clustering: Clustering
    persons: int  # resolved persons (clusters)
    timings: dict[str, float] = field(default_factory=dict)
    reused_model: bool = False
    carried_pairs: int = 0


def linkage_rows(store: Store) -> list[dict[str, Any]]:
    """The linkage rows of every named person record in the store."""
    context = context_from(
        store.scan("event"), store.scan("involvement"), store.scan("claim"), store.scan("source")
    )
    return list(rows(store.scan("person"), context))


def judged_pairs(store: Store) -> dict[tuple[str, str], str]:
    """The latest "same"/"different" judgement per pair, in the order they were recorded."""
    order = {e.entity_id: f"{e.seq:012d}" for e in store.audit_entries() if e.kind == "judgement"}
    return latest_judgements(
        (j["left"], j["right"], j["decision"], order.get(j.id, "")) for j in store.scan("judgement")
    )


def _encrypted(store: Store) -> bool:
    """Whether the store (or the store a guard wraps) keeps identifying data encrypted."""
    current: Any = store
    for _ in range(4):
        if getattr(current, "encrypted", False) is True:
            return True
        current = getattr(current, "inner", None)
        if current is None:
            return False
    return False


def link(
    store: Store,
    *,
    actor: str,
    options: LinkOptions = LinkOptions(),
    progress: Callable[[str], None] | None = None,
    db_api: Any = None,
) -> LinkResult:
    """Run linkage over ``store`` and store the run (model, pairs, clusters)."""
    from .backends import database_api

    say = progress or (lambda message: None)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    say("reading person records")
    data = linkage_rows(store)
    timings["rows"] = time.perf_counter() - started
    previous = store.linkage_runs()[-1] if store.linkage_runs() else None
    encrypted = _encrypted(store)
    if encrypted and db_api is None and options.backend != "duckdb":
        raise SvidokError(
            "this database is encrypted: Spark would write the name keys it compares to disk "
            "or send them to a cluster in clear. Link it with the duckdb backend, which keeps "
            "them in memory only"
        )
    api = db_api or database_api(options.backend, spill=not encrypted)
    head = store.audit_head()
    version = {"audit_seq": head.seq, "audit_hash": head.hash, "records": len(data)}
    reuse = previous is not None and not options.retrain
    step = time.perf_counter()
    if reuse:
        assert previous is not None
        model = _load_model(previous)
        say("reusing the trained model of run " + previous.id)
    else:
        if options.incremental:
            raise SvidokError(
                "an incremental run needs an earlier run's model: run svidok link first"
            )
        say(f"training on {len(data):,} records")
        model = engine.train(data, api, seed=options.seed, data_version=version)
    timings["train"] = time.perf_counter() - step
    step = time.perf_counter()
    carried: list[LinkPair] = []
    if options.incremental and previous is not None:
        known = {person for person, _ in store.linkage_clusters(previous.id)}
        current = {r["unique_id"] for r in data}
        changed = _changed_since(store, previous) & current  # corrected: scored again
        new = (current - known) | changed
        carried = [
            p
            for p in store.linkage_pairs(previous.id, options.keep_above)
            if p.left in current and p.right in current and not {p.left, p.right} & changed
        ]
        say(f"scoring pairs of {len(new):,} new or changed records")
        scored = (
            list(engine.predict(data, model, api, min_probability=options.keep_above, only_new=new))
            if new
            else []
        )
    else:
        say("scoring candidate pairs")
        scored = list(engine.predict(data, model, api, min_probability=options.keep_above))
    pairs = sorted(
        {(p.left, p.right): p for p in [*carried, *scored]}.values(),
        key=lambda p: (p.left, p.right),
    )
    timings["predict"] = time.perf_counter() - step
    step = time.perf_counter()
    say("clustering")
    clustering = cluster(
        (r["unique_id"] for r in data),
        ((p.left, p.right, p.probability) for p in pairs),
        options.threshold,
        judged_pairs(store),
        {r["unique_id"]: profile(r) for r in data},
    )
    timings["cluster"] = time.perf_counter() - step
    summary = {
        "records": len(data),
        "pairs": len(pairs),
        "persons": len(set(clustering.clusters.values())),
        "merged_pairs": clustering.merged_pairs,
        "refused_pairs": clustering.refused_pairs,
        "contradicted_pairs": clustering.contradicted_pairs,
        "conflicts": clustering.conflicts,
        "incremental": options.incremental,
        "carried_pairs": len(carried),
        "reused_model_of": previous.id if reuse and previous else None,
        "data_version": version,
        "keep_above": options.keep_above,
        "review_low": options.review_low,
        "timings": {k: round(v, 2) for k, v in timings.items()},
    }
    run = LinkageRun(
        id=new_id_for_prefix("L"),
        created=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        actor=actor,
        backend=options.backend,
        threshold=options.threshold,
        model=json.dumps(model, ensure_ascii=False),
        summary=json.dumps(summary, ensure_ascii=False),
    )
    store.save_linkage(run, pairs, sorted(clustering.clusters.items()))
    timings["total"] = time.perf_counter() - started
    persons = len(set(clustering.clusters.values()))
    return LinkResult(run, len(data), len(pairs), clustering, persons, timings, reuse, len(carried))


def _load_model(run: LinkageRun) -> dict[str, Any]:
    try:
        model = json.loads(run.model)
        if not isinstance(model, dict) or not isinstance(model.get("comparisons"), list):
            raise ValueError("not a Splink model")
        for comparison in model["comparisons"]:
            if not all("sql_condition" in level for level in comparison["comparison_levels"]):
                raise ValueError("a comparison level without an SQL condition")
    except (ValueError, KeyError, TypeError) as exc:
        raise SvidokError(
            f"the saved model of linkage run {run.id} cannot be used ({exc}); "
            "run `svidok link --retrain` to train a new one"
        ) from None
    return model


def review_queue(store: Store, run: LinkageRun | None = None) -> list[LinkPair]:
    """Pairs in the uncertain band of a run that no one has judged yet, most uncertain first."""
    runs = store.linkage_runs()
    if run is None:
        if not runs:
            raise SvidokError("no linkage run yet: run svidok link first")
        run = runs[-1]
    summary = json.loads(run.summary)
    low = float(summary.get("review_low", 0.3))
    judged = {key for key in _all_judged(store)}
    band = [
        p
        for p in store.linkage_pairs(run.id, low)
        if p.probability < run.threshold and (p.left, p.right) not in judged
    ]
    return sorted(band, key=lambda p: (abs(p.probability - 0.5), p.left, p.right))


def _all_judged(store: Store) -> set[tuple[str, str]]:
    return {
        (min(j["left"], j["right"]), max(j["left"], j["right"])) for j in store.scan("judgement")
    }


def _changed_since(store: Store, run: LinkageRun) -> set[str]:
    """Person records written (corrected, re-imported) after ``run`` read the store."""
    try:
        seq = int(json.loads(run.summary)["data_version"]["audit_seq"])
    except (KeyError, TypeError, ValueError):
        return set()
    return {e.entity_id for e in store.audit_entries(after=seq) if e.kind == "person"}
