"""Capture tables from resolved persons, list overlap, CSV tables, communication."""

from __future__ import annotations

import math

import numpy as np
import pytest

from svidok.estimate import CaptureTable, CaptureTableError, Estimate
from svidok.estimate.communicate import comparison_rows, describe, rounded, unit_for
from svidok.estimate.csvtable import CaptureCsvError, read_capture_csv
from svidok.estimate.histories import capture_tables, merge_lists, overlap
from svidok.estimate.strata import sum_strata


def test_capture_tables_share_lists_across_strata_and_count_each_person_once():
    strata = {
        ("UA-23",): {"p1": {"A"}, "p2": {"A", "B"}, "p3": {"C"}},
        ("UA-65",): {"p4": {"B"}, "p5": {"B", "C"}},
    }
    tables = capture_tables(strata)
    assert {t.lists for t in tables.values()} == {("A", "B", "C")}
    assert tables[("UA-23",)].counts == {(1, 0, 0): 1, (1, 1, 0): 1, (0, 0, 1): 1}
    assert tables[("UA-65",)].n == 2


def test_persons_on_lists_outside_the_chosen_ones_are_not_captured():
    tables = capture_tables({(): {"p1": {"A"}, "p2": {"X"}, "p3": {"A", "B"}}}, lists=["A", "B"])
    assert tables[()].n == 2


def test_one_list_is_refused_with_a_reason():
    with pytest.raises(CaptureTableError, match="at least 2 lists"):
        capture_tables({(): {"p1": {"A"}}})


def test_merging_lists_renames_memberships():
    merged = merge_lists({"p1": {"A", "C"}, "p2": {"B"}}, {"NGOs": ["A", "B"]})
    assert merged == {"p1": {"NGOs", "C"}, "p2": {"NGOs"}}


def test_overlap_reports_sizes_pairs_empty_pairs_and_sparse_cells():
    table = CaptureTable.from_cells(["A", "B", "C"], [("100", 10), ("110", 4), ("001", 7)])
    o = overlap(table)
    assert o.sizes == {"A": 14, "B": 4, "C": 7}
    assert o.only_on == {"A": 10, "B": 0, "C": 7}
    assert o.pairwise[("A", "B")] == 4
    assert set(o.empty_pairs) == {("A", "C"), ("B", "C")}
    assert o.sparse_cells == 5 and o.cells == 7  # 010, 110 (4), 011, 101, 111


def test_aggregated_csv_with_a_stratum_column_gives_one_table_per_stratum():
    text = ["region,A,B,C,count", "UA-23,1,0,0,5", "UA-23,1,1,0,2", "UA-65,0,0,1,3", ""]
    tables = read_capture_csv(text, "t.csv")
    assert set(tables) == {("UA-23",), ("UA-65",)}
    assert tables[("UA-23",)].counts == {(1, 0, 0): 5, (1, 1, 0): 2}


def test_individual_rows_equal_the_tabulated_table():
    rows = ["A,B,C", "1,0,0", "1,0,0", "1,1,0", "0,0,1"]
    tabulated = ["A;B;C;Freq".replace(";", ","), "1,0,0,2", "1,1,0,1", "0,0,1,1"]
    assert read_capture_csv(rows)[()].counts == read_capture_csv(tabulated)[()].counts


