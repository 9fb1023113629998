"""Translations: the current locale lives in a context variable, never process-wide.

English message ids are the source language; French and German come from the
gettext catalogs in `locales/`, compiled by Babel. Placeholders are named
(`{count}`) and filled after translation, so translators may reorder them.

A locale is a language with, once known, the owner's country: "de_CH". Babel formats
numbers, money and dates for it; gettext reads its regional catalog first (only the
words that differ there, such as "Lernende") and the language's catalog for the rest.
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
# The currency amounts are in, where it is not the locale's own: a verdict decided in euros
# stays in euros when its owner moves to Switzerland.
_currency: ContextVar[str | None] = ContextVar("currency", default=None)


class CatalogMissing(RuntimeError):
    """The compiled catalog for a language is not there (run pybabel compile)."""


def supported(language_code: str | None) -> str | None:
    """Map a Telegram `language_code` like 'de-AT' to a language we speak, or None."""
    if not language_code:
        return None
    base = language_code.split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else None


def language_of(locale: str) -> str:
    """The language of a locale: "de" for "de_CH"."""
    return locale.split("_")[0]


def _checked(locale: str) -> str:
    if language_of(locale) not in LANGUAGES:
        raise ValueError(f"unsupported language {locale!r}")
    return locale


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Translate and format everything inside the block for `locale` ("de", "de_CH"; this task only)."""
    token = _current.set(_checked(locale))
    try:
        yield
    finally:
        _current.reset(token)


def set_locale(locale: str) -> None:
    """Translate and format for `locale` from now on, in this task only (each update has a task of its own)."""
    _current.set(_checked(locale))


def current_locale() -> str:
    """The locale to format for, with its country once known ("fr_BE"); Babel takes it as it is."""
    return _current.get()


def current_language() -> str:
    """The language texts are in ("fr" for "fr_BE")."""
    return language_of(_current.get())


def current_currency() -> str:
    """The currency amounts are shown and read in: the one in use, else the locale's country's (EUR without one)."""
    chosen = _currency.get()
    if chosen:
        return chosen
    _language, _, country = _current.get().partition("_")
    if not country:
        return "EUR"
    from bot.i18n.markets import currency_of  # holidays and region names load only when a country is known
    return currency_of(country)


@contextmanager
def use_currency(currency: str | None) -> Iterator[None]:
    """Show amounts inside the block in `currency` (stored with them); None keeps the current one."""
    token = _currency.set(currency or _currency.get())
    try:
        yield
    finally:
        _currency.reset(token)


@cache
def translations(locale: str) -> _gettext.GNUTranslations:
    """The catalog chain for `locale`: gettext looks in "de_CH" first, then in "de"."""
    try:
        return _gettext.translation(DOMAIN, locales_dir(), languages=[locale, language_of(locale)])
    except FileNotFoundError as error:
        raise CatalogMissing(
            f"no compiled catalog for '{locale}' in {locales_dir()}: "
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
