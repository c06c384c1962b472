import hashlib
import json
import random
import re
import time
from pathlib import Path
from typing import Any

import pytest

from svidok.demo import Scenario, generate
from svidok.demo.exports import channel_chat_id, telegram_export, telegram_media
from svidok.errors import ReadError
from svidok.evidence import EvidenceFiles
from svidok.ingest.base import Allocator, Item, Reject, content_hash
from svidok.ingest.importer import import_file
from svidok.ingest.telegram import TelegramExport, export_chats
from svidok.model import Record, canonical_json, new_id, record_type
from svidok.store import Store
from svidok.testing.ingest import write_telegram_export as write_export

SALT = b"test-salt-0123456789abcdef"


class StubIds:
    """A simple IdSource: new ids per item, remembered so later items can refer to them."""

    def __init__(self) -> None:
        self.rng = random.Random(1)
        self.made: dict[str, list[str]] = {}
        self.key = ""

    def item(self, key: str) -> "StubIds":
        self.key = key
        self.made[key] = []
        return self

    def next(self, kind: str) -> str:
        record_id = new_id(kind, self.rng)
        self.made[self.key].append(record_id)
        return record_id

    def of(self, key: str, kind: str, index: int = 0) -> str:
        prefix = record_type(kind).prefix
        return [i for i in self.made[key] if i[0] == prefix][index]

    def earlier(self) -> list[str]:
        return []


def build_all(adapter: TelegramExport) -> tuple[list[Item], list[Reject], list[Record]]:
    ids = StubIds()
    items: list[Item] = []
    rejects: list[Reject] = []
    records: list[Record] = []
    for entry in adapter.items():
        if isinstance(entry, Reject):
            rejects.append(entry)
            continue
        items.append(entry)
        built = entry.build(ids.item(entry.key))
        records.extend(r for r in built if isinstance(r, Record))
    return items, rejects, records


def message(mid: int, text: Any = "Повістки роздають біля ринку.", **extra: Any) -> dict[str, Any]:
    return {
        "id": mid,
        "type": "message",
        "date": "2024-05-01T12:00:00",
        "date_unixtime": str(1714554000 + mid * 60),
        "from": "Новини Мелітополя",
        "from_id": "channel1800000002",
        "text": text,
        **extra,
    }


def channel(*messages: Any) -> dict[str, Any]:
    return {
        "name": "Новини Мелітополя",
        "type": "public_channel",
        "id": 1800000002,
        "messages": list(messages),
    }


# -- privacy ------------------------------------------------------------------------------

# What the full-account fixture holds about people: none of it may reach a record or a report.
SECRETS = [
    # phone numbers, as written and as digits
    "+380 67 555 01 02", "380675550102", "675550102",
    "+7 978 555 03 04", "79785550304", "9785550304",
    "+380671112233", "380671112233", "671112233",
    "8 (978) 123-45-67", "9781234567",
    "+380 50 999 88 77", "380509998877", "509998877",
    "067 123 45 67", "0671234567", "671234567",
    # user ids and usernames
    "5550001", "5550002", "5550003", "5550004", "olena_test",
    # names of the account owner, contacts, members, people writing and forwarded from
    "Олена", "Коваленко", "Андрій", "Приходько", "Світлана", "Мельник", "Ігор", "Бондар",
    "Тетяна", "Шевчук",
    # sessions and coordinates
    "203.0.113.7", "Pixel 7", "46.8489", "35.3653", "вулиця Перемоги",
]  # fmt: skip


def _user_message(mid: int, uid: int, name: str, text: Any, **extra: Any) -> dict[str, Any]:
    return {
        **message(mid, text),
        "from": name,
        "from_id": f"user{uid}",
        **extra,
    }


