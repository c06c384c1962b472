"""Roles enforced by the store, on the memory store, SQLite and PostgreSQL: a viewer never
gets identifying data, whichever method it calls; reads of identifying data are logged; the
access log detects tampering."""

import json

import pytest
import sqlalchemy as sa
from protect_data import NAME, PHONE, TESTIMONY

from svidok.ledger import verify_ledger
from svidok.model import make
from svidok.protect.accounts import (
    AuthenticationError,
    accounts,
    add_account,
    authenticate,
    set_role,
)
from svidok.protect.guard import ACCESS_LOG
from svidok.protect.roles import AccessDenied, Principal
from svidok.store import LinkageRun, LinkPair, MemoryStore, open_store
from svidok.store.sql import SQLStore

ADMIN = Principal("ada", "admin")
VIEWER = Principal("vic", "viewer")
ANALYST = Principal("ann", "analyst")


@pytest.fixture
def loaded(store_url, key, testimony):
    """(url, records, the open admin store) with testimony, a linkage run, an import origin."""
    key_arg = None if store_url == "memory://" else key
    admin = open_store(store_url, migrate=True, key=key_arg, principal=ADMIN)
    records = testimony()
    admin.add(records, actor="ada")
    model = {"svidok": {"tf": {"surname_main": {"скрипник": 1.0}}}}
    run = LinkageRun(
        "L-1",
        "2026-01-01T00:00:00Z",
        "ada",
        "duckdb",
        0.9,
        json.dumps(model, ensure_ascii=False),
        "{}",
    )
    admin.save_linkage(run, [LinkPair(records[1].id, records[1].id, 0.9, 1.0, "{}")], [])
    opened = []
    yield store_url, records, admin, opened
    for s in [admin, *opened]:
        s.close()


def _as(loaded, principal, key):
    url, _, admin, opened = loaded
    if url == "memory://":  # one process: the same data seen through another principal
        from svidok.protect.guard import GuardedStore

        return GuardedStore(admin.inner, principal)
    store = open_store(
        url, key=key if principal.may("read_identity") else None, principal=principal
    )
    opened.append(store)
    return store


def _leaks(value) -> bool:
    text = repr(value)
    return any(
        secret in text for secret in (NAME, PHONE, TESTIMONY, "Скрипник", "2001-03-05", "взяли")
    )


def test_a_viewer_gets_no_identifying_field_through_any_read(loaded, key):
    _, records, _, _ = loaded
    viewer = _as(loaded, VIEWER, key)
    person = records[1]
    seen = [
        viewer.get("person", person.id),
        viewer.require("person", person.id),
        viewer.get_many("person", [person.id]),
        *(list(viewer.scan(kind)) for kind in ("person", "source", "event", "claim")),
        viewer.get_many("source", [records[0].id]),
        viewer.linkage_runs(),
    ]
    assert not _leaks(seen)
    assert viewer.get("person", person.id)["sex"] == "male"  # the rest is there
    assert viewer.count("person") == 1