SHAPES = {
    "semicolons, thousands": ["A;B;C;Freq", "1;0;0;12", "0;1;0;1 234", "1;1;1;3"],
    "R write.table with row names": [
        '"A" "B" "C" "Freq"',
        '"1" 1 0 0 12',
        '"2" 0 1 0 1234',
        '"3" 1 1 1 3',
    ],
    "pandas index, float counts": [",A,B,C,count", "0,1,0,0,12.0", "1,0,1,0,1234.0", "2,1,1,1,3"],
    "tab, count column unnamed": ["A\tB\tC\tsize", "1\t0\t0\t12", "0\t1\t0\t1234", "1\t1\t1\t3"],
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_capture_tables_in_the_shapes_statisticians_save_them(shape):
    notes: list[str] = []
    tables = read_capture_csv(SHAPES[shape], "t.csv", notes)
    assert tables[()].lists == ("A", "B", "C")
    assert tables[()].counts == {(1, 0, 0): 12, (0, 1, 0): 1234, (1, 1, 1): 3}
    assert ("R" in shape or "pandas" in shape or "unnamed" in shape) == bool(notes)


def test_pattern_column_and_spreadsheet_shortened_patterns():
    notes: list[str] = []
    tables = read_capture_csv(["history,n", "100,12", "10,4", "111,3", "1,2"], "p.csv", notes)
    assert tables[()].lists == ("L1", "L2", "L3")
    assert tables[()].counts == {(1, 0, 0): 12, (0, 1, 0): 4, (1, 1, 1): 3, (0, 0, 1): 2}
    assert "padded" in notes[0]


def test_yes_no_and_marks_per_person_and_an_id_column_is_not_a_stratum():
    notes: list[str] = []
    rows = ["id,NGO,Court,TG", "p1,TRUE,FALSE,", "p2,x,x,", "p3,no,,yes", "p4,так,ні,ні"]
    tables = read_capture_csv(rows, "people.csv", notes)
    assert set(tables) == {()}
    assert tables[()].counts == {(1, 0, 0): 2, (1, 1, 0): 1, (0, 0, 1): 1}
    assert "'id'" in notes[0]


def test_a_total_row_that_adds_up_is_dropped_and_one_that_does_not_is_pointed_at():
    rows = ["A,B,count", *[f"{i % 2},{1 - i % 2},{i + 1}" for i in range(12)]]
    notes: list[str] = []
    assert read_capture_csv([*rows, "Total,,78"], "t.csv", notes)[()].n == 78
    assert notes == ["line 14 ('Total') is a total row: ignored"]
    assert read_capture_csv([*rows, "Всього,,78"], "t.csv")[()].n == 78
    with pytest.raises(CaptureCsvError, match=r"line 14: 'Total' .*does not add up"):
        read_capture_csv([*rows, "Total,,80"], "t.csv")
    with pytest.raises(CaptureCsvError, match=r"line 8, column 'A'.*'Sum'"):
        read_capture_csv([*rows[:7], "Sum,,21", *rows[7:]], "t.csv")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (["A,B,count", "0,0,3"], "line 2: a person on no list"),
        (["A,B,count", "1,0,x"], "line 2, column 'count'"),
        (["A,B,count", "1,0"], "line 2: has 2 cells"),
        (["A,count", "1,3"], "at least 2 list columns"),
        ([], "empty"),
    ],
)
def test_bad_capture_csv_names_file_line_and_column(text, message):
    with pytest.raises(CaptureCsvError, match=message) as caught:
        read_capture_csv(text, "lists.csv")
    assert str(caught.value).startswith("lists.csv")


def test_rounding_follows_the_interval_width_and_never_goes_below_documented():
    assert unit_for(9_884.4, 13_027.4) == 100
    assert unit_for(22.0, 28.0) == 1
    e = Estimate("m", ("A", "B"), 2_744, 11_312.99, 9_884.4, 13_027.4)
    assert rounded(e) == (11_300, 9_900, 13_000)
    tight = Estimate("m", ("A", "B"), 100, 100.4, 99.2, 140.0)
    assert rounded(tight)[1] == 100


def test_a_refused_estimate_is_described_with_its_reason():
    nan = float("nan")
    e = Estimate("dga", ("A", "B", "C"), 40, nan, nan, nan, refused="too few lists")
    assert rounded(e) is None
    assert "no estimate" in describe(e) and "too few lists" in describe(e)
    assert comparison_rows([e])[0]["note"] == "too few lists"


def test_description_states_documented_interval_method_and_lists():
    e = Estimate("LCMCR", ("A", "B", "C"), 262, 350.2, 310.0, 409.0, interval="posterior")
    text = describe(e, "UA-23")
    for part in ("UA-23", "at least 262", "about 350", "310–409", "LCMCR", "A, B, C"):
        assert part in text


def test_strata_are_summed_by_draws_not_by_bounds():
    rng = np.random.default_rng(0)
    a = rng.normal(100, 10, 4000)
    b = rng.normal(200, 10, 4000)
    ea = Estimate("x", ("A", "B"), 80, 100, 80, 120, draws=a)
    eb = Estimate("x", ("A", "B"), 150, 200, 180, 220, draws=b)
    total = sum_strata([ea, eb], seed=3)
    assert total.documented == 230
    assert math.isclose(total.estimate, 300, rel_tol=0.02)
    width = total.upper - total.lower
    assert 0.6 * 80 < width < 80  # sqrt(2) * 40 ~ 55, narrower than the summed bounds (80)


