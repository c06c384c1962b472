"""Telegram Desktop exports (JSON): a channel's or chat's posts as sources, media as evidence.

:class:`TelegramExport` reads ``result.json`` of a single-chat export, or one chat of a
full-account export (``chat=`` names it by id or name; :func:`export_chats` gives one adapter
per chat), streaming, and yields an item for the chat (a ``telegram_channel`` source) and one
per message (a ``telegram_post`` source, plus an ``evidence`` record per media file included).
Each chat is its own dataset, ``telegram:<chat id>`` (for chats whose message ids each
account numbers, also naming the exporting account: see :class:`TelegramExport`).

Privacy by default, because the people who write in chats and the people they name must be
protected: the account sections of a full export (personal information, contacts, sessions...)
are never read into records; users' ids become salted pseudonyms (``author 1a2b…``) and their
display names are dropped; phone numbers in texts become ``[phone 1a2b…]``, mentioned
people ``[user 1a2b…]`` (links to people and invite links are left out); shared contacts,
locations, signatures and forwards from people are dropped; a private chat is titled and
identified by a pseudonym, never by the person's name or id. Every such decision is counted
in ``report.dropped``.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..model import Record, make
from .base import IdSource, Item, ReadReport, Reject, content_hash
from .telegram_history import OriginReader, StoredVersions, edited_suffix
from .telegram_json import PER_ACCOUNT, ChatInfo, ExportScan, messages, scan
from .telegram_media import media_files
from .telegram_text import _CONTROL, Malformed, language, message_text, replace_phones

__all__ = ["TelegramExport", "export_chats"]

_VERSION = 1  # part of every content hash: changing what is built re-imports every item
_MAX_NOTES = 20
_PERSONAL = {"personal_chat", "saved_messages"}  # the chat id is a person's user id
_DROPPED_FIELDS = (
    ("author", "post author signature"),
    ("saved_from", "saved-from name"),
    ("contact_information", "shared contact"),
    ("contact_vcard", "shared contact card file"),
    ("location_information", "location coordinates"),
    ("live_location_period_seconds", "live location"),
    ("place_name", "venue name"),
    ("address", "venue address"),
)

# Content a message may have that is dropped (privacy) or not kept: a message with nothing
# else is skipped, not imported as an empty post.
_DROPPED_CONTENT = (
    ("contact_information", "shared contact"),
    ("contact_vcard", "shared contact"),
    ("live_location_period_seconds", "live location"),
    ("location_information", "location"),
    ("place_name", "venue"),
)


class TelegramExport:
    """One chat of a Telegram Desktop JSON export, as an :class:`~svidok.ingest.base.Adapter`.

    ``path`` is ``result.json`` or the folder holding it; media paths are relative to that
    folder. ``salt`` (secret, at least 16 bytes, the same for every import) keys the
    pseudonyms. ``chat`` (an id, or a name) is required for a full-account export with more
    than one chat: the error lists them. ``username`` is the channel's public username, when
    known, for ``https://t.me/<username>/<id>`` locators. With ``store`` (the store the import
    goes to), a message edited since this export was made keeps its stored, newer text, and
    the report counts stored messages this export lacks. Raises ReadError for a missing file
    or one that is not a Telegram export.

    The dataset is ``telegram:<chat>``; for a private chat, a bot chat or a basic group
    (message ids numbered per account) it also names the exporting account
    (``telegram:<chat>:exported-by-<pseudonym>``) when the export tells it; else the
    messages are keyed by id and send time, so two members' exports never overwrite each other.
    """

    def __init__(
        self,
        path: Path,
        *,
        salt: bytes,
        chat: str | None = None,
        username: str | None = None,
        store: OriginReader | None = None,
        _scan: ExportScan | None = None,
    ) -> None:
        if len(salt) < 16:
            raise ValueError("the pseudonym salt must be at least 16 bytes")
        self.path = _json_path(Path(path))
        self.folder = self.path.parent.resolve()
        self.salt = salt
        self.username = username.strip().lstrip("@") if username else None
        self._pseudonyms: dict[str, str] = {}
        self._unnoted = 0
        self.scan = _scan or _scan_file(self.path)
        self.chat = self._select(self.scan, chat)
        self.ref = self._ref(self.chat)
        self.title = self._title(self.chat)
        fmt = "single-chat export" if self.scan.format == "chat" else "full-account export"
        details = {"format": fmt, "chat": self.title, "chat type": self.chat.type}
        dataset = f"telegram:{self.ref}"
        # Message ids of private chats and basic groups are each account's own: two members'
        # exports of one chat reuse ids for different messages.
        self.by_send_time = False
        if self.chat.type in PER_ACCOUNT and self.chat.exporter:
            exporter = self.pseudonym(self.chat.exporter)
            dataset += f":exported-by-{exporter}"
            details["exported by"] = f"author {exporter}"
        elif self.chat.type in PER_ACCOUNT:
            self.by_send_time = True  # keys "message:<id>@<send time>" cannot collide
            details["exported by"] = "not told by the export: messages keyed by id and send time"
        self.report = ReadReport(
            file=str(self.path),
            file_digest=self.scan.digest,
            dataset=dataset,
            unit="messages",
            details=details,
        )
        self._stored = StoredVersions(store, dataset)  # read now, before the import writes
        self._keys: set[str] = set()
        self._reset_report()

    def pseudonym(self, key: str) -> str:
        """A stable salted pseudonym (16 hex digits) of ``key``, such as ``"user123"``."""
        found = self._pseudonyms.get(key)
        if found is None:
            found = hmac.new(self.salt, key.encode(), hashlib.sha256).hexdigest()[:16]
            self._pseudonyms[key] = found
        return found

    def _token(self, label: str, digits: str) -> str:
        return f"[{label} {self.pseudonym(f'{label}:{digits}')[:12]}]"

    def _person(self, key: str) -> str:
        """A mentioned person: ``[user <pseudonym>]``, the pseudonym authors get for a user id."""
        return f"[user {self.pseudonym(key)}]"

    # -- the chat --------------------------------------------------------------------------

    def _ref(self, chat: ChatInfo) -> str:
        if chat.type in _PERSONAL:
            return f"user-{self.pseudonym(f'user{chat.id}')}"
        return str(chat.id)

    def _title(self, chat: ChatInfo) -> str:
        if chat.type == "personal_chat":
            return f"Private chat {self.pseudonym(f'user{chat.id}')}"
        if chat.type == "saved_messages":
            return f"Saved messages {self.pseudonym(f'user{chat.id}')}"
        name = _CONTROL.sub("", chat.name or "").strip()  # a title may hold control characters
        if not name:
            return f"Telegram chat {chat.id}"
        return replace_phones(name, self._token)[0]

    def _describe(self, chat: ChatInfo) -> str:
        count = f", {chat.messages} messages" if chat.messages >= 0 else ""
        left = ", left" if chat.list == "left_chats" else ""
        return f"{self._ref(chat)} ({chat.type}{left}{count}: {self._title(chat)})"

    def _select(self, found: ExportScan, chat: str | None) -> ChatInfo:
        file = str(self.path)
        if chat is None and len(found.chats) == 1:
            return found.chats[0]
        listing = "; ".join(self._describe(c) for c in found.chats) or "none"
        if chat is None:
            raise ReadError(
                file,
                f"this full-account export holds {len(found.chats)} chats: choose one by id "
                f"(chat=...; --chat on the command line). Chats: {listing}",
            )
        wanted = chat.strip()
        matches = [c for c in found.chats if wanted in (str(c.id), self._ref(c), c.name)]
        if len(matches) != 1:
            problem = "no chat" if not matches else f"{len(matches)} chats"
            shown = "; ".join(self._describe(c) for c in matches) if matches else listing
            raise ReadError(file, f"{problem} of this export matches {chat!r}. Chats: {shown}")
        return matches[0]

    def _reset_report(self) -> None:
        report = self.report
        for counter in (report.dropped, report.skipped, report.warnings):
            counter.clear()
        report.notes.clear()
        report.dropped.update(self.scan.sections)
        if self.chat.type == "personal_chat" and self.chat.name:
            report.dropped["private chat name"] += 1
        self._unnoted = 0

    # -- items -----------------------------------------------------------------------------

    def items(self) -> Iterator[Item | Reject]:
        """The chat's item, then one item (or reject) per message, in file order."""
        self._reset_report()
        values = {
            "kind": "telegram_channel",
            "title": self.title,
            "external_id": self.ref,
            "locator": f"https://t.me/{self.username}" if self.username else f"telegram:{self.ref}",
            "notes": f"Telegram {self.chat.type.replace('_', ' ')}",
        }
        yield Item(
            "chat",
            0,
            "chat",
            content_hash([_VERSION, values]),
            _builder(values, []),
            counted=False,
            anchor=True,
        )
        seen: set[int] = set()
        self._keys.clear()
        for position, raw in enumerate(messages(self.path, self.report.file, self.chat), 1):
            yield from self._message(raw, position, seen)
        if self._unnoted:
            self.report.notes.append(f"... and {self._unnoted} more notes on media files")
        missing = self._stored.missing(self._keys)
        if missing:
            self.report.warnings[
                "messages imported before that this export lacks (deleted in Telegram, or an "
                "export of fewer messages): kept"
            ] += missing

    def _message(self, raw: Any, position: int, seen: set[int]) -> Iterator[Item | Reject]:
        file = self.report.file
        if not isinstance(raw, dict):
            yield Reject(file, f"message #{position}", "", "a message is not a JSON object")
            return
        message_id = raw.get("id")
        if not isinstance(message_id, int) or isinstance(message_id, bool) or message_id < 0:
            reason = "the message has no id" if message_id is None else "the id is not a number"
            yield Reject(file, f"message #{position}", "id", reason, str(message_id)[:40])
            return
        where = f"message {message_id}"
        kind = raw.get("type")
        if kind in ("service", "unsupported"):  # joins, pins...; media the export lacks
            self.report.skipped[f"{kind} message"] += 1
            return
        if kind != "message":
            reason = "the message has no type" if kind is None else "unknown message type"
            yield Reject(file, where, "type", reason)
            return
        if message_id in seen:
            yield Reject(file, where, "id", "the message id appears twice")
            return
        seen.add(message_id)
        try:
            post = self._post(raw, message_id)
        except Malformed as exc:
            yield Reject(file, where, exc.field, exc.reason, exc.value)
            return
        media, withheld = media_files(raw, where, self.folder, self.report, self._skip)
        if not (post["text"] or media or withheld):
            dropped = [label for name, label in _DROPPED_CONTENT if raw.get(name) is not None]
            if raw.get("media_type") == "sticker":
                dropped.append("sticker")
            if dropped:  # nothing left to import: not an empty post
                self.report.skipped[f"messages with only a {dropped[0]} (dropped)"] += 1
                return
        evidence = [m[0] for m in media]
        key = f"message:{message_id}"
        if self.by_send_time:
            key += f"@{raw.get('date_unixtime') or raw.get('date')}"
        self._keys.add(key)
        digest = content_hash([_VERSION, post, evidence])
        stored = self._stored.newer(key, digest, _seconds(raw.get("edited_unixtime")))
        if stored is not None:  # this export is older than what is stored: keep the stored
            self.report.skipped["messages edited since this export was made: newer text kept"] += 1
            digest, media = stored, []
        yield Item(
            key,
            message_id,
            where,
            digest,
            _builder(post, evidence, parent=True),
            tuple((sha256, path) for _, sha256, path in media),
            # an export without the media says nothing of the files an earlier one had
            keeps=frozenset({"evidence"}) if withheld else frozenset(),
        )

    def _post(self, raw: dict[str, Any], message_id: int) -> dict[str, Any]:
        report = self.report
        notes: list[str] = []
        day = self._day(raw, notes)
        text, links = message_text(raw, self._token, report.dropped, report.warnings, self._person)
        poll = _poll(raw.get("poll"), self._token)
        if poll:
            text = f"{text}\n{poll}" if text else poll
            report.warnings["polls kept as text (question, answers and vote counts)"] += 1
        dice = raw.get("dice")
        if isinstance(dice, dict) and isinstance(dice.get("value"), int):
            emoji = dice.get("emoji") if isinstance(dice.get("emoji"), str) else ""
            throw = f"Dice {emoji} {dice['value']}".replace("  ", " ")
            text = f"{text}\n{throw}" if text else throw
        forwarded = self._forwarded(raw)
        if forwarded:
            notes.append(f"Forwarded from «{forwarded}».")
        for name, label in _DROPPED_FIELDS:
            if raw.get(name) is not None:
                report.dropped[label] += 1
        reactions = raw.get("reactions")
        if isinstance(reactions, list) and any(
            isinstance(r, dict) and r.get("recent") for r in reactions
        ):
            report.dropped["reactions (who reacted)"] += 1
        return {
            "kind": "telegram_post",
            "title": f"{self.title} — message {message_id}"
            + edited_suffix(_seconds(raw.get("edited_unixtime"))),
            "publisher": self._author(raw),
            "external_id": str(message_id),
            "locator": f"https://t.me/{self.username}/{message_id}"
            if self.username
            else f"telegram:{self.ref}/{message_id}",
            "language": language(text),
            "date": day,
            "text": text,
            "links": links or None,  # None: no value (cleaning an empty list costs time)
            "notes": " ".join(notes),
        }

    def _day(self, raw: dict[str, Any], notes: list[str]) -> str:
        """The UTC day of ``date_unixtime``; else the day of the local ``date``, noted."""
        seconds = raw.get("date_unixtime")
        if seconds is not None:
            text = str(seconds).strip()
            try:
                if isinstance(seconds, bool) or not text.lstrip("-").isdigit():
                    raise ValueError(text)
                return datetime.fromtimestamp(int(text), UTC).date().isoformat()
            except (ValueError, OverflowError, OSError):
                raise Malformed("date_unixtime", "not a number of seconds", text[:40]) from None
        local = raw.get("date")
        try:
            day = date.fromisoformat(local[:10]).isoformat() if isinstance(local, str) else ""
        except ValueError:
            day = ""
        if not day:
            raise Malformed("date", "the message has no readable date", str(local)[:40])
        notes.append("Day from the export's local time (no date_unixtime); the UTC day may differ.")
        self.report.warnings["no date_unixtime: day taken from the local time"] += 1
        return day

    def _author(self, raw: dict[str, Any]) -> str:
        from_id, name = raw.get("from_id"), raw.get("from")
        if isinstance(from_id, str) and from_id.startswith("channel"):
            if isinstance(name, str) and name:
                return replace_phones(name, self._token)[0]
            return self.title
        if from_id is None:
            return ""
        if name:
            self.report.dropped["user name"] += 1
        self.report.dropped["user id (replaced by a pseudonym)"] += 1
        if isinstance(from_id, int) and not isinstance(from_id, bool):
            from_id = f"user{from_id}"  # older exports: a bare number, for the same user id
        return f"author {self.pseudonym(str(from_id))}"

    def _forwarded(self, raw: dict[str, Any]) -> str:
        name, from_id = raw.get("forwarded_from"), raw.get("forwarded_from_id")
        if name is None and from_id is None:
            return ""
        if isinstance(from_id, str) and from_id.startswith("channel") and isinstance(name, str):
            return replace_phones(name, self._token)[0]
        # Telegram Desktop writes the name only (no forwarded_from_id): a channel cannot be
        # told from a person, so the name is dropped; a pseudonym of it keeps reposts from
        # one origin recognisable (the same salted hash as authors get).
        person = isinstance(from_id, str) and from_id.startswith("user")
        self.report.dropped["forwarded-from user" if person else "forwarded-from name"] += 1
        origin = from_id if isinstance(from_id, str) and from_id else f"forwarded name:{name}"
        kind = "a user" if person else "an account or channel the export does not identify"
        return f"{kind} ({self.pseudonym(str(origin))}; name dropped)"

    def _skip(self, counter: str, note: str) -> None:
        if counter:
            self.report.skipped[counter] += 1
        if len(self.report.notes) < _MAX_NOTES:
            self.report.notes.append(note)
        else:
            self._unnoted += 1


