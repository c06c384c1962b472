"""Consent on every backend: identifying testimony needs it; withdrawing it redacts."""

import pytest
from protect_data import NAME, PHONE, TESTIMONY

from svidok.errors import ValidationError
from svidok.model import make
from svidok.protect.consent import withdraw_consent
from svidok.store import Change


def test_identifying_testimony_without_consent_is_refused_and_nothing_written(store, testimony):
    with pytest.raises(ValidationError, match=r"identifying data from testimony .* no consent"):
        store.add(testimony(consent=False), actor="doc")
    assert store.count("person") == 0 and store.audit_head().seq == 0


def test_consent_is_checked_across_chunks_of_one_batch(store, testimony):
    store.chunk_size = 2
    records = testimony(consent=False)
    reordered = [records[4], *records[:4], records[5]]  # the claim comes before its person
    with pytest.raises(ValidationError, match="no consent"):
        store.add(reordered, actor="doc")
    assert store.count("claim") == 0


def test_testimony_without_identifying_data_needs_no_consent(store, testimony):
    records = testimony(consent=False)
    records[1] = make("person", sex="male", id=records[1].id)
    assert store.add(records, actor="doc").created == 6


def test_dropping_consent_while_keeping_the_data_is_refused(store, testimony):
    records = testimony()
    store.add(records, actor="doc")
    person = records[1]
    with pytest.raises(ValidationError, match="no consent in force"):
        store.update([person.replace(consent={"scope": "none"})], actor="doc")


def test_withdrawal_redacts_the_person_everywhere_in_one_audited_change(store, testimony):
    records = testimony()
    other = make("source", kind="media_article", title="Article", text="Unrelated text")
    store.add([*records, other], actor="doc")
    head = store.audit_head().seq
    done = withdraw_consent(store, records[1].id, actor="doc", date="2025-01-10")
    person = store.get("person", records[1].id)
    assert person["consent"].withdrawn and str(person["consent"].withdrawn_date) == "2025-01-10"
    everything = repr([list(store.scan(kind)) for kind in ("person", "source", "event", "claim")])
    for secret in (NAME, PHONE, TESTIMONY, "Скрипник", "2001-03-05", "взяли вдома", "Олексія"):
        assert secret not in everything
    assert store.get("source", other.id)["text"] == "Unrelated text"
    assert done.records == {
        "person": [records[1].id],
        "event": [records[2].id],
        "claim": sorted([records[4].id, records[5].id]),
        "source": [records[0].id],
    }
    assert [e.action for e in store.audit_entries(after=head)] == ["update"] * 5
    assert store.verify_audit().ok
    assert store.count("event") == 1 and store.count("involvement") == 1  # counts keep working


def test_a_withdrawal_dated_in_the_future_writes_nothing(store, testimony):
    records = testimony()
    store.add(records, actor="doc")
    with pytest.raises(ValidationError, match="future"):
        withdraw_consent(store, records[1].id, actor="doc", date="2099-01-01")
    assert store.get("person", records[1].id) == records[1]


def test_deleting_a_testimony_claim_is_not_blocked_by_consent(store, testimony):
    records = testimony()
    store.add(records, actor="doc")
    store.apply([Change.delete("claim", records[4].id)], actor="doc")
    assert store.count("claim") == 1
