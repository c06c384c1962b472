"""Public exports, tested like an attacker: small cells, differencing, minors, leaked fields."""

import csv
import io
import json
import re

import pytest

from svidok.model import PartialDate, Place, make
from svidok.report.disclosure import TOTAL, DisclosureError
from svidok.report.export import build_export, find_identifiers, period_path, place_path, render

FORMATS = ("csv", "json", "html")
MARIUPOL = "UA14140050010029262"  # a settlement in Mariupol raion, Donetsk oblast (UA-14)
SURNAMES = ["Коваленко", "Шевчук", "Бондаренко", "Ткаченко", "Кравчук", "Олійник", "Мельничук"]


class World:
    """Persons with names, phones and exact births, each with one event, listed by one NGO."""

    def __init__(self):
        self.source = make("source", kind="ngo_list", title="NGO list")
        self.records = [self.source]
        self.n = 0

    def add(self, count, place="UA-23", date="2024-03-05", minor=False, event_type="conscription"):
        for _ in range(count):
            self.n += 1
            person = make(
                "person",
                sex="male",
                name={"given": "Тарас", "surname": SURNAMES[self.n % len(SURNAMES)] + str(self.n)},
                phone=f"+38050{self.n:07d}",
                birth=f"2008-02-{self.n % 28 + 1:02d}"
                if minor
                else f"1990-05-{self.n % 28 + 1:02d}",
                minor=minor or None,
            )
            event = make("event", type=event_type, date=date, place=place)
            self.records += [
                person,
                event,
                make("involvement", person=person.id, event=event.id),
                make("claim", source=self.source.id, subject=event.id),
            ]
        return self

    def kind(self, kind):
        return [r for r in self.records if r.kind == kind]

    def export(self, **kw):
        return build_export(
            self.kind("event"),
            self.kind("involvement"),
            self.kind("claim"),
            self.kind("source"),
            self.kind("person"),
            **kw,
        )


def cells_of(text, fmt):
    """The published cells as {(dimension values...): count or None}, read back from the text."""
    if fmt == "json":
        data = json.loads(text)
        dims = data["dimensions"]
        return {tuple(c[d] for d in dims): c["persons"] for c in data["cells"]}
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        dims = [c for c in rows[0] if c != "persons" and not c.endswith("_name")]
    else:
        header = re.findall(r"<th>(.*?)</th>", text)
        rows = [
            dict(zip(header, re.findall(r"<td[^>]*>(.*?)</td>", row), strict=True))
            for row in re.findall(r"<tr[^>]*>(<td.*?)</tr>", text)
        ]
        dims = [c for c in header if c != "persons" and not c.endswith("_name")]
    return {
        tuple(r[d] for d in dims): None if r["persons"] == "suppressed" else int(r["persons"])
        for r in rows
    }


def identifying_strings(world):
    out = []
    for r in world.records:
        out.append(r.id)
        if r.kind == "person":
            out += [r["name"].given, r["name"].surname, r["phone"], r["phone"].lstrip("+")]
            out += [str(r["birth"]), r["birth"].start.strftime("%d.%m.%Y")]
    return out


def differencing_attack(cells):
    """Every total minus its published parts: what each lone hidden cell must be."""
    recovered = {}
    keys = list(cells)
    for key in keys:
        for d, value in enumerate(key):
            if value != TOTAL:
                continue
            parts = [k for k in keys if k[:d] == key[:d] and k[d + 1 :] == key[d + 1 :]]
            parts = [k for k in parts if k[d] != TOTAL]
            hidden = [k for k in parts if cells[k] is None]
            if cells[key] is not None and len(hidden) == 1:
                recovered[hidden[0]] = cells[key] - sum(cells[k] or 0 for k in parts)
    return recovered


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_region_with_three_persons_is_suppressed_in_every_format(fmt):
    world = World().add(3, place="UA-09").add(8, place="UA-14").add(12, place="UA-23")
    cells = cells_of(render(world.export(by=("region",)), fmt), fmt)
    assert cells[("UA-09",)] is None
    assert cells[(TOTAL,)] == 23
    assert differencing_attack(cells) == {}
    assert 3 not in cells.values()


@pytest.mark.parametrize("fmt", FORMATS)
def test_row_and_column_totals_do_not_give_away_a_suppressed_cell(fmt):
    world = World()
    for region, n_2023, n_2024 in [("UA-09", 2, 9), ("UA-14", 8, 7), ("UA-23", 6, 11)]:
        world.add(n_2023, place=region, date="2023-05").add(n_2024, place=region, date="2024-06")
    export = world.export(by=("region", "period"), period_level="year")
    cells = cells_of(render(export, fmt), fmt)
    assert cells[("UA-09", "2023")] is None
    assert cells[(TOTAL, TOTAL)] == 43
    assert differencing_attack(cells) == {}


