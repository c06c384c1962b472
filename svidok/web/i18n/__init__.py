"""The interface's languages: Ukrainian and English, from Babel catalogues shipped compiled.

Message ids are the English texts; ``uk/LC_MESSAGES/messages.po`` translates them and its
compiled ``messages.mo`` is committed beside it (no network, no build step at install time).
``python -m svidok.web.i18n`` compiles the catalogue again after an edit; a test checks that
the committed ``.mo`` matches the ``.po`` and that every message the templates use has a
translation. Record types and vocabulary terms are labelled in both languages in the model's
YAML files and are not repeated here.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

__all__ = ["CATALOGUES", "DEFAULT", "LANGUAGES", "compile_catalogues", "negotiate", "translator"]

LANGUAGES: dict[str, str] = {"uk": "Українська", "en": "English"}
DEFAULT = "uk"
CATALOGUES = Path(__file__).parent


def compile_catalogues() -> list[Path]:
    """Compile every ``messages.po`` to ``messages.mo`` beside it; return the files written."""
    written = []
    for po in sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        mo = po.with_suffix(".mo")
        mo.write_bytes(buffer.getvalue())
        written.append(mo)
    return written


@functools.cache
def _translations(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    mo = CATALOGUES / lang / "LC_MESSAGES" / "messages.mo"
    with mo.open("rb") as handle:
        return Translations(handle)


def translator(lang: str) -> Callable[[str], str]:
    """The gettext function for ``lang`` (English: the message itself)."""
    return _translations(lang if lang in LANGUAGES else DEFAULT).gettext


def negotiate(accept_language: str | None) -> str:
    """The best of our languages for an Accept-Language header (Ukrainian by default)."""
    best, best_q = DEFAULT, -1.0
    for part in (accept_language or "").split(","):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()[:2]
        q = 1.0
        for piece in pieces[1:]:
            if piece.strip().startswith("q="):
                try:
                    q = float(piece.strip()[2:])
                except ValueError:
                    q = 0.0
        if tag in LANGUAGES and q > best_q:
            best, best_q = tag, q
    return best
