"""Telegram imports after the seventh QA round: per-account chats, links, edits, odd files."""

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from svidok.errors import ReadError
from svidok.evidence import EvidenceFiles
from svidok.ingest.importer import ImportSummary, import_file
from svidok.ingest.telegram import TelegramExport, export_chats
from svidok.ingest.telegram_json import language
from svidok.store import Store
from svidok.testing.ingest import write_telegram_export as write

SALT = b"test-salt-0123456789abcdef"


def msg(mid: int, text: Any = "Повістки роздають біля ринку.", **extra: Any) -> dict[str, Any]:
    return {
        "id": mid,
        "type": "message",
        "date": "2024-06-01T10:00:00",
        "date_unixtime": str(1717236000 + mid * 60),
        "from": "Канал",
        "from_id": "channel1555",
        "text": text,
        **extra,
    }


def by_user(mid: int, uid: int, text: Any, unix: int, **extra: Any) -> dict[str, Any]:
    return {**msg(mid, text, **extra), "from": "Ім'я", "from_id": f"user{uid}",
            "date_unixtime": str(unix)}  # fmt: skip


def chat(kind: str, chat_id: int, *messages: Any, name: str = "Свідок Х") -> dict[str, Any]:
    return {"name": name, "type": kind, "id": chat_id, "messages": list(messages)}


def run(store: Store, path: Path, tmp_path: Path, **options: Any) -> ImportSummary:
    adapter = TelegramExport(path, salt=SALT, store=store, **options)
    files = EvidenceFiles(tmp_path / "evidence")
    summary = import_file(store, adapter, actor="test", evidence=files)
    assert summary.committed and not summary.rejects
    return summary


def posts(store: Store) -> list[Any]:
    return [s for s in store.scan("source") if s.get("kind") == "telegram_post"]


# -- 1. chats whose message ids each account numbers ---------------------------------------


def test_two_accounts_exports_of_one_private_chat_keep_both(store: Store, tmp_path: Path) -> None:
    a = write(tmp_path / "a", chat("personal_chat", 8880009,
              by_user(100, 8880009, "Мого сина забрали 3 червня в Олешках", 1717408800),
              by_user(101, 8880001, "Запишу", 1717408900)))  # fmt: skip
    b = write(tmp_path / "b", chat("personal_chat", 8880009,
              by_user(100, 8880009, "Сусіда вивезли до Криму 10 червня", 1718013600),
              by_user(101, 8880002, "Дякую", 1718013700), name="Х"))  # fmt: skip
    first, second = run(store, a, tmp_path), run(store, b, tmp_path)
    assert first.report.dataset != second.report.dataset
    assert first.report.dataset.startswith("telegram:user-")
    assert ":exported-by-" in first.report.dataset and "8880001" not in first.report.dataset
    assert (second.added, second.updated) == (2, 0)
    texts = {p["text"] for p in posts(store)}
    assert {"Мого сина забрали 3 червня в Олешках", "Сусіда вивезли до Криму 10 червня"} <= texts
    assert len(posts(store)) == 4


def test_a_basic_groups_exports_by_two_members_are_keyed_by_send_time(
    store: Store, tmp_path: Path
) -> None:
    a = write(tmp_path / "a", chat("private_group", 1112223,
              by_user(5, 7770002, "У Генічеську облави", 1714640400), name="Волонтери"))  # fmt: skip
    b = write(tmp_path / "b", chat("private_group", 1112223,
              by_user(5, 7770003, "Вивезли до Криму 20 хлопців", 1714650000), name="Волонтери"))  # fmt: skip
    first, second = run(store, a, tmp_path), run(store, b, tmp_path)
    assert first.report.dataset == second.report.dataset == "telegram:1112223"
    assert "not told" in first.report.details["exported by"]
    assert second.added == 1 and second.updated == 0
    assert len(posts(store)) == 2
    assert run(store, a, tmp_path).unchanged == 1  # the same export again: nothing new


def test_the_account_owner_of_a_full_export_names_the_dataset_of_its_private_chats(
    tmp_path: Path,
) -> None:
    personal = chat("personal_chat", 7770004, by_user(1, 7770004, "Мене викликають", 1714644000))
    group = chat("private_group", 1112223, by_user(2, 7770002, "Облави", 1714644060))
    channel = chat("public_channel", 1999000, msg(3))
    full = {"personal_information": {"user_id": 7770001, "first_name": "Олена"},
            "chats": {"about": "", "list": [personal, group, channel]}}  # fmt: skip
    adapters = export_chats(write(tmp_path / "full", full), salt=SALT)
    owner = adapters[0].pseudonym("user7770001")
    datasets = [a.report.dataset for a in adapters]
    assert datasets[0].endswith(f":exported-by-{owner}")
    assert datasets[1] == f"telegram:1112223:exported-by-{owner}"
    assert datasets[2] == "telegram:1999000"  # channels: one numbering for everybody
    # the same account's single-chat export of the private chat goes to the same dataset
    single = chat("personal_chat", 7770004, by_user(1, 7770004, "Мене викликають", 1714644000),
                  by_user(9, 7770001, "Не йди", 1714644100))  # fmt: skip
    assert TelegramExport(write(tmp_path / "one", single), salt=SALT).report.dataset == datasets[0]


