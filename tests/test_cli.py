"""The command line, run as a real process against a SQLite file in a temporary folder."""

import json
import sqlite3
import subprocess
import sys

import pytest


@pytest.fixture
def run(tmp_path):
    env = {
        "SVIDOK_DATA_DIR": str(tmp_path / "data"),
        "SVIDOK_CONFIG": str(tmp_path / "none.toml"),
        "SVIDOK_ACTOR": "cli-test",
        "PATH": "/usr/bin:/bin",
    }

    def _run(*args, check=True):
        result = subprocess.run(
            [sys.executable, "-m", "svidok", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"svidok {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result

    _run.db = tmp_path / "data" / "svidok.db"
    _run.tmp = tmp_path
    return _run


@pytest.fixture
def loaded(run):
    run("init")
    run("demo", "--persons", "60", "--seed", "3", "--quiet")
    return run


def test_init_creates_the_database(run):
    out = run("init").stdout
    assert "Svidok database ready" in out and run.db.exists()


def test_commands_other_than_init_ask_for_init_first(run):
    result = run("stats", check=False)
    assert result.returncode == 1 and "svidok init" in result.stderr


def test_demo_then_stats_prints_counts_by_type_region_and_period(loaded):
    out = loaded("stats").stdout
    assert "At least" in out and "UA-" in out and "202" in out
    data = json.loads(loaded("stats", "--format", "json").stdout)
    cells = data["cells"]
    assert cells and all(
        {"type", "region", "period", "persons_at_least", "basis", "event_ids"} <= set(c)
        for c in cells
    )
    assert all(c["persons_at_least"] <= c["event_records"] for c in cells)
    assert (loaded.tmp / "data" / "demo-truth-3.csv").exists()


def test_loading_the_same_demo_twice_changes_nothing(loaded):
    out = loaded("demo", "--persons", "60", "--seed", "3", "--quiet").stdout
    assert "already loaded" in out


def test_audit_verify_passes_then_names_an_edited_entry(loaded):
    assert "Audit trail intact" in loaded("audit", "verify").stdout
    with sqlite3.connect(loaded.db) as conn:
        conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 17")
    conn.close()
    result = loaded("audit", "verify", check=False)
    assert result.returncode == 1
    assert "#17" in result.stderr and "altered" in result.stderr


def test_audit_verify_names_a_deleted_entry(loaded):
    with sqlite3.connect(loaded.db) as conn:
        conn.execute("DELETE FROM audit WHERE seq = 5")
    conn.close()
    result = loaded("audit", "verify", check=False)
    assert result.returncode == 1 and "#5 is missing" in result.stderr


def test_bad_options_get_a_clear_message(loaded):
    result = loaded("stats", "--by", "colour", check=False)
    assert result.returncode == 2 and "unknown cells" in result.stderr


def test_brackets_in_names_and_file_names_are_printed_as_written(run):
    run("init")
    name = "Свідки [/red] Херсон [phone]"
    export = run.tmp / "export"
    export.mkdir()
    chat = {
        "name": name,
        "type": "public_channel",
        "id": 1700000001,
        "messages": [
            {"id": 1, "type": "message", "date": "2024-03-05T10:00:00",
             "date_unixtime": "1709632800", "from": name, "from_id": "channel1700000001",
             "text": "Повістки [bold]роздають[/bold] біля ринку."},
        ],
    }  # fmt: skip
    (export / "result.json").write_text(json.dumps(chat, ensure_ascii=False), encoding="utf-8")
    result = run("import", str(export / "result.json"))
    assert "Traceback" not in result.stderr
    assert "1 added" in result.stdout
    assert f"chat {name}," in result.stdout


def test_stats_json_traces_each_count_to_persons_and_sources_with_published_figures(loaded):
    data = json.loads(loaded("stats", "--format", "json").stdout)
    con = sqlite3.connect(loaded.db)
    source_ids = {row[0] for row in con.execute("select id from source")}
    for cell in data["cells"]:
        assert len(set(cell["person_ids"])) >= cell["persons_at_least"]
        assert set(cell["source_ids"]) <= source_ids | {"(unsourced)"}
        assert len(cell["source_ids"]) == cell["sources"]
    assert data["published_figures"] and all(f["figure"] for f in data["published_figures"])


def test_stats_by_the_region_persons_come_from(run):
    """A list of the conscripted by residence: its events have no place, its persons an
    origin; `stats --by origin` counts them."""
    run("init")
    lines = ["ПІБ;Місце проживання;Дата мобілізації"]
    towns = ["м. Мелітополь", "Енергодар", "Херсон"]
    lines += [f"Петренко{i} Іван;{towns[i % 3]};10.05.2024" for i in range(9)]
    (run.tmp / "list.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = run("mapping", "propose", "list.csv").stdout.replace("publisher: '?'", "publisher: X")
    (run.tmp / "map.yaml").write_text(mapping, encoding="utf-8")
    run("import", "list.csv", "--mapping", "map.yaml")
    cells = json.loads(run("stats", "--by", "origin,region", "--format", "json").stdout)["cells"]
    got = {(c["origin"], c["region"]): c["persons_at_least"] for c in cells}
    assert got == {("UA-23", "unknown"): 6, ("UA-65", "unknown"): 3}
    bad = run("stats", "--by", "residence", check=False)
    assert bad.returncode != 0 and "origin" in bad.stderr
