"""Access-log entries of concurrent readers written together (AccessLogWriter): every read is
still logged before its values are returned, the chain stays intact, and a read whose entry
cannot be written returns nothing."""

import threading
import time

import pytest
from protect_data import NAME

from svidok.ledger import verify_ledger
from svidok.protect.guard import ACCESS_LOG, AccessLogFailed, AccessLogWriter, GuardedStore
from svidok.protect.roles import Principal
from svidok.store import MemoryStore, open_store

READERS = 8


@pytest.fixture
def shared(store_url, key, testimony):
    """(the unguarded store, the person record id) for a database holding one testimony."""
    store = open_store(store_url, migrate=True, key=None if store_url == "memory://" else key)
    records = testimony()
    store.add(records, actor="ada")
    yield store, records[1].id
    store.close()


def _slow(store, monkeypatch, seconds=0.05):
    """Make each append take a while, so that readers arriving meanwhile queue up."""
    append = store.append_ledger

    def slow(log, drafts):
        time.sleep(seconds)
        return append(log, drafts)

    monkeypatch.setattr(store, "append_ledger", slow)


def _together(work):
    """Run ``work(n)`` in READERS threads started at once; their results or exceptions."""
    results: list[object] = [None] * READERS
    start = threading.Barrier(READERS)

    def run(n):
        start.wait()
        try:
            results[n] = work(n)
        except Exception as exc:
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_concurrent_reads_share_transactions_and_each_is_logged_before_it_returns(
    shared, monkeypatch
):
    store, person = shared
    writer = AccessLogWriter(store)
    _slow(store, monkeypatch)
    before = store.ledger_head(ACCESS_LOG).seq

    def read(n):
        name = f"reader{n}"
        record = GuardedStore(store, Principal(name, "analyst"), access_log=writer).get(
            "person", person
        )
        # Its entry is in the database by the time the values are handed over.
        logged = [e for e in store.ledger_entries(ACCESS_LOG, after=before) if e.actor == name]
        return record["name"].full, [(e.action, e.subject, e.detail) for e in logged]

    results = _together(read)
    assert all(not isinstance(r, Exception) for r in results), results
    for name, logged in results:
        assert name == NAME and logged == [("read", "person", f"get: {person}")]
    entries = list(store.ledger_entries(ACCESS_LOG, after=before))
    assert sorted(e.actor for e in entries) == sorted(f"reader{n}" for n in range(READERS))
    assert writer.entries == READERS and writer.writes < READERS  # several per transaction
    report = verify_ledger(
        ACCESS_LOG, store.ledger_entries(ACCESS_LOG), store.ledger_head(ACCESS_LOG)
    )
    assert report.ok, report.problems


def test_reads_whose_entries_cannot_be_written_return_nothing(shared, monkeypatch):
    store, person = shared
    writer = AccessLogWriter(store)
    append = store.append_ledger

    def broken(log, drafts):
        time.sleep(0.05)
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "append_ledger", broken)
    results = _together(
        lambda n: GuardedStore(store, Principal(f"r{n}", "analyst"), access_log=writer).get(
            "person", person
        )
    )
    assert all(isinstance(r, AccessLogFailed) for r in results), results
    assert all(isinstance(r.__cause__, RuntimeError) for r in results)
    # The writer is not left stuck: once the log can be written, reads go through again.
    monkeypatch.setattr(store, "append_ledger", append)
    guarded = GuardedStore(store, Principal("r", "analyst"), access_log=writer)
    assert guarded.get("person", person)["name"].full == NAME


def test_a_viewer_through_a_shared_writer_still_gets_nothing_identifying(shared):
    store, person = shared
    writer = AccessLogWriter(store)
    before = store.ledger_head(ACCESS_LOG).seq
    viewer = GuardedStore(store, Principal("vic", "viewer"), access_log=writer)
    assert "name" not in viewer.get("person", person).values
    assert list(store.ledger_entries(ACCESS_LOG, after=before)) == []


def test_the_writer_must_write_to_the_store_it_guards():
    with pytest.raises(ValueError):
        GuardedStore(
            MemoryStore(), Principal("ann", "analyst"), access_log=AccessLogWriter(MemoryStore())
        )
