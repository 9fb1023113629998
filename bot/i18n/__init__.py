"""Translations: the current locale lives in a context variable, never process-wide.

English message ids are the source language; French and German come from the
gettext catalogs in `locales/`, compiled by Babel. Placeholders are named
(`{count}`) and filled after translation, so translators may reorder them.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from bot.paths import locales_dir

LANGUAGES = ("fr", "de")
DEFAULT_LANGUAGE = "fr"
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("locale", default=DEFAULT_LANGUAGE)


class CatalogMissing(RuntimeError):
    """The compiled catalog for a language is not there (run pybabel compile)."""


def supported(language_code: str | None) -> str | None:
    """Map a Telegram `language_code` like 'de-AT' to a language we speak, or None."""
    if not language_code:
        return None
    base = language_code.split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else None


@contextmanager
def use_locale(language: str) -> Iterator[None]:
    """Translate everything inside the block into `language` (this task only)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def set_locale(language: str) -> None:
    """Translate into `language` from now on, in this task only (each update has a task of its own)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _current.set(language)


def current_locale() -> str:
    return _current.get()


@cache
def translations(language: str) -> _gettext.GNUTranslations:
    try:
        return _gettext.translation(DOMAIN, locales_dir(), languages=[language])
    except FileNotFoundError as error:
        raise CatalogMissing(
            f"no compiled catalog for '{language}' in {locales_dir()}: "
            "run `pybabel compile -d locales` (the ./advisor script does it)"
        ) from error


def gettext(message: str, **params: object) -> str:
    text = translations(_current.get()).gettext(message)
    return text.format(**params) if params else text


def pgettext(context: str, message: str, **params: object) -> str:
    """`message` as translated in `context` (its msgctxt): the same short English text, such as an
    option label "No" in several questions, may need another word in each. An empty context is none."""
    catalog = translations(_current.get())
    text = catalog.pgettext(context, message) if context else catalog.gettext(message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, **params: object) -> str:
    text = translations(_current.get()).ngettext(singular, plural, n)
    return text.format(n=n, **params)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


_ = gettext
