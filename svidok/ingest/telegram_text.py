"""A Telegram message's text, flattened, with what identifies people replaced.

:func:`message_text` joins a message's text parts and replaces phone numbers, e-mail
addresses, bank cards, mentions of people and links to them by salted tokens (a privacy rule:
see :mod:`svidok.ingest.telegram`); :func:`language` guesses uk, ru or crh.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from .telegram_links import USERNAME, link_person

__all__ = [
    "Malformed",
    "language",
    "message_text",
    "phone_digits",
    "replace_emails",
    "replace_phones",
    "text_parts",
]


class Malformed(ValueError):
    """A message field that cannot be used: the message becomes a reject."""

    def __init__(self, field: str, reason: str, value: str = "") -> None:
        super().__init__(reason)
        self.field, self.reason, self.value = field, reason, value


def text_parts(message: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A message's text as (entity type, text, href) parts; plain text has type "plain".

    Telegram writes ``text`` as a string or a list of strings and ``{type, text}`` objects, and
    ``text_entities`` (newer exports) always as objects; either is accepted. A mention of a
    user by name (``mention_name``) has ``"user<id>"`` as its href.
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
        user = part.get("user_id")
        if kind == "mention_name" and isinstance(user, int) and not isinstance(user, bool):
            href = f"user{user}"  # whom the name mentions (it becomes a pseudonym)
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
_CRH_CYRILLIC = re.compile(r"[кгнКГН]ъ")  # къ гъ нъ: Crimean Tatar, not Russian
_CRH_LATIN = re.compile(r"[çğıñöşüâÇĞÑÖŞÜÂ]")
_CRH_ONLY = re.compile(r"[ıñqQ]")  # with the letters above: Crimean Tatar, not Turkish
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
    """ "uk" or "ru" when letters only that language has are frequent and the other's absent;
    "crh" (Crimean Tatar) for its Latin letters (ı ñ q with ç ğ ö ş ü) or its Cyrillic
    digraphs (къ гъ нъ), which Ukrainian and Russian texts do not have."""
    cyrillic, latin = len(_CRH_CYRILLIC.findall(text)), len(_CRH_LATIN.findall(text))
    if cyrillic >= 2 or (latin >= 2 and _CRH_ONLY.search(text)):
        return "crh"
    uk, ru = len(_UK.findall(text)), len(_RU.findall(text))
    return "uk" if uk >= 2 and not ru else "ru" if ru >= 2 and not uk else ""


def message_text(
    message: dict[str, Any],
    token: Token,
    dropped: Counter[str],
    warnings: Counter[str],
    person: Callable[[str], str] | None = None,
) -> tuple[str, list[str]]:
    """The flattened text of a message and the links it holds, phone numbers replaced.

    Phone and bank-card entities and phone-like digit runs become tokens; links to phone
    numbers (tel:, wa.me/380…), to users (``tg://user``, ``t.me/<username>``) and private
    invite links are left out. Mentions (``@username``, a user's display name) and the text of
    a link to a user become ``person(key)`` (``key`` is ``"user123"`` or
    ``"username:name"``; by default ``token("user", key)``). What was replaced or left out is
    counted in ``dropped``.
    """
    out: list[str] = []
    links: list[str] = []
    plain: list[str] = []  # consecutive text parts: a number split by formatting is one number
    name_of = person or (lambda key: token("user", key))

    def username(match: re.Match[str]) -> str:
        dropped["mentioned username"] += 1
        return name_of(f"username:{match.group(1).lower()}")

    def flush() -> None:
        if plain:
            scrubbed, count = replace_phones("".join(plain), token)
            if count:
                dropped["phone number"] += count
            scrubbed, count = replace_emails(scrubbed, token)
            if count:
                dropped["e-mail address"] += count
            if "@" in scrubbed:
                scrubbed = USERNAME.sub(username, scrubbed)
            out.append(scrubbed)
            plain.clear()

    for kind, text, href in text_parts(message):
        if kind in _HIDDEN or kind in ("link", "mention", "mention_name"):
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
        if kind == "mention_name":  # a user's display name, linked to the user's id
            dropped["mentioned user id"] += 1
            out.append(name_of(href or f"mention name:{text.strip()}"))
            continue
        found = USERNAME.fullmatch(text.strip()) if kind == "mention" else None
        if found is not None:
            out.append(username(found))
            continue
        url = text if kind == "link" else href if kind == "text_link" else ""
        if url.lower().startswith("mailto:") or (url and _EMAIL.search(url) and "://" not in url):
            dropped["link with an e-mail address"] += 1
            if kind == "link":
                out.append("[link]")
                continue
            url = ""
        named = link_person(url) if url and not _url_has_phone(url) else None
        if url and _url_has_phone(url):
            dropped["link with a phone number"] += 1
            if kind == "link":
                out.append("[link]")
                continue
        elif named is not None:
            what, key = named
            dropped[what] += 1
            if key:  # the text of a link to a person is often the person's name
                flush()
                out.append(name_of(key))
            elif kind == "link":
                out.append("[private invite link]")
            else:
                plain.append(text)
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
