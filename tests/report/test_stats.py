import pytest

from svidok.model import PartialDate, make
from svidok.report import count_events, period_label
from svidok.report.stats import UNSOURCED, person_origins


@pytest.mark.parametrize(
    ("date", "granularity", "label"),
    [
        ("2024-10-03", "quarter", "2024-Q4"),
        ("2024-10", "month", "2024-10"),
        ("2024", "year", "2024"),
        ("2024", "quarter", "2024 (quarter unknown)"),
        ("2024-09/2024-11", "month", "2024 (month unknown)"),
        ("2024-10/2024-11", "quarter", "2024-Q4"),
        ("2023-11/2024-02", "year", "2023–2024"),
        ("", "year", "unknown"),
    ],
)
def test_period_labels_never_claim_more_precision_than_the_date(date, granularity, label):
    assert period_label(PartialDate.parse(date), granularity) == label


def _world():
    """Two NGO lists and a channel with posts; one man appears in both lists."""
    ngo_a = make("source", kind="ngo_list", title="NGO A")
    ngo_b = make("source", kind="ngo_list", title="NGO B")
    channel = make("source", kind="telegram_channel", title="Channel")
    posts = [
        make("source", kind="telegram_post", title=f"post {i}", parent=channel.id) for i in range(3)
    ]
    records, claims = [], []

    def sighting(source, date="2024-10", region="UA-23", event_type="conscription"):
        p = make("person", sex="male")
        e = make("event", type=event_type, date=date, place=region)
        i = make("involvement", person=p.id, event=e.id)
        records.extend([p, e, i])
        claims.append(make("claim", source=source.id, subject=e.id))
        return p, e

    for _ in range(3):
        sighting(ngo_a)
    for _ in range(2):
        sighting(ngo_b)
    for post in posts:  # three posts of one channel: the channel is the source that counts
        sighting(post)
    sighting(ngo_a, region="UA-65")
    # an event with no claim at all: entered by the documenters themselves
    p = make("person")
    e = make("event", type="conscription", date="2024-10", place="UA-23")
    records.extend([p, e, make("involvement", person=p.id, event=e.id)])
    sources = [ngo_a, ngo_b, channel, *posts]
    return records, claims, sources, (ngo_a, ngo_b, channel)


def _count(records, claims, sources, **kw):
    kinds = {k: [r for r in records if r.kind == k] for k in ("event", "involvement")}
    return count_events(kinds["event"], kinds["involvement"], claims, sources, **kw)


def test_at_least_is_the_largest_single_source_count_without_linkage():
    records, claims, sources, (ngo_a, _, channel) = _world()
    rows = {r.key: r for r in _count(records, claims, sources)}
    cell = rows[("conscription", "UA-23", "2024")]
    assert cell.event_records == 9
    assert cell.persons_at_least == 3  # NGO A and the channel (3 posts) each list three
    assert cell.basis in (ngo_a.id, channel.id)
    assert cell.sources == 4  # NGO A, NGO B, the channel, and the unsourced entry
    assert rows[("conscription", "UA-65", "2024")].persons_at_least == 1


def test_unsourced_events_form_their_own_source():
    records, _claims, sources, _ = _world()
    rows = _count(records, [], sources, by=("type",))
    assert rows[0].basis == UNSOURCED and rows[0].persons_at_least == 10


def test_with_linkage_the_bound_counts_distinct_identities():
    records, claims, sources, _ = _world()
    persons = [r.id for r in records if r.kind == "person"]
    identities = {pid: "same-man" if n < 2 else pid for n, pid in enumerate(persons)}
    rows = _count(records, claims, sources, by=("type",), identities=identities)
    assert rows[0].persons_at_least == len(persons) - 1
    assert rows[0].basis == "all sources, linked"
    # the persons counted, each the cluster of some of the cell's person records
    assert len(rows[0].resolved_ids) == rows[0].persons_at_least
    assert set(rows[0].resolved_ids) == {identities[p] for p in rows[0].person_ids}
    assert not _count(records, claims, sources, by=("type",))[0].resolved_ids


def test_every_count_is_traceable_to_its_event_records():
    records, claims, sources, _ = _world()
    events = {r.id for r in records if r.kind == "event"}
    for row in _count(records, claims, sources):
        assert set(row.event_ids) <= events and len(row.event_ids) == row.event_records


def test_counts_by_origin_take_the_region_the_person_comes_from():
    """A list of men conscripted "from Melitopol" gives no event place: by origin it counts."""
    source = make("source", kind="ngo_list", title="List")
    records, claims = [], []
    for origin in ("UA-23", "UA-23", "UA-65", None):
        p = make("person", {"origin": origin} if origin else {})  # origin= is make's own
        e = make("event", type="conscription", date="2024-10")
        records += [p, e, make("involvement", person=p.id, event=e.id)]
        claims.append(make("claim", source=source.id, subject=e.id))
    persons = [r for r in records if r.kind == "person"]
    origins = person_origins(persons)
    rows = _count(records, claims, [source], by=("origin", "region"), origins=origins)
    got = {r.key: r.persons_at_least for r in rows}
    assert got == {("UA-23", "unknown"): 2, ("UA-65", "unknown"): 1, ("unknown", "unknown"): 1}
    by_origin = {r.key[0]: set(r.person_ids) for r in rows}
    assert by_origin["UA-65"] == {persons[2].id}


def test_a_linked_person_has_one_origin_the_one_most_records_give():
    a, b, c = (make("person", {"origin": o}) for o in ("UA-23", "UA-23", "UA-65"))
    lone = make("person", {"origin": "UA-65"})
    identities = {a.id: "X", b.id: "X", c.id: "X", lone.id: lone.id}
    origins = person_origins([a, b, c, lone], identities)
    assert origins == {a.id: "UA-23", b.id: "UA-23", c.id: "UA-23", lone.id: "UA-65"}
    unknown = make("person")
    assert person_origins([unknown, c], {unknown.id: "Y", c.id: "Y"})[unknown.id] == "UA-65"