def test_a_viewer_can_neither_write_nor_read_accounts_origins_or_record_digests(loaded, key):
    viewer = _as(loaded, VIEWER, key)
    with pytest.raises(AccessDenied, match="vic \\(viewer\\) may not create source"):
        viewer.add([make("source", kind="other", title="x")], actor="vic")
    for attempt in (
        lambda: viewer.meta(),
        lambda: list(viewer.origins("any")),
        lambda: list(viewer.digests("person")),
        lambda: list(viewer.ledger_entries(ACCESS_LOG)),
        lambda: viewer.save_linkage(
            LinkageRun("L-2", "t", "vic", "duckdb", 0.9, "{}", "{}"), [], []
        ),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert viewer.verify_audit(records=False).ok  # the chain itself is for everyone to check


def test_an_encrypted_sql_database_is_read_by_a_viewer_without_the_key(sql_url, key, testimony):
    with open_store(sql_url, migrate=True, key=key) as admin:
        admin.add(testimony(), actor="ada")
    with open_store(sql_url, principal=VIEWER) as viewer:
        assert isinstance(viewer.inner, SQLStore) and viewer.inner.keyring is None
        assert not _leaks(list(viewer.scan("person")))
        assert json.loads(viewer.linkage_runs()[0].model) if viewer.linkage_runs() else True


def test_every_read_of_identifying_data_is_logged_before_it_is_returned(loaded, key):
    _, records, admin, _ = loaded
    analyst = _as(loaded, ANALYST, key)
    before = admin.ledger_head(ACCESS_LOG).seq
    assert analyst.get("person", records[1].id)["phone"] == PHONE
    assert [p["name"].full for p in analyst.scan("person")] == [NAME]
    analyst.get("involvement", records[3].id)  # nothing identifying: nothing to log
    entries = list(admin.ledger_entries(ACCESS_LOG, after=before))
    assert [(e.actor, e.action, e.subject) for e in entries] == [
        ("ann", "read", "person"),
        ("ann", "read", "person"),
    ]
    assert records[1].id in entries[0].detail and not _leaks(entries)


def test_a_read_whose_log_entry_cannot_be_written_returns_nothing(loaded, key, monkeypatch):
    _, records, _admin, _ = loaded
    analyst = _as(loaded, ANALYST, key)

    def broken(log, drafts):
        raise RuntimeError("disk full")

    monkeypatch.setattr(analyst.inner, "append_ledger", broken)
    with pytest.raises(RuntimeError):
        analyst.get("person", records[1].id)


def test_an_edited_access_log_entry_is_detected_and_named(loaded, key):
    _url, records, admin, _ = loaded
    analyst = _as(loaded, ANALYST, key)
    analyst.get("person", records[1].id)
    analyst.get("person", records[1].id)
    target = admin.ledger_head(ACCESS_LOG).seq - 1
    inner = admin.inner
    if isinstance(inner, MemoryStore):
        import dataclasses

        log = inner._ledgers[ACCESS_LOG]
        log[target - 1] = dataclasses.replace(log[target - 1], actor="nobody")
    else:
        with inner.engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE ledger SET actor = 'nobody' WHERE log = 'access' AND seq = :s"),
                {"s": target},
            )
    report = verify_ledger(
        ACCESS_LOG, admin.ledger_entries(ACCESS_LOG), admin.ledger_head(ACCESS_LOG)
    )
    assert not report.ok and report.first_bad_seq == target
    assert f"access log: entry #{target} (read person by nobody" in report.problems[0]


def test_writes_are_recorded_under_the_signed_in_account_not_a_claimed_name(loaded, key):
    documenter = _as(loaded, Principal("doc", "documenter"), key)
    documenter.add([make("source", kind="other", title="x")], actor="someone-else")
    assert list(documenter.audit_entries())[-1].actor == "doc"


def test_passwords_are_stored_as_argon2id_hashes_and_checked(store):
    first = Principal("root", "admin", authenticated=False)
    with pytest.raises(Exception, match="first account must be an administrator"):
        add_account(store, "vic", "viewer", "long enough password", by=first)
    add_account(store, "ada", "admin", "long enough password", by=first)
    add_account(store, "vic", "viewer", "viewer password 1", by=Principal("ada", "admin"))
    stored = [a.password for a in accounts(store)]
    assert all(h.startswith("$argon2id$") for h in stored)
    assert "long enough password" not in repr(store.meta())
    assert authenticate(store, "vic", "viewer password 1") == Principal("vic", "viewer")
    for name, password in (("vic", "wrong password!"), ("nobody", "viewer password 1")):
        with pytest.raises(AuthenticationError, match="wrong account or password"):
            authenticate(store, name, password)
    failed = [e for e in store.ledger_entries(ACCESS_LOG) if e.action == "login.failed"]
    assert [e.subject for e in failed] == ["vic", "nobody"]
    with pytest.raises(AccessDenied):
        add_account(store, "eve", "admin", "another password", by=Principal("vic", "viewer"))
    with pytest.raises(Exception, match="last administrator"):
        set_role(store, "ada", "viewer", by=Principal("ada", "admin"))


def test_a_batch_with_one_forbidden_change_writes_nothing(loaded, key):
    person = loaded[1][1]
    other = make("person", sex="female")
    judgement = make("judgement", left=person.id, right=other.id, decision="different")
    documenter = _as(loaded, Principal("doc", "documenter"), key)
    before = documenter.audit_head()
    with pytest.raises(AccessDenied, match="doc \\(documenter\\) may not create judgement"):
        documenter.add([other, judgement], actor="doc")
    assert documenter.audit_head() == before and documenter.get("person", other.id) is None
