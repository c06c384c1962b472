"""The Store contract: the same tests on the memory store, SQLite and PostgreSQL."""

import pytest

from svidok.errors import ValidationError
from svidok.model import make, record_types
from svidok.store import Change
from svidok.testing.fixtures import delete_audit_entry, edit_audit_entry, edit_record_column

ACTOR = "tester"


def _dataset():
    channel = make(
        "source",
        kind="telegram_channel",
        title="Fictional channel",
        language="uk",
        reliability="D",
        locator="https://t.me/example",
    )
    post = make(
        "source",
        kind="telegram_post",
        title="Post 12",
        parent=channel.id,
        external_id="12",
        date="2024-10-03",
        notes="internal note",
    )
    person = make(
        "person",
        name={"full": "Скрипник Олексій Вікторович", "surname": "Скрипник"},
        birth="2001-03",
        sex="male",
        origin="UA23080070010092407",
        minor=False,
        fictional=True,
        phone="+380671234567",
        address="вул. Вигадана 1",
        age={"years": 23, "at": "2024-10"},
        consent={"scope": "aggregate_publication", "date": "2024-11-02", "recorder": "NGO"},
    )
    event = make(
        "event",
        type="conscription",
        date="2024-09/2024-11",
        place="UA-23",
        perpetrator_body="військкомат м. Мелітополь",
        description="taken from home",
    )
    inv = make("involvement", person=person.id, event=event.id, role="victim")
    claim = make(
        "claim",
        source=post.id,
        subject=event.id,
        credibility=3,
        verification="unverified",
        excerpt="…Олексія Скрипника забрали…",
        recorded="2024-10-04",
        locator="para 2",
    )
    figure = make(
        "published_figure",
        source=channel.id,
        value=300,
        qualifier="at_least",
        unit="persons",
        population="residents conscripted",
        event_type="conscription",
        regions="UA-23,UA-65",
        period="2024-09/2024-11",
        as_of="2024-12-01",
        quote="щонайменше 300",
    )
    evidence = make(
        "evidence",
        source=post.id,
        sha256="ab" * 32,
        size=1234,
        media_type="image/jpeg",
        filename="photo_1.jpg",
        locator="photos/photo_1.jpg",
    )
    return [channel, post, person, event, inv, claim, figure, evidence]


def test_every_kind_round_trips_with_all_its_fields(store):
    records = _dataset()
    summary = store.add(records, actor=ACTOR)
    assert summary.created == len(records) and (summary.first_seq, summary.last_seq) == (1, 8)
    for record in records:
        assert store.get(record.kind, record.id) == record
    assert {k: store.count(k) for k in record_types()} == {
        "source": 2,
        "person": 1,
        "event": 1,
        "involvement": 1,
        "claim": 1,
        "published_figure": 1,
        "evidence": 1,
        "judgement": 0,
    }
    assert [r.id for r in store.scan("source")] == sorted(r.id for r in records[:2])


def test_a_batch_with_one_bad_record_writes_nothing(store):
    records = _dataset()
    dangling = make("involvement", person=records[2].id, event="E-0000000000")
    with pytest.raises(ValidationError, match="E-0000000000, which does not exist"):
        store.add([*records, dangling], actor=ACTOR)
    assert all(store.count(k) == 0 for k in record_types())
    assert store.audit_head().seq == 0


def test_an_error_in_a_later_chunk_rolls_back_earlier_chunks(store):
    store.chunk_size = 3
    records = _dataset()
    duplicate = records[0]
    with pytest.raises(ValidationError, match="already exists"):
        store.add([*records, duplicate], actor=ACTOR)
    assert store.count("source") == 0 and store.audit_head().seq == 0


def test_references_may_point_forward_across_chunks(store):
    store.chunk_size = 2
    records = _dataset()
    reordered = [records[5], *records[:5], *records[6:]]  # the claim comes before its source
    assert store.add(reordered, actor=ACTOR).created == 8


def test_creating_an_existing_id_is_refused(store):
    records = _dataset()
    store.add(records[:1], actor=ACTOR)
    with pytest.raises(ValidationError, match="already exists"):
        store.add(records[:1], actor=ACTOR)


def test_a_person_born_after_the_event_is_refused(store):
    records = _dataset()
    store.add(records, actor=ACTOR)
    old = make("event", type="death", date="1999-05")
    with pytest.raises(ValidationError, match="before the person's birth"):
        store.add([old, make("involvement", person=records[2].id, event=old.id)], actor=ACTOR)
    assert store.count("event") == 1


def test_updates_append_to_the_trail_and_unchanged_records_do_not(store):
    records = _dataset()
    store.add(records, actor=ACTOR)
    person = records[2]
    changed = person.replace(status="serving")
    assert store.update([changed], actor="editor").updated == 1
    assert store.get("person", person.id) == changed
    again = store.update([changed], actor="editor")
    assert (again.updated, again.unchanged) == (0, 1)
    last = list(store.audit_entries())[-1]
    assert (last.action, last.actor, last.entity_id, last.digest) == (
        "update",
        "editor",
        person.id,
        changed.digest(),
    )


def test_updating_a_missing_record_is_refused(store):
    with pytest.raises(ValidationError, match="does not exist"):
        store.update([make("source", kind="other", title="x")], actor=ACTOR)


