"""Reading CSV and XLSX files as offices make them: every fixture is generated in tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svidok.errors import ReadError
from svidok.ingest.tabular import Row, Table, open_table
from svidok.ingest.tabular_xlsx import cell_text, data_sheet

HEADER = "ПІБ;Дата народження;Область;Громада;Тип;Дата"
PERSON = "Іваненко Іван;1990-01-02;Запорізька;Мелітопольська;повістка;2024-03-05"


def write(tmp_path: Path, text: str, name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(table: Table) -> list[Row]:
    return list(table.rows())


def cells(table: Table) -> list[tuple[str, ...]]:
    return [row.cells for row in table.rows()]


def workbook(
    tmp_path: Path, rows: Sequence[Sequence[Any]], name: str = "people.xlsx", **kw: Any
) -> Path:
    """An XLSX with ``rows`` from A1 on the first sheet; ``merge`` lists ranges to merge."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kw.get("title", "Sheet1")
    for row in rows:
        sheet.append(list(row))
    for cells_range in kw.get("merge", ()):
        sheet.merge_cells(cells_range)
    path = tmp_path / name
    book.save(path)
    book.close()
    return path


def error_of(path: Path, **options: Any) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read(open_table(path, **options))
    return caught.value


# CSV: encodings


def test_it_reads_utf8_without_bom(tmp_path):
    table = open_table(write(tmp_path, f"{HEADER}\n{PERSON}\n"))
    assert (table.format, table.encoding, table.delimiter) == ("csv", "utf-8", ";")
    assert table.header == tuple(HEADER.split(";"))
    assert table.header_line == 1
    assert read(table) == [Row(2, tuple(PERSON.split(";")))]


def test_it_drops_the_utf8_bom(tmp_path):
    table = open_table(write(tmp_path, f"{HEADER}\n{PERSON}\n", encoding="utf-8-sig"))
    assert table.encoding == "utf-8-sig"
    assert table.header[0] == "ПІБ"


def test_it_detects_ukrainian_cp1251(tmp_path):
    text = "ПІБ;Місто;Примітка\nЇжак Євген Ґудзь;Запоріжжя;їхав у «ґазику» № 5 — є свідки\nІгор;Київ;\n"
    table = open_table(write(tmp_path, text, encoding="cp1251"))
    assert table.encoding == "cp1251"
    assert cells(table) == [
        ("Їжак Євген Ґудзь", "Запоріжжя", "їхав у «ґазику» № 5 — є свідки"),
        ("Ігор", "Київ", ""),
    ]


def test_it_detects_cp1251_in_capitals(tmp_path):
    # "РІК" encodes as bytes that start a valid utf-8 sequence: detection must not be fooled.
    text = "ПІБ;РІК;МІСТО\nІВАНЕНКО;1990;МЕЛІТОПОЛЬ\n"
    table = open_table(write(tmp_path, text, encoding="cp1251"))
    assert table.encoding == "cp1251"
    assert table.header == ("ПІБ", "РІК", "МІСТО")


def test_it_switches_to_cp1251_when_it_starts_after_the_first_megabyte(tmp_path):
    ascii_rows = "".join(f"{i};2024-01-01;x\n" for i in range(80_000))
    path = write(
        tmp_path,
        "id;date;place\n" + ascii_rows + "80000;2024-01-01;Біла Церква\n",
        encoding="cp1251",
    )
    assert path.stat().st_size > 1 << 20
    table = open_table(path)
    assert table.encoding == "cp1251"
    assert read(table)[-1].cells == ("80000", "2024-01-01", "Біла Церква")


def test_it_reads_excel_unicode_text(tmp_path):
    text = "ПІБ\tОбласть\r\nКоваль Олена\tХерсонська\r\n"
    table = open_table(write(tmp_path, text, "export.txt", encoding="utf-16"))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert read(table) == [Row(2, ("Коваль Олена", "Херсонська"))]