def full_account_export() -> dict[str, Any]:
    group = {
        "name": "Мелітополь: повістки (чат)",
        "type": "private_supergroup",
        "id": 1700000001,
        "messages": [
            {
                "id": 1,
                "type": "service",
                "date": "2024-05-01T09:00:00",
                "date_unixtime": "1714543200",
                "actor": "Андрій Приходько",
                "actor_id": "user5550002",
                "action": "invite_members",
                "members": ["Світлана Мельник"],
                "text": "",
            },
            _user_message(
                2,
                5550002,
                "Андрій Приходько",
                [
                    "Сина забрали у військкомат, дзвоніть ",
                    {"type": "phone", "text": "+380671112233"},
                    " або 8 (978) 123-45-67, чи 067 123 45 67 / 0671234567",
                ],
                reactions=[
                    {"type": "emoji", "count": 1, "emoji": "🙏",
                     "recent": [{"from": "Тетяна Шевчук", "from_id": "user5550005"}]},
                ],
            ),
            _user_message(
                3,
                5550003,
                "Світлана Мельник",
                [{"type": "mention_name", "text": "сусіде", "user_id": 5550004}, ", тримайся."],
                forwarded_from="Ігор Бондар",
                forwarded_from_id="user5550004",
            ),
            _user_message(
                4,
                5550003,
                "Світлана Мельник",
                "",
                contact_information={
                    "first_name": "Ігор", "last_name": "Бондар", "phone_number": "+380 50 999 88 77"
                },
                contact_vcard="contacts/contact_1.vcard",
            ),
            _user_message(
                5,
                5550002,
                "Андрій Приходько",
                "Тут роздають повістки",
                location_information={"latitude": 46.8489, "longitude": 35.3653},
                live_location_period_seconds=900,
            ),
            _user_message(
                6,
                5550002,
                "Андрій Приходько",
                "Пункт видачі",
                place_name="Військкомат",
                address="вулиця Перемоги, 1",
                location_information={"latitude": 46.8489, "longitude": 35.3653},
            ),
            {
                **message(7, "Переслано з каналу."),
                "from": "Мелітополь: повістки (чат)",
                "from_id": "channel1700000001",
                "forwarded_from": "Новини Мелітополя",
                "forwarded_from_id": "channel1800000002",
                "author": "Тетяна Шевчук",
            },
            _user_message(8, 5550002, "Андрій Приходько", "Без ідентифікатора пересилання",
                          forwarded_from="Ігор Бондар"),
        ],
    }  # fmt: skip
    personal = {
        "name": "Ігор Бондар",
        "type": "personal_chat",
        "id": 5550004,
        "messages": [
            _user_message(10, 5550004, "Ігор Бондар", "Мене викликають на медкомісію."),
            _user_message(11, 5550001, "Олена Коваленко", "Не йди, подзвони +380 67 555 01 02"),
        ],
    }
    left = channel(message(20, "Новина з каналу"))
    return {
        "about": "Here is the data you requested.",
        "personal_information": {
            "user_id": 5550001,
            "first_name": "Олена",
            "last_name": "Коваленко",
            "phone_number": "+380 67 555 01 02",
            "username": "@olena_test",
            "bio": "Мелітополь",
        },
        "profile_pictures": [{"date": "2023-01-01T10:00:00", "photo": "profile_pictures/p.jpg"}],
        "contacts": {
            "about": "...",
            "list": [
                {"user_id": 5550002, "first_name": "Андрій", "last_name": "Приходько",
                 "phone_number": "+7 978 555 03 04", "date": "2023-01-01T10:00:00"},
                {"user_id": 5550004, "first_name": "Ігор", "last_name": "Бондар",
                 "phone_number": "+380 50 999 88 77", "date": "2023-01-01T10:00:00"},
            ],
        },
        "frequent_contacts": {
            "about": "...",
            "list": [{"id": 5550002, "category": "people", "type": "user",
                      "name": "Андрій Приходько", "rating": 0.5}],
        },
        "sessions": {
            "about": "...",
            "list": [{"last_active": "2024-05-01T10:00:00", "last_ip": "203.0.113.7",
                      "last_country": "Ukraine", "device_model": "Pixel 7"}],
        },
        "web_sessions": {"about": "...", "list": []},
        "other_data": {"about": "...", "changes_log": [{"phone": "+380 67 555 01 02"}]},
        "chats": {"about": "...", "list": [group, personal]},
        "left_chats": {"about": "...", "list": [left]},
    }  # fmt: skip


