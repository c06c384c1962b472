from pathlib import Path

import pytest
from protect_data import NAME, PHONE, TESTIMONY

from svidok.model import make
from svidok.protect import keys
from svidok.protect.keys import KeyFile, create_key_file


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch):
    """Passphrase keys with a small Argon2id cost: the cost is stored with the salt."""
    monkeypatch.setattr(keys, "ARGON2_COST", {"t": 1, "m": 1024, "p": 1})


@pytest.fixture
def key(tmp_path: Path) -> KeyFile:
    return create_key_file(tmp_path / "keys" / "svidok.key")


@pytest.fixture
def other_key(tmp_path: Path) -> KeyFile:
    return create_key_file(tmp_path / "keys" / "other.key")


@pytest.fixture
def testimony():
    """A factory of testimony records (see :func:`_testimony_records`)."""
    return _testimony_records


def _testimony_records(consent: bool = True):
    """An interview, the person it names (with consent or not), an event and the claims."""
    interview = make("source", kind="interview", title="Interview 1", text=TESTIMONY)
    values = {
        "name": NAME,
        "phone": PHONE,
        "birth": "2001-03-05",
        "address": "вул. Вигадана 1",
        "sex": "male",
        "fictional": True,
    }
    if consent:
        values["consent"] = {"scope": "internal_use", "date": "2024-11-02"}
    person = make("person", values)
    event = make(
        "event", type="conscription", date="2024-10", place="UA-23", description="взяли вдома"
    )
    inv = make("involvement", person=person.id, event=event.id)
    about_person = make("claim", source=interview.id, subject=person.id, excerpt="Олексій Скрипник")
    about_event = make("claim", source=interview.id, subject=event.id, excerpt="забрали Олексія")
    return [interview, person, event, inv, about_person, about_event]