def test_an_explicit_encoding_that_fails_names_the_line(tmp_path):
    lines = [HEADER] + [PERSON] * 55 + ["Ґудзь;1990;Херсонська;Олешківська;повістка;2024"]
    path = write(tmp_path, "\n".join(lines) + "\n", encoding="cp1251")
    error = error_of(path, encoding="utf-8")
    assert error.where == "line 1"  # the header is already cp1251
    path = write(tmp_path, "\n".join(lines[:-1]) + "\n", encoding="utf-8")
    path.write_bytes(path.read_bytes() + lines[-1].encode("cp1251") + b"\n")
    error = error_of(path, encoding="utf-8")
    assert error.where == "line 57"
    assert "set encoding: cp1251" in str(error)
    assert str(error).startswith(
        f"{path}, line 57: bytes are not valid utf-8; the file may be cp1251"
    )


def test_a_damaged_line_in_a_utf8_file_is_named_not_guessed(tmp_path):
    good = (f"{PERSON}\n" * 60).encode()
    path = tmp_path / "damaged.csv"
    path.write_bytes(f"{HEADER}\n".encode() + good + "Ґудзь;1990\n".encode("cp1251") + good)
    error = error_of(path)
    assert error.where == "line 62"
    assert "not valid utf-8" in error.reason


def test_an_explicit_encoding_is_used_as_given(tmp_path):
    path = write(tmp_path, "a;b\nè;é\n", encoding="latin-1")
    table = open_table(path, encoding="latin-1")
    assert table.encoding == "iso8859-1"
    assert cells(table) == [("è", "é")]


def test_an_unknown_encoding_is_a_read_error(tmp_path):
    assert "unknown encoding" in error_of(write(tmp_path, "a;b\n"), encoding="klingon").reason


def test_binary_garbage_does_not_look_like_text(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 50)
    assert "does not look like text" in error_of(path).reason


def test_a_workbook_named_csv_is_recognised(tmp_path):
    book = workbook(tmp_path, [["a", "b"]])
    path = tmp_path / "book.csv"
    path.write_bytes(book.read_bytes())
    assert "zip archive" in error_of(path).reason


def test_text_in_neither_encoding_is_a_read_error(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Name;Straße\nMüller;Gärtnerplatz\nLefèvre;Rue Édouard\n".encode("latin-1"))
    assert "cannot tell the encoding" in error_of(path).reason


# CSV: delimiters, quoting, lines


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_it_detects_the_delimiter(tmp_path, delimiter):
    text = "\n".join(
        delimiter.join(row) for row in [["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]]
    )
    table = open_table(write(tmp_path, text + "\n"))
    assert table.delimiter == delimiter
    assert cells(table) == [("1", "2", "3"), ("4", "5", "6")]


def test_commas_in_cells_do_not_fool_delimiter_detection(tmp_path):
    text = "ПІБ;Адреса;Дата\nІваненко, Іван;м. Мелітополь, вул. Миру, 5;2023\nПетренко, Петро;м. Бердянськ, вул. Шевченка, 1;2023\n"
    table = open_table(write(tmp_path, text))
    assert table.delimiter == ";"
    assert table.header == ("ПІБ", "Адреса", "Дата")


def test_an_explicit_delimiter_is_used(tmp_path):
    table = open_table(write(tmp_path, "a;b,c\n1;2,3\n"), delimiter=",")
    assert table.header == ("a;b", "c")
    assert open_table(write(tmp_path, "a\tb\n"), delimiter="tab").delimiter == "\t"


def test_a_single_column_file_keeps_each_line_whole(tmp_path):
    table = open_table(write(tmp_path, "ПІБ\nІваненко, Іван\nПетренко; Петро\n"))
    assert table.header == ("ПІБ",)
    assert cells(table) == [("Іваненко, Іван",), ("Петренко; Петро",)]


def test_quoted_cells_span_lines_and_keep_doubled_quotes(tmp_path):
    text = 'ПІБ;Примітка;Дата\n"Іваненко";"Сказав: ""прийшли\nвранці""\nі забрали";2024\nПетренко;;2023\n'
    rows = read(open_table(write(tmp_path, text)))
    assert rows[0] == Row(2, ("Іваненко", 'Сказав: "прийшли\nвранці"\nі забрали', "2024"))
    assert rows[1].line == 5


def test_line_numbers_count_crlf_and_blank_lines(tmp_path):
    text = "a;b\r\n\r\n1;2\r\n\r\n\r\n3;4\r\n\r\n"
    table = open_table(write(tmp_path, text))
    assert [row.line for row in table.rows()] == [3, 6]
    assert table.skipped_empty == 4
    assert table.where(read(table)[1]) == "line 6"


def test_old_mac_line_endings_are_lines(tmp_path):
    table = open_table(write(tmp_path, "a;b\r1;2\r\r3;4\r"))
    assert [row.line for row in table.rows()] == [2, 4]


CYRILLIC = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
CELL = st.text(alphabet=CYRILLIC + "0123456789 .-'\"\n№«»", max_size=12).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    header=st.lists(
        st.text(alphabet=CYRILLIC, min_size=1, max_size=8), min_size=2, max_size=6, unique=True
    ),
    data=st.data(),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]),
)
def test_whatever_a_csv_writer_writes_is_read_back(header, data, delimiter, encoding):
    width = len(header)
    rows = data.draw(
        st.lists(st.lists(CELL, min_size=width, max_size=width), min_size=1, max_size=8)
    )
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.csv"
        path.write_bytes(buffer.getvalue().encode(encoding))
        table = open_table(path)
        assert table.header == tuple(header)
        assert cells(table) == [tuple(row) for row in rows if any(row)]
        assert all(row.problem is None for row in table.rows())


