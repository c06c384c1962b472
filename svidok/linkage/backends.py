"""Splink's database backends, chosen by name: DuckDB in-process by default, Spark for scale.

DuckDB needs nothing beyond Svidok's own dependencies. Spark needs the ``spark`` extra
(``pip install 'svidok[spark]'``) and a Java runtime (17 or newer for PySpark 4); pyspark is
imported only when Spark is asked for.

Starting Spark's JVM takes seconds (about 4 s on the development machine, up to 30 s on a cold
one), so one SparkSession is started per process and shared. Each :func:`database_api` call
for Spark gets its own ``newSession()`` of it: the sessions share the JVM, the jar and the
cache, but not their temporary views (where Splink keeps its tables) or registered functions,
so two linkers never see each other's tables.

Typical use::

    from splink import Linker

    db_api = database_api("spark")
    linker = Linker(db_api.register(frame), settings)
    predictions = to_pandas(linker.inference.predict(threshold_match_probability=0.9))
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..errors import SvidokError

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    from pyspark.sql import SparkSession
    from splink import SettingsCreator
    from splink.internals.database_api import DatabaseAPI
    from splink.internals.splink_dataframe import SplinkDataFrame

__all__ = [
    "BACKENDS",
    "DEFAULT_SPARK_MASTER",
    "SPARK_DRIVER_MEMORY",
    "SPARK_INSTALL_HINT",
    "SPARK_SHUFFLE_PARTITIONS",
    "SparkUnavailableError",
    "database_api",
    "model_for_backend",
    "spark_session",
    "stop_spark",
    "to_pandas",
]

#: The backends :func:`database_api` knows, by name; the first is the default.
BACKENDS: Final = ("duckdb", "spark")
DEFAULT_SPARK_MASTER: Final = "local[2]"
#: Few partitions: Spark's default of 200 makes small jobs spend their time on scheduling.
SPARK_SHUFFLE_PARTITIONS: Final = 8
SPARK_DRIVER_MEMORY: Final = "4g"
SPARK_INSTALL_HINT: Final = "pip install 'svidok[spark]'"
JAVA_HINT: Final = (
    "install a Java runtime, 17 or newer (Debian: apt-get install openjdk-17-jre-headless), "
    "or point JAVA_HOME to one"
)


class SparkUnavailableError(SvidokError):
    """Spark cannot run here: pyspark or Java is missing (tests skip on this, unless required)."""


@dataclass(frozen=True, slots=True)
class _SharedSpark:
    session: SparkSession
    master: str
    tmp_dir: Path


_lock = threading.Lock()
_shared: _SharedSpark | None = None


def database_api(
    backend: str = "duckdb",
    *,
    spark_master: str | None = None,
    tmp_dir: Path | None = None,
    memory_limit: str | None = None,
    spill: bool = True,
) -> DatabaseAPI[Any]:
    """A fresh Splink database API for ``backend`` (one of :data:`BACKENDS`).

    ``"duckdb"`` gives an in-memory DuckDB database that spills to ``tmp_dir`` (default: a
    folder in the system's temporary directory, never the working directory) when the data
    outgrow ``memory_limit`` (e.g. "6GB"; default DuckDB's, 80% of the machine's memory).
    With ``spill=False`` nothing is ever written to disk (for names from an encrypted store:
    they must not leave the vault in clear); the data must then fit in memory. ``"spark"`` gives a new session of the process's
    shared SparkSession (see :func:`spark_session` for ``spark_master`` and ``tmp_dir``).
    Raises :class:`~svidok.errors.SvidokError` for an unknown backend, and
    :class:`SparkUnavailableError` when Spark is asked for but pyspark or Java is missing.
    """
    if backend == "duckdb":
        if spark_master is not None:
            raise SvidokError("spark_master applies only to the 'spark' backend")
        return _duckdb_api(tmp_dir, memory_limit, spill)
    if backend == "spark":
        shared = spark_session(master=spark_master, tmp_dir=tmp_dir)  # checks for pyspark first
        from splink.backends.spark import SparkAPI

        return SparkAPI(spark_session=shared.newSession())  # type: ignore[no-untyped-call]
    raise SvidokError(f"unknown linkage backend {backend!r}: choose one of {', '.join(BACKENDS)}")


def _duckdb_api(tmp_dir: Path | None, memory_limit: str | None, spill: bool) -> DatabaseAPI[Any]:
    import duckdb
    from splink.backends.duckdb import DuckDBAPI

    connection = duckdb.connect(":memory:")
    if memory_limit is not None:
        connection.execute("SET memory_limit = ?", [memory_limit])
    if not spill:
        connection.execute("SET temp_directory = ''")  # '' turns offloading to disk off
        return DuckDBAPI(connection)
    base = Path(tmp_dir) if tmp_dir is not None else Path(tempfile.gettempdir())
    folder = base / f"svidok-duckdb-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    connection.execute("SET temp_directory = ?", [str(folder)])
    return DuckDBAPI(connection)


def spark_session(*, master: str | None = None, tmp_dir: Path | None = None) -> SparkSession:
    """The process's shared SparkSession, started on first use with Splink's similarity jar.

    ``master`` defaults to :data:`DEFAULT_SPARK_MASTER` (local mode on two cores); asking for
    another master while a session runs is an error (stop it first with :func:`stop_spark`).
    Spark's warehouse and checkpoint directory (Splink's Spark backend writes
    its intermediate tables there as Parquet) go under ``tmp_dir``, or under a temporary
    directory removed at exit. ``tmp_dir`` only counts when the session starts. For a cluster
    master, ``tmp_dir`` must be on storage every executor can reach.
    """
    global _shared
    wanted = master or DEFAULT_SPARK_MASTER
    with _lock:
        if _shared is not None and _shared.session.sparkContext._jsc is None:
            _shared = None  # stopped behind our back (SparkContext.stop())
        if _shared is None:
            _shared = _start_spark(wanted, tmp_dir)
        elif master is not None and master != _shared.master:
            raise SvidokError(
                f"a Spark session with master {_shared.master!r} already runs in this process; "
                f"stop it (svidok.linkage.backends.stop_spark()) before asking for {master!r}"
            )
        return _shared.session


def _import_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailableError(
            f"the 'spark' linkage backend needs pyspark: {SPARK_INSTALL_HINT}"
        ) from exc


def _java_missing() -> bool:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        return not (Path(java_home) / "bin" / "java").is_file()
    return shutil.which("java") is None


def _start_spark(master: str, tmp_dir: Path | None) -> _SharedSpark:
    _import_pyspark()
    if _java_missing():
        raise SparkUnavailableError(f"the 'spark' linkage backend needs Java: {JAVA_HINT}")

    from pyspark.errors import PySparkRuntimeError
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    owned = tmp_dir is None
    base = Path(tempfile.mkdtemp(prefix="svidok-spark-")) if tmp_dir is None else Path(tmp_dir)
    for sub in ("warehouse", "checkpoints"):
        (base / sub).mkdir(parents=True, exist_ok=True)

    builder = (
        SparkSession.builder.master(master)
        .appName("svidok-linkage")
        # Jaro-Winkler, Jaccard and the other string similarities Splink's SQL calls.
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(SPARK_SHUFFLE_PARTITIONS))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", SPARK_DRIVER_MEMORY)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.warehouse.dir", str(base / "warehouse"))
        # Arrow makes pandas <-> Spark conversions (register, toPandas) columnar.
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if master.startswith("local"):
        # Local mode needs no network: keep the driver on loopback whatever the hostname says.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    try:
        session = builder.getOrCreate()
    except PySparkRuntimeError as exc:
        if exc.getCondition() == "JAVA_GATEWAY_EXITED":
            raise SparkUnavailableError(f"Spark's JVM did not start ({exc}); {JAVA_HINT}") from exc
        raise
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(str(base / "checkpoints"))
    atexit.register(_cleanup, base if owned else None)
    return _SharedSpark(session=session, master=master, tmp_dir=base)


def _cleanup(owned_dir: Path | None) -> None:
    stop_spark()
    if owned_dir is not None:
        shutil.rmtree(owned_dir, ignore_errors=True)


def stop_spark() -> None:
    """Stop the shared SparkSession, if one runs (the next Spark use starts a new JVM)."""
    global _shared
    with _lock:
        if _shared is not None:
            _shared.session.stop()
            _shared = None


def model_for_backend(
    model: Mapping[str, Any], settings: SettingsCreator, backend: str
) -> dict[str, Any]:
    """A trained model (as saved by ``linker.misc.save_model_to_json``) for another backend.

    Splink saves a model as SQL of the backend it was trained on (DuckDB's ``try_strptime``
    and ``"quoted"`` names, say), and reads a saved model as SQL of the backend it is loaded
    on, so a model trained on DuckDB fails on Spark. This rebuilds the model from the
    ``settings`` it was made from, in ``backend``'s dialect, and copies the trained
    parameters across: the prior probability of a match and every level's m and u
    probabilities. Raises :class:`~svidok.errors.SvidokError` when ``settings`` do not have
    the model's comparisons and levels.
    """
    if backend not in BACKENDS:
        raise SvidokError(
            f"unknown linkage backend {backend!r}: choose one of {', '.join(BACKENDS)}"
        )
    target = settings.create_settings_dict(backend)
    trained = list(model.get("comparisons", []))
    wanted = target["comparisons"]
    if [c.get("output_column_name") for c in trained] != [
        c.get("output_column_name") for c in wanted
    ]:
        raise SvidokError(
            "the model's comparisons are not those of the settings: "
            f"{[c.get('output_column_name') for c in trained]} against "
            f"{[c.get('output_column_name') for c in wanted]}"
        )
    for have, want in zip(trained, wanted, strict=True):
        have_labels = [level.get("label_for_charts") for level in have["comparison_levels"]]
        want_labels = [level.get("label_for_charts") for level in want["comparison_levels"]]
        if have_labels != want_labels:
            raise SvidokError(
                f"comparison {want.get('output_column_name')!r} has other levels in the model "
                f"({have_labels}) than in the settings ({want_labels})"
            )
        for source, level in zip(have["comparison_levels"], want["comparison_levels"], strict=True):
            for key in ("m_probability", "u_probability"):
                if key in source:
                    level[key] = source[key]
    target["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    return target


def to_pandas(splink_df: SplinkDataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """A Splink table (predictions, clusters, ...) as a pandas DataFrame, on any backend.

    Reads the whole table unless ``limit`` is given: meant for results, not for the inputs of
    a big Spark job.
    """
    return splink_df.as_pandas_dataframe(limit=limit)  # type: ignore[no-untyped-call]
