"""`svidok link` and `svidok review` as real processes on the demo scenario."""

import json
import subprocess
import sys

import pytest


@pytest.fixture
def svidok(tmp_path):
    env = {
        "SVIDOK_DATA_DIR": str(tmp_path / "data"),
        "SVIDOK_CONFIG": str(tmp_path / "none.toml"),
        "SVIDOK_ACTOR": "reviewer",
        "PATH": "/usr/bin:/bin",
    }

    def run(*args, stdin=""):
        result = subprocess.run(
            [sys.executable, "-m", "svidok", *args],
            env=env,
            cwd=tmp_path,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        return result

    run("demo", "--persons", "120", "--seed", "4", "--quiet")
    return run


def test_link_then_review_then_link_again_applies_the_judgement(svidok):
    first = svidok("link").stdout
    assert "resolved persons" in first and "model trained" in first
    listed = svidok("review", "--list", "--limit", "1").stdout
    assert "match probability" in listed and "surname" in listed
    reviewed = svidok("review", "--limit", "2", stdin="d\nnot the same father\nq\n").stdout
    assert "1 judgements recorded" in reviewed
    again = svidok("link", "--incremental").stdout
    assert "model reused" in again
    stats = json.loads(svidok("stats", "--format", "json").stdout)
    assert stats["linkage_run"] and all(c["basis"] == "all sources, linked" for c in stats["cells"])
    assert "intact" in svidok("audit", "verify").stdout