def _haystack(adapter: TelegramExport, items: list[Item], records: list[Record]) -> str:
    report = adapter.report
    parts = [canonical_json(r.dump()) for r in records]
    parts += [f"{i.key} {i.where} {i.line}" for i in items]
    parts += [report.dataset, repr(report.details), repr(report.dropped), repr(report.skipped)]
    parts += [repr(report.warnings), *report.notes]
    return "\n".join(parts)


def test_a_full_account_export_needs_a_chat_and_lists_them_without_names(tmp_path: Path) -> None:
    path = write_export(tmp_path / "export", full_account_export())
    with pytest.raises(ReadError) as caught:
        TelegramExport(path, salt=SALT)
    message_text = str(caught.value)
    assert "3 chats" in message_text and "1700000001" in message_text
    assert "Private chat" in message_text
    assert not [s for s in SECRETS if s in message_text]
    with pytest.raises(ReadError, match="no chat of this export matches 'nope'"):
        TelegramExport(path, salt=SALT, chat="nope")


def test_nothing_identifying_reaches_records_or_reports(tmp_path: Path) -> None:
    path = write_export(tmp_path / "export", full_account_export())
    adapters = export_chats(path.parent, salt=SALT)
    assert [a.chat.type for a in adapters] == [
        "private_supergroup",
        "personal_chat",
        "public_channel",
    ]
    found = []
    for adapter in adapters:
        items, rejects, records = build_all(adapter)
        assert not rejects
        haystack = _haystack(adapter, items, records)
        found += [(adapter.ref, s) for s in SECRETS if s in haystack]
    assert found == []


def test_the_report_counts_what_privacy_rules_dropped(tmp_path: Path) -> None:
    path = write_export(tmp_path / "export", full_account_export())
    group = TelegramExport(path, salt=SALT, chat="1700000001")
    items, _, records = build_all(group)
    dropped = group.report.dropped
    assert dropped["section personal_information"] == 1
    assert dropped["section contacts"] == 1 and dropped["contacts"] == 2
    assert dropped["frequent_contacts"] == 1 and dropped["sessions"] == 1
    assert dropped["profile_pictures"] == 1 and dropped["section other_data"] == 1
    assert dropped["phone number"] == 4  # one entity and three written out
    assert dropped["user name"] == 6 and dropped["user id (replaced by a pseudonym)"] == 6
    assert dropped["shared contact"] == 1 and dropped["shared contact card file"] == 1
    assert dropped["location coordinates"] == 2 and dropped["live location"] == 1
    assert dropped["venue name"] == 1 and dropped["venue address"] == 1
    assert dropped["forwarded-from user"] == 1 and dropped["forwarded-from name"] == 1
    assert dropped["mentioned user id"] == 1 and dropped["reactions (who reacted)"] == 1
    assert dropped["post author signature"] == 1
    assert group.report.skipped["service message"] == 1
    # message 4 held only a shared contact: nothing is left to import, so it is skipped
    assert [i.key for i in items] == ["chat"] + [f"message:{n}" for n in (2, 3, 5, 6, 7, 8)]
    assert group.report.skipped["messages with only a shared contact (dropped)"] == 1
    posts = {r["external_id"]: r for r in records if r.get("kind") == "telegram_post"}
    assert posts["2"]["text"].startswith("Сина забрали у військкомат, дзвоніть [phone ")
    assert posts["2"]["text"].count("[phone ") == 4
    assert posts["7"]["publisher"] == "Мелітополь: повістки (чат)"
    assert posts["7"]["notes"] == "Forwarded from «Новини Мелітополя»."
    # a person mentioned by display name becomes a pseudonym, as authors do
    assert re.fullmatch(r"\[user [0-9a-f]{16}\], тримайся\.", posts["3"]["text"])


