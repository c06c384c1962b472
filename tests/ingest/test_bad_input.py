"""Bad input of every kind: a clear message naming file, place and column; the database unchanged."""

import json
import zipfile

import openpyxl
import pytest
import yaml

from svidok.errors import ReadError, SvidokError
from svidok.store.sql import SQLStore
from svidok.workflows import import_spreadsheet, import_telegram

HEADER = "ПІБ;Область;Подія;Дата"
GOOD = "Скрипник Олексій;Запорізька;conscription;05.03.2024"
MAPPING = {
    "dataset": "bad-input",
    "source": {"kind": "ngo_list", "title": "A list", "reliability": "C"},
    "columns": {
        "ПІБ": {"field": "person.name"},
        "Область": {"field": "event.place.region"},
        "Подія": {"field": "event.type"},
        "Дата": {"field": "event.date"},
    },
}


@pytest.fixture
def store(tmp_path):
    s = SQLStore(f"sqlite:///{tmp_path / 'db.sqlite'}", migrate=True)
    mapping = tmp_path / "first.yaml"
    mapping.write_text(
        yaml.safe_dump({**MAPPING, "dataset": "earlier"}, allow_unicode=True), encoding="utf-8"
    )
    first = tmp_path / "first.csv"
    first.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    assert import_spreadsheet(s, first, mapping, actor="t").committed
    yield s
    s.close()


def _state(store):
    return (
        store.audit_head(),
        store.count("person"),
        store.count("event"),
        len(list(store.origins("bad-input"))),
    )


def _mapping(tmp_path, **file_options):
    path = tmp_path / "mapping.yaml"
    data = {**MAPPING, **({"file": file_options} if file_options else {})}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _rejected(store, tmp_path, path, **file_options):
    before = _state(store)
    summary = import_spreadsheet(store, path, _mapping(tmp_path, **file_options), actor="t")
    assert not summary.committed
    assert _state(store) == before
    return summary.rejects


def _refused(store, tmp_path, path, match, **file_options):
    before = _state(store)
    with pytest.raises(SvidokError, match=match) as caught:
        import_spreadsheet(store, path, _mapping(tmp_path, **file_options), actor="t")
    assert _state(store) == before
    assert path.name in str(caught.value)
    return caught.value


def test_a_ragged_row(store, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        f"{HEADER}\n{GOOD}\nМельник Іван;Херсонська;conscription;01.02.2024;зайве\n",
        encoding="utf-8",
    )
    (reject,) = _rejected(store, tmp_path, path)
    assert reject.where == "line 3" and "5 cells" in reject.reason


def test_a_wrong_encoding(store, tmp_path):
    path = tmp_path / "cp1251.csv"
    path.write_bytes(f"{HEADER}\n{GOOD}\n".encode("cp1251"))
    error = _refused(store, tmp_path, path, "utf-8", encoding="utf-8")
    assert isinstance(error, ReadError) and "line" in str(error)


def test_a_200_mb_cell(store, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f"{HEADER}\n{GOOD}\nМельник Іван;Херсонська;conscription;")
        chunk = "x" * 1_000_000
        for _ in range(200):
            handle.write(chunk)
        handle.write("\n")
    error = _refused(store, tmp_path, path, "longer than|too long|characters")
    assert "line 3" in str(error)


def test_an_xlsx_zip_bomb(store, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"0" * (1 << 20)
            for _ in range(1100):  # 1.1 GB of zeros, about 1 MB compressed
                member.write(block)
    _refused(store, tmp_path, path, "uncompressed|compression|zip")


def test_formula_cells(store, tmp_path):
    path = tmp_path / "formula.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Список"
    ws.append(HEADER.split(";"))
    ws.append(GOOD.split(";"))
    ws.append(["Мельник Іван", "Херсонська", "conscription", "=TODAY()"])
    wb.save(path)
    wb.close()
    (reject,) = _rejected(store, tmp_path, path)
    assert "row 3" in reject.where and "cell D3" in str(reject) and "formula" in reject.reason


def test_an_impossible_date_and_an_unknown_region(store, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(
        f"{HEADER}\n{GOOD}\nМельник Іван;Херсонська;conscription;31.02.2024\nШевчук Петро;Нарнія;conscription;01.02.2024\n",
        encoding="utf-8",
    )
    rejects = _rejected(store, tmp_path, path)
    assert {(r.where, r.field) for r in rejects} == {("line 3", "Дата"), ("line 4", "Область")}


def test_a_column_the_mapping_names_but_the_file_lacks(store, tmp_path):
    path = tmp_path / "columns.csv"
    path.write_text("ПІБ;Регіон;Подія;Дата\n" + GOOD + "\n", encoding="utf-8")
    _refused(store, tmp_path, path, "Область")


@pytest.mark.parametrize(
    "content",
    [
        '{"name": "Chat", "type": "public_channel", "id": 1, "messages": [{"id": 1, "type"',
        "not json at all",
        '{"some": "other json"}',
    ],
)
def test_truncated_or_foreign_json(store, tmp_path, content):
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    before = _state(store)
    with pytest.raises(ReadError) as caught:
        import_telegram(
            store, path, chat=None, actor="t", salt=b"s" * 32, evidence_dir=tmp_path / "ev"
        )
    assert "result.json" in str(caught.value)
    assert _state(store) == before
    json.dumps(str(caught.value))  # a plain message