# -- 2. links and mentions ----------------------------------------------------------------


def test_links_to_people_and_invites_are_dropped_and_mentions_become_pseudonyms(
    tmp_path: Path, store: Store
) -> None:
    entities = [
        "пишіть ", {"type": "mention", "text": "@svitlana_melnyk_92"},
        " або ", {"type": "mention_name", "text": "Ігорю Бондарю", "user_id": 6660004},
        " чи @olena_k92; ", {"type": "text_link", "text": "профіль", "href": "tg://user?id=6660004"},
        " ", {"type": "text_link", "text": "стаття", "href": "https://example.org/news/123"},
        " ", {"type": "link", "text": "https://t.me/svitlana_melnyk_92"},
        " ", {"type": "link", "text": "t.me/joinchat/AAAAAE1234abcd"},
        " ", {"type": "text_link", "text": "група", "href": "https://t.me/+AbCdEf123"},
        " ", {"type": "link", "text": "https://t.me/kherson_news/4512"},
        " ", {"type": "text_link", "text": "бот", "href": "https://telegram.me/some_person"},
    ]  # fmt: skip
    path = write(tmp_path / "e", chat("public_channel", 1555, msg(1, entities), name="Канал"))
    adapter = TelegramExport(path, salt=SALT, store=store)
    summary = import_file(store, adapter, actor="test")
    post = posts(store)[0]
    stored = json.dumps([post.get("text"), post.get("links")], ensure_ascii=False)
    for secret in ("svitlana_melnyk_92", "olena_k92", "Ігорю", "Бондар", "6660004", "joinchat",
                   "AbCdEf123", "some_person", "профіль"):  # fmt: skip
        assert secret not in stored, secret
    assert post["links"] == ("https://example.org/news/123", "https://t.me/kherson_news/4512")
    mentioned = f"[user {adapter.pseudonym('user6660004')}]"
    assert post["text"].count(mentioned) == 2  # by name and by a tg://user link
    assert re.search(r"пишіть \[user [0-9a-f]{16}\] або ", post["text"])
    dropped = summary.report.dropped
    assert dropped["mentioned username"] == 2 and dropped["mentioned user id"] == 1
    assert dropped["link to a user"] == 1 and dropped["private invite link"] == 2
    assert dropped["link to a username (may be a person)"] == 2


# -- 3. escapes Telegram Desktop writes ----------------------------------------------------


def test_control_characters_written_as_x_escapes_are_read(tmp_path: Path) -> None:
    raw = (
        '{"name": "Новини", "type": "public_channel", "id": 1444, "messages": [\n'
        '{"id": 1, "type": "message", "date": "2024-03-31T02:30:00", '
        '"date_unixtime": "1711841400", "from_id": "channel1444", '
        '"text": "Список:\\x0BІванов І.", "text_entities": []},\n'
        '{"id": 2, "type": "message", "date": "2024-03-31T02:30:00", '
        '"date_unixtime": "1711841400", "from_id": "channel1444", '
        '"text": "C:\\\\x0B is a path", "text_entities": []}]}'
    )
    (tmp_path / "result.json").write_text(raw, encoding="utf-8")
    adapter = TelegramExport(tmp_path, salt=SALT)
    items = list(adapter.items())[1:]
    texts = [item.build.args[0]["text"] for item in items]  # type: ignore[union-attr]
    assert texts == ["Список:Іванов І.", "C:\\x0B is a path"]


def test_unquoted_custom_emoji_ids_of_old_exports_are_named_in_the_error(tmp_path: Path) -> None:
    (tmp_path / "result.json").write_text(
        '{"name":"x","type":"public_channel","id":5,"messages":[{"id":1,"type":"message",'
        '"date_unixtime":"1704067200","text":[{"type":"custom_emoji","text":"😮",'
        '"document_id": video_files/sticker (2).webm}]}]}',
        encoding="utf-8",
    )
    with pytest.raises(ReadError, match="custom emoji ids without quotes"):
        list(TelegramExport(tmp_path, salt=SALT).items())


# -- 4. an older export after a newer one --------------------------------------------------


def test_an_older_export_keeps_the_edited_text_and_missing_messages_are_counted(
    store: Store, tmp_path: Path
) -> None:
    edited = msg(10, "Повістки в Симферополі та Ялті (уточнення).",
                 edited="2024-04-01T10:00:00", edited_unixtime="1711965600")  # fmt: skip
    newer = write(tmp_path / "v2", chat("public_channel", 1666, edited, msg(16), name="Крим"))
    older = write(tmp_path / "v1", chat("public_channel", 1666, msg(10, "Повістки в Симферополі."),
                  msg(14, "Буде видалено"), name="Крим"))  # fmt: skip
    run(store, newer, tmp_path)
    back = run(store, older, tmp_path)
    text = {p["external_id"]: p["text"] for p in posts(store)}
    assert text["10"] == "Повістки в Симферополі та Ялті (уточнення)."
    assert back.updated == 0 and back.added == 1
    assert back.report.skipped["messages edited since this export was made: newer text kept"] == 1
    assert any("lacks" in w and n == 1 for w, n in back.report.warnings.items())
    title = next(p["title"] for p in posts(store) if p["external_id"] == "10")
    assert title.endswith("message 10, edited 2024-04-01 10:00:00 UTC")
    again = run(store, newer, tmp_path)  # the newer export again: nothing to change
    assert again.updated == 0 and again.unchanged == 2