def test_pseudonyms_are_stable_per_salt_and_the_same_number_gets_the_same_token(
    tmp_path: Path,
) -> None:
    path = write_export(tmp_path / "export", full_account_export())
    group = TelegramExport(path, salt=SALT, chat="1700000001")
    _, _, records = build_all(group)
    authors = {
        r["external_id"]: r.get("publisher") for r in records if r.get("kind") == "telegram_post"
    }
    assert re.fullmatch(r"author [0-9a-f]{16}", authors["2"])
    assert authors["2"] == authors["5"] != authors["3"]
    text = next(r["text"] for r in records if r.get("external_id") == "2")
    tokens = re.findall(r"\[phone ([0-9a-f]{12})\]", text)
    assert len(tokens) == 4 and tokens[2] == tokens[3]  # 067 123 45 67 == 0671234567
    personal = TelegramExport(path, salt=SALT, chat="Ігор Бондар")
    build_all(personal)
    pseudonym = authors["2"].split()[1]
    assert personal.title.startswith("Private chat ") and pseudonym not in personal.title
    # a private chat's ids are numbered per account: the dataset names the exporting account
    assert personal.report.dataset.startswith(f"telegram:{personal.ref}:exported-by-")
    assert personal.ref.startswith("user-")
    assert personal.report.dropped["private chat name"] == 1
    assert TelegramExport(path, salt=SALT, chat=personal.ref).ref == personal.ref
    other = TelegramExport(path, salt=b"another-salt-0123456789", chat="1700000001")
    _, _, other_records = build_all(other)
    assert authors["2"] not in {r.get("publisher") for r in other_records}


def test_a_short_salt_is_refused(tmp_path: Path) -> None:
    path = write_export(tmp_path, channel(message(1)))
    with pytest.raises(ValueError, match="16 bytes"):
        TelegramExport(path, salt=b"short")


# -- the demo scenario, round trip ------------------------------------------------------


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return generate(seed=11, persons=250)


def test_the_demo_channels_round_trip(scenario: Scenario, tmp_path: Path) -> None:
    exports = telegram_export(scenario, photos=3)
    media = telegram_media(scenario, photos=3)
    sources = [r for r in scenario.records if r.kind == "source"]
    excerpts: dict[str, str] = {}
    for claim in (r for r in scenario.records if r.kind == "claim" and r.get("excerpt")):
        excerpts.setdefault(claim["source"], claim["excerpt"])
    assert len(exports) == 2
    for channel_id, export in exports.items():
        path = write_export(tmp_path / channel_id, export, media[channel_id])
        adapter = TelegramExport(path.parent, salt=SALT)
        items, rejects, records = build_all(adapter)
        assert not rejects
        assert adapter.report.dataset == f"telegram:{channel_chat_id(channel_id)}"
        assert adapter.report.skipped == {"service message": 1}
        chat = records[0]
        assert chat["kind"] == "telegram_channel" and chat["title"] == export["name"]
        demo = {p["external_id"]: p for p in sources if p.get("parent") == channel_id}
        posts = {r["external_id"]: r for r in records if r.get("kind") == "telegram_post"}
        assert set(posts) == set(demo) and demo
        for key, post in posts.items():
            assert post["text"] == excerpts[demo[key].id]
            assert post["date"] == demo[key]["date"]
            assert post["parent"] == chat.id
            assert post.get("language") in (demo[key]["language"], None)
        linked = [
            m
            for m in export["messages"]
            if isinstance(m["text"], list)
            and any(p.get("type") == "text_link" for p in m["text"] if isinstance(p, dict))
        ]
        assert linked and all(posts[str(m["id"])]["links"] for m in linked)
        evidence = [r for r in records if r.kind == "evidence"]
        assert len(evidence) == 3
        by_path = media[channel_id]
        by_name = {path.rsplit("/", 1)[-1]: data for path, data in by_path.items()}
        by_id = {str(m["id"]): m for m in export["messages"]}
        for record in evidence:
            data = by_name[record["filename"]]
            assert record["sha256"] == hashlib.sha256(data).hexdigest()
            assert record["size"] == len(data)
            assert record["media_type"] == "image/jpeg"
            # the locator says where the file is without its (identifying) name
            message_id = record["locator"].removeprefix("message ").split(",")[0]
            assert record["locator"] == f"message {message_id}, photo"
            assert record["filename"] not in record["locator"]
            assert by_id[message_id]["photo"].endswith(record["filename"])
        attachments = [a for i in items for a in i.attachments]
        assert {
            (sha, p.read_bytes() == by_path[p.relative_to(path.parent).as_posix()])
            for sha, p in attachments
        } == {(r["sha256"], True) for r in evidence}
        assert all(p.is_absolute() for _, p in attachments)


