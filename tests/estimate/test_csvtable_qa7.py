"""Capture-history tables as testers wrote them: thousands, persons with ages, pattern forms,
unnamed counts, strata, notes in and under the table, repeated rows, JSON details."""

from __future__ import annotations

import json

import pytest

from svidok.estimate.csvtable import CaptureCsvError, read_capture_csv, read_capture_file

T17 = [("1,0,0", 60), ("0,1,0", 49), ("0,0,1", 247), ("1,1,0", 4), ("1,0,1", 112)]
T17 += [("0,1,1", 142), ("1,1,1", 12)]


def _rows(header: str, sep: str = ",", count=lambda c: str(c)) -> list[str]:
    return [header] + [f"{p.replace(',', sep)}{sep}{count(c)}" for p, c in T17]


def _read(rows: list[str]) -> tuple[dict, list[str]]:
    notes: list[str] = []
    return read_capture_csv(rows, "t.csv", notes), notes


@pytest.mark.parametrize("name", ["Anzahl", "count"])
def test_a_dot_before_three_digits_separates_thousands(name):
    tables, notes = _read(_rows(f"R;D;B;{name}", ";", lambda c: f"{c}.000"))
    assert tables[()].counts[(1, 0, 0)] == 60_000
    assert tables[()].n == 626_000
    assert any("dots separate thousands" in n and "'60.000'" in n for n in notes)


def test_a_dotted_count_that_could_be_thousands_or_decimals_is_refused():
    with pytest.raises(CaptureCsvError, match=r"line 2, column 'n'.*'60\.000' could be 60 or"):
        read_capture_csv(["A,B,n", "1,0,60.000", "0,1,12.5", "1,1,3"], "t.csv")
    with pytest.raises(CaptureCsvError, match=r"line 2, column 'n'.*'1,234' could be"):
        read_capture_csv(["A;B;n", "1;0;1,234", "0;1;12,50", "1;1;3"], "t.csv")


def test_beside_a_person_number_an_age_column_is_not_a_count():
    ages = [30, 41, 30, 25, 61, 41, 19, 30, 52]
    rows = ["id,P,Q,E,age"] + [
        f"{k},{k % 2},{1 - k % 2},{k % 3 == 0:d},{a}" for k, a in enumerate(ages)
    ]
    tables, notes = _read(rows)
    assert tables[()].lists == ("P", "Q", "E")
    assert tables[()].n == 9
    assert any("'age' is not a count" in n and "'id'" in n for n in notes)


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        ("lists;count", ["{A};34", "{B};13", "{C};198", "{A,B};3", "{A,C};4", "{A,B,C};6"]),
        ("lists,count", ["A,34", "B,13", "C,198", "AB,3", "AC,4", "ABC,6"]),
        ("lists,count", ["A,34", "B,13", "C,198", "A B,3", "A C,4", "A B C,6"]),
    ],
)
def test_lists_named_in_braces_glued_letters_or_spaces_are_read_as_sets(header, cells):
    tables, _ = _read([header, *cells])
    assert tables[()].lists == ("A", "B", "C")
    assert tables[()].counts == {
        (1, 0, 0): 34,
        (0, 1, 0): 13,
        (0, 0, 1): 198,
        (1, 1, 0): 3,
        (1, 0, 1): 4,
        (1, 1, 1): 6,
    }


def test_spaced_patterns_beside_a_region_are_patterns_and_the_region_a_stratum():
    rows = ["region,history,count", "North,1 0 0,69", "North,0 1 0,55", "North,1 1 0,21"]
    rows += ["South,1 0 0,70", "South,0 1 0,50", "South,1 1 0,20"]
    tables, notes = _read(rows)
    assert set(tables) == {("North",), ("South",)}
    assert tables[("South",)].counts == {(1, 0, 0): 70, (0, 1, 0): 50, (1, 1, 0): 20}
    assert any("'history' read as capture patterns" in n for n in notes)


def test_glued_letters_that_are_not_all_one_letter_names_are_refused_with_the_accepted_forms():
    with pytest.raises(CaptureCsvError, match=r"line 4, column 'lists'.*'PQ'.*\{P,E\}"):
        read_capture_csv(["lists,count", "P,1", "Q,2", "PQ,3", "Court,4", "P;Court,5"], "t.csv")


def test_an_unnamed_count_beside_a_year_and_a_zero_one_anzahl_are_counts():
    rows = ["year,P,Q,E,Menge"] + [f"{y},{p},{c}" for y in (2015, 2016) for p, c in T17]
    tables, notes = _read(rows)
    assert set(tables) == {("2015",), ("2016",)}
    assert tables[("2016",)].n == 626
    assert "column 'Menge' read as the count of each pattern" in notes
    tables, notes = _read(["A,B,C,Anzahl", "1,0,0,1", "0,1,0,1", "1,1,0,1", "0,0,1,0"])
    assert tables[()].lists == ("A", "B", "C")
    assert tables[()].n == 3


