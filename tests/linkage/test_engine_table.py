"""The engine takes person rows as dicts or as one Arrow table (for large data) alike."""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pytest

from svidok.demo import generate
from svidok.errors import SvidokError
from svidok.linkage import engine
from svidok.linkage.backends import database_api
from svidok.linkage.features import context_from, rows


@pytest.fixture(scope="module")
def person_rows():
    scenario = generate(seed=12, persons=120)
    kinds = defaultdict(list)
    for record in scenario.records:
        kinds[record.kind].append(record)
    context = context_from(kinds["event"], kinds["involvement"], kinds["claim"], kinds["source"])
    return list(rows(kinds["person"], context))


def test_an_arrow_table_scores_the_same_pairs_as_row_dicts(person_rows):
    model = engine.train(person_rows, database_api("duckdb"), seed=1)
    table = pa.Table.from_pylist(person_rows)
    from_dicts = {
        (p.left, p.right): round(p.probability, 9)
        for p in engine.predict(person_rows, model, database_api("duckdb"), min_probability=0.05)
    }
    from_table = {
        (p.left, p.right): round(p.probability, 9)
        for p in engine.predict(table, model, database_api("duckdb"), min_probability=0.05)
    }
    assert from_dicts and from_table == from_dicts
    trained = engine.train(table, database_api("duckdb"), seed=1)
    assert trained["svidok"]["tf"] == model["svidok"]["tf"]
    assert trained["svidok"]["records"] == len(person_rows)


def test_a_table_without_names_is_refused_like_rows_without_names(person_rows):
    nameless = [{**r, "surname_keys": None, "given_groups": None} for r in person_rows[:5]]
    for data in (nameless, pa.Table.from_pylist(nameless)):
        with pytest.raises(SvidokError, match="usable name"):
            engine.train(data, database_api("duckdb"))
