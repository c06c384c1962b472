"""`svidok estimate` as a real process: on a statistician's table, and on the demo store."""

from __future__ import annotations

import json

# Hepatitis A, Taiwan 1995 (CARE1 `HAV`), as a statistician would bring it.
HAV = "P,Q,E,count\n1,0,0,69\n0,1,0,55\n0,0,1,63\n1,1,0,21\n1,0,1,17\n0,1,1,18\n1,1,1,28\n"


def test_a_capture_history_csv_is_estimated_with_every_method_and_json(cli):
    (cli.tmp / "hav.csv").write_text(HAV, encoding="utf-8")
    out = cli("estimate", "--table", "hav.csv", "--methods", "independence,dga", "--json")
    data = json.loads(out.stdout)
    (stratum,) = data["strata"]
    assert stratum["documented"] == 271 == data["documented"]
    methods = {r["diagnostics"]["method_key"]: r for r in stratum["results"]}
    assert set(methods) == {"independence", "dga"}
    for result in methods.values():
        assert result["lower"] <= result["estimate"] <= result["upper"]
        assert result["estimate"] > 271 and result["rounded"]["lower"] >= 271
        assert result["interval"] and result["lists"] == ["P", "Q", "E"]
    assert stratum["recommended"] == methods["dga"]["method"]
    assert data["recommended_total"]["method"] == methods["dga"]["method"]


def test_the_table_view_states_documented_count_estimate_and_method(cli):
    (cli.tmp / "hav.csv").write_text(HAV, encoding="utf-8")
    text = cli("estimate", "--table", "hav.csv", "--methods", "independence,stepwise").stdout
    assert "at least 271 persons" in text and "Estimated total" in text
    assert "SparseMSE stepwise" in text and "Recommended" in text


def test_a_windows_1251_table_with_semicolons_reads_like_the_csv(cli):
    cyrillic = HAV.replace(",", ";").replace("count", "Кількість").replace("P;", "Список P;")
    (cli.tmp / "hav-1251.csv").write_bytes(cyrillic.encode("cp1251"))
    (cli.tmp / "hav.csv").write_text(HAV, encoding="utf-8")
    args = ("--methods", "independence", "--json")
    windows = json.loads(cli("estimate", "--table", "hav-1251.csv", *args).stdout)
    plain = json.loads(cli("estimate", "--table", "hav.csv", *args).stdout)
    assert windows["table_notes"] == ["the file is not UTF-8: read as Windows-1251 (cp1251)"]
    assert plain["table_notes"] == []
    (mine,), (theirs,) = windows["strata"][0]["results"], plain["strata"][0]["results"]
    assert mine["lists"] == ["Список P", "Q", "E"]
    assert (mine["estimate"], mine["lower"], mine["upper"]) == (
        theirs["estimate"],
        theirs["lower"],
        theirs["upper"],
    )


def test_a_bad_capture_table_names_the_line_and_writes_nothing(cli):
    (cli.tmp / "bad.csv").write_text("A,B,count\n1,0,5\n0,0,3\n", encoding="utf-8")
    result = cli("estimate", "--table", "bad.csv", check=False)
    assert result.returncode == 1
    assert "bad.csv, line 3" in result.stderr and "no list" in result.stderr
    assert result.stdout == ""


def test_demo_store_after_linkage_estimates_per_region_with_a_total(cli):
    cli("demo", "--persons", "150", "--seed", "5", "--quiet")
    cli("link")
    out = cli(
        "estimate", "--by", "region", "--methods", "independence,dga", "--max-lists", "4", "--json"
    )
    data = json.loads(out.stdout)
    assert data["linked"] is True and data["input"] == "store"
    assert len(data["strata"]) >= 2
    assert data["documented"] == sum(s["documented"] for s in data["strata"])
    assert data["recommended_total"]["documented"] == data["documented"]
    assert all(len(s["overlap"]["lists"]) >= 2 for s in data["strata"])


def test_the_command_and_the_dashboard_run_the_default_methods():
    from click.testing import CliRunner

    from svidok.cli import cli as command
    from svidok.estimate.methods import DEFAULT_METHODS, METHODS
    from svidok.web.views.dashboard import ESTIMATE_METHODS

    help_text = CliRunner().invoke(command, ["estimate", "--help"]).output
    assert f"[default: {','.join(DEFAULT_METHODS)}]" in " ".join(help_text.split())
    assert all(name in help_text for name in METHODS)
    assert ESTIMATE_METHODS == DEFAULT_METHODS


def test_an_xlsx_table_and_a_missing_file_through_the_command(cli):
    from openpyxl import Workbook

    book = Workbook()
    for line in HAV.splitlines():
        book.active.append([c if not c.isdigit() else int(c) for c in line.split(",")])
    book.save(cli.tmp / "hav.xlsx")
    (cli.tmp / "hav.csv").write_text(HAV, encoding="utf-8")
    args = ("--methods", "independence", "--json")
    book_result = json.loads(cli("estimate", "--table", "hav.xlsx", *args).stdout)
    csv_result = json.loads(cli("estimate", "--table", "hav.csv", *args).stdout)
    assert book_result["strata"][0]["results"] == csv_result["strata"][0]["results"]
    missing = cli("estimate", "--table", "nothing.csv", check=False)
    assert missing.returncode != 0 and "nothing.csv" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_table_options_merge_lists_and_database_options_are_refused(cli):
    (cli.tmp / "hav.csv").write_text(HAV, encoding="utf-8")
    args = ("estimate", "--table", "hav.csv", "--methods", "independence", "--json")
    merged = json.loads(cli(*args, "--merge", "PQ=P,Q").stdout)
    assert merged["strata"][0]["results"][0]["lists"] == ["PQ", "E"]
    assert "lists P, Q merged into 'PQ'" in merged["table_notes"]
    unknown = cli(*args, "--merge", "PQ=P,X", check=False)
    assert unknown.returncode != 0 and "['X'] are not in the table" in unknown.stderr
    by = cli(*args, "--by", "region", check=False)
    assert by.returncode != 0 and "--by" in by.stderr and "Traceback" not in by.stderr
