"""Choosing Splink's backend by name: DuckDB always, Spark (``spark`` mark) where it runs."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from splink.backends.duckdb import DuckDBAPI

from svidok.errors import SvidokError
from svidok.linkage import backends
from svidok.linkage.backends import (
    BACKENDS,
    SparkUnavailableError,
    database_api,
    model_for_backend,
    to_pandas,
)
from svidok.testing import spark as spark_testing

PEOPLE = pd.DataFrame(
    {
        "unique_id": [1, 2, 3],
        "first_name": ["mikhayla", "mikhvyla", None],
        "surname": ["hannagan", "hannagan", "smith"],
    }
)


def test_duckdb_is_the_default_backend():
    assert BACKENDS[0] == "duckdb"
    assert isinstance(database_api(), DuckDBAPI)


def test_every_backend_reads_back_what_was_registered(linkage_backend):
    table = linkage_backend().register(PEOPLE, dataset_display_name="people")
    frame = to_pandas(table).sort_values("unique_id", ignore_index=True)
    assert frame["surname"].tolist() == ["hannagan", "hannagan", "smith"]
    assert frame["first_name"].isna().tolist() == [False, False, True]
    assert len(to_pandas(table, limit=2)) == 2


def test_each_api_has_its_own_tables(linkage_backend):
    first, second = linkage_backend(), linkage_backend()
    first.register(PEOPLE, dataset_display_name="people")
    # The same name again, in another API of the same backend (on Spark: the same JVM).
    table = second.register(PEOPLE.head(1), dataset_display_name="people")
    assert len(to_pandas(table)) == 1


def test_every_backend_has_splinks_string_similarities(linkage_backend):
    api = linkage_backend()
    function = "jaro_winkler_similarity" if linkage_backend.name == "duckdb" else "jaro_winkler"
    table = api.register(PEOPLE.head(2), dataset_display_name="people")
    frame = to_pandas(
        table.query_sql(
            f"select {function}(l.first_name, r.first_name) as jw "
            "from {this} as l cross join {this} as r where l.unique_id < r.unique_id"
        )
    )
    assert 0.9 < frame["jw"].iloc[0] < 0.93


def test_an_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(SvidokError, match=r"unknown linkage backend 'sqlite'.*duckdb, spark"):
        database_api("sqlite")


def test_a_spark_master_is_refused_for_duckdb():
    with pytest.raises(SvidokError, match="spark_master"):
        database_api("duckdb", spark_master="local[1]")


def test_duckdb_spills_to_the_temporary_directory_it_is_given(tmp_path):
    api = database_api("duckdb", tmp_dir=tmp_path)
    table = api.register(PEOPLE, dataset_display_name="people")
    setting = to_pandas(table.query_sql("select current_setting('temp_directory') as d"))
    spill = setting["d"].iloc[0]
    assert spill.startswith(str(tmp_path / "svidok-duckdb-"))


def test_duckdb_never_spills_into_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    api = database_api("duckdb", memory_limit="512MB")
    table = api.register(PEOPLE, dataset_display_name="people")
    frame = to_pandas(
        table.query_sql(
            "select current_setting('temp_directory') as d, current_setting('memory_limit') as m"
        )
    )
    assert not frame["d"].iloc[0].startswith(str(tmp_path)) and frame["d"].iloc[0] != ".tmp"
    assert frame["m"].iloc[0].replace(" ", "").upper().startswith(("512", "488"))


def test_spark_without_pyspark_names_the_extra_to_install(monkeypatch):
    monkeypatch.setattr(backends, "_shared", None)
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark raises ImportError
    with pytest.raises(SparkUnavailableError, match=r"pip install 'svidok\[spark\]'"):
        database_api("spark")


def test_spark_without_java_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(backends, "_shared", None)
    monkeypatch.setattr(backends, "_import_pyspark", lambda: None)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-java"))
    with pytest.raises(SparkUnavailableError, match=r"needs Java.*openjdk"):
        database_api("spark")


def test_spark_unavailable_is_a_svidok_error():
    assert issubclass(SparkUnavailableError, SvidokError)


@pytest.mark.parametrize(
    ("value", "required"), [(None, False), ("", False), ("0", False), ("1", True)]
)
def test_require_spark_turns_skips_into_failures(monkeypatch, value, required):
    if value is None:
        monkeypatch.delenv(spark_testing.ENV_REQUIRE, raising=False)
    else:
        monkeypatch.setenv(spark_testing.ENV_REQUIRE, value)
    assert spark_testing.spark_required() is required


def _settings():
    from splink import SettingsCreator, block_on
    from splink import comparison_library as cl

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name", [0.9]),
            cl.ExactMatch("surname").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[block_on("surname")],
    )


def _trained_model():
    from splink import Linker

    api = database_api("duckdb")
    linker = Linker(api.register(PEOPLE), _settings(), log_level=None)
    model = linker.misc.save_model_to_json()
    model["probability_two_random_records_match"] = 0.01
    for comparison in model["comparisons"]:
        for i, level in enumerate(comparison["comparison_levels"]):
            if not level.get("is_null_level"):
                level["m_probability"] = 0.1 * (i + 1)
                level["u_probability"] = 0.01 * (i + 1)
    return model


def test_a_model_moves_to_another_backend_with_its_parameters():
    model = _trained_model()
    moved = model_for_backend(model, _settings(), "spark")
    assert moved["probability_two_random_records_match"] == 0.01
    assert "`surname_l`" in moved["comparisons"][1]["comparison_levels"][1]["sql_condition"]
    for have, want in zip(model["comparisons"], moved["comparisons"], strict=True):
        for a, b in zip(have["comparison_levels"], want["comparison_levels"], strict=True):
            assert a.get("m_probability") == b.get("m_probability")
            assert a.get("u_probability") == b.get("u_probability")
    assert '"surname_l"' in model["comparisons"][1]["comparison_levels"][1]["sql_condition"]


def test_a_model_does_not_move_onto_other_settings():
    from splink import SettingsCreator
    from splink import comparison_library as cl

    other = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name", [0.9, 0.8]),
            cl.ExactMatch("surname"),
        ],
    )
    with pytest.raises(SvidokError, match="'first_name' has other levels"):
        model_for_backend(_trained_model(), other, "spark")
    with pytest.raises(SvidokError, match="unknown linkage backend"):
        model_for_backend(_trained_model(), _settings(), "postgres")


@pytest.mark.spark
def test_spark_apis_share_one_session(spark_api):
    first, second = spark_api(), spark_api()
    assert first.spark is not second.spark  # own temporary views and functions ...
    assert first.spark.sparkContext is second.spark.sparkContext  # ... one JVM
    conf = first.spark.sparkContext.getConf()
    assert conf.get("spark.sql.shuffle.partitions") == str(backends.SPARK_SHUFFLE_PARTITIONS)
    assert conf.get("spark.ui.enabled") == "false"
    assert "scala-udf-similarity" in conf.get("spark.jars")
    assert first.spark.sparkContext.getCheckpointDir()


@pytest.mark.spark
def test_spark_refuses_another_master_while_one_runs(spark_api):
    spark_api()
    with pytest.raises(SvidokError, match="already runs"):
        database_api("spark", spark_master="local[1]")
