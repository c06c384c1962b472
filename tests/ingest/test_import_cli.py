"""`svidok import` and `svidok mapping propose` as real processes, including kill -9 mid-import."""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import yaml

from svidok.demo.tables import bulk_mapping, bulk_table


def _env(tmp_path):
    return {
        "SVIDOK_DATA_DIR": str(tmp_path / "data"),
        "SVIDOK_CONFIG": str(tmp_path / "none.toml"),
        "SVIDOK_ACTOR": "importer",
        "PATH": "/usr/bin:/bin",
    }


def _svidok(tmp_path, *args, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "svidok", *args],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"svidok {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def _bulk(tmp_path, n, name="list.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(bulk_table(n, seed=5))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(yaml.safe_dump(bulk_mapping(), allow_unicode=True), encoding="utf-8")
    return path, mapping


def _counts(db):
    with sqlite3.connect(db) as conn:
        out = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("person", "event", "claim", "origin", "audit")
        }
    conn.close()
    return out


def test_import_then_reimport_adds_nothing(tmp_path):
    path, mapping = _bulk(tmp_path, 300)
    _svidok(tmp_path, "init")
    first = _svidok(tmp_path, "import", str(path), "--mapping", str(mapping), "--quiet")
    assert "300 added" in first.stdout
    db = tmp_path / "data" / "svidok.db"
    before = _counts(db)
    assert before["person"] == 300 and before["origin"] == 301
    again = _svidok(tmp_path, "import", str(path), "--mapping", str(mapping), "--quiet")
    assert "0 added, 0 updated, 300 unchanged" in again.stdout and "Nothing new" in again.stdout
    assert _counts(db) == before
    assert "intact" in _svidok(tmp_path, "audit", "verify").stdout


def test_rejected_rows_leave_the_database_unchanged_and_are_listed(tmp_path):
    path, mapping = _bulk(tmp_path, 50)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    rows[7][6] = "31.02.2024"
    rows[9][3] = "Атлантида"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    _svidok(tmp_path, "init")
    result = _svidok(
        tmp_path, "import", str(path), "--mapping", str(mapping), "--quiet", check=False
    )
    assert result.returncode == 1
    assert "line 8, Дата події" in result.stderr and "line 10, Область" in result.stderr
    assert "Nothing was imported" in result.stderr
    assert _counts(tmp_path / "data" / "svidok.db")["person"] == 0
    rejects = list((tmp_path / "data" / "rejects").glob("list-*.csv"))
    assert len(rejects) == 1
    with rejects[0].open(encoding="utf-8-sig") as handle:
        listed = list(csv.DictReader(handle))
    assert {(r["where"], r["column"]) for r in listed} == {
        ("line 8", "Дата події"),
        ("line 10", "Область"),
    }
    partial = _svidok(
        tmp_path, "import", str(path), "--mapping", str(mapping), "--quiet", "--accept-partial"
    )
    assert "48 added" in partial.stdout
    assert _counts(tmp_path / "data" / "svidok.db")["person"] == 48


def test_a_broken_file_is_a_clear_error(tmp_path):
    _path, mapping = _bulk(tmp_path, 5)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    _svidok(tmp_path, "init")
    result = _svidok(tmp_path, "import", str(broken), "--mapping", str(mapping), check=False)
    assert result.returncode == 1 and "broken.xlsx" in result.stderr


def test_propose_writes_a_mapping_that_names_the_columns(tmp_path):
    path, _ = _bulk(tmp_path, 40)
    out = tmp_path / "proposed.yaml"
    _svidok(tmp_path, "mapping", "propose", str(path), "-o", str(out))
    proposed = yaml.safe_load(out.read_text(encoding="utf-8"))
    columns = proposed["columns"]
    assert columns["ПІБ"]["field"] == "person.name"
    assert columns["Дата народження"]["field"] == "person.birth"
    assert columns["Область"]["field"] == "event.place.region"
    assert columns["Подія"]["field"] == "event.type"
    assert columns["Дата події"]["field"] == "event.date"
    assert "key" not in proposed  # "№" counts the rows 1..n: a running number is no key


RUSSIAN_LIST = """ФИО;Дата рождения;Область;Населенный пункт;Что произошло;Дата
Скрипник Алексей Владимирович;1998;Запорожская обл.;Мелитополь;мобилизован;март 2024
Иванов Сергей Петрович;12.05.2001;Херсонская область;Скадовск;получил повестку;осень 2024
Сейтумеров Эрнес;;Республика Крым;Джанкой;уголовное дело по ст. 328;2023
"""


