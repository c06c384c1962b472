import pytest

from svidok.ingest.mapping import MappingError, parse_mapping

BASE = {
    "dataset": "ngo-south",
    "source": {"kind": "ngo_list", "title": "List", "reliability": "B"},
    "columns": {"ПІБ": {"field": "person.name"}, "Подія": {"field": "event.type"}},
}


def _with(**changes):
    data = {**BASE, **changes}
    return parse_mapping(data, "map.yaml")


def test_a_valid_mapping_parses():
    m = _with(
        maps={"types": {"Призов": "conscription"}},
        columns={
            "ПІБ": {"field": "person.name", "order": "auto"},
            "Подія": {"field": "event.type", "map": "types"},
            "Область": {"field": "event.place"},
            "Телефон": "ignore",
        },
    )
    assert m.columns["Подія"].mapped("призов") == "conscription"
    assert m.columns["Область"].target == "event.place.region"
    assert m.ignored == {"Телефон"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dataset": ""}, "dataset"),
        ({"source": {"kind": "ngo_list"}}, "source"),
        ({"columns": {"X": {"field": "person.colour"}}}, "columns.X: 'person.colour'"),
        ({"columns": {"X": {"field": "vehicle.type"}}}, "not a target"),
        (
            {"columns": {"X": {"field": "event.type", "map": {"a": "kidnapping"}}}},
            "not in vocabulary",
        ),
        ({"columns": {"X": {"field": "event.type", "map": "nope"}}}, "no map named"),
        ({"dates": {"order": "ydm"}}, "dates.order"),
        ({"colour": 1}, "unknown keys"),
    ],
)
def test_bad_mappings_name_the_file_and_key(changes, message):
    with pytest.raises(MappingError, match=r"map\.yaml") as caught:
        _with(**changes)
    assert message in str(caught.value)