def test_cells_are_stripped(tmp_path):
    assert cells(open_table(write(tmp_path, " a ; b\u00a0\n  1 ;\t2 \n"))) == [("1", "2")]


# CSV: header


def test_it_skips_title_lines_above_the_header(tmp_path):
    text = f"Список осіб, примусово мобілізованих у 2023 р.\n\n{HEADER}\n{PERSON}\n"
    table = open_table(write(tmp_path, text))
    assert table.delimiter == ";"
    assert table.header[0] == "ПІБ"
    assert table.header_line == 3
    assert [row.line for row in table.rows()] == [4]


def test_it_skips_several_title_lines_exported_with_padding(tmp_path):
    text = f'"Список осіб, примусово мобілізованих";;;;;\nстаном на 01.03.2024;;;;;\n;;;;;\n{HEADER}\n{PERSON}\n'
    table = open_table(write(tmp_path, text))
    assert (table.header[0], table.header_line) == ("ПІБ", 4)


def test_header_row_overrides_detection(tmp_path):
    text = f"Звіт;2024\nпримітка;x\n{HEADER}\n{PERSON}\n"
    assert open_table(write(tmp_path, text)).header == ("Звіт", "2024")
    table = open_table(write(tmp_path, text), header_row=3)
    assert table.header[0] == "ПІБ"
    assert read(table)[0].line == 4


def test_header_row_on_an_empty_line_is_a_read_error(tmp_path):
    path = write(tmp_path, f"title\n\n{HEADER}\n")
    assert "line 2 is empty" in error_of(path, header_row=2).reason
    assert "ends before" in error_of(path, header_row=9).reason


def test_two_header_rows_are_joined_as_excel_exports_merged_cells(tmp_path):
    text = "№;Особа;;;Подія;\n;ПІБ;Дата народження;Область;Тип;Дата\n1;Іваненко;1990;Запорізька;повістка;2024\n"
    table = open_table(write(tmp_path, text), header_rows=2)
    assert table.header == (
        "№",
        "Особа / ПІБ",
        "Особа / Дата народження",
        "Особа / Область",
        "Подія / Тип",
        "Подія / Дата",
    )
    assert table.header_line == 2
    assert cells(table) == [("1", "Іваненко", "1990", "Запорізька", "повістка", "2024")]


def test_blank_and_repeated_header_names_are_made_unique(tmp_path):
    table = open_table(write(tmp_path, "Дата;;Дата;ПІБ;Дата;Дата (2);;\n1;2;3;4;5;6\n"))
    assert table.header == ("Дата", "column 2", "Дата (3)", "ПІБ", "Дата (4)", "Дата (2)")


