"""Linkage over a store: runs, clusters, judgements, incremental runs, bad input (DuckDB)."""

import dataclasses
import itertools
import json
from collections import defaultdict

import pytest

from svidok.demo import generate
from svidok.errors import SvidokError
from svidok.linkage.review import judge, pair_view
from svidok.linkage.run import LinkOptions, link, review_queue
from svidok.model import make
from svidok.store import MemoryStore
from svidok.workflows import stats


@pytest.fixture(scope="module")
def scenario():
    return generate(seed=3, persons=150)


def _store(records):
    store = MemoryStore()
    store.add(records, actor="test")
    return store


def _pairs_of(clusters):
    groups = defaultdict(list)
    for person, cluster in clusters.items():
        groups[cluster].append(person)
    return {
        pair for members in groups.values() for pair in itertools.combinations(sorted(members), 2)
    }


def test_a_run_resolves_records_of_the_same_person_across_sources(scenario):
    store = _store(scenario.records)
    result = link(store, actor="test")
    clusters = dict(store.linkage_clusters(result.run.id))
    named = {r.id for r in scenario.records if r.kind == "person" and r.get("name")}
    assert set(clusters) == named
    truth_pairs = _pairs_of({p: scenario.truth[p] for p in named})
    found = _pairs_of(clusters)
    precision = len(found & truth_pairs) / len(found)
    recall = len(found & truth_pairs) / len(truth_pairs)
    assert precision > 0.85 and recall > 0.6, (precision, recall)
    assert result.persons < len(named)
    model = json.loads(result.run.model)
    assert model["svidok"]["tf"]["surname_main"] and model["svidok"]["data_version"][
        "records"
    ] == len(named)


def test_every_kept_pair_explains_what_each_field_contributed(scenario):
    store = _store(scenario.records)
    run = link(store, actor="test").run
    pair = next(store.linkage_pairs(run.id, 0.9))
    detail = json.loads(pair.detail)
    assert {"surname", "given_name"} <= set(detail)
    assert all({"level", "weight"} <= set(v) for v in detail.values())
    view = pair_view(store, pair)
    assert view.left["name"] and view.right["name"]


def test_counts_use_resolved_persons(scenario):
    store = _store(scenario.records)
    before = {r.key: r.persons_at_least for r in stats(store, by=("type",), granularity="year")}
    link(store, actor="test")
    after = {r.key: r for r in stats(store, by=("type",), granularity="year")}
    assert all(r.basis == "all sources, linked" for r in after.values())
    # linked counts take every source into account, so they are not below any single source
    assert all(after[k].persons_at_least >= before[k] for k in before)


def test_judgements_are_honoured_on_every_run_and_can_be_withdrawn(scenario):
    store = _store(scenario.records)
    run = link(store, actor="test").run
    merged = next(p for p in store.linkage_pairs(run.id, 0.95))
    judge(store, merged, "different", actor="reviewer", reason="different fathers")
    second = link(store, actor="test", options=LinkOptions(incremental=True))
    clusters = dict(store.linkage_clusters(second.run.id))
    assert clusters[merged.left] != clusters[merged.right]
    weak = next(p for p in store.linkage_pairs(run.id) if p.probability < 0.5)
    judge(store, weak, "same", actor="reviewer")
    third = dict(store.linkage_clusters(link(store, actor="test").run.id))
    assert third[weak.left] == third[weak.right]
    judge(store, merged, "withdrawn", actor="reviewer")
    fourth = dict(store.linkage_clusters(link(store, actor="test").run.id))
    assert fourth[merged.left] == fourth[merged.right]
    assert [e.actor for e in store.audit_entries() if e.kind == "judgement"] == ["reviewer"] * 3


def test_the_review_queue_holds_unjudged_uncertain_pairs(scenario):
    store = _store(scenario.records)
    run = link(store, actor="test").run
    queue = review_queue(store)
    assert queue and all(0.3 <= p.probability < run.threshold for p in queue)
    judge(store, queue[0], "unsure", actor="reviewer")
    assert (queue[0].left, queue[0].right) not in {(p.left, p.right) for p in review_queue(store)}