def test_a_russian_list_is_proposed_and_imported_without_editing(tmp_path):
    path = tmp_path / "список.csv"
    path.write_text(RUSSIAN_LIST, encoding="utf-8")
    out = tmp_path / "proposed.yaml"
    _svidok(tmp_path, "init")
    _svidok(tmp_path, "mapping", "propose", str(path), "-o", str(out))
    proposed = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert proposed["columns"]["Что произошло"]["field"] == "event.type"
    assert proposed["maps"]["event_types"] == {
        "мобилизован": "forced_mobilization",
        "получил повестку": "summons_paper",
        "уголовное дело по ст. 328": "prosecution_opened",
    }
    assert "regions" not in proposed.get("maps", {})  # every region name was understood
    result = _svidok(tmp_path, "import", str(path), "--mapping", str(out))
    assert "3 added" in result.stdout and "0 rejected" in result.stdout
    assert "'Скадовск' taken to be Скадовськ" in result.stdout


def test_a_list_without_an_event_column_takes_its_event_type_from_the_file_name(tmp_path):
    text = "ПІБ;Дата народження;Область\nСкрипник Олексій;03.04.1998;ЗО\n"
    named = tmp_path / "список мобілізованих.csv"
    plain = tmp_path / "list.csv"
    for path in (named, plain):
        path.write_text(text, encoding="utf-8")
        _svidok(tmp_path, "mapping", "propose", str(path), "-o", str(path.with_suffix(".yaml")))
    proposed = yaml.safe_load(named.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert proposed["defaults"] == {"event.type": "forced_mobilization"}
    unsure = yaml.safe_load(plain.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert unsure["defaults"] == {"event.type": "?"}  # asked, not guessed
    _svidok(tmp_path, "init")
    result = _svidok(tmp_path, "import", str(named), "--mapping", str(named.with_suffix(".yaml")))
    assert "1 added" in result.stdout


def test_kill_9_mid_import_leaves_the_database_as_before_and_a_rerun_completes(tmp_path):
    path, mapping = _bulk(tmp_path, 40_000)
    _svidok(tmp_path, "init")
    small, _ = _bulk(tmp_path, 10, name="small.csv")
    small_mapping = tmp_path / "small.yaml"
    small_mapping.write_text(
        yaml.safe_dump(bulk_mapping("small"), allow_unicode=True), encoding="utf-8"
    )
    _svidok(tmp_path, "import", str(small), "--mapping", str(small_mapping), "--quiet")
    db = tmp_path / "data" / "svidok.db"
    before = _counts(db)
    wal = db.with_name(db.name + "-wal")
    start_size = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen(
        [sys.executable, "-m", "svidok", "import", str(path), "--mapping", str(mapping), "--quiet"],
        env=_env(tmp_path),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until the import is writing inside its transaction
        if wal.exists() and wal.stat().st_size > start_size + 4_000_000:
            break
        if process.poll() is not None:
            pytest.fail("the import finished before it could be killed: make the file bigger")
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert _counts(db) == before
    assert "intact" in _svidok(tmp_path, "audit", "verify").stdout
    _svidok(tmp_path, "import", str(path), "--mapping", str(mapping), "--quiet")
    after = _counts(db)
    assert after["person"] == before["person"] + 40_000
    assert "intact" in _svidok(tmp_path, "audit", "verify").stdout


def test_an_older_telegram_export_after_a_newer_one_keeps_the_edited_text(tmp_path):
    """Through the command, whose store logs reads: the stored versions are read before the
    import's write transaction (reading them inside it locked the database)."""
    import json

    def export(folder, text, edited=None):
        post = {"id": 1, "type": "message", "date": "2024-05-01T12:00:00"}
        post |= {"date_unixtime": "1714554000", "from": "Новини", "from_id": "channel1800000002"}
        post["text"] = text
        if edited:
            post["edited_unixtime"] = str(edited)
        chat = {"name": "Новини", "type": "public_channel", "id": 1800000002, "messages": [post]}
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "result.json").write_text(json.dumps(chat), encoding="utf-8")
        return str(tmp_path / folder / "result.json")

    old = export("old", "Повістки біля ринку.")
    new = export("new", "Повістки біля ринку і школи.", edited=1714557600)
    _svidok(tmp_path, "init")
    _svidok(tmp_path, "import", old)
    assert "1 updated" in _svidok(tmp_path, "import", new).stdout
    again = _svidok(tmp_path, "import", old).stdout
    assert "0 updated" in again and "newer text kept (1)" in again
    with sqlite3.connect(tmp_path / "data" / "svidok.db") as conn:
        (title,) = conn.execute("SELECT title FROM source WHERE kind = 'telegram_post'").fetchone()
    conn.close()
    assert "edited 2024-05-01" in title