def test_a_file_without_rows_is_a_read_error(tmp_path):
    assert "empty" in error_of(write(tmp_path, "")).reason
    assert "no rows" in error_of(write(tmp_path, "\n \n\r\n")).reason
    assert "no header" in error_of(write(tmp_path, ";;\n;;\n")).reason


def test_a_header_without_data_has_no_rows(tmp_path):
    table = open_table(write(tmp_path, HEADER))
    assert table.header[-1] == "Дата"
    assert read(table) == []


# CSV: ragged rows and limits


def test_ragged_rows_carry_a_problem_and_are_fitted_to_the_header(tmp_path):
    text = "a;b;c\n1;2;3;4\n1;2\n1;2;3;;\n1;2;3;4;;\n"
    rows = read(open_table(write(tmp_path, text)))
    assert rows == [
        Row(2, ("1", "2", "3"), "has 4 cells, the header has 3"),
        Row(3, ("1", "2", ""), "has 2 cells, the header has 3"),
        Row(4, ("1", "2", "3")),
        Row(5, ("1", "2", "3"), "has 4 cells, the header has 3"),
    ]


def test_a_ragged_row_over_many_lines_hints_at_an_unclosed_quote(tmp_path):
    lines = "".join(f"{i};Особа {i};2024\n" for i in range(3, 40))
    rows = read(open_table(write(tmp_path, f'№;ПІБ;Дата\n1;"Іваненко;2024\n{lines}')))
    assert len(rows) == 1
    assert rows[0].problem == (
        "has 2 cells, the header has 3; the row runs from line 2 to line 39: is a quote left unclosed?"
    )


def test_a_header_with_trailing_empty_cells_is_not_widened(tmp_path):
    table = open_table(write(tmp_path, "a;b;c;;\n1;2;3;;\n"))
    assert table.header == ("a", "b", "c")
    assert read(table) == [Row(2, ("1", "2", "3"))]


def test_a_cell_over_the_limit_names_line_and_column(tmp_path):
    text = f"a;b;c\n1;2;3\n4;{'x' * 5000};6\n"
    before = csv.field_size_limit()
    error = error_of(write(tmp_path, text), max_cell_chars=1000)
    assert (error.where, error.field) == ("line 3", "b")
    assert "longer than 1,000 characters" in error.reason
    assert csv.field_size_limit() == before


def test_a_quoted_cell_over_the_limit_fails_while_reading_it(tmp_path):
    long = "y" * 99 + "\n"
    text = f'a;b;c\n1;2;3\n4;5;"{long * 50}"\n7;8;9\n'
    error = error_of(write(tmp_path, text), max_cell_chars=1000)
    assert (error.where, error.field) == ("line 3", "c")


def test_a_line_longer_than_a_block_fails_when_the_table_is_opened(tmp_path):
    # Lines far longer than any cell may be are never read whole (a 200 MB cell must not
    # need gigabytes): here 8 × 1,000 + 65,536 characters is the longest line read whole,
    # and the scan that opens the file finds longer lines that cross its 1 MB blocks.
    path = write(tmp_path, f"a;b;c\n1;2;3\n4;{'z' * 1_200_000};6\n7;8;9\n")
    with pytest.raises(ReadError) as caught:
        open_table(path, max_cell_chars=1000)
    assert (caught.value.where, caught.value.field) == ("line 3", "b")


def test_the_csv_field_limit_is_restored_between_rows(tmp_path):
    before = csv.field_size_limit()
    table = open_table(write(tmp_path, "a;b\n1;2\n3;4\n"), max_cell_chars=10)
    for _ in table.rows():
        assert csv.field_size_limit() == before


# Both formats: the file as a whole


def test_the_digest_is_the_sha256_of_the_file(tmp_path):
    csv_path = write(tmp_path, f"{HEADER}\n{PERSON}\n")
    xlsx_path = workbook(tmp_path, [["a", "b"], [1, 2]])
    for path in (csv_path, xlsx_path):
        assert open_table(path).file_digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_format_follows_the_extension(tmp_path):
    assert open_table(write(tmp_path, "a\tb\n1\t2\n", "export.TSV")).format == "csv"
    assert "old Excel format" in error_of(write(tmp_path, "x", "old.xls")).reason
    assert "unknown kind of file" in error_of(write(tmp_path, "x", "notes.docx")).reason
    assert "no such file" in error_of(tmp_path / "missing.csv").reason