def test_the_same_export_gives_the_same_keys_and_hashes_and_ids(
    scenario: Scenario, tmp_path: Path
) -> None:
    export = next(iter(telegram_export(scenario).values()))
    path = write_export(tmp_path, export)

    def run(allocator: Allocator) -> tuple[list[tuple[str, str]], list[str]]:
        pairs, digests = [], []
        for item in TelegramExport(path, salt=SALT).items():
            assert isinstance(item, Item)
            pairs.append((item.key, item.content_hash))
            built = item.build(allocator.for_item(item.key))
            digests += [r.digest() for r in built if isinstance(r, Record)]
        return pairs, digests

    first_allocator = Allocator({}, random.Random(3))
    first, first_digests = run(first_allocator)
    known = {k: tuple(v) for k, v in first_allocator.allocated.items()}
    again, again_digests = run(Allocator(known, random.Random(4)))
    assert first == again and first_digests == again_digests
    assert len({k for k, _ in first}) == len(first)
    export["messages"][3]["text"] = "Змінений текст"
    export["messages"][3]["text_entities"] = [{"type": "plain", "text": "Змінений текст"}]
    path = write_export(tmp_path, export)
    changed, _ = run(Allocator(known))
    assert [a for a, b in zip(first, changed, strict=True) if a != b] == [first[3]]


# -- bad input -----------------------------------------------------------------------------


def test_a_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"nope/result\.json"):
        TelegramExport(tmp_path / "nope" / "result.json", salt=SALT)
    with pytest.raises(ReadError, match=r"result\.json"):
        TelegramExport(tmp_path, salt=SALT)  # a folder without result.json


def test_truncated_json_is_a_read_error_naming_the_file_and_place(tmp_path: Path) -> None:
    path = write_export(tmp_path, channel(*(message(i) for i in range(1, 200))))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    adapter = TelegramExport(path, salt=SALT)
    seen: list[Item | Reject] = []
    with pytest.raises(ReadError) as caught:
        seen.extend(adapter.items())
    assert str(path) in str(caught.value) and "truncated" in str(caught.value)
    assert caught.value.where.startswith("line ")
    assert 50 < len(seen) < 200  # items streamed before the error; the importer rolls back
    path.write_bytes(data[:20])
    with pytest.raises(ReadError, match="truncated"):
        TelegramExport(path, salt=SALT)


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = write_export(tmp_path, channel(*(message(i) for i in range(1, 50))))
    lines = path.read_text(encoding="utf-8").split("\n")
    bad = next(n for n, line in enumerate(lines) if '"id": 30' in line)
    lines[bad] = lines[bad].replace('"id": 30,', '"id": 30,,')
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        list(TelegramExport(path, salt=SALT).items())
    assert caught.value.where.startswith(f"line {bad + 1},")
    assert "invalid JSON" in caught.value.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"foo": 1, "bar": [1, 2]}', "not a Telegram Desktop export: no 'messages' or 'chats'"),
        ("[1, 2, 3]", "not a Telegram Desktop export: the JSON is not an object"),
        ('{"name": "x", "type": "public_channel", "messages": []}', "no numeric id"),
        ("", "the file is empty"),
        ("not json at all", "invalid JSON"),
    ],
)
def test_a_file_that_is_not_an_export_is_a_read_error(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReadError, match=re.escape(reason)):
        TelegramExport(path, salt=SALT)


def test_an_unusable_message_is_a_reject_and_the_others_are_imported(tmp_path: Path) -> None:
    no_id = message(0)
    del no_id["id"]
    no_date = message(7)
    del no_date["date"], no_date["date_unixtime"]
    path = write_export(
        tmp_path,
        channel(
            message(1),
            message(2, date_unixtime="yesterday"),
            no_id,
            "a string, not a message",
            message(3, text={"not": "text"}),
            message(4),
            message(4),
            message(5, type=None),
            message(6, type="+380671112233"),
            no_date,
        ),
    )
    items, rejects, _ = build_all(TelegramExport(path, salt=SALT))
    assert [i.key for i in items] == ["chat", "message:1", "message:4"]
    assert [(r.where, r.field) for r in rejects] == [
        ("message 2", "date_unixtime"),
        ("message #3", "id"),
        ("message #4", ""),
        ("message 3", "text"),
        ("message 4", "id"),
        ("message 5", "type"),
        ("message 6", "type"),
        ("message 7", "date"),
    ]
    assert rejects[0].value == "yesterday" and "seconds" in rejects[0].reason