def test_the_export_never_holds_a_persons_identifying_fields_in_any_format():
    world = World().add(6, place=MARIUPOL, date="2024-03-05").add(2, place="UA-09", minor=True)
    world.add(7, place="UA-23", date="2023-11")
    export = world.export(by=("region", "period", "type", "age"), place_level="settlement")
    for fmt in FORMATS:
        text = render(export, fmt)
        for value in identifying_strings(world):
            assert value not in text, f"{fmt} export contains {value!r}"
        assert "Тарас" not in text and "+38050" not in text


def test_a_minor_is_never_singled_out():
    world = World().add(6, place="UA-23").add(1, place="UA-23", minor=True).add(9, place="UA-14")
    plain = cells_of(render(world.export(by=("region",)), "csv"), "csv")
    assert plain[("UA-23",)] == 7  # the minor is counted, and nothing says which
    text = render(world.export(by=("region", "age")), "csv")
    assert "minor" in text
    cells = cells_of(text, "csv")
    assert cells[("UA-23", "minor")] is None
    assert differencing_attack(cells) == {}
    assert all(v is None or v == 0 or v >= 5 for k, v in cells.items() if "minor" in k)


def test_small_settlements_are_coarsened_to_their_raion_or_oblast():
    world = World().add(2, place=MARIUPOL).add(2, place="UA14140050000020560").add(9, place="UA-14")
    export = world.export(by=("region",), place_level="settlement")
    assert export.protected.table.levels != ("settlement",)
    assert MARIUPOL not in render(export, "csv")


def test_a_leak_in_a_label_fails_the_export():
    world = World().add(6, place="UA-23")
    export = world.export(by=("region",))
    person = world.kind("person")[0]
    export.names["region"]["UA-23"] = f"{person['name'].surname} street"  # a bug that leaks
    with pytest.raises(DisclosureError, match=f"name of {person.id}"):
        render(export, "html")
    with pytest.raises(DisclosureError, match="unknown export format"):
        render(world.export(by=("region",)), "xml")  # type: ignore[arg-type]


def test_identifier_scan_finds_phones_with_separators_and_dotted_birth_dates():
    forbidden = [("phone", "P-1", "380501234567"), ("date of birth", "P-2", "05.05.1990")]
    text = "call +38 (050) 123-45-67 or born 05.05.1990"
    assert find_identifiers(text, forbidden) == ["date of birth of P-2", "phone of P-1"]
    assert find_identifiers("2024-Q1,UA-23,12", forbidden) == []


def test_unknown_dimensions_and_levels_are_refused():
    world = World().add(6)
    with pytest.raises(DisclosureError, match="cannot export by"):
        world.export(by=("region", "name"))
    with pytest.raises(DisclosureError, match="level"):
        world.export(by=("region",), place_level="street")


def test_paths_never_claim_more_precision_than_known():
    assert place_path(Place.parse(MARIUPOL)) == (MARIUPOL, "UA14140000000070889", "UA-14")
    assert place_path(Place.parse("UA-14")) == (
        "UA-14 (settlement unknown)",
        "UA-14 (raion unknown)",
        "UA-14",
    )
    assert place_path(None) == ("unknown", "unknown", "unknown")
    assert period_path(PartialDate.parse("2024-03-05")) == (
        "2024-03-05",
        "2024-03",
        "2024-Q1",
        "2024",
    )
    assert period_path(PartialDate.parse("2024-03"))[0] == "2024-03 (day unknown)"
    assert period_path(PartialDate.parse("2024"))[:2] == (
        "2024 (day unknown)",
        "2024 (month unknown)",
    )


def test_the_cli_writes_a_checked_export(tmp_path, monkeypatch):
    from svidok.cli import main
    from svidok.store import open_store

    world = World().add(3, place="UA-09").add(8, place="UA-14").add(12, place="UA-23")
    url = f"sqlite:///{tmp_path / 'svidok.db'}"
    with open_store(url, migrate=True) as store:
        store.add(world.records, actor="test")
    monkeypatch.setenv("SVIDOK_CONFIG", str(tmp_path / "none.toml"))
    out = tmp_path / "public.json"
    main(["--database-url", url, "export", "--format", "json", "--by", "region", "-o", str(out)])
    cells = cells_of(out.read_text(encoding="utf-8"), "json")
    assert cells[("UA-09",)] is None and cells[(TOTAL,)] == 23
    with pytest.raises(SystemExit):
        main(["--database-url", url, "export", "--min-cell", "1", "-o", str(out)])