def test_a_file_changed_after_opening_is_a_read_error(tmp_path):
    path = write(tmp_path, "a;b\n1;2\n")
    table = open_table(path)
    path.write_text("a;b\n1;2\n3;4\n", encoding="utf-8")
    assert "changed since it was opened" in error_of_rows(table).reason


def error_of_rows(table: Table) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read(table)
    return caught.value


def test_rows_can_be_read_again(tmp_path):
    table = open_table(write(tmp_path, "a;b\n1;2\n\n3;4\n"))
    assert read(table) == read(table)
    assert table.skipped_empty == 1
    assert table.details() == {
        "format": "csv",
        "encoding": "utf-8",
        "delimiter": ";",
        "header_line": "1",
    }


def test_an_unfinished_pass_closes_its_file(tmp_path):
    table = open_table(write(tmp_path, "a;b\n1;2\n3;4\n"))
    rows = table.rows()
    assert next(rows).line == 2
    rows.close()  # a ResourceWarning here would fail the test (warnings are errors)


@pytest.mark.slow
def test_it_streams_a_large_csv_quickly(tmp_path):
    path = tmp_path / "big.csv"
    row = 'Іваненко Іван Іванович;1990-01-02;Запорізька;Мелітопольська;повістка;2024-03-05;tg;"x, y"\n'
    with path.open("w", encoding="utf-8") as file:
        file.write("ПІБ;Дата народження;Область;Громада;Тип;Дата;Джерело;Примітка\n")
        for _ in range(20):
            file.write(row * 10_000)
    started = time.perf_counter()
    table = open_table(path)
    count = sum(1 for _ in table.rows())
    elapsed = time.perf_counter() - started
    assert count == 200_000
    assert elapsed < 5  # about 0.4 s here: 1,000,000 such rows take about 2 s


# XLSX


def test_merged_header_cells_make_a_two_row_header(tmp_path):
    rows = [
        ["Особа", None, None, "Подія", None],
        ["ПІБ", "Дата народження", "Область", "Тип", "Дата"],
        ["Іваненко Іван", dt.date(1990, 1, 2), "Запорізька", "повістка", dt.date(2024, 3, 5)],
    ]
    table = open_table(workbook(tmp_path, rows, merge=["A1:C1", "D1:E1"]))
    assert (table.format, table.sheet, table.encoding, table.delimiter) == (
        "xlsx",
        "Sheet1",
        None,
        None,
    )
    assert table.header == (
        "Особа / ПІБ",
        "Особа / Дата народження",
        "Особа / Область",
        "Подія / Тип",
        "Подія / Дата",
    )
    assert table.header_line == 2
    assert read(table) == [
        Row(3, ("Іваненко Іван", "1990-01-02", "Запорізька", "повістка", "2024-03-05"))
    ]


def test_a_cell_merged_down_joins_the_rows_below_it(tmp_path):
    rows = [["№", "Особа", None], [None, "ПІБ", "Область"], [1, "Іваненко", "Херсонська"]]
    table = open_table(workbook(tmp_path, rows, merge=["A1:A2", "B1:C1"]))
    assert table.header == ("№", "Особа / ПІБ", "Особа / Область")
    assert cells(table) == [("1", "Іваненко", "Херсонська")]


def test_a_wide_merged_header_cell_over_text_data_stays_one_row(tmp_path):
    rows = [["№", "ПІБ", None, None], ["1", "Іваненко", "Іван", "Іванович"]]
    table = open_table(workbook(tmp_path, rows, merge=["B1:D1"]))
    assert table.header == ("№", "ПІБ", "ПІБ (2)", "ПІБ (3)")
    assert table.header_line == 1


def test_header_rows_overrides_merge_detection(tmp_path):
    rows = [["№", "Особа", None], [None, "ПІБ", "Область"], [1, "Іваненко", "Херсонська"]]
    path = workbook(tmp_path, rows, merge=["B1:C1"])
    assert open_table(path).header == ("№", "Особа / ПІБ", "Особа / Область")
    table = open_table(path, header_rows=1)
    assert table.header == ("№", "Особа", "Особа (2)")
    assert cells(table)[0] == ("", "ПІБ", "Область")


