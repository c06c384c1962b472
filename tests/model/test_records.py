import random
from datetime import date

import pytest

from svidok.errors import ValidationError
from svidok.model import Record, kind_for_id, load_record, make, new_id, record_types


def test_ids_are_random_and_carry_only_the_type_prefix():
    ids = {new_id("person") for _ in range(1000)}
    assert len(ids) == 1000
    assert all(i.startswith("P-") and len(i) == 18 for i in ids)
    assert kind_for_id(next(iter(ids))) == "person"


def test_ids_sort_by_creation_time_then_at_random():
    early = [new_id("event", at=1_700_000_000) for _ in range(50)]
    late = [new_id("event", at=1_700_000_001) for _ in range(50)]
    assert max(early) < min(late)
    assert len({i[8:] for i in early}) == 50  # the random part differs


def test_seeded_ids_are_reproducible():
    assert new_id("event", random.Random(3)) == new_id("event", random.Random(3))


def test_identifying_fields_are_kept_apart():
    p = make(
        "person",
        name="Скрипник Олексій Вікторович",
        birth="2001",
        phone="+380 67 123-45-67",
        sex="male",
        origin="UA-23",
    )
    assert set(p.dump(identifying=True)) == {"name", "birth", "phone"}
    assert "name" not in p.dump(identifying=False)
    assert p["phone"] == "+380671234567"
    assert {f.name for f in record_types()["person"].identifying_fields} >= {
        "name",
        "birth",
        "age",
        "phone",
        "address",
    }


def test_defaults_fill_missing_values():
    p = make("person")
    assert (p["sex"], p["status"], p["fictional"]) == ("unknown", "unknown", False)


def test_errors_name_the_record_and_every_bad_field():
    with pytest.raises(ValidationError) as caught:
        make(
            "event",
            {"type": "kidnapped", "date": "31.02.2024", "colour": "red"},
            id="E-0000000001",
            origin="events.csv, line 7",
        )
    problems = {(p.field, p.record_id) for p in caught.value.problems}
    assert problems == {
        ("type", "E-0000000001"),
        ("date", "E-0000000001"),
        ("colour", "E-0000000001"),
    }
    assert "events.csv, line 7" in str(caught.value)
    assert "does not exist in 2024-02" in str(caught.value)


def test_required_fields_are_enforced():
    with pytest.raises(ValidationError, match="'title': is required"):
        make("source", kind="ngo_list")


def test_future_dates_are_rejected():
    with pytest.raises(ValidationError, match="in the future"):
        make("event", type="summons_paper", date="2026-12-01", today=date(2026, 11, 24))
    make("event", type="summons_paper", date="2026", today=date(2026, 11, 24))  # the year has begun


def test_age_must_fit_the_birth_date():
    make("person", birth="2001-05", age={"years": 23, "at": "2024-10"})
    with pytest.raises(ValidationError, match="does not fit birth date"):
        make("person", birth="2001-05", age={"years": 30, "at": "2024-10"})


def test_a_range_figure_needs_a_consistent_upper_bound():
    base = dict(source="S-0000000001", unit="persons", population="residents conscripted")
    make("published_figure", value=200, value_high=300, qualifier="range", **base)
    with pytest.raises(ValidationError, match="a range needs an upper bound"):
        make("published_figure", value=200, qualifier="range", **base)
    with pytest.raises(ValidationError, match="below the value"):
        make("published_figure", value=300, value_high=200, qualifier="range", **base)


def test_references_must_point_to_the_right_kind():
    with pytest.raises(ValidationError, match="does not refer to a person"):
        make("involvement", person="E-0000000001", event="E-0000000002")


def test_consent_withdrawal_cannot_precede_consent():
    with pytest.raises(ValidationError, match="withdrawn before it was given"):
        make(
            "person",
            consent={
                "scope": "aggregate_publication",
                "date": "2024-05-01",
                "withdrawn_date": "2024-04-01",
            },
        )
    p = make(
        "person",
        consent={"scope": "internal_use", "date": "2024-05-01", "withdrawn_date": "2024-06"},
    )
    assert p["consent"].withdrawn


def test_control_characters_and_giant_text_are_rejected():
    with pytest.raises(ValidationError, match="control characters"):
        make("source", kind="other", title="bad\x00title")
    with pytest.raises(ValidationError, match="longer than"):
        make("source", kind="other", title="x" * 200_000)


def test_digest_is_stable_and_changes_with_content():
    s = make("source", kind="ngo_list", title="List", id="S-0000000001")
    assert s.digest() == make("source", kind="ngo_list", title="List", id="S-0000000001").digest()
    assert s.digest() != s.replace(title="Other").digest()


def test_records_round_trip_through_their_json_form():
    p = make(
        "person",
        name={"surname": "Скрипник", "given": "Олексій"},
        birth="2001-03",
        age={"years": 23, "at": "2024-10"},
        origin="UA23080070010092407",
        consent={"scope": "internal_use", "date": "2024-11-02", "recorder": "NGO A"},
    )
    again = load_record("person", p.id, p.dump())
    assert again == p
    assert isinstance(again, Record)
    assert p["name"].full == "Скрипник Олексій"


def test_canonical_json_matches_the_standard_library_form():
    import json

    from svidok.model import canonical_json

    p = make(
        "person",
        name="Скрипник Олексій",
        birth="2001",
        origin="UA-23",
        minor=True,
        age={"years": 23, "at": "2024"},
    )
    data = {"kind": p.kind, "id": p.id, "values": p.dump()}
    assert canonical_json(data) == json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def test_make_from_gives_what_make_gives_and_checks_what_changed():
    from svidok.model import make_from

    source, subject = new_id("source"), new_id("event")
    template = make("claim", {"source": source, "subject": subject, "locator": "row 1"})
    other_event, other_id = new_id("event"), new_id("claim")
    changes = {"subject": other_event, "locator": "row 2", "credibility": ""}
    made = make_from(template, other_id, changes)
    expected = make("claim", {"source": source, **changes}, id=other_id)
    assert made == expected and made.digest() == expected.digest()
    assert list(made.values) == list(expected.values)
    assert made.values["credibility"] == "6"  # emptied: the default again
    with pytest.raises(ValidationError) as caught:
        make_from(template, new_id("claim"), {"subject": new_id("claim")})
    assert caught.value.problems[0].field == "subject"
    with pytest.raises(ValidationError, match="not an id of a claim"):
        make_from(template, new_id("event"), {})
    with pytest.raises(ValidationError, match="in the future"):
        make_from(template, new_id("claim"), {"recorded": "2030"}, today=date(2026, 1, 1))
