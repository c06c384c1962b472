"""Reading a Telegram Desktop export's ``result.json``: its chats, its messages, their text.

Exports can be hundreds of megabytes, so nothing here loads the whole file: :func:`scan`
walks the parse events once (stopping at the messages of a single-chat export) to learn the
format, the chats and the account sections, and :func:`messages` yields one chat's messages
one by one with ijson's C backend. JSON errors become :class:`svidok.errors.ReadError` naming
the byte offset and line where the parser stopped. :func:`message_text` flattens a message's
text parts, replacing phone numbers (a privacy rule: see :mod:`svidok.ingest.telegram`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import ijson  # type: ignore[import-untyped]

from ..errors import ReadError

__all__ = [
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


@dataclass(frozen=True, slots=True)
class ChatInfo:
    """One chat of an export as the scan saw it (its name may be a person's: handle with care)."""

    id: int
    type: str
    name: str | None
    list: str = ""  # "chats" or "left_chats" in a full export; "" for a single-chat export
    index: int = 0  # position in that list
    messages: int = -1  # counted in full exports only


@dataclass
class ExportScan:
    """The format of an export, its chats, and the account sections it holds."""

    format: Literal["chat", "account"]
    chats: list[ChatInfo]
    digest: str
    sections: Counter[str] = field(default_factory=Counter)  # "section contacts": 1, "contacts": N


class _Reader:
    """A binary file that remembers the last block it handed to the parser (for error places)."""

    def __init__(self, path: Path) -> None:
        self.handle = open(path, "rb")  # noqa: SIM115 - closed by close(), from a with block
        self.offset = 0  # bytes read so far
        self.block = b""
        if self.handle.read(3) == b"\xef\xbb\xbf":  # a UTF-8 byte-order mark (an editor's)
            self.offset = 3
        else:
            self.handle.seek(0)

    def read(self, size: int = -1) -> bytes:
        self.block = self.handle.read(size)
        self.offset += len(self.block)
        return self.block

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


def _json_error(file: str, path: Path, exc: Exception, reader: _Reader) -> ReadError:
    """A ReadError for a parse error, with the byte offset and line when they can be found."""
    message = exc.args[0] if exc.args else str(exc)
    first = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    first = first.split("\n", 1)[0].strip()
    if "premature EOF" in first and reader.offset == 0:
        return ReadError(file, "the file is empty")
    if "premature EOF" in first:
        offset: int | None = reader.offset
        reason = "the file ends in the middle of the JSON (truncated, or still being written?)"
    else:
        offset = _error_offset(message, reader)
        reason = f"invalid JSON ({first})"
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
    """Read what an export holds; raise ReadError for a file that is not a Telegram export."""
    digest = file_sha256(path)
    top: dict[str, Any] = {}
    keys: list[str] = []
    sections: Counter[str] = Counter()
    entry_of: dict[str, str] = {}  # "contacts.list.item" -> "contacts"
    chats: dict[tuple[str, int], dict[str, Any]] = {}
    fields = {
        f"{name}.list.item.{part}": (name, part)
        for name in _CHAT_LISTS
        for part in ("id", "type", "name")
    }
    messages_of = {f"{name}.list.item.messages.item": name for name in _CHAT_LISTS}
    index = dict.fromkeys(_CHAT_LISTS, -1)
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
            elif event == "map_key" and prefix == "":
                keys.append(value)
                if value == "messages" and {"id", "type"} <= top.keys():
                    break  # a single-chat export: the messages are read later, as items
                if value not in _NOT_ACCOUNT and value not in ("name", "type", "id", "messages"):
                    sections[f"section {value}"] += 1
                    entry_of[f"{value}.list.item"] = entry_of[f"{value}.item"] = value
            elif event in _SCALARS:
                if prefix in fields:
                    name, part = fields[prefix]
                    chats[name, index[name]][part] = value
                elif prefix in ("id", "type", "name"):
                    top[prefix] = value
            elif prefix == "" and not keys and event != "start_map":
                raise ReadError(file, "not a Telegram Desktop export: the JSON is not an object")
    finally:
        events.close()
    if "messages" in keys:
        return ExportScan("chat", [_chat(file, top, "", 0)], digest)
    if not {"chats", "left_chats"} & set(keys):
        what = ", ".join(repr(k) for k in keys[:8]) or "nothing"
        raise ReadError(
            file,
            f"not a Telegram Desktop export: no 'messages' or 'chats' at the top (found {what})",
        )
    infos = [_chat(file, values, name, i) for (name, i), values in chats.items()]
    return ExportScan("account", infos, digest, sections)


def _chat(file: str, values: dict[str, Any], list_name: str, index: int) -> ChatInfo:
    where = f"{list_name} {index + 1}" if list_name else ""
    chat_id, chat_type, name = values.get("id"), values.get("type"), values.get("name")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        raise ReadError(file, f"the chat has no numeric id (found {chat_id!r})", where=where)
    if not isinstance(chat_type, str):
        raise ReadError(file, "the chat has no type", where=where)
    name = name if isinstance(name, str) else None
    return ChatInfo(chat_id, chat_type, name, list_name, index, values.get("messages", -1))


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


class Malformed(ValueError):
    """A message field that cannot be used: the message becomes a reject."""

    def __init__(self, field: str, reason: str, value: str = "") -> None:
        super().__init__(reason)
        self.field, self.reason, self.value = field, reason, value


def text_parts(message: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A message's text as (entity type, text, href) parts; plain text has type "plain".

    Telegram writes ``text`` as a string or a list of strings and ``{type, text}`` objects, and
    ``text_entities`` (newer exports) always as objects; either is accepted.
    """
    entities = message.get("text_entities")
    name, value = ("text_entities", entities) if entities else ("text", message.get("text", ""))
    if value is None:
        return []
    if isinstance(value, str):
        return [("plain", value, "")]
    if not isinstance(value, list):
        raise Malformed(name, "not text or a list of text parts", type(value).__name__)
    parts = []
    for part in value:
        if isinstance(part, str):
            parts.append(("plain", part, ""))
            continue
        text = part.get("text", "") if isinstance(part, dict) else None
        if not isinstance(text, str):
            # The value names the type only: a text part may hold what must not be copied.
            raise Malformed(
                name, "a text part is neither text nor {type, text}", type(part).__name__
            )
        kind, href = part.get("type"), part.get("href")
        parts.append(
            (
                kind if isinstance(kind, str) else "plain",
                text,
                href if isinstance(href, str) else "",
            )
        )
    return parts


# Digits that may be a phone number: an optional +, then digit groups separated by spaces,
# dashes, dots or parentheses, not glued to a word, a URL or another number. phone_digits
# decides.
_PHONE = re.compile(
    r"(?<![\w+/=#@\-\u2010-\u2012\u2212])(?:\+\s?)?\(?\d"
    r"[\d\s().\-\u2010-\u2014\u2212\u00a0\u202f]{7,22}\d(?!\w)"
)
_DIGIT = re.compile(r"\d")
_DATE_RANGE = re.compile(r"\b\d{1,2}\.\d{1,2}(?:\.\d{2,4})?\s*[-\u2010-\u2014\u2212]")
_URL_DIGITS = re.compile(r"\+?\d{9,15}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UK, _RU = re.compile(r"[іїєґІЇЄҐ]"), re.compile(r"[ыэъёЫЭЪЁ]")
# Entity types whose whole text is replaced by a token, with what dropped counts them as.
_HIDDEN = {"phone": "phone number", "bank_card": "bank card number", "email": "e-mail address"}
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")

Token = Callable[[str, str], str]  # (label, normalised digits) -> "[phone 1a2b…]"


def phone_digits(candidate: str) -> str | None:
    """The digits of a phone number in international form, or None if ``candidate`` is none.

    Accepts +international numbers (9-15 digits), Ukrainian 0XX XXX XX XX and Russian
    8 XXX XXX-XX-XX (old Ukrainian 8 0XX too), and bare 380… / 7… numbers; rejects amounts
    written in thousands ("80 000 000 000"), dates and years.
    """
    digits = re.sub(r"\D", "", candidate)
    if _DATE_RANGE.search(candidate):
        return None  # 05.03–12.03.24
    if candidate.startswith("+"):
        return digits if 9 <= len(digits) <= 15 else None
    groups = re.findall(r"\d+", candidate)
    if len(groups) > 2 and all(len(g) == 3 for g in groups[1:]):
        return None
    if len(digits) == 10 and digits[0] == "0":
        return "38" + digits
    if len(digits) == 11 and digits.startswith("80"):
        return "3" + digits
    if len(digits) == 11 and digits[0] in "78":
        return "7" + digits[1:]
    if len(digits) == 12 and digits.startswith("380"):
        return digits
    return None


def replace_phones(text: str, token: Token) -> tuple[str, int]:
    """``text`` with each phone number replaced by ``token("phone", digits)``, and how many."""
    if not _DIGIT.search(text):
        return text, 0
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        digits = phone_digits(match.group().strip())
        if digits is None:
            return match.group()
        count += 1
        return token("phone", digits)

    return _PHONE.sub(replace, text), count


def replace_emails(text: str, token: Token) -> tuple[str, int]:
    """``text`` with each e-mail address replaced by ``token("e-mail", address)``."""
    if "@" not in text:
        return text, 0
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return token("e-mail", match.group().lower())

    return _EMAIL.sub(replace, text), count


def _url_has_phone(url: str) -> bool:
    if url.lower().startswith(("tel:", "sms:")):
        return True
    return any(phone_digits(run) for run in _URL_DIGITS.findall(url))


def language(text: str) -> str:
    """ "uk" or "ru" when letters only that language has are frequent and the other's absent."""
    uk, ru = len(_UK.findall(text)), len(_RU.findall(text))
    return "uk" if uk >= 2 and not ru else "ru" if ru >= 2 and not uk else ""


def message_text(
    message: dict[str, Any], token: Token, dropped: Counter[str], warnings: Counter[str]
) -> tuple[str, list[str]]:
    """The flattened text of a message and the links it holds, phone numbers replaced.

    Phone and bank-card entities and phone-like digit runs become tokens; links to phone
    numbers (tel:, wa.me/380…) are left out. What was replaced or left out is counted in
    ``dropped``.
    """
    out: list[str] = []
    links: list[str] = []
    plain: list[str] = []  # consecutive text parts: a number split by formatting is one number

    def flush() -> None:
        if plain:
            scrubbed, count = replace_phones("".join(plain), token)
            if count:
                dropped["phone number"] += count
            scrubbed, count = replace_emails(scrubbed, token)
            if count:
                dropped["e-mail address"] += count
            out.append(scrubbed)
            plain.clear()

    for kind, text, href in text_parts(message):
        if kind in _HIDDEN or kind == "link":
            flush()
        if kind == "email":
            out.append(token("e-mail", text.strip().lower()))
            dropped[_HIDDEN[kind]] += 1
            continue
        if kind in _HIDDEN:
            digits = phone_digits(text) if kind == "phone" else None
            out.append(token(kind.replace("_", " "), digits or re.sub(r"\D", "", text)))
            dropped[_HIDDEN[kind]] += 1
            continue
        if kind == "mention_name":
            dropped["mentioned user id"] += 1
        url = text if kind == "link" else href if kind == "text_link" else ""
        if url.lower().startswith("mailto:") or (url and _EMAIL.search(url) and "://" not in url):
            dropped["link with an e-mail address"] += 1
            if kind == "link":
                out.append("[link]")
                continue
            url = ""
        if url and _url_has_phone(url):
            dropped["link with a phone number"] += 1
            if kind == "link":
                out.append("[link]")
                continue
        elif len(url) > 2000:
            warnings["link longer than 2,000 characters left out of links"] += 1
        elif url and url not in links:
            links.append(url)
        if kind == "link":
            out.append(text)
            continue
        plain.append(text)
    flush()
    return _CONTROL.sub("", "".join(out)).strip(), links