def test_two_columns_that_could_be_the_count_are_refused_naming_both():
    with pytest.raises(CaptureCsvError, match=r"columns 'x' and 'y' could both be the count"):
        read_capture_csv(
            ["x,P,Q,y", "3,1,0,5", "4,0,1,7", "5,1,1,2", "3,1,0,5", "4,0,1,7"], "t.csv"
        )


def test_strata_are_noted_and_shares_dates_and_blank_strata_are_not_strata():
    rows = ["region,A,B,count,percent", "N,1,0,5,50.0", "N,0,1,3,30.0", "N,1,1,2,20.0"]
    rows += ["S,1,0,4,40.0", "S,0,1,4,40.0", "S,1,1,2,20.0"]
    tables, notes = _read(rows)
    assert set(tables) == {("N",), ("S",)}
    assert "column 'region' read as a stratum (2 values: N, S): one table for each" in notes
    assert any("'percent' holds shares" in n for n in notes)
    people = ["name,onset,A,B", "Ann,1995-08-25,1,0", "Bo,1995-07-23,1,1", "Cy,1995-08-25,0,1"]
    tables, notes = _read(people)
    assert set(tables) == {()} and tables[()].n == 3
    assert any("'onset' holds dates" in n for n in notes)
    with pytest.raises(CaptureCsvError, match=r"line 5, column 'region': the stratum is empty"):
        read_capture_csv([*rows[:4], ",1,0,4,40.0", *rows[5:]], "t.csv")


def test_a_zero_one_column_nobody_is_on_alone_stays_a_list_with_a_note():
    rows = ["P,Q,E,female,count"] + [f"{p},{f},{c}" for f in (0, 1) for p, c in T17]
    tables, notes = _read(rows)
    assert tables[()].lists == ("P", "Q", "E", "female")
    assert any("nobody is on list 'female' alone" in n for n in notes)


def test_notes_under_the_table_are_skipped_and_headings_inside_it_are_pointed_at():
    tables, notes = _read([*_rows("R,D,B,count"), "Source: Madigan & York 1997,,,"])
    assert tables[()].n == 626
    assert notes == ["line 9 ('Source: Madigan & York 1997') is a note under the table: ignored"]
    headed = ["P,Q,E,count", "North,,,", *_rows("")[1:], "South,,,", *_rows("")[1:]]
    with pytest.raises(CaptureCsvError, match=r"line 2, column 'P': 'North'.*line 10"):
        read_capture_csv(headed, "t.csv")


def test_notes_under_an_xlsx_table_are_skipped(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["R", "D", "B", "n"])
    for pattern, count in T17:
        sheet.append([*map(int, pattern.split(",")), count])
    sheet.append(["Note: I and O merged"])
    book.save(tmp_path / "t.xlsx")
    notes: list[str] = []
    assert read_capture_file(tmp_path / "t.xlsx", notes)[()].n == 626
    assert any("line 9" in n and "note under the table" in n for n in notes)


def test_a_list_named_n_beside_a_count_column_is_a_list():
    tables, _ = _read(_rows("G,N,P,count"))
    assert tables[()].lists == ("G", "N", "P")
    assert tables[()].n == 626


def test_a_repeated_pattern_is_noted_and_a_table_pasted_twice_is_refused():
    rows = _rows("R,D,B,count")
    tables, notes = _read([*rows, "1,0,0,5"])
    assert tables[()].counts[(1, 0, 0)] == 65
    assert "pattern 100 appears on lines 2 and 9; counts added" in notes
    with pytest.raises(CaptureCsvError, match=r"line 9: lines 9–15 repeat lines 2–8 exactly"):
        read_capture_csv([*rows, *rows[1:]], "t.csv")


def test_an_empty_last_column_from_a_trailing_semicolon_is_dropped():
    tables, notes = _read([f"{r};" for r in _rows("P;Q;E;count", ";")])
    assert tables[()].lists == ("P", "Q", "E") and tables[()].n == 626
    assert any("last column is empty" in n for n in notes)


def test_json_with_a_wrong_n_warns_and_strata_in_another_list_order_are_reordered(tmp_path):
    cells = [{"pattern": "10", "count": 30}, {"pattern": "01", "count": 20}]
    cells.append({"pattern": "11", "count": 5})
    (tmp_path / "n.json").write_text(json.dumps({"lists": ["A", "B"], "cells": cells, "n": 99}))
    notes: list[str] = []
    assert read_capture_file(tmp_path / "n.json", notes)[()].n == 55
    assert any(n.startswith("warning") and "99" in n and "55" in n for n in notes)
    swapped = [{"pattern": "01", "count": 30}, {"pattern": "10", "count": 20}]
    swapped.append({"pattern": "11", "count": 5})
    both = {
        "2015": {"lists": ["A", "B"], "cells": cells},
        "2016": {"lists": ["B", "A"], "cells": swapped},
    }
    (tmp_path / "two.json").write_text(json.dumps(both))
    notes = []
    tables = read_capture_file(tmp_path / "two.json", notes)
    assert tables[("2016",)].lists == ("A", "B")
    assert tables[("2016",)].counts == tables[("2015",)].counts
    assert any("'2016'" in n and "another order" in n for n in notes)
