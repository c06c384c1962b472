"""Pytest fixtures for linkage on every Splink backend: DuckDB always, Spark when it can run.

Import the fixtures into a ``conftest.py``::

    from svidok.testing.spark import linkage_backend, spark_api  # noqa: F401

``linkage_backend`` is parametrised over :data:`~svidok.linkage.backends.BACKENDS`; its Spark
parameter carries the ``spark`` mark (deselect with ``-m "not spark"``). Both fixtures give
a :class:`BackendFactory`: call it for a fresh Splink database API, so that each linker has
its own tables. All Spark APIs of a test run share one SparkSession (its JVM starts once, in
seconds), stopped when the run ends.

Without pyspark or Java the Spark tests are skipped with the reason, unless
``SVIDOK_REQUIRE_SPARK=1`` is set: then they fail (CI sets it, so that a missing install step
cannot hide behind a green run).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from ..linkage.backends import BACKENDS, SparkUnavailableError, database_api, stop_spark

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPI

__all__ = [
    "ENV_REQUIRE",
    "BackendFactory",
    "linkage_backend",
    "spark_api",
    "spark_required",
]

ENV_REQUIRE = "SVIDOK_REQUIRE_SPARK"


@dataclass(frozen=True, slots=True)
class BackendFactory:
    """Makes fresh Splink database APIs of one backend; ``name`` is the backend's name."""

    name: str
    make: Callable[[], DatabaseAPI[Any]] = field(repr=False)
    #: Seconds it took to start the backend (Spark's JVM); 0 when nothing had to start.
    startup_seconds: float = 0.0

    def __call__(self) -> DatabaseAPI[Any]:
        """A new database API, with no tables of any other."""
        return self.make()


def spark_required() -> bool:
    """Whether a missing Spark fails the tests instead of skipping them."""
    return os.environ.get(ENV_REQUIRE, "") not in ("", "0")


@pytest.fixture(scope="session")
def spark_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackendFactory]:
    """Fresh Spark database APIs on the test run's one SparkSession (skips without Spark)."""
    tmp_dir = tmp_path_factory.mktemp("spark")
    start = time.perf_counter()
    try:
        database_api("spark", tmp_dir=tmp_dir)
    except SparkUnavailableError as exc:
        if spark_required():
            pytest.fail(f"{exc} ({ENV_REQUIRE} is set)")
        pytest.skip(str(exc))
    started = time.perf_counter() - start
    try:
        yield BackendFactory(
            "spark", lambda: database_api("spark", tmp_dir=tmp_dir), startup_seconds=started
        )
    finally:
        stop_spark()


def _params() -> list[Any]:
    return [
        pytest.param(name, marks=[pytest.mark.spark] if name == "spark" else [], id=name)
        for name in BACKENDS
    ]


@pytest.fixture(params=_params())
def linkage_backend(request: pytest.FixtureRequest) -> BackendFactory:
    """A factory of fresh Splink database APIs, once per backend (DuckDB, Spark)."""
    name = str(request.param)
    if name == "spark":
        factory: BackendFactory = request.getfixturevalue("spark_api")
        return factory
    return BackendFactory(name, lambda: database_api(name))
