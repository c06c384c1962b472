"""The demo scenario's Telegram channels as Telegram Desktop exports (``result.json``).

For each channel (a ``telegram_channel`` source) :func:`telegram_export` builds the JSON of a
single-channel export: its posts (``telegram_post`` sources whose ``parent`` is the channel)
as messages with the post's text (the ``text`` field, or else the excerpt the scenario's
claims quote), id, day and a time of day, some text formatting and links, and a service
message as real exports have. :func:`telegram_media` gives small fake photo files that some
messages reference, so that importing media can be tested.

Pure: returns data; writing ``result.json`` and the photos is the caller's job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from ..model import Record
from .scenario import Scenario

__all__ = ["channel_chat_id", "telegram_export", "telegram_media"]

# Telegram Desktop writes "date" in the exporting computer's local time; the demo's exporter
# sits in Moscow time, as clocks in the occupied territories were set.
_LOCAL = timezone(timedelta(hours=3))


def channel_chat_id(source_id: str) -> int:
    """The (made-up, stable) numeric Telegram id of a demo channel source."""
    digest = hashlib.sha256(f"svidok-demo-channel:{source_id}".encode()).digest()
    return 1_000_000_000 + int.from_bytes(digest[:4], "big") % 1_000_000_000


def _channels(scenario: Scenario) -> Iterator[tuple[Record, list[tuple[Record, str]]]]:
    """Each channel with its posts (in message order) and their texts."""
    excerpts: dict[str, str] = {}
    for record in scenario.records:
        if record.kind == "claim" and record.get("excerpt"):
            excerpts.setdefault(record["source"], record["excerpt"])
    sources = [r for r in scenario.records if r.kind == "source"]
    for channel in (s for s in sources if s["kind"] == "telegram_channel"):
        posts = [
            s for s in sources if s["kind"] == "telegram_post" and s.get("parent") == channel.id
        ]
        posts.sort(key=lambda p: int(p["external_id"]))
        yield channel, [(p, p.get("text") or excerpts.get(p.id, "")) for p in posts]


def _moment(chat_id: int, message_id: int, day: date) -> datetime:
    """A time on ``day`` (UTC) between 06:00 and 19:59, so the local day is the same day."""
    seed = int.from_bytes(hashlib.sha256(f"{chat_id}:{message_id}".encode()).digest()[:4], "big")
    seconds = 6 * 3600 + seed % (14 * 3600)
    return datetime.combine(day, time(), UTC) + timedelta(seconds=seconds)


def _dates(moment: datetime) -> dict[str, str]:
    local = moment.astimezone(_LOCAL).replace(tzinfo=None)
    return {
        "date": local.isoformat(timespec="seconds"),
        "date_unixtime": str(int(moment.timestamp())),
    }


def _text(text: str, index: int, href: str) -> tuple[str | list[Any], list[dict[str, str]]]:
    """Telegram's two forms of a text (``text`` and ``text_entities``): some posts start with
    a bold word, some end with a word linked to the post; the plain text stays the same."""
    parts: list[dict[str, str]] = [{"type": "plain", "text": text}]
    first, last = text.find(" "), text.rfind(" ")
    if index % 3 == 2 and last > 0:
        parts = [
            {"type": "plain", "text": text[: last + 1]},
            {"type": "text_link", "text": text[last + 1 :], "href": href},
        ]
    elif index % 4 == 1 and first > 0:
        parts = [{"type": "bold", "text": text[:first]}, {"type": "plain", "text": text[first:]}]
    if len(parts) == 1:
        return text, parts
    return [p["text"] if p["type"] == "plain" else p for p in parts], parts


def _photo_posts(count: int, photos: int) -> set[int]:
    """Indexes of the posts that carry a photo: ``photos`` of them, spread over the channel."""
    if photos <= 0 or count == 0:
        return set()
    return {i * count // min(photos, count) for i in range(min(photos, count))}


def _photo_path(number: int, moment: datetime) -> str:
    local = moment.astimezone(_LOCAL)
    return f"photos/photo_{number}@{local.strftime('%d-%m-%Y_%H-%M-%S')}.jpg"


def _photo_bytes(chat_id: int, message_id: int) -> bytes:
    """A tiny fake JPEG (start, a comment, end): unique per message, not a viewable image."""
    comment = f"FICTIONAL DEMO PHOTO / ВИГАДАНЕ ФОТО {chat_id}/{message_id}".encode()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return b"\xff\xd8" + segment + b"\xff\xd9"


def telegram_export(scenario: Scenario, *, photos: int = 0) -> dict[str, dict[str, Any]]:
    """A single-channel Telegram Desktop export per demo channel, keyed by channel source id.

    With ``photos``, that many posts of each channel reference a photo under ``photos/``;
    :func:`telegram_media` (with the same number) gives the files.
    """
    exports: dict[str, dict[str, Any]] = {}
    for channel, posts in _channels(scenario):
        chat_id = channel_chat_id(channel.id)
        name = channel["title"]
        with_photo = _photo_posts(len(posts), photos)
        created = min((p["date"].start for p, _ in posts), default=scenario.today)
        messages: list[dict[str, Any]] = [
            {
                "id": 1,
                "type": "service",
                **_dates(_moment(chat_id, 1, created - timedelta(days=30))),
                "actor": name,
                "actor_id": f"channel{chat_id}",
                "action": "create_channel",
                "title": name,
                "text": "",
                "text_entities": [],
            }
        ]
        for index, (post, body) in enumerate(posts):
            message_id = int(post["external_id"])
            moment = _moment(chat_id, message_id, post["date"].start)
            message: dict[str, Any] = {
                "id": message_id,
                "type": "message",
                **_dates(moment),
                "from": name,
                "from_id": f"channel{chat_id}",
            }
            if index in with_photo:
                message.update(photo=_photo_path(index + 1, moment), width=1280, height=960)
            href = f"{channel.get('locator', 'https://example.org/demo')}/{message_id}"
            message["text"], message["text_entities"] = _text(body, index, href)
            messages.append(message)
        exports[channel.id] = {
            "name": name,
            "type": "public_channel",
            "id": chat_id,
            "messages": messages,
        }
    return exports


def telegram_media(scenario: Scenario, *, photos: int = 3) -> dict[str, dict[str, bytes]]:
    """The photo files :func:`telegram_export` references with the same ``photos``: for each
    channel source id, {path relative to the export folder: bytes}."""
    media: dict[str, dict[str, bytes]] = {}
    for channel, posts in _channels(scenario):
        chat_id = channel_chat_id(channel.id)
        files: dict[str, bytes] = {}
        for index in sorted(_photo_posts(len(posts), photos)):
            post = posts[index][0]
            message_id = int(post["external_id"])
            moment = _moment(chat_id, message_id, post["date"].start)
            files[_photo_path(index + 1, moment)] = _photo_bytes(chat_id, message_id)
        media[channel.id] = files
    return media