def test_strata_without_draws_are_refused_not_guessed():
    ea = Estimate("stepwise", ("A", "B"), 80, 100, 80, 120)
    total = sum_strata([ea, ea])
    assert not total.ok and "no draws" in (total.refused or "")
    assert total.documented == 160


@pytest.mark.parametrize("name", ["id", "ID", "person_id", "№"])
def test_numbered_persons_are_counted_once_each_whatever_the_number_column_is_called(name):
    rows = [f"{name},ngo,police,media", "1,1,0,1", "2,1,1,0", "3,0,0,1", "4,1,0,0", "5,0,1,1"]
    notes: list[str] = []
    table = read_capture_csv(rows, "people.csv", notes)[()]
    assert table.n == 5
    assert table.counts[(1, 0, 1)] == 1


def test_distinct_numbers_on_repeated_patterns_are_labels_not_counts():
    rows = ["code,A,B", "17,1,0", "4,1,0", "250,0,1", "31,1,1"]
    assert read_capture_csv(rows, "t.csv")[()].n == 4
    # the same numbers on distinct patterns are counts
    rows = ["persons,A,B", "17,1,0", "250,0,1", "31,1,1"]
    assert read_capture_csv(rows, "t.csv")[()].n == 298


@pytest.mark.parametrize("cell", ["", "?", "NA"])
def test_a_row_for_persons_on_no_list_without_a_count_is_ignored_with_a_note(cell):
    rows = ["A;B;C;n", "1;0;0;120", "0;1;0;80", "1;1;0;30", "0;0;1;9", f"0;0;0;{cell}"]
    notes: list[str] = []
    table = read_capture_csv(rows, "t.csv", notes)[()]
    assert table.n == 239
    assert any("line 6" in n and "no list" in n for n in notes)


def test_lists_named_per_person_or_one_row_per_person_and_list_equal_the_0_1_table():
    wide = read_capture_csv(["A,B,C", "1,0,0", "1,1,0", "0,1,0", "0,0,1", "1,0,1", "1,0,0"])
    named = ["person,lists", "p1,A", "p2,A; B", "p3,B", "p4,C", "p5,A+C", "p6,A"]
    pairs = ["person_id,source", "p1,A", "p2,A", "p2,B", "p3,B", "p4,C", "p5,A", "p5,C", "p6,A"]
    for text in (named, pairs):
        notes: list[str] = []
        table = read_capture_csv(text, "t.csv", notes)[()]
        assert table.lists == ("A", "B", "C")
        assert table.counts == wide[()].counts
        assert len(notes) == 1 and "names of the lists" in notes[0]


def test_one_row_per_person_and_list_with_a_stratum_column():
    rows = ["id,list,region", "1,NGO,UA-23", "1,Court,UA-23", "2,NGO,UA-65", "3,Court,UA-65"]
    tables = read_capture_csv(rows, "t.csv")
    assert tables[("UA-23",)].counts == {(1, 1): 1}
    assert tables[("UA-65",)].counts == {(0, 1): 1, (1, 0): 1}
    rows.append("1,Media,UA-65")
    with pytest.raises(CaptureCsvError, match=r"line 6.*two strata"):
        read_capture_csv(rows, "t.csv")


def test_an_xlsx_table_with_a_title_row_is_read_like_the_csv(tmp_path):
    from openpyxl import Workbook

    from svidok.estimate.csvtable import read_capture_file

    book = Workbook()
    sheet = book.active
    sheet.append(["Table 2. Persons by list"])
    sheet.append(["A", "B", "C", "count"])
    for row in [(1, 0, 0, 120), (0, 1, 0, 80.0), (1, 1, 0, 30), (0, 1, 1, 15)]:
        sheet.append(row)
    book.save(tmp_path / "t.xlsx")
    (tmp_path / "t.csv").write_text("A;B;C;count\n1;0;0;120\n0;1;0;80\n1;1;0;30\n0;1;1;15\n")
    from_xlsx = read_capture_file(tmp_path / "t.xlsx")[()]
    assert from_xlsx.counts == read_capture_file(tmp_path / "t.csv")[()].counts
    assert from_xlsx.n == 245


