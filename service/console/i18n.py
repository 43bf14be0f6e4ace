"""The console's languages: strings from locales/<lang>.json, chosen per request."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from flask import g, request

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "fr")
DEFAULT = "en"
# A person's explicit choice (the language switch), kept for a year.
COOKIE = "margin_console_lang"
COOKIE_MAX_AGE = 365 * 86_400


@functools.cache
def strings(lang: str) -> dict[str, str]:
    """Return every string of a language, English filling any key it lacks."""
    english = json.loads((LOCALES / f"{DEFAULT}.json").read_text(encoding="utf-8"))
    if lang == DEFAULT:
        return english
    return {**english, **json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))}


def choose() -> str:
    """Return the request's language: ?lang=, then the cookie, then Accept-Language."""
    asked = request.args.get("lang") or request.cookies.get(COOKIE)
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT)


def lang() -> str:
    """Return the language chosen for this request."""
    if "console_lang" not in g:
        g.console_lang = choose()
    return g.console_lang


def t(key: str, **values: object) -> str:
    """Return the string for key in the request's language, with {placeholders} filled."""
    text = strings(lang()).get(key, key)
    return text.format(**values) if values else text