def test_a_message_without_unix_time_takes_the_local_day_with_a_note(tmp_path: Path) -> None:
    old = message(1, date="2023-03-05T23:30:00")
    del old["date_unixtime"]
    adapter = TelegramExport(write_export(tmp_path, channel(old)), salt=SALT)
    _, _, records = build_all(adapter)
    assert str(records[1]["date"]) == "2023-03-05" and "local time" in records[1]["notes"]
    assert sum(adapter.report.warnings.values()) == 1


# -- media -------------------------------------------------------------------------------


def test_media_not_in_the_export_is_skipped_and_noted(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("not part of the export")
    path = write_export(
        tmp_path / "export",
        channel(
            message(1, photo="(File not included. Change data exporting settings to download.)"),
            message(2, photo="photos/photo_2@01-05-2024_12-00-00.jpg"),
            message(3, photo="../secret.txt"),
            message(4, file="files/повістка.pdf", file_name="повістка.pdf",
                    mime_type="application/pdf", thumbnail="files/повістка.pdf_thumb.jpg"),
            message(5, file="stickers/s.webp", media_type="sticker"),
            message(6, photo="photos/\x00.jpg", reactions={"not": "a list"}),
        ),
        {"files/повістка.pdf": b"%PDF-1.4 fake", "stickers/s.webp": b"RIFF"},
    )  # fmt: skip
    adapter = TelegramExport(path, salt=SALT)
    items, rejects, records = build_all(adapter)
    assert not rejects and len(items) == 7
    skipped = adapter.report.skipped
    assert skipped["media not included in the export"] == 1
    assert skipped["media file missing"] == 1
    assert skipped["media path outside the export folder"] == 1
    assert skipped["sticker"] == 1
    assert skipped["media file unreadable"] == 1
    notes = " | ".join(adapter.report.notes)
    assert "message 1: photo not included" in notes and "message 2: photo" in notes
    assert "message 3" in notes
    evidence = [r for r in records if r.kind == "evidence"]
    assert len(evidence) == 1
    assert evidence[0]["filename"] == "повістка.pdf"
    assert evidence[0]["media_type"] == "application/pdf"
    assert evidence[0]["locator"] == "message 4, file"
    assert evidence[0]["source"] == next(r.id for r in records if r.get("external_id") == "4")
    assert [a for i in items for a in i.attachments] == [
        (evidence[0]["sha256"], (path.parent / "files" / "повістка.pdf").resolve())
    ]


def test_links_are_kept_and_phone_links_dropped(tmp_path: Path) -> None:
    text = [
        "Список: ",
        {"type": "link", "text": "https://example.org/list"},
        " і ",
        {"type": "text_link", "text": "тут", "href": "https://example.org/more"},
        ", пишіть ",
        {"type": "link", "text": "https://wa.me/380671112233"},
        {"type": "text_link", "text": " дзвінок", "href": "tel:+380671112233"},
        {"type": "bank_card", "text": "4149 4990 1234 5678"},
    ]
    adapter = TelegramExport(write_export(tmp_path, channel(message(1, text))), salt=SALT)
    _, _, records = build_all(adapter)
    post = records[1]
    assert post["links"] == ("https://example.org/list", "https://example.org/more")
    assert "wa.me" not in post["text"] and "380671112233" not in post["text"]
    assert "4149" not in post["text"] and "[bank card " in post["text"]
    assert adapter.report.dropped["link with a phone number"] == 2
    assert adapter.report.dropped["bank card number"] == 1


def test_a_known_username_gives_t_me_locators(tmp_path: Path) -> None:
    adapter = TelegramExport(
        write_export(tmp_path, channel(message(5))), salt=SALT, username="@novyny"
    )
    _, _, records = build_all(adapter)
    assert records[0]["locator"] == "https://t.me/novyny"
    assert records[1]["locator"] == "https://t.me/novyny/5"
    plain = TelegramExport(tmp_path, salt=SALT)
    assert build_all(plain)[2][1]["locator"] == "telegram:1800000002/5"


# -- speed ---------------------------------------------------------------------------------


def test_fifty_thousand_messages_stream_and_build_in_a_few_seconds(tmp_path: Path) -> None:
    sentence = "Сьогодні у Мелітополі повістки вручили ще 12 чоловікам, серед них 17-річний"
    words = sentence.split(" ")
    messages = []
    for i in range(1, 50_001):
        messages.append(
            {
                "id": i,
                "type": "message",
                "date": "2024-05-01T12:00:00",
                "date_unixtime": str(1714554000 + i * 30),
                "from": "Канал",
                "from_id": "channel1800000002",
                "text": [" ".join(words[: 5 + i % 7]) + " ", {"type": "bold", "text": "#повістки"}],
                "text_entities": [
                    {"type": "plain", "text": " ".join(words[: 5 + i % 7]) + " "},
                    {"type": "hashtag", "text": "#повістки"},
                ],
            }
        )
    path = write_export(
        tmp_path, {"name": "Канал", "type": "public_channel", "id": 1, "messages": messages}
    )
    del messages
    started = time.perf_counter()
    adapter = TelegramExport(path, salt=SALT)
    items, rejects, records = build_all(adapter)
    elapsed = time.perf_counter() - started
    print(
        f"\n50,000 messages ({path.stat().st_size / 1e6:.0f} MB): items and builds in {elapsed:.2f} s"
    )
    assert not rejects and len(items) == 50_001 and len(records) == 50_001
    assert elapsed < 30  # a few seconds on a developer machine; generous for slow CI


def test_content_hashes_do_not_depend_on_volatile_reactions(tmp_path: Path) -> None:
    first = write_export(tmp_path / "a", channel(message(1, reactions=[{"count": 1}])))
    second = write_export(tmp_path / "b", channel(message(1, reactions=[{"count": 9}])))
    hashes = [
        [i.content_hash for i in TelegramExport(p, salt=SALT).items() if isinstance(i, Item)]
        for p in (first, second)
    ]
    assert hashes[0] == hashes[1]
    assert hashes[0][0] != content_hash({})


# -- through the importer ------------------------------------------------------------------


def test_importing_a_demo_channel_twice_adds_nothing_the_second_time(
    scenario: Scenario, store: Store, tmp_path: Path
) -> None:
    channel_id, export = next(iter(telegram_export(scenario, photos=2).items()))
    path = write_export(tmp_path / "export", export, telegram_media(scenario, photos=2)[channel_id])
    files = EvidenceFiles(tmp_path / "evidence")
    first = import_file(store, TelegramExport(path, salt=SALT), actor="test", evidence=files)
    assert first.committed and first.rejected == 0
    messages = [m for m in export["messages"] if m["type"] == "message"]
    # the chat itself is imported too, but only messages are counted
    assert first.added == len(messages) and first.attachments == 2
    evidence = list(store.scan("evidence"))
    assert len(evidence) == 2 and all(files.verify(e["sha256"]) for e in evidence)
    posts = [s for s in store.scan("source") if s.get("kind") == "telegram_post"]
    chat = next(s for s in store.scan("source") if s.get("kind") == "telegram_channel")
    assert len(posts) == len(messages) and {p["parent"] for p in posts} == {chat.id}
    again = import_file(store, TelegramExport(path, salt=SALT), actor="test", evidence=files)
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(messages))