# -- 5, 6. media files ---------------------------------------------------------------------


def test_media_notes_never_name_the_file_and_an_empty_file_is_flagged(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    name = "Бондар_Ігор_+380509998877.pdf"
    (folder / "files" / "dir.pdf").mkdir(parents=True)
    os.mkfifo(folder / "files" / "fifo.mp4")
    path = write(folder, chat("public_channel", 1555,
        msg(1, file=f"files/{name}", file_name=name),
        msg(2, file="files/fifo.mp4", file_name="fifo.mp4"),
        msg(3, file="files/dir.pdf", file_name="dir.pdf"),
        msg(4, "Порожній файл", file="files/empty.pdf", file_name="empty.pdf"),
        name="Канал"), {"files/empty.pdf": b""})  # fmt: skip
    summary = run(store, path, tmp_path)
    notes = " | ".join(summary.report.notes)
    assert "Бондар" not in notes and "fifo" not in notes and "dir.pdf" not in notes
    assert "message 1: file missing from the export folder" in notes
    assert "message 2: file is not a regular file" in notes
    assert "message 3: file is not a regular file" in notes
    assert "message 4: file is empty (0 bytes)" in notes
    assert any("0 bytes" in w for w in summary.report.warnings)
    assert summary.attachments == 1 and store.count("evidence") == 1  # still preserved


# -- 7, 8. broken and foreign files --------------------------------------------------------


def test_a_file_cut_inside_a_character_is_reported_as_truncated(tmp_path: Path) -> None:
    whole = json.dumps(chat("public_channel", 5, msg(1, "мобілізація")), ensure_ascii=False)
    data = whole.encode()
    cut = data.index("мобілізація".encode()) + 3  # inside the second letter
    (tmp_path / "result.json").write_bytes(data[:cut])
    with pytest.raises(ReadError, match="ends in the middle of the JSON"):
        list(TelegramExport(tmp_path, salt=SALT).items())


@pytest.mark.parametrize(
    "content",
    [
        {"messages": [{"id": 1, "text": "hi"}], "participants": [{"name": "A"}]},
        {"chats": [{"id": 1}]},
    ],
)
def test_json_that_is_not_a_telegram_export_says_what_is_expected(
    tmp_path: Path, content: Any
) -> None:
    (tmp_path / "result.json").write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ReadError, match=r"not a Telegram Desktop export.*result\.json of a chat"):
        TelegramExport(tmp_path, salt=SALT)


# -- 9, 10. what is left of a message; languages -------------------------------------------


def test_messages_with_only_dropped_content_are_skipped_and_dice_kept(
    store: Store, tmp_path: Path
) -> None:
    path = write(tmp_path / "e", chat("public_channel", 1555,
        msg(1, "", file="stickers/s.webp", media_type="sticker"),
        msg(2, "", contact_information={"first_name": "Ігор", "phone_number": "+380509998877"}),
        msg(3, "", location_information={"latitude": 46.8, "longitude": 35.3}),
        msg(4, "", location_information={"latitude": 46.8, "longitude": 35.3},
            live_location_period_seconds=900),
        msg(5, "", dice={"emoji": "🎲", "value": 4}),
        msg(6, "Тут роздають повістки", location_information={"latitude": 46.8, "longitude": 35.3}),
        name="Канал"), {"stickers/s.webp": b"RIFF"})  # fmt: skip
    summary = run(store, path, tmp_path)
    assert summary.added == 2
    assert {p["external_id"]: p["text"] for p in posts(store)} == {
        "5": "Dice 🎲 4",
        "6": "Тут роздають повістки",
    }
    skipped = summary.report.skipped
    assert skipped["messages with only a sticker (dropped)"] == 1
    assert skipped["messages with only a shared contact (dropped)"] == 1
    assert skipped["messages with only a location (dropped)"] == 1
    assert skipped["messages with only a live location (dropped)"] == 1


def test_crimean_tatar_is_told_from_russian_and_turkish() -> None:
    crh = (
        "Qırımda yañı mobilizatsiya dalğası: Aqmescit ve Kezlev şeerlerinde yaşlar çağırıldı. "
        "Къырымда янъы мобилизация: Акъмесджит ве Кезлевде яшлар чагъырылды."
    )
    assert language(crh) == "crh"
    assert language("Къырымда янъы мобилизация башлады") == "crh"
    assert language("Мобилизован Игорь Кузнецов, семьи ждут вестей. Подъём") == "ru"
    assert language("Bugün çok güzel bir gün, şehir sakin") == ""