def test_json_tables_in_the_published_shape(tmp_path):
    import json

    from svidok.estimate.csvtable import read_capture_file

    cells = [{"pattern": "10", "count": 30}, {"pattern": "01", "count": 20}]
    cells.append({"pattern": "11", "count": 5})
    (tmp_path / "one.json").write_text(json.dumps({"lists": ["NGO", "Court"], "cells": cells}))
    table = read_capture_file(tmp_path / "one.json")[()]
    assert table.lists == ("NGO", "Court") and table.counts == {(1, 0): 30, (0, 1): 20, (1, 1): 5}
    (tmp_path / "counts.json").write_text(json.dumps({"counts": {"10": 30, "01": 20, "11": 5}}))
    assert read_capture_file(tmp_path / "counts.json")[()].counts == table.counts
    both = {
        "2023": {"lists": ["A", "B"], "cells": cells},
        "2024": {"lists": ["A", "B"], "cells": cells},
    }
    (tmp_path / "two.json").write_text(json.dumps(both))
    assert set(read_capture_file(tmp_path / "two.json")) == {("2023",), ("2024",)}
    cells.append({"pattern": "1", "count": 2})
    (tmp_path / "bad.json").write_text(json.dumps({"cells": cells}))
    with pytest.raises(CaptureCsvError, match=r"bad.json, column 'cells\[3\]'.*not 2 long"):
        read_capture_file(tmp_path / "bad.json")


def test_the_shapes_spss_r_and_pivot_tables_come_in():
    plain = read_capture_csv(["A,B,count", "1,0,54", "0,1,46", "1,1,7"])[()].counts
    spss = ["A;B;weight", "1,00;,00;54,00", ",00;1,00;46,00", "1,00;1,00;7,00"]
    assert read_capture_csv(spss)[()].counts == plain
    r_table = ['"","A","B","Freq"', '"1","0","0",0', '"2","1","0",54', '"3","0","1",46']
    r_table.append('"4","1","1",7')
    assert read_capture_csv(r_table)[()].counts == plain
    combos = ["Lists,Persons", "A,54", "B,46", "A + B,7"]
    assert read_capture_csv(combos)[()].counts == plain
    with pytest.raises(CaptureCsvError, match=r"line 3, column 'B'.*'2'"):
        read_capture_csv(["A,B,count", "1,0,54", "0,2,46", "1,1,7"], "t.csv")


def test_tables_where_the_lists_do_not_overlap_are_refused_by_every_method():
    from svidok.estimate.methods import estimate_all

    apart = CaptureTable(("A", "B", "C"), {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 20})
    alone = CaptureTable(("A", "B", "C"), {(1, 0, 0): 40})
    for table, reason in ((apart, "no two lists share anyone"), (alone, "only 1 of the 3")):
        results = estimate_all(table, ("independence", "stepwise", "dga", "lcmcr"))
        assert all(not r.ok and reason in (r.refused or "") for r in results)


def test_a_list_that_names_everyone_documented_is_refused_by_every_method(table):
    """A list made from the others (or a register) holds all of them: nobody seems missing."""
    from svidok.estimate.methods import estimate_all

    base = table("T17")
    everyone = CaptureTable(
        (*base.lists, "ALL"), {(*pattern, 1): count for pattern, count in base.counts.items()}
    )
    results = estimate_all(everyone, ("independence", "stepwise", "dga"))
    assert all(not r.ok and "list ALL names every one" in (r.refused or "") for r in results)
    assert all(r.ok for r in estimate_all(base, ("independence", "dga")))


def test_merging_lists_of_a_table_gives_the_published_merged_table(table):
    from svidok.estimate.histories import merge_table

    merged = merge_table(table("T2"), {"PFNCA": ["PF", "NCA"]})
    assert merged.lists == table("T3").lists and merged.counts == table("T3").counts
    with pytest.raises(CaptureTableError, match=r"\['XX'\] are not in the table"):
        merge_table(table("T2"), {"Y": ["PF", "XX"]})


def test_when_lcmcr_refuses_the_recommendation_says_to_read_the_fallback_as_a_floor():
    from svidok.estimate.methods import recommend

    lists = ("A", "B", "C")
    dga = Estimate("dga", lists, 100, 150.0, 120.0, 200.0, diagnostics={"method_key": "dga"})
    refused = Estimate.refusal(
        "lcmcr", lists, 100, "chains disagree", diagnostics={"method_key": "lcmcr"}
    )
    best, why = recommend([dga, refused])
    assert best is dga and "floor" in why
    best, why = recommend([dga])
    assert best is dga and "floor" not in why