def test_a_merged_cell_over_the_whole_table_is_taken_for_a_title(tmp_path):
    rows = [["Особа", None], ["ПІБ", "Область"], ["Іваненко", "Херсонська"]]
    path = workbook(tmp_path, rows, merge=["A1:B1"])
    assert open_table(path).header == ("ПІБ", "Область")
    table = open_table(path, header_row=1, header_rows=2)
    assert table.header == ("Особа / ПІБ", "Особа / Область")


def test_a_merged_title_above_the_header_is_skipped(tmp_path):
    rows = [
        ["Список осіб, примусово мобілізованих", None, None],
        [None, None, None],
        ["ПІБ", "Область", "Дата"],
        ["Іваненко", "Херсонська", dt.datetime(2024, 3, 5)],
    ]
    table = open_table(workbook(tmp_path, rows, merge=["A1:C1"]))
    assert (table.header, table.header_line) == (("ПІБ", "Область", "Дата"), 3)
    assert cells(table) == [("Іваненко", "Херсонська", "2024-03-05")]


def test_cell_values_become_text(tmp_path):
    rows = [
        ["date", "datetime", "midnight", "int", "whole", "float", "bool", "none", "text"],
        [
            dt.date(2024, 3, 5),
            dt.datetime(2024, 3, 5, 10, 30),
            dt.datetime(2024, 3, 5),
            12,
            12.0,
            12.5,
            True,
            None,
            "  Херсон \n",
        ],
    ]
    table = open_table(workbook(tmp_path, rows))
    assert cells(table) == [
        (
            "2024-03-05",
            "2024-03-05T10:30:00",
            "2024-03-05",
            "12",
            "12",
            "12.5",
            "TRUE",
            "",
            "Херсон",
        )
    ]


