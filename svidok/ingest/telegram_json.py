"""Reading a Telegram Desktop export's ``result.json``: its chats, its messages, their text.

Exports can be hundreds of megabytes, so nothing here loads the whole file: :func:`scan`
walks the parse events once (stopping at the messages of a single-chat export) to learn the
format, the chats and the account sections, and :func:`messages` yields one chat's messages
one by one with ijson's C backend. JSON errors become :class:`svidok.errors.ReadError` naming
the byte offset and line where the parser stopped. The text functions live in
:mod:`svidok.ingest.telegram_text` and are re-exported here.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import ijson  # type: ignore[import-untyped]

from ..errors import ReadError
from .telegram_text import (
    Malformed,
    language,
    message_text,
    phone_digits,
    replace_emails,
    replace_phones,
    text_parts,
)

__all__ = [
    "PER_ACCOUNT",
    "ChatInfo",
    "ExportScan",
    "Malformed",
    "file_sha256",
    "language",
    "message_text",
    "messages",
    "phone_digits",
    "replace_emails",
    "replace_phones",
    "scan",
    "text_parts",
]

_BLOCK = 1 << 20
_CHAT_LISTS = ("chats", "left_chats")
# Top-level keys of a full export that are neither chats nor Telegram's own explanations.
_NOT_ACCOUNT = {"about", *_CHAT_LISTS}
_SCALARS = {"string", "number", "boolean", "null"}
# Chats whose message ids each account numbers its own way (two members' exports of one chat
# reuse ids for different messages); channels and supergroups number messages per chat.
PER_ACCOUNT = frozenset({"personal_chat", "bot_chat", "private_group"})
_PEER_CHATS = frozenset({"personal_chat", "bot_chat"})  # the chat id is the other party's
_NOT_EXPORT = "not a Telegram Desktop export"
_EXPECTED = "expected the result.json of a chat or of the whole account"
# \xHH after an even number of backslashes (an odd number: the backslash itself is escaped)
_HEX_ESCAPE = re.compile(rb"(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})")


@dataclass(frozen=True, slots=True)
class ChatInfo:
    """One chat of an export as the scan saw it (its name may be a person's: handle with care)."""

    id: int
    type: str
    name: str | None
    list: str = ""  # "chats" or "left_chats" in a full export; "" for a single-chat export
    index: int = 0  # position in that list
    messages: int = -1  # counted in full exports only
    exporter: str | None = None  # the exporting account ("user123") of a PER_ACCOUNT chat, if told


@dataclass
class ExportScan:
    """The format of an export, its chats, and the account sections it holds."""

    format: Literal["chat", "account"]
    chats: list[ChatInfo]
    digest: str
    sections: Counter[str] = field(default_factory=Counter)  # "section contacts": 1, "contacts": N


class _Reader:
    """A binary file that remembers the last block it handed to the parser (for error places).

    Telegram Desktop writes control characters in strings as ``\\xHH``, which JSON does not
    have: they are rewritten to ``\\u00HH`` on the way (only blocks holding ``\\x`` are
    touched, so ordinary exports pay one search per block).
    """

    def __init__(self, path: Path) -> None:
        self.handle = open(path, "rb")  # noqa: SIM115 - closed by close(), from a with block
        self.offset = 0  # bytes read so far
        self.block = b""
        self.carry = b""  # a backslash run at the end of a block, held for the next one
        self.rewritten = 0  # \\x escapes rewritten
        if self.handle.read(3) == b"\xef\xbb\xbf":  # a UTF-8 byte-order mark (an editor's)
            self.offset = 3
        else:
            self.handle.seek(0)

    def read(self, size: int = -1) -> bytes:
        while True:
            raw = self.handle.read(size)
            block = self.carry + raw
            self.carry = b""
            if raw and b"\\" in block[-3:]:
                # "\\x0" | "B": hold the backslash run back, to see the whole escape
                cut = block.rindex(b"\\", max(0, len(block) - 3))
                while cut and block[cut - 1] == 0x5C:
                    cut -= 1
                block, self.carry = block[:cut], block[cut:]
            self.offset = self.handle.tell() - len(self.carry)  # bytes handed on (raw bytes)
            if b"\\x" in block:
                block, count = _HEX_ESCAPE.subn(rb"\1\\u00\2", block)
                self.rewritten += count
            if block or not raw:
                self.block = block
                return block

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MB blocks."""
    digest = hashlib.sha256()
    buffer = bytearray(_BLOCK)
    view = memoryview(buffer)
    with open(path, "rb") as handle:
        while n := handle.readinto(view):
            digest.update(view[:n])
    return digest.hexdigest()


def _line_at(path: Path, offset: int) -> int:
    line, done = 1, 0
    with open(path, "rb") as handle:
        while done < offset and (block := handle.read(min(_BLOCK, offset - done))):
            line += block.count(b"\n")
            done += len(block)
    return line


def _error_offset(message: str | bytes, reader: _Reader) -> int | None:
    """Where yajl stopped: it shows up to 30 bytes before the error and 10 after, with a caret
    at column 41; we find that context in the block it was parsing."""
    raw = message if isinstance(message, bytes) else message.encode("utf-8", "replace")
    lines = raw.split(b"\n")
    if len(lines) < 3 or not lines[2].endswith(b"^"):
        return None
    context, caret = lines[1], len(lines[2]) - 1
    block = reader.block.replace(b"\n", b" ").replace(b"\r", b" ")
    start = reader.offset - len(reader.block)
    window = context[10:]
    if window.strip():
        found = block.find(window)
        if found >= 0:
            return start + found + caret - 10
    for before in range(min(30, len(block)), -1, -1):  # the error is within the block's start
        if block[:before] == context[caret - before : caret]:
            return start + before
    return None


def _ends_mid_character(path: Path, parsed: int) -> bool:
    """Whether the parser reached the end of the file, and its last bytes are the start of a
    UTF-8 character without its end."""
    size = path.stat().st_size
    if parsed < size:
        return False
    with open(path, "rb") as handle:
        handle.seek(max(0, size - 4))
        tail = handle.read()
    while tail and 0x80 <= tail[0] <= 0xBF:  # continuation bytes of a character cut off above
        tail = tail[1:]
    try:
        tail.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return False


def _before(reader: _Reader, offset: int, size: int) -> bytes:
    """Up to ``size`` bytes of the parsed block before ``offset`` (for recognising errors)."""
    end = offset - (reader.offset - len(reader.block))
    return reader.block[max(0, end - size) : max(0, end)]


def _json_error(file: str, path: Path, exc: Exception, reader: _Reader) -> ReadError:
    """A ReadError for a parse error, with the byte offset and line when they can be found."""
    message = exc.args[0] if exc.args else str(exc)
    first = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    first = first.split("\n", 1)[0].strip()
    if "premature EOF" in first and reader.offset == 0:
        return ReadError(file, "the file is empty")
    truncated = "the file ends in the middle of the JSON (truncated, or still being written?)"
    if "premature EOF" in first:
        offset: int | None = reader.offset
        reason = truncated
    elif "invalid bytes in UTF8" in first and _ends_mid_character(path, reader.offset):
        offset, reason = reader.offset, truncated  # cut inside a multi-byte character
    else:
        offset = _error_offset(message, reader)
        reason = f"invalid JSON ({first})"
        if offset is not None and b'"document_id":' in _before(reader, offset, 80):
            reason += (
                ": Telegram Desktop 4.1 wrote custom emoji ids without quotes; export the chat "
                "again with a current Telegram Desktop (or put the document_id values in quotes)"
            )
    if offset is None:
        return ReadError(file, reason, where=f"near byte {reader.offset:,}")
    return ReadError(file, reason, where=f"line {_line_at(path, offset):,}, byte {offset:,}")


def _parse(path: Path, file: str) -> Generator[tuple[str, str, Any], None, None]:
    with _Reader(path) as reader:
        try:
            yield from ijson.parse(reader, use_float=True)
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            raise _json_error(file, path, exc, reader) from None


def scan(path: Path, file: str) -> ExportScan:
    """Read what an export holds; raise ReadError for a file that is not a Telegram export.

    For chats whose message ids each account numbers its own way (:data:`PER_ACCOUNT`), the
    scan also finds the exporting account when the export tells it: the full export's
    ``personal_information.user_id``, or else, in a private or bot chat, the author who is
    not the chat's other party (the scan of a single-chat export reads on until one is found).
    """
    digest = file_sha256(path)
    top: dict[str, Any] = {}
    keys: list[str] = []
    sections: Counter[str] = Counter()
    entry_of: dict[str, str] = {}  # "contacts.list.item" -> "contacts"
    chats: dict[tuple[str, int], dict[str, Any]] = {}
    fields = {
        f"{name}.list.item.{part}": (name, part)
        for name in _CHAT_LISTS
        for part in ("id", "type", "name", "messages.item.from_id", "messages.item.actor_id")
    }
    messages_of = {f"{name}.list.item.messages.item": name for name in _CHAT_LISTS}
    index = dict.fromkeys(_CHAT_LISTS, -1)
    lists: set[str] = set()  # chat lists found where Telegram puts them ({"list": [...]})
    owner: str | None = None  # the exporting account of a full export
    events = _parse(path, file)
    try:
        for prefix, event, value in events:
            if event == "start_map":
                if prefix in messages_of:
                    chats[messages_of[prefix], index[messages_of[prefix]]]["messages"] += 1
                elif prefix in entry_of:
                    sections[entry_of[prefix]] += 1
                elif prefix in ("chats.list.item", "left_chats.list.item"):
                    name = prefix.split(".", 1)[0]
                    index[name] += 1
                    chats[name, index[name]] = {"messages": 0}
            elif event == "start_array" and prefix in ("chats.list", "left_chats.list"):
                lists.add(prefix)
            elif event == "map_key" and prefix == "":
                keys.append(value)
                if value == "messages" and {"id", "type"} <= top.keys():
                    if top["type"] in _PEER_CHATS:
                        top["exporter"] = _exporter(events, top["id"])
                    break  # a single-chat export: the messages are read later, as items
                if value not in _NOT_ACCOUNT and value not in ("name", "type", "id", "messages"):
                    sections[f"section {value}"] += 1
                    entry_of[f"{value}.list.item"] = entry_of[f"{value}.item"] = value
            elif event in _SCALARS:
                if prefix in fields:
                    name, part = fields[prefix]
                    chat = chats[name, index[name]]
                    if not part.startswith("messages"):
                        chat[part] = value
                    elif "exporter" not in chat and _user(value) not in (None, _peer(chat)):
                        chat["exporter"] = _user(value)
                elif prefix in ("id", "type", "name"):
                    top[prefix] = value
                elif prefix == "personal_information.user_id":
                    owner = _user(value)
            elif prefix == "" and not keys and event != "start_map":
                raise ReadError(file, f"{_NOT_EXPORT}: the JSON is not an object; {_EXPECTED}")
    finally:
        events.close()
    if "messages" in keys and top.keys() & {"id", "type"}:  # a chat (its id or type may be bad)
        return ExportScan("chat", [_chat(file, top, "", 0)], digest)
    if not lists:
        what = ", ".join(repr(k) for k in keys[:8]) or "nothing"
        problem = (
            "its 'messages' have no chat 'id' and 'type' beside them"
            if "messages" in keys
            else "no list of chats in 'chats'"
            if {"chats", "left_chats"} & set(keys)
            else "no 'messages' or 'chats' at the top"
        )
        raise ReadError(file, f"{_NOT_EXPORT}: {problem} (found {what}); {_EXPECTED}")
    infos = [_chat(file, values, name, i, owner) for (name, i), values in chats.items()]
    return ExportScan("account", infos, digest, sections)


def _user(value: Any) -> str | None:
    """A user id as exports write it in from_id ("user123"; older exports: 123), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"user{value}"
    if isinstance(value, str) and value.startswith("user") and value[4:].isdigit():
        return value
    return None


def _peer(chat: dict[str, Any]) -> str | None:
    """The other party of a private or bot chat (its id is that user's id)."""
    return _user(chat.get("id")) if chat.get("type") in _PEER_CHATS else None


def _exporter(events: Iterator[tuple[str, str, Any]], chat_id: Any) -> str | None:
    """The first author of a private or bot chat who is not the chat's other party."""
    peer = _user(chat_id)
    for prefix, event, value in events:
        if prefix in ("messages.item.from_id", "messages.item.actor_id"):
            user = _user(value)
            if user is not None and user != peer:
                return user
        elif prefix == "messages" and event == "end_array":
            break
    return None


def _chat(
    file: str, values: dict[str, Any], list_name: str, index: int, owner: str | None = None
) -> ChatInfo:
    where = f"{list_name} {index + 1}" if list_name else ""
    chat_id, chat_type, name = values.get("id"), values.get("type"), values.get("name")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        raise ReadError(file, f"the chat has no numeric id (found {chat_id!r})", where=where)
    if not isinstance(chat_type, str):
        raise ReadError(file, "the chat has no type", where=where)
    name = name if isinstance(name, str) else None
    exporter = None
    if chat_type in PER_ACCOUNT:
        exporter = owner or (values.get("exporter") if chat_type in _PEER_CHATS else None)
    count = values.get("messages", -1)
    return ChatInfo(chat_id, chat_type, name, list_name, index, count, exporter)


def messages(path: Path, file: str, chat: ChatInfo) -> Iterator[Any]:
    """The messages of ``chat`` in file order, as parsed JSON (anything: they are checked later)."""
    if not chat.list:
        with _Reader(path) as reader:
            try:
                yield from ijson.items(reader, "messages.item", use_float=True)
            except (ijson.JSONError, UnicodeDecodeError) as exc:
                raise _json_error(file, path, exc, reader) from None
        return
    events = _parse(path, file)
    try:
        yield from ijson.items(_only(events, chat), f"{chat.list}.list.item.messages.item")
    finally:
        events.close()


def _only(events: Iterator[tuple[str, str, Any]], chat: ChatInfo) -> Iterator[tuple[str, str, Any]]:
    """The parse events of one chat's messages; stops reading at the end of that chat."""
    item = f"{chat.list}.list.item"
    inside = f"{item}.messages"
    index = -1
    for event in events:
        prefix = event[0]
        if event[1] == "start_map" and prefix == item:
            index += 1
        elif index == chat.index and prefix.startswith(inside):
            yield event
            if prefix == inside and event[1] == "end_array":
                return
