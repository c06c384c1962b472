import pytest

from svidok.model import event_types, provisions, vocabulary

REQUIRED_EVENT_TYPES = {
    "passportization_pressure",
    "registration_demand",
    "summons_paper",
    "summons_electronic",
    "medical_commission",
    "conscription",
    "forced_mobilization",
    "transfer_outside_territory",
    "training",
    "contract_under_pressure",
    "front_deployment",
    "wounded",
    "death",
    "missing",
    "captured",
    "administrative_penalty",
    "prosecution_opened",
    "sentence",
    "reprisal_against_family",
    "evasion_flight",
}


def test_the_vocabulary_covers_forced_conscription():
    assert set(event_types()) >= REQUIRED_EVENT_TYPES


def test_every_event_type_names_existing_provisions_and_has_labels():
    known = provisions()
    for t in event_types().values():
        assert all(p in known for p in t.provisions), t.id
        assert t.label["en"] and t.label["uk"]


def test_compulsion_engages_the_core_provisions():
    conscription = set(event_types()["conscription"].provisions)
    assert {"gc4-51", "gc4-147", "rs-8-2-a-v", "rs-8-2-b-xv", "hr-23"} <= conscription
    assert "rucc-328" in event_types()["prosecution_opened"].provisions
    assert "gc4-49" in event_types()["transfer_outside_territory"].provisions
    assert "hr-45" in event_types()["passportization_pressure"].provisions


def test_required_provisions_exist_with_citations():
    for pid in (
        "gc4-47",
        "gc4-49",
        "gc4-51",
        "gc4-147",
        "rs-8-2-a-v",
        "rs-8-2-b-xv",
        "hr-23",
        "hr-45",
        "hr-52",
        "rucc-328",
    ):
        p = provisions()[pid]
        assert p.citation.startswith(p.instrument)
        assert p.url.startswith("http")


def test_vocabulary_maps_labels_and_aliases_to_ids():
    sex = vocabulary("sex")
    assert sex.clean("ч") == "male"
    assert sex.clean("Female") == "female"
    assert vocabulary("figure_qualifier").clean("щонайменше") == "at_least"
    assert vocabulary("reliability").clean("b") == "B"


def test_unknown_terms_are_rejected_with_the_allowed_list():
    with pytest.raises(ValueError, match="allowed: A, B, C, D, E, F"):
        vocabulary("reliability").clean("G")