def test_ids_formatted_with_leading_zeros_keep_them(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "n"])
    sheet.append([123, 5])
    sheet["A2"].number_format = "000000"
    path = tmp_path / "ids.xlsx"
    book.save(path)
    book.close()
    assert cells(open_table(path)) == [("000123", "5")]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (False, "FALSE"),
        (3, "3"),
        (3.0, "3"),
        (-0.25, "-0.25"),
        (1e-05, "0.00001"),
        (1e20, "100000000000000000000"),
        (dt.datetime(2024, 3, 5, 0, 0, 1), "2024-03-05T00:00:01"),
        (dt.time(10, 30), "10:30:00"),
        (dt.timedelta(hours=26, minutes=3), "26:03:00"),
        (" a ", "a"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_a_formula_cell_gives_its_row_a_problem(tmp_path):
    rows = [["ПІБ", "n", "double"], ["Іваненко", 2, "=B2*2"], ["Петренко", 3, 6]]
    table = open_table(workbook(tmp_path, rows))
    first, second = read(table)
    assert first.cells == ("Іваненко", "2", "")
    assert first.problem == (
        "cell C2 holds a formula (=B2*2): Svidok imports values only; "
        "paste the values in the spreadsheet first"
    )
    assert second == Row(3, ("Петренко", "3", "6"))


def test_an_error_value_gives_its_row_a_problem(tmp_path):
    path = workbook(tmp_path, [["a", "b"], ["x", "#N/A"]])
    book = openpyxl.load_workbook(path)
    book.active["B2"].data_type = "e"
    book.save(path)
    book.close()
    (row,) = read(open_table(path))
    assert row.problem is not None and "error value (#N/A)" in row.problem


def test_a_formula_in_the_header_is_a_read_error(tmp_path):
    error = error_of(workbook(tmp_path, [["a", '="b"&1'], [1, 2]]))
    assert error.where == "Sheet1!B1"
    assert "formula" in error.reason


def test_empty_rows_are_skipped_and_cells_beyond_the_header_ignored(tmp_path):
    rows = [["a", "b"], [1, 2], [None, None], ["", "  "], [3, 4, "note", "=1+1"], [None], []]
    table = open_table(workbook(tmp_path, rows))
    assert read(table) == [Row(2, ("1", "2")), Row(5, ("3", "4"))]
    assert (table.skipped_empty, table.ignored_cells) == (3, 2)


def test_a_table_may_start_to_the_right(tmp_path):
    rows = [[None, None], [None, "ПІБ", "Дата"], [None, "Іваненко", dt.date(2024, 1, 2)]]
    table = open_table(workbook(tmp_path, rows, title="Мобілізовані 2024"))
    assert table.header == ("ПІБ", "Дата")
    row = read(table)[0]
    assert row == Row(3, ("Іваненко", "2024-01-02"))
    assert table.where(row) == "Мобілізовані 2024 row 3"
    assert table.where(row, 1) == "'Мобілізовані 2024'!C3"


def test_where_names_the_cell(tmp_path):
    table = open_table(workbook(tmp_path, [["a", "b", "c"], [1, 2, 3]], title="Аркуш1"))
    row = read(table)[0]
    assert (table.where(row), table.where(row, 2)) == ("Аркуш1 row 2", "Аркуш1!C2")


def test_the_sheet_is_chosen_by_name_or_is_the_first_visible_one(tmp_path):
    book = openpyxl.Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "Службовий"
    hidden.sheet_state = "hidden"
    hidden.append(["секрет", "x"])
    people = book.create_sheet("Особи")
    people.append(["ПІБ", "Область"])
    people.append(["Іваненко", "Херсонська"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    book.close()
    assert open_table(path).sheet == "Особи"
    assert open_table(path, sheet="службовий").header == ("секрет", "x")
    error = error_of(path, sheet="Події")
    assert "no worksheet 'Події'" in error.reason
    assert "'Службовий', 'Особи'" in error.reason


def test_cells_merged_down_in_the_data_fill_every_row_they_cover(tmp_path):
    rows = [
        ["№", "ПІБ", "Населений пункт", "Область", "Дата"],
        ["1", "Мороз І.В.", "Бердянськ", "Запорізька", dt.date(2023, 10, 2)],
        ["2", "Лук'яненко С.М.", None, None, None],
        ["3", "Гребенюк О.О.", None, None, None],
        ["4", "Мазур П.П.", "Приморськ", "Запорізька", "жовтень 2023"],
    ]
    table = open_table(workbook(tmp_path, rows, merge=["C2:C4", "D2:D4", "E2:E4"]))
    assert [row.cells[2:] for row in read(table)] == [
        ("Бердянськ", "Запорізька", "2023-10-02"),
        ("Бердянськ", "Запорізька", "2023-10-02"),
        ("Бердянськ", "Запорізька", "2023-10-02"),
        ("Приморськ", "Запорізька", "жовтень 2023"),
    ]
    assert table.details()["merged_cells"] == "3 merged cells filled into the 2 rows below them"


def test_a_merged_data_cell_fills_down_its_first_column_only(tmp_path):
    rows = [
        ["ПІБ", "Примітки", "Джерело"],
        ["Мороз І.В.", "зі слів матері", None],
        ["Мазур П.П.", None, None],
        ["Гребенюк О.О.", "ЗМІ", "t.me/x"],
    ]
    table = open_table(workbook(tmp_path, rows, merge=["B2:C3"]))
    assert cells(table) == [
        ("Мороз І.В.", "зі слів матері", ""),
        ("Мазур П.П.", "зі слів матері", ""),
        ("Гребенюк О.О.", "ЗМІ", "t.me/x"),
    ]


def test_a_row_with_nothing_but_a_merged_cell_over_it_stays_empty(tmp_path):
    rows = [
        ["Область", "ПІБ"],
        ["Запорізька", "Мороз І.В."],
        [None, None],
        [None, "Мазур П.П."],
        [None, "Гребенюк О.О."],
    ]
    table = open_table(workbook(tmp_path, rows, merge=["A2:A4"]))
    assert cells(table) == [
        ("Запорізька", "Мороз І.В."),
        ("Запорізька", "Мазур П.П."),
        ("", "Гребенюк О.О."),
    ]
    assert table.skipped_empty == 1


def test_the_data_sheet_is_the_one_with_most_filled_rows(tmp_path):
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Інструкція"
    notes.append(["Як заповнювати таблицю: одна особа — один рядок."])
    notes.append(["Телефони не поширювати."])
    short = book.create_sheet("Зведення")
    short.append(["Область", "Кількість"])
    short.append(["Запорізька", 3])
    hidden = book.create_sheet("Службовий")
    hidden.sheet_state = "hidden"
    for n in range(20):
        hidden.append([n, n, n, n])
    data = book.create_sheet("Дані")
    data.append(["№", "ПІБ", "Область"])
    for n in range(1, 4):
        data.append([n, f"Особа {n}", "Запорізька"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    book.close()
    name, reason = data_sheet(path)
    assert name == "Дані"
    assert "'Інструкція'" in reason and "'Зведення'" in reason and "Службовий" not in reason
    one = workbook(tmp_path, [["ПІБ"], ["Мороз"]], name="one.xlsx", title="Аркуш1")
    assert data_sheet(one) == ("Аркуш1", "")


def test_an_empty_sheet_is_a_read_error(tmp_path):
    assert "empty" in error_of(workbook(tmp_path, [])).reason
    path = workbook(tmp_path, [["a", "b"]])
    assert "row 5" in error_of(path, header_row=5).reason


def test_a_long_xlsx_cell_names_cell_and_column(tmp_path):
    error = error_of(workbook(tmp_path, [["a", "b"], ["x", "y" * 2000]]), max_cell_chars=1000)
    assert (error.where, error.field) == ("Sheet1!B2", "b")


def test_a_zip_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = workbook(tmp_path, [["a", "b"], [1, 2]])
    error = error_of(path, max_uncompressed_bytes=1000)
    assert "max_uncompressed_bytes" in error.reason


def test_a_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = bytes(1 << 20)
            for _ in range(20):
                member.write(block)
    assert path.stat().st_size < 100_000
    error = error_of(path)
    assert "zip bomb" in error.reason
    assert "xl/worksheets/sheet1.xml" in error.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"ID;name\n1;x\n", "not a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "password-protected"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_a_read_error(tmp_path, content, reason):
    path = tmp_path / "people.xlsx"
    path.write_bytes(content)
    assert reason in error_of(path).reason


def test_a_zip_that_is_not_a_workbook_is_a_read_error(tmp_path):
    path = tmp_path / "people.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in error_of(path).reason
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert "not a valid .xlsx file" in error_of(path).reason


def test_a_damaged_sheet_is_a_read_error_naming_the_row(tmp_path):
    path = workbook(tmp_path, [["a", "b"], [1, 2], [3, 4], [5, 6]])
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<row r="3">', b'<row r="3"><broken')
            target.writestr(item, content)
    error = error_of(damaged)
    assert error.where == "Sheet1 row 3"
    assert "cannot read the sheet at or after this row: ParseError" in error.reason


def test_an_unfinished_pass_over_a_workbook_closes_it(tmp_path):
    table = open_table(workbook(tmp_path, [["a"], [1], [2], [3]]))
    rows = table.rows()
    assert next(rows).cells == ("1",)
    rows.close()


def test_an_xlsm_is_read_like_an_xlsx(tmp_path):
    path = workbook(tmp_path, [["a", "b"], [1, 2]], name="macro.xlsm")
    assert cells(open_table(path)) == [("1", "2")]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_label_and_value_lines_above_the_header_are_titles(tmp_path, suffix):
    rows = [
        ["Організація:", "ГО «Вигаданий Голос»", "", ""],
        ["Дата звіту:", "01.12.2024", "", ""],
        ["", "", "", ""],
        ["ПІБ", "Дата народження", "Населений пункт", "Дата призову"],
        ["Кучер Антон Ігорович", "01.02.2003", "м. Мелітополь", "01.04.2024"],
    ]
    path = tmp_path / f"list{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="cp1251")
    else:
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    table = open_table(path)
    assert table.header[:2] == ("ПІБ", "Дата народження")
    (row,) = list(table.rows())
    assert row.cells[0] == "Кучер Антон Ігорович"
