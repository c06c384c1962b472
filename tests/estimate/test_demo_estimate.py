"""Estimation end to end on the demo scenario, whose true population is known."""

from __future__ import annotations

from collections import defaultdict

import pytest

from svidok.demo import generate
from svidok.estimate.histories import capture_tables
from svidok.estimate.report import estimate_strata
from svidok.report.captures import person_captures


def _captures(scenario, by=()):
    kinds = defaultdict(list)
    for record in scenario.records:
        kinds[record.kind].append(record)
    # The demo's truth map stands for a perfect linkage: record id -> true person.
    return person_captures(
        kinds["event"],
        kinds["involvement"],
        kinds["claim"],
        kinds["source"],
        identities=dict(scenario.truth),
        by=by,
    )


def test_documented_count_is_the_number_of_true_persons_any_list_names():
    scenario = generate(seed=1, persons=400)
    captures = _captures(scenario)
    (people,) = captures.strata.values()
    assert len(people) == len(scenario.observed)


@pytest.mark.slow
def test_the_recommended_interval_covers_the_demo_population():
    scenario = generate(seed=1, persons=400)
    tables = capture_tables(_captures(scenario).strata)
    report = estimate_strata(tables)  # the default methods and rule, as the command uses
    (stratum,) = report.strata
    best = stratum.recommended
    assert best is not None and best.ok, stratum.why
    assert best.documented == len(scenario.observed)
    assert best.lower <= scenario.population_size <= best.upper, best
    assert report.merged  # 7 demo lists: the smallest merged to keep 5


def test_strata_by_region_each_get_results_and_a_total():
    scenario = generate(seed=2, persons=300)
    tables = capture_tables(_captures(scenario, by=("region",)).strata)
    report = estimate_strata(tables, by=("region",), methods=("independence", "dga"), max_lists=4)
    assert len(report.strata) >= 2
    assert report.documented == len(scenario.observed)
    total = report.recommended_total
    assert total is not None and total.documented == report.documented
    data = report.as_dict()
    assert data["documented"] == report.documented
    assert {r["method"] for s in data["strata"] for r in s["results"]} >= {"dga"}


def test_strata_by_origin_put_each_person_under_the_region_they_come_from():
    from svidok.report.stats import person_origins

    scenario = generate(seed=1, persons=400)
    kinds = defaultdict(list)
    for record in scenario.records:
        kinds[record.kind].append(record)
    identities = dict(scenario.truth)
    origins = person_origins(kinds["person"], identities)
    captures = person_captures(
        kinds["event"],
        kinds["involvement"],
        kinds["claim"],
        kinds["source"],
        identities=identities,
        by=("origin",),
        origins=origins,
    )
    assert len(captures.strata) > 1
    for (region,), people in captures.strata.items():
        for person in people:
            records = captures.records[person]
            assert {origins[r] for r in records} == {region}
    assert sum(map(len, captures.strata.values())) == len(scenario.observed)
