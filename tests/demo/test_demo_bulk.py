import hashlib
from collections import Counter
from itertools import islice

from svidok.demo import bulk
from svidok.model import make


def _digest(records) -> str:
    return hashlib.sha256("".join(r.digest() for r in records).encode()).hexdigest()


def test_it_yields_a_source_then_four_records_per_person():
    records = list(bulk(50))
    assert records[0].kind == "source"
    assert len(records) == 1 + 4 * 50
    kinds = Counter(r.kind for r in records)
    assert kinds == {"source": 1, "person": 50, "event": 50, "involvement": 50, "claim": 50}
    assert len(list(bulk(50, claims=False))) == 1 + 3 * 50


def test_it_is_deterministic_per_seed():
    assert _digest(bulk(200, seed=3)) == _digest(bulk(200, seed=3))
    assert _digest(bulk(200, seed=3)) != _digest(bulk(200, seed=4))


def test_its_records_validate_and_link_up():
    records = list(bulk(300))
    ids = set()
    for r in records:
        assert make(r.kind, r.dump(), id=r.id).digest() == r.digest()
        for f in r.type.references:
            assert r.get(f.name) in ids | {None}
        ids.add(r.id)
    assert len(ids) == len(records)
    people = [r for r in records if r.kind == "person"]
    assert all(p["fictional"] for p in people)
    fulls = [p["name"].full for p in people]
    assert any(f.isascii() for f in fulls) and any(not f.isascii() for f in fulls)


def test_it_streams_lazily():
    assert len(list(islice(bulk(10**9), 9))) == 9
