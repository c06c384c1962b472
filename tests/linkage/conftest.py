"""Fixtures for the backend and Febrl tests: every Splink backend, and the Febrl benchmark."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from svidok.testing.spark import linkage_backend, spark_api

__all__ = ["febrl", "febrl_results", "linkage_backend", "spark_api"]

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "linkage_febrl.py"


@pytest.fixture(scope="session")
def febrl() -> ModuleType:
    """``benchmarks/linkage_febrl.py``: the tests check exactly what the benchmark measures."""
    name = "svidok_benchmark_linkage_febrl"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def febrl_results() -> dict[tuple[str, str], object]:
    """Results of the Febrl runs so far, by (data set, backend): each runs once per session."""
    return {}
