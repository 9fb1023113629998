"""Read and write numbers, money and dates the way French and German speakers do.

Parsing accepts what owners actually type on a phone: `1 500`, `1.500 €`,
`1,5`, `12 000 EUR`, `35 %`. A string whose separators mean different things
in different conventions (`1.500` typed into the French bot: 1500 the German
way, 1.5 the English way) is not guessed: it is reported as ambiguous.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Literal

from babel.dates import format_date as _format_date
from babel.dates import format_time as _format_time
from babel.dates import get_date_format
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

# Locales whose conventions a number typed into the bot may follow.
_CONVENTIONS = ("fr", "de", "en")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']+")
# Currency and unit words owners add around a number; stripped before parsing.
_DECORATION = re.compile(
    r"(?i)(€|eur(?:os?)?|chf|fr\.?|%|prozent|pour\s*cent|h(?:eures?|ours?|rs?)?|std\.?|stunden?"
    r"|/\s*(?:h|mois|monat|month|semaine|woche|week|an|jahr|year)\.?)"
)
_NUMBER_SHAPE = re.compile(r"^[+-]?[0-9][0-9.,]*$")  # ASCII digits only: "١٢" or "１２" is not read
# No figure an owner gives runs longer (a turnover in the billions with cents has 16); longer is no figure.
_LONGEST = 24


class NotANumber(ValueError):
    """The text holds no number at all."""


class AmbiguousNumber(ValueError):
    """The text is a number, but conventions disagree on its value."""

    def __init__(self, readings: list[Decimal]):
        super().__init__(f"ambiguous number: {readings}")
        self.readings = readings


def _strict(text: str, locale: str) -> Decimal | None:
    decimal_symbol = get_decimal_symbol(locale)
    group_symbol = get_group_symbol(locale)
    # Babel tolerates a '.' decimal point in French; we do not, or '1.500'
    # (one thousand five hundred, German style) would silently become 1.5.
    foreign = set(".,") - {decimal_symbol, group_symbol}
    if any(char in text for char in foreign):
        return None
    try:
        return parse_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        return None


def parse_number(text: str, locale: str) -> Decimal:
    """Parse a number typed by a user whose language is `locale`."""
    cleaned = _DECORATION.sub("", text.strip())
    cleaned = _SPACES.sub("", cleaned).rstrip(".,")
    if len(cleaned) > _LONGEST or not _NUMBER_SHAPE.match(cleaned):
        raise NotANumber(text)
    own = _strict(cleaned, locale)
    if own is not None:
        return own
    readings = {
        value
        for convention in _CONVENTIONS
        if convention != locale and (value := _strict(cleaned, convention)) is not None
    }
    if len(readings) == 1:
        return readings.pop()
    if readings:
        raise AmbiguousNumber(sorted(readings))
    raise NotANumber(text)


def format_number(value: float | Decimal | int, locale: str, digits: int = 2) -> str:
    """A number with the locale's separators and at most `digits` decimals."""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=locale)


def format_money(value: float | Decimal | int, locale: str, cents: bool = False, currency: str = "EUR") -> str:
    """An amount, e.g. '1 500 €' (fr) or '1.500 €' (de)."""
    if cents:
        return format_currency(value, currency, locale=locale)
    return format_currency(round(value), currency, format="#,##0\u00a0¤", locale=locale,
                           currency_digits=False)


def format_date(value: date, locale: str, length: Literal["full", "long"] = "long") -> str:
    """A date in words: '1er décembre 2026' (French writes the first of the month as an ordinal),
    '1. Dezember 2026'; `length` "full" adds the weekday."""
    pattern = get_date_format(length, locale=locale).pattern
    if locale.startswith("fr") and value.day == 1:
        pattern = re.sub(r"(?<![d'])d(?!d)", "d'er'", pattern, count=1)
    return _format_date(value, format=pattern, locale=locale)


def format_day_of_month(day: int, locale: str) -> str:
    """The day of the month alone, for 'le {day}' / 'am {day}.': '1er' in French."""
    return "1er" if locale.startswith("fr") and day == 1 else str(day)


# How each language writes a time of day: French '9 h' and '10 h 30', German '09:00' (followed by 'Uhr'
# in the sentences that carry it).
_CLOCK = {"fr": ("H\u00a0'h'", "H\u00a0'h'\u00a0mm")}


def format_clock(value: time, locale: str) -> str:
    """A time of day in the language's one style (see _CLOCK); Babel's short format elsewhere."""
    if locale[:2] in _CLOCK:
        whole, with_minutes = _CLOCK[locale[:2]]
        return _format_time(value, format=with_minutes if value.minute else whole, locale=locale)
    return _format_time(value, format="short", locale=locale)