def _seconds(value: Any) -> int | None:
    """Unix seconds as exports write them ("1711954800"), or None."""
    text = str(value).strip() if isinstance(value, (int, str)) else ""
    return int(text) if text.isdigit() else None


def _poll(poll: Any, token: Callable[[str, str], str]) -> str:
    """A poll as text: the question and each answer with its votes (who voted is not in
    exports)."""
    if not isinstance(poll, dict) or not isinstance(poll.get("question"), str):
        return ""
    answers = [
        f"{a['text']} ({a['voters']})" if isinstance(a.get("voters"), int) else str(a["text"])
        for a in poll.get("answers") or []
        if isinstance(a, dict) and isinstance(a.get("text"), str)
    ]
    text = f"Poll: {poll['question']}" + (f" — {'; '.join(answers)}" if answers else "")
    return replace_phones(text, token)[0]


def _json_path(path: Path) -> Path:
    if path.is_dir():
        if not (path / "result.json").exists() and (path / "messages.html").exists():
            raise ReadError(
                str(path),
                "this is Telegram's HTML export (messages.html): export the chat again with "
                "'Format: Machine-readable JSON' and import its result.json",
            )
        return path / "result.json"
    return path


def _scan_file(path: Path) -> ExportScan:
    try:
        return scan(path, str(path))
    except OSError as exc:
        raise ReadError(str(path), exc.strerror or str(exc)) from None


def _builder(
    values: dict[str, Any], evidence: list[dict[str, Any]], *, parent: bool = False
) -> Callable[[IdSource], list[Record]]:
    return functools.partial(_build, values, evidence, parent)


def _build(
    values: dict[str, Any], evidence: list[dict[str, Any]], parent: bool, ids: IdSource
) -> list[Record]:
    source_id = ids.next("source")
    if parent:
        values = {**values, "parent": ids.of("chat", "source")}
    records = [make("source", values, id=source_id)]
    for media in evidence:
        records.append(make("evidence", {**media, "source": source_id}, id=ids.next("evidence")))
    return records


def export_chats(
    path: Path, *, salt: bytes, username: str | None = None, store: OriginReader | None = None
) -> list[TelegramExport]:
    """One adapter per chat of an export (one for a single-chat export), scanning it once."""
    found = _scan_file(_json_path(Path(path)))
    return [
        TelegramExport(
            path,
            salt=salt,
            username=username,
            store=store,
            _scan=ExportScan(found.format, [chat], found.digest, found.sections),
        )
        for chat in found.chats
    ]
