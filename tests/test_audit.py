import dataclasses

from svidok.audit import GENESIS, AuditHead, next_entry, verify_chain


def _chain(n):
    head, entries = AuditHead(0, GENESIS), []
    for i in range(n):
        e = next_entry(
            head, f"2026-01-01T00:00:0{i}Z", "tester", "create", "person", f"P-{i:010d}", "d" * 64
        )
        entries.append(e)
        head = AuditHead(e.seq, e.hash)
    return entries, head


def test_an_intact_chain_verifies():
    entries, head = _chain(5)
    report = verify_chain(entries, head)
    assert report.ok and report.checked == 5


def test_an_edited_entry_is_named():
    entries, head = _chain(5)
    entries[2] = dataclasses.replace(entries[2], actor="someone else")
    report = verify_chain(entries, head)
    assert report.first_bad_seq == 3
    assert "#3" in report.problems[0] and "altered" in report.problems[0]


def test_an_edited_entry_with_recomputed_hash_breaks_the_next_link():
    entries, head = _chain(5)
    forged = dataclasses.replace(entries[2], actor="someone else")
    entries[2] = dataclasses.replace(forged, hash=forged.expected_hash())
    report = verify_chain(entries, head)
    assert report.first_bad_seq == 4
    assert "does not link to entry #3" in report.problems[0]


def test_a_deleted_entry_is_a_gap():
    entries, head = _chain(5)
    del entries[1]
    report = verify_chain(entries, head)
    assert report.first_bad_seq == 2 and "missing" in report.problems[0]


def test_entries_deleted_from_the_end_are_caught_by_the_head():
    entries, head = _chain(5)
    report = verify_chain(entries[:3], head)
    assert not report.ok and "#4-#5 were deleted" in report.problems[0]


def test_chain_entries_equals_next_entry_one_at_a_time():
    from svidok.audit import chain_entries

    start = AuditHead(7, "a" * 64)
    changes = [
        ("create", "person", "P-0000000001", "d" * 64),
        ("update", "event", "E-0000000002", "e" * 64),
        ("delete", "claim", "C-0000000003", ""),
    ]
    head, expected = start, []
    for action, kind, entity_id, digest in changes:
        e = next_entry(head, "2026-01-01T00:00:00Z", "тестер", action, kind, entity_id, digest)
        expected.append(e)
        head = AuditHead(e.seq, e.hash)
    assert chain_entries(start, "2026-01-01T00:00:00Z", "тестер", changes) == expected
