"""Every public module declares __all__, and every name in it exists."""

import importlib
import pkgutil

import pytest

import svidok

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(svidok.__path__, "svidok.") if ".migrations" not in m.name
)


@pytest.mark.parametrize("name", MODULES)
def test_module_declares_an_explicit_public_api(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    missing = [n for n in module.__all__ if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names missing attributes {missing}"


def test_the_pure_core_does_not_import_storage_or_interfaces():
    import ast
    from pathlib import Path

    root = Path(svidok.__file__).parent
    for package in ("model", "report", "demo"):
        for path in (root / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                for name in names:
                    parts = set(name.split("."))
                    assert not parts & {"store", "cli", "web", "workflows", "sqlalchemy"}, (
                        f"{path} imports {name}"
                    )