def test_reposts_stay_reposts_with_a_pseudonym_of_their_origin_and_no_name(tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "export",
        channel(
            message(1, forwarded_from="РИА Мелитополь"),
            message(2, forwarded_from="РИА Мелитополь"),
            message(3, forwarded_from="Бондар Ігор"),
            message(4),
        ),
        {},
    )
    adapter = TelegramExport(path, salt=SALT)
    _, rejects, records = build_all(adapter)
    assert not rejects
    notes = {r["external_id"]: r.get("notes") or "" for r in records if r.get("external_id")}
    assert all("Forwarded from" in notes[m] for m in ("1", "2", "3"))
    assert "Forwarded" not in notes["4"]
    assert notes["1"] == notes["2"] != notes["3"]
    assert not any(name in json.dumps(notes, ensure_ascii=False) for name in ("РИА", "Бондар"))
    assert adapter.report.dropped["forwarded-from name"] == 3


def test_files_of_an_import_that_is_not_committed_are_removed_with_a_custody_entry(
    store: Store, tmp_path: Path
) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    kept = tmp_path / "kept.jpg"
    kept.write_bytes(b"stored by an earlier import")
    kept_sha, _ = files.put(kept)
    media = {"photos/a.jpg": b"new photo", "photos/b.jpg": b"stored by an earlier import"}
    path = write_export(
        tmp_path / "export",
        channel(
            message(1, photo="photos/a.jpg"),
            message(2, photo="photos/b.jpg"),
            message(3, date_unixtime="yesterday"),  # a reject: nothing is committed
        ),
        media,
    )
    summary = import_file(store, TelegramExport(path, salt=SALT), actor="test", evidence=files)
    assert not summary.committed and summary.rejected == 1
    assert list(files.stored()) == [kept_sha]  # the new photo is gone, the earlier file stays
    assert len(summary.new_files) == 1 and summary.new_files[0] != kept_sha
    actions = [entry.action for entry in files.custody.list()]
    assert actions.count("preserve") == 2 and actions[-1] == "discard"
    report = files.verify_all(v["sha256"] for v in store.scan("evidence"))
    assert report.ok and report.unreferenced == [kept_sha]


