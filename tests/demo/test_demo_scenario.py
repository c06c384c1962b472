import ast
import hashlib
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

import svidok.demo
from svidok.demo import Scenario, generate, truth_rows
from svidok.demo.geography import settlements
from svidok.demo.variants import mention
from svidok.model import AgeAt, Consent, PartialDate, PersonName, Place, involvement_problems, make
from svidok.model.places import katottg_entry


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return generate()


def _digest(s: Scenario) -> str:
    return hashlib.sha256("".join(r.digest() for r in s.records).encode()).hexdigest()


def _persons(s: Scenario):
    return [r for r in s.records if r.kind == "person"]


def test_public_api_is_explicit():
    for name in svidok.demo.__all__:
        assert hasattr(svidok.demo, name)


def test_the_generator_imports_no_storage_cli_or_io_modules():
    package = Path(svidok.demo.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
                assert not re.search(r"(store|cli|workflows|web)", module), (path, module)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in {"sqlalchemy", "pymorphy3", "translitua"}
                    assert not alias.name.startswith("svidok.")


def test_the_same_seed_gives_identical_records_and_another_seed_does_not():
    a = generate(seed=3, persons=60)
    b = generate(seed=3, persons=60)
    c = generate(seed=4, persons=60)
    assert _digest(a) == _digest(b)
    assert a.truth == b.truth and a.lists == b.lists
    assert _digest(a) != _digest(c)
    assert not {r.id for r in a.records} & {r.id for r in c.records}


def test_every_record_validates_again_from_its_dump(scenario):
    for r in scenario.records:
        again = make(r.kind, r.dump(), id=r.id, today=scenario.today)
        assert again.digest() == r.digest()


def test_records_come_in_dependency_order(scenario):
    seen: set[str] = set()
    for r in scenario.records:
        for f in r.type.references:
            target = r.get(f.name)
            if target is not None:
                assert target in seen, (r.kind, r.id, f.name)
        seen.add(r.id)
    assert len(seen) == len(scenario.records)


def test_every_person_is_fictional_and_every_source_says_so(scenario):
    assert all(p["fictional"] is True for p in _persons(scenario))
    for s in (r for r in scenario.records if r.kind == "source"):
        text = f"{s['title']} {s.get('notes', '')}".upper()
        assert re.search(r"ДЕМО|DEMO|ВИГАДАН|ВЫМЫШЛЕН|FICTIONAL", text), s["title"]


def test_truth_covers_every_person_record(scenario):
    persons = {p.id for p in _persons(scenario)}
    assert set(scenario.truth) == persons
    rows = truth_rows(scenario)
    assert len(rows) == len(persons) and all(len(row) == 3 for row in rows)
    list_ids = set(scenario.list_keys.values())
    assert {source for _, _, source in rows} <= list_ids
    population = {p.id for p in scenario.people}
    for _, true_id, _ in rows:
        assert true_id in population or true_id.split("~")[0] in population


def test_capture_histories_match_the_records(scenario):
    named: dict[str, set[str]] = defaultdict(set)
    for pid, tid in scenario.truth.items():
        if "~" not in tid:
            named[scenario.list_of[pid]].add(tid)
    for list_id, ids in scenario.lists.items():
        assert named[list_id] == ids
    histories = scenario.capture_histories()
    assert set(histories) == scenario.observed
    assert all(any(h) for h in histories.values())
    assert 0 < len(scenario.observed) < scenario.population_size


def test_lists_overlap_but_not_completely(scenario):
    counts = Counter(tid for ids in scenario.lists.values() for tid in ids)
    assert sum(1 for c in counts.values() if c >= 2) >= 20
    assert sum(1 for c in counts.values() if c == 1) >= 20
    assert all(len(ids) > 0 for ids in scenario.lists.values())


def test_capture_depends_on_region_and_outcome(scenario):
    keys = scenario.list_keys
    people = scenario.people

    def rate(list_key, keep):
        group = [p for p in people if keep(p)]
        return sum(p.id in scenario.lists[keys[list_key]] for p in group) / len(group)

    assert rate("ngo_south", lambda p: p.region in ("UA-23", "UA-65")) > 2 * rate(
        "ngo_south", lambda p: p.region in ("UA-14", "UA-09")
    )
    assert rate("tg_ru", lambda p: p.status == "dead") > 3 * rate(
        "tg_ru", lambda p: p.status != "dead"
    )
    assert rate("ngo_crimea", lambda p: p.region == "UA-43") > 0.3


def test_different_true_people_share_surnames_and_full_names(scenario):
    by_surname: dict[str, set[str]] = defaultdict(set)
    for p in _persons(scenario):
        surname = p["name"].surname
        if surname:
            by_surname[surname].add(scenario.truth[p.id])
    assert sum(1 for ids in by_surname.values() if len(ids) >= 3) >= 5
    same_name = Counter((p.name.surname_uk, p.name.given_uk) for p in scenario.people)
    assert max(same_name.values()) >= 2
    assert any(p.namesake_of for p in scenario.people)
    assert any(p.brother_of for p in scenario.people)


def test_names_occur_in_ukrainian_russian_and_latin_forms(scenario):
    fulls = [p["name"].full for p in _persons(scenario)]
    assert any(re.search(r"[іїєґ]", f) for f in fulls)
    assert any(re.search(r"[ыэёъ]", f) for f in fulls)
    assert any(re.fullmatch(r"[A-Za-z ,'-]+", f) for f in fulls)
    assert any(re.fullmatch(r"\S+ [А-ЯІЇЄ]\.[А-ЯІЇЄ]\.", f) for f in fulls)  # initials


def test_telegram_names_are_declined_as_in_the_sentence(scenario):
    people = {p.id: p for p in scenario.people}
    declined = Counter()
    for p in _persons(scenario):
        true = people.get(scenario.truth[p.id])
        if true is None:
            continue
        for lang in ("uk", "ru"):
            nominative = mention(true.name, lang, "nom")
            for case in ("gen", "dat"):
                form = mention(true.name, lang, case)
                if p["name"].full == form != nominative:
                    declined[lang] += 1
    assert declined["uk"] >= 10 and declined["ru"] >= 3


def test_birth_data_varies_in_precision(scenario):
    births = Counter(p["birth"].precision for p in _persons(scenario) if p.get("birth"))
    assert births["day"] > 50 and births["year"] > 10
    assert sum(1 for p in _persons(scenario) if p.get("age")) > 30
    assert sum(1 for p in _persons(scenario) if not p.get("birth") and not p.get("age")) > 10
    dates = Counter(
        e["date"].precision for e in scenario.records if e.kind == "event" and e.get("date")
    )
    assert {"day", "month", "year", "range"} <= set(dates)


def test_no_date_lies_after_today():
    for today in (date(2026, 11, 1), date(2024, 3, 1)):
        s = generate(seed=5, persons=120, today=today)
        for r in s.records:
            for value in r.values.values():
                dates = []
                if isinstance(value, PartialDate):
                    dates.append(value)
                elif isinstance(value, AgeAt):
                    dates.append(value.at)
                elif isinstance(value, Consent):
                    dates.append(value.date)
                for d in dates:
                    assert d.start is None or d.start <= today, (r.kind, r.id, d)
                    if d.precision in ("day", "range"):
                        assert d.end is not None and d.end <= today, (r.kind, r.id, d)
        assert all(e.date <= today for p in s.people for e in p.events)


def test_involvements_do_not_contradict_people_and_roles_vary(scenario):
    by_id = {r.id: r for r in scenario.records}
    roles = Counter()
    for inv in (r for r in scenario.records if r.kind == "involvement"):
        person, event = by_id[inv["person"]], by_id[inv["event"]]
        assert involvement_problems(person.values, event.values, inv["role"]) == []
        roles[inv["role"]] += 1
    assert roles["victim"] > 0 and roles["relative"] > 0 and roles["witness"] > 0


def test_children_of_channels_and_registers_point_to_their_parent(scenario):
    sources = {r.id: r for r in scenario.records if r.kind == "source"}
    kinds = Counter(s["kind"] for s in sources.values())
    assert {
        "ngo_list",
        "interview",
        "court_record",
        "telegram_channel",
        "telegram_post",
        "official_statement",
        "other",
    } <= set(kinds)
    for s in sources.values():
        if s["kind"] == "telegram_post":
            assert sources[s["parent"]]["kind"] == "telegram_channel"
        if s["kind"] == "interview":
            assert sources[s["parent"]]["kind"] == "ngo_list"


def test_published_figures_conflict(scenario):
    figures = [r for r in scenario.records if r.kind == "published_figure"]
    assert {f["qualifier"] for f in figures} >= {"at_least", "about", "range", "exactly"}

    def bounds(f):
        v = f["value"]
        return {
            "exactly": (v, v),
            "at_least": (v, float("inf")),
            "about": (0.8 * v, 1.2 * v),
            "range": (v, f.get("value_high")),
            "up_to": (0, v),
        }[f["qualifier"]]

    conflicts = 0
    for f in figures:
        for g in figures:
            if f.id < g.id and (f["event_type"], f["period"], f["regions"]) == (
                g["event_type"],
                g["period"],
                g["regions"],
            ):
                (a, b), (c, d) = bounds(f), bounds(g)
                conflicts += b < c or d < a
    assert conflicts >= 1
    assert len({f["source"] for f in figures}) >= 3


def test_places_are_real_codes_of_the_occupied_regions():
    for region, rows in settlements().items():
        assert region in {"UA-23", "UA-65", "UA-14", "UA-09", "UA-43", "UA-40"}
        for row in rows:
            entry = katottg_entry(row.code)
            assert entry is not None and entry[1] == row.uk
            assert Place.parse(row.code).region == region


def test_person_names_are_clean_values(scenario):
    for p in _persons(scenario):
        assert PersonName.parse(p["name"].dump()) == p["name"]