def test_an_incremental_run_gives_what_a_full_run_gives(scenario):
    persons = [r for r in scenario.records if r.kind == "person"]
    later = {p.id for p in persons[len(persons) // 2 :]}
    related = {r.id for r in scenario.records if r.kind == "involvement" and r["person"] in later}
    related |= {r.id for r in scenario.records if r.kind == "claim" and r["subject"] in later}
    first = [r for r in scenario.records if r.id not in later and r.id not in related]
    second = [r for r in scenario.records if r.id in later or r.id in related]
    store = _store(first)
    link(store, actor="test")
    store.add(second, actor="test")
    incremental = link(store, actor="test", options=LinkOptions(incremental=True))
    full = link(store, actor="test", options=LinkOptions(incremental=False))
    assert incremental.reused_model and full.reused_model
    key = lambda p: (p.left, p.right, round(p.probability, 9))  # noqa: E731
    assert sorted(map(key, store.linkage_pairs(incremental.run.id))) == sorted(
        map(key, store.linkage_pairs(full.run.id))
    )
    assert dict(store.linkage_clusters(incremental.run.id)) == dict(
        store.linkage_clusters(full.run.id)
    )


def test_bad_input_gives_clear_errors_and_stores_nothing():
    empty = MemoryStore()
    with pytest.raises(SvidokError, match="at least two named person records"):
        link(empty, actor="test")
    nameless = _store([make("person", sex="male"), make("person", sex="male")])
    with pytest.raises(SvidokError, match="at least two named person records"):
        link(nameless, actor="test")
    single = _store([make("person", name="Скрипник Олексій")])
    with pytest.raises(SvidokError):
        link(single, actor="test")
    assert empty.linkage_runs() == [] and single.linkage_runs() == []


def test_a_corrupted_saved_model_is_refused(scenario):
    store = _store(scenario.records)
    run = link(store, actor="test").run
    broken = dataclasses.replace(
        run, id="L-BROKEN", created=run.created + "x", model='{"comparisons": [{"x": 1}]}'
    )
    store.save_linkage(broken, [], [])
    with pytest.raises(SvidokError, match="cannot be used"):
        link(store, actor="test")
    assert len(store.linkage_runs()) == 2


@pytest.mark.spark
def test_a_model_trained_on_duckdb_scores_the_same_pairs_on_spark(scenario, spark_api):
    store = _store(scenario.records)
    first = link(store, actor="test")
    on_spark = link(
        store, actor="test", options=LinkOptions(backend="spark"), db_api=spark_api.make()
    )
    assert on_spark.reused_model and on_spark.run.backend == "spark"
    duck = {(p.left, p.right): p.probability for p in store.linkage_pairs(first.run.id)}
    spark = {(p.left, p.right): p.probability for p in store.linkage_pairs(on_spark.run.id)}
    assert set(duck) == set(spark)
    # Jaro-Winkler differs slightly between the two engines (see tests/linkage/test_backends.py)
    differ = [k for k in duck if abs(duck[k] - spark[k]) > 1e-6]
    assert len(differ) <= 0.02 * len(duck)
    same = dict(store.linkage_clusters(first.run.id)) == dict(
        store.linkage_clusters(on_spark.run.id)
    )
    assert same or len(differ) > 0


def test_names_alone_without_births_or_origins_still_link(scenario):
    """No birth year and no origin: neither rule that estimates the match prior can fire, and
    the run keeps the default prior instead of an estimate of 0 (a math domain error)."""
    names = [r for r in scenario.records if r.kind == "person" and r.get("name")]
    bare = [make("person", {"name": r["name"].dump(), "sex": r["sex"]}) for r in names]
    truth = {b.id: scenario.truth[r.id] for b, r in zip(bare, names, strict=True)}
    store = _store(bare)
    result = link(store, actor="test")
    clusters = dict(store.linkage_clusters(result.run.id))
    found, truth_pairs = _pairs_of(clusters), _pairs_of(truth)
    assert found and len(found & truth_pairs) / len(found) > 0.5
    assert 0 < json.loads(result.run.model)["probability_two_random_records_match"] < 1


def test_a_training_rule_that_finds_no_pairs_leaves_every_comparison_in_the_model(scenario):
    """Birth years only (no full dates): the rule "same settlement and birth date" finds no
    pairs, and Splink's failed session used to take birth and origin out of the model."""
    coarse = []
    for r in scenario.records:
        if r.kind == "person" and r.get("birth") is not None:
            values = r.dump()
            values["birth"] = str(r["birth"])[:4]
            coarse.append(make("person", values, id=r.id))
        else:
            coarse.append(r)
    store = _store(coarse)
    result = link(store, actor="test")
    model = json.loads(result.run.model)
    names = [c["output_column_name"] for c in model["comparisons"]]
    assert {"birth", "origin", "surname", "given_name"} <= set(names)
    assert 0 < model["probability_two_random_records_match"] < 0.5


def test_an_incremental_run_scores_corrected_records_again(scenario):
    """A record corrected after a run (a typo fixed on re-import) is scored again, as a full
    run would score it, not left with its old pairs."""
    store = _store(scenario.records)
    first = link(store, actor="test")
    clusters = dict(store.linkage_clusters(first.run.id))
    groups = defaultdict(list)
    for person, group in clusters.items():
        groups[group].append(person)
    a = next(min(m) for m in groups.values() if len(m) >= 2)
    other = next(m[0] for m in groups.values() if a not in m and len(m) == 1)
    # a's name becomes another person's: its old pairs with its cluster no longer hold
    a_record, other_record = store.get("person", a), store.get("person", other)
    values = a_record.dump()
    values["name"] = other_record["name"].dump()
    store.update([make("person", values, id=a)], actor="test")
    incremental = link(store, actor="test", options=LinkOptions(incremental=True))
    full = link(store, actor="test", options=LinkOptions(incremental=False))
    key = lambda p: (p.left, p.right, round(p.probability, 9))  # noqa: E731
    assert sorted(map(key, store.linkage_pairs(incremental.run.id))) == sorted(
        map(key, store.linkage_pairs(full.run.id))
    )