def test_a_byte_order_mark_is_skipped_and_an_html_export_gets_a_hint(tmp_path: Path) -> None:
    path = write_export(tmp_path / "export", channel(message(1), message(2)), {})
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    items, rejects, _ = build_all(TelegramExport(path, salt=SALT))
    assert not rejects and [i.key for i in items] == ["chat", "message:1", "message:2"]
    html = tmp_path / "ChatExport_2024-03-05"
    html.mkdir()
    (html / "messages.html").write_text("<html></html>", encoding="utf-8")
    with pytest.raises(ReadError, match=r"HTML export.*Machine-readable JSON"):
        TelegramExport(html, salt=SALT)


def test_a_poll_is_kept_as_text_with_its_answers_and_votes(tmp_path: Path) -> None:
    poll = {
        "question": "Чи отримали ви повістку?",
        "closed": False,
        "total_voters": 12,
        "answers": [{"text": "Так", "voters": 9, "chosen": False}, {"text": "Ні", "voters": 3}],
    }
    path = write_export(tmp_path / "export", channel(message(1, text="", poll=poll)), {})
    adapter = TelegramExport(path, salt=SALT)
    _, rejects, records = build_all(adapter)
    post = next(r for r in records if r.get("external_id") == "1")
    assert not rejects
    assert post["text"] == "Poll: Чи отримали ви повістку? — Так (9); Ні (3)"


def test_an_older_exports_numeric_author_id_gets_the_same_pseudonym(tmp_path: Path) -> None:
    old = message(1, **{"from": "Ігор", "from_id": 5551234})
    new = message(2, **{"from": "Ігор", "from_id": "user5551234"})
    path = write_export(tmp_path / "export", channel(old, new), {})
    _, rejects, records = build_all(TelegramExport(path, salt=SALT))
    authors = {r["publisher"] for r in records if r.get("external_id") in ("1", "2")}
    assert not rejects and len(authors) == 1 and "5551234" not in authors.pop()


def test_an_export_without_the_media_keeps_the_evidence_an_earlier_one_brought(
    store: Store, tmp_path: Path
) -> None:
    files = EvidenceFiles(tmp_path / "evidence")
    with_media = write_export(
        tmp_path / "full",
        channel(message(1, photo="photos/a.jpg"), message(2)),
        {"photos/a.jpg": b"photo of a summons"},
    )
    not_included = "(File not included. Change data exporting settings to download.)"
    text_only = write_export(tmp_path / "text", channel(message(1, photo=not_included), message(2)))

    def run(path: Path) -> Any:
        summary = import_file(store, TelegramExport(path, salt=SALT), actor="t", evidence=files)
        assert summary.committed
        return summary

    run(with_media)
    assert store.count("evidence") == 1
    second = run(text_only)
    assert second.store.deleted == 0 and store.count("evidence") == 1
    third = run(with_media)
    assert third.store.created == 0 and third.store.deleted == 0
    assert store.count("evidence") == 1