def test_records_referred_to_cannot_be_deleted_but_others_can(store):
    records = _dataset()
    store.add(records, actor=ACTOR)
    with pytest.raises(ValidationError, match="is referred to by involvement"):
        store.delete("person", [records[2].id], actor=ACTOR)
    store.apply(
        [Change.delete("involvement", records[4].id), Change.delete("person", records[2].id)],
        actor=ACTOR,
    )
    assert store.get("person", records[2].id) is None
    assert list(store.audit_entries())[-1].action == "delete"
    assert store.verify_audit().ok


def test_conflicting_published_figures_are_stored_side_by_side(store):
    records = _dataset()
    store.add(records, actor=ACTOR)
    other = make(
        "published_figure",
        source=records[0].id,
        value=150,
        value_high=250,
        qualifier="range",
        unit="persons",
        population="residents conscripted",
        event_type="conscription",
        regions="UA-23",
        period="2024-09/2024-11",
    )
    store.add([other], actor=ACTOR)
    assert sorted(f["value"] for f in store.scan("published_figure")) == [150, 300]


def test_the_audit_trail_verifies(store):
    store.add(_dataset(), actor=ACTOR)
    report = store.verify_audit()
    assert report.ok, report.problems
    assert report.checked == 8 and report.records_checked == 8


def test_an_edited_audit_entry_is_named(store):
    store.add(_dataset(), actor=ACTOR)
    edit_audit_entry(store, 4, actor="mallory")
    report = store.verify_audit()
    assert not report.ok and report.first_bad_seq == 4
    assert "#4" in report.problems[0]


def test_a_deleted_audit_entry_is_named(store):
    store.add(_dataset(), actor=ACTOR)
    delete_audit_entry(store, 2)
    report = store.verify_audit()
    assert report.first_bad_seq == 2 and "deleted" in report.problems[0]


def test_a_record_changed_behind_the_stores_back_is_reported(store):
    records = _dataset()
    store.add(records, actor=ACTOR)
    edit_record_column(store, "event", records[3].id, "type", "training")
    report = store.verify_audit()
    assert not report.ok
    assert f"event {records[3].id} was changed outside Svidok" in report.problems[0]


def test_the_audit_chain_continues_across_writes(store):
    records = _dataset()
    store.add(records[:3], actor="a")
    store.add(records[3:], actor="b")
    entries = list(store.audit_entries())
    assert [e.seq for e in entries] == list(range(1, 9))
    assert all(entries[i].prev == entries[i - 1].hash for i in range(1, 8))
    assert store.audit_head().hash == entries[-1].hash


def test_origins_are_written_with_the_records_and_replaced_by_key(store):
    from svidok.store import Origin

    records = _dataset()
    first = Origin("ngo-list", "row-1", "h1" * 32, "f1" * 32, 2, (records[2].id, records[3].id))
    store.apply([*(Change.create(r) for r in records), Change.of_origin(first)], actor=ACTOR)
    assert list(store.origins("ngo-list")) == [first]
    assert list(store.origins("other")) == []
    second = Origin("ngo-list", "row-1", "h2" * 32, "f2" * 32, 3, (records[2].id,))
    summary = store.apply([Change.of_origin(second)], actor=ACTOR)
    assert summary.written == 0
    assert list(store.origins("ngo-list")) == [second]
    assert store.datasets_of_file("f2" * 32) == ["ngo-list"]
    assert store.datasets_of_file("f1" * 32) == []  # the key's last import came from f2


def test_origins_roll_back_with_a_failed_batch(store):
    from svidok.store import Origin

    records = _dataset()
    origin = Origin("ngo-list", "row-1", "h1" * 32, "f1" * 32, 2, ())
    with pytest.raises(ValidationError):
        store.apply([Change.of_origin(origin), Change.create(records[4])], actor=ACTOR)
    assert list(store.origins("ngo-list")) == []


def test_linkage_runs_keep_their_pairs_and_clusters(store):
    from svidok.store import LinkageRun, LinkPair

    run = LinkageRun("L-1", "2026-11-24T00:00:00Z", ACTOR, "duckdb", 0.9, '{"model": 1}', "{}")
    pairs = [
        LinkPair("P-2", "P-3", 0.95, 4.2, '{"surname": 3}'),
        LinkPair("P-1", "P-2", 0.4, -0.5, "{}"),
    ]
    store.save_linkage(run, pairs, [("P-1", "P-1"), ("P-2", "P-2"), ("P-3", "P-2")])
    assert store.linkage_runs() == [run]
    assert sorted(store.linkage_pairs("L-1"), key=lambda p: p.left) == sorted(
        pairs, key=lambda p: p.left
    )
    assert [p.left for p in store.linkage_pairs("L-1", min_probability=0.9)] == ["P-2"]
    assert list(store.linkage_clusters("L-1")) == [("P-1", "P-1"), ("P-2", "P-2"), ("P-3", "P-2")]


def test_judgements_are_audited_records_between_two_persons(store):
    records = _dataset()
    other = make("person", name="Мельник Іван")
    store.add([*records, other], actor=ACTOR)
    judgement = make(
        "judgement",
        left=records[2].id,
        right=other.id,
        decision="different",
        reason="different fathers",
    )
    store.add([judgement], actor="reviewer")
    assert store.get("judgement", judgement.id)["decision"] == "different"
    assert list(store.audit_entries())[-1].actor == "reviewer"
    with pytest.raises(ValidationError, match="two different person records"):
        make("judgement", left=other.id, right=other.id, decision="same")
