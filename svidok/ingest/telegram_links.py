"""Which Telegram links and mentions name a person: they are replaced or left out of records.

Telegram links come in a few shapes. ``https://t.me/<name>/<number>`` (and ``t.me/c/…``,
``t.me/s/<name>``) point to a post or a channel's public page and are kept. A bare
``t.me/<name>`` (or ``telegram.me``, ``<name>.t.me``, ``tg://resolve?domain=<name>``) may be a
person's account: nothing tells a channel from a person, so it is treated as a person. Links
such as ``tg://user?id=…`` name a user by id, and invite links (``t.me/joinchat/…``,
``t.me/+…``, ``t.me/addlist/…``, ``tg://join``) open private chats: both are left out too.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote

__all__ = ["USERNAME", "link_person"]

_HOSTS = ("t.me", "telegram.me", "telegram.dog")
# First path parts of t.me links that are not usernames (stickers, themes, proxies, posts...).
_NOT_NAMES = {
    "addemoji", "addstickers", "addtheme", "bg", "boost", "c", "confirmphone", "invoice", "iv",
    "login", "proxy", "s", "setlanguage", "share", "socks",
}  # fmt: skip
_INVITES = {"joinchat", "addlist"}
_URL = re.compile(
    r"^(?:(?P<scheme>[a-z][a-z0-9+.-]*):)?(?://)?(?P<host>[^/?#]*)(?P<rest>.*)$", re.I
)
# An @username in plain text (5-32 characters; not part of an e-mail address or a word).
USERNAME = re.compile(r"(?<![\w@.])@([A-Za-z][A-Za-z0-9_]{3,31})(?![\w@])")

Verdict = tuple[str, str]  # (what it is, the person key for a token: "user123", "username:x")


def link_person(url: str) -> Verdict | None:
    """None for a link that may be kept; else why it is left out, and whom it names.

    The first value is the counter ``dropped`` uses ("link to a user", "link to a username
    (may be a person)", "private invite link"); the second is the key of the person it names
    ("user123", "username:olena_k") for a pseudonym token, or "" (an invite link).
    """
    match = _URL.match(url.strip())
    if match is None:
        return None
    scheme = (match["scheme"] or "").lower()
    host, rest = match["host"].lower(), match["rest"]
    if scheme == "tg":
        return _tg_link(host, rest)
    if scheme not in ("", "http", "https"):
        return None
    host = host.removeprefix("www.")
    if host.endswith(".t.me") and host.count(".") == 2:  # <username>.t.me
        return ("link to a username (may be a person)", f"username:{host[:-5]}")
    if host not in _HOSTS:
        return None
    path = unquote(rest.split("?", 1)[0].split("#", 1)[0]).strip("/")
    parts = path.split("/") if path else []
    if not parts:
        return None
    first = parts[0].lower()
    if first.startswith("+") or first in _INVITES:
        return ("private invite link", "")
    if first in _NOT_NAMES or (len(parts) > 1 and parts[1].isdigit()):
        return None  # a post (t.me/<name>/<number>), a private post link, a sticker set...
    return ("link to a username (may be a person)", f"username:{first}")


def _tg_link(action: str, rest: str) -> Verdict | None:
    query = parse_qs(rest.split("?", 1)[1] if "?" in rest else "")
    if action in ("user", "openmessage"):
        user = (query.get("id") or query.get("user_id") or [""])[0]
        return ("link to a user", f"user{user}" if user.isdigit() else "")
    if action in ("join", "addlist"):
        return ("private invite link", "")
    if action == "resolve" and not query.get("post"):
        domain = (query.get("domain") or [""])[0].lower()
        return ("link to a username (may be a person)", f"username:{domain}" if domain else "")
    return None
