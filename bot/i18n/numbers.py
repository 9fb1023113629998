"""Read and write numbers, money and dates the way French and German speakers do in each country.

Formatting follows CLDR through Babel: `1.500 €` in Germany, `€ 1.500` in Austria, `1 500 €` in
France, `CHF 1'500.50` in German Switzerland, `1 500 $` in Québec. Parsing accepts what owners
actually type on a phone: `1 500`, `1.500 €`, `1,5`, `12 000 EUR`, `Fr. 1500.–`, `35 %`. A string
whose separators mean different things in conventions the owner may follow (`1.500` typed in
Switzerland: 1500 the German way, 1.5 the Swiss way) is not guessed: it is reported as ambiguous.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Literal

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_time as _format_time
from babel.dates import get_date_format
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
    get_territory_currencies,
    parse_decimal,
)
from babel.numbers import (
    format_percent as _format_percent,
)

Number = float | Decimal | int


@cache
def babel_locale(identifier: str) -> Locale:
    """Babel's locale for `identifier`, made once: given a string, each of Babel's functions makes a new one,
    which costs more than the formatting itself (a verdict formats some fifty amounts and dates)."""
    return Locale.parse(identifier)

# Conventions a number typed into the bot may follow when those of the owner's country do not read it.
_CONVENTIONS = ("fr", "de", "en")
# Conventions in everyday use beside the locale's own, by country (see _plausible for why).
_RIVALS = {"CH": ("de_CH", "de", "en"), "CA": ("en", "de")}
_MARK = r"[\s\u00a0\u202f\u2009\u2007'\u2019]"  # spaces, and the Swiss thousands marks ' and ’
_SPACES = re.compile(_MARK + "+")
# Where a space or an apostrophe stands between digits, it must group thousands: "1'500", "12 000,50";
# "1'5" or "3 4" is no figure (it was once read as 15 and 34).
_SPACED = re.compile(f"[0-9]{_MARK}+[0-9]")
_GROUPED = re.compile(f"[+-]?[0-9]{{1,3}}(?:{_MARK}[0-9]{{3}})+(?:[.,][0-9]*)?")
# Currency and unit words owners add around a number; stripped before parsing. `.–` (`,–`) ends a
# whole amount in Switzerland and Germany: `Fr. 1500.–`, `1.500,– €`.
_DECORATION = re.compile(
    r"(?i)([.,]\s*[–—-]{1,2}(?![0-9])|€|eur(?:os?)?|chf|francs?(?:\s+suisses?)?|(?:schweizer\s+)?franken|s?fr\.?|ca\$|\$\s*ca\b|\$|cad"
    r"|%|prozent|pour\s*cent|h(?:eures?|ours?|rs?)?|std\.?|stunden?"
    r"|/\s*(?:h|mois|monat|month|semaine|woche|week|an|jahr|year)\.?)"
)
_NUMBER_SHAPE = re.compile(r"^[+-]?[0-9][0-9.,]*$")  # ASCII digits only: "١٢" or "１２" is not read
# No figure an owner gives runs longer (a turnover in the billions with cents has 16); longer is no figure.
_LONGEST = 24
_FIGURE = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?")


class NotANumber(ValueError):
    """The text holds no number at all."""


class AmbiguousNumber(ValueError):
    """The text is a number, but conventions disagree on its value."""

    def __init__(self, readings: list[Decimal]):
        super().__init__(f"ambiguous number: {readings}")
        self.readings = readings


# ------------------------------------------------------------------ reading
def _strict(text: str, locale: str) -> Decimal | None:
    decimal_symbol = get_decimal_symbol(locale)
    group_symbol = get_group_symbol(locale)
    # Babel tolerates a '.' decimal point in French; we do not, or '1.500'
    # (one thousand five hundred, German style) would silently become 1.5.
    foreign = set(".,") - {decimal_symbol, group_symbol}
    if any(char in text for char in foreign):
        return None
    try:
        return parse_decimal(text, locale=babel_locale(locale), strict=True)
    except (NumberFormatError, InvalidOperation):
        return None


def _readings(text: str, conventions: tuple[str, ...]) -> set[Decimal]:
    return {value for convention in conventions if (value := _strict(text, convention)) is not None}


def _plausible(locale: str) -> tuple[str, ...]:
    """The conventions an owner writing in `locale` may type in: the locale's own, then its country's rivals.

    Switzerland mixes three: the Swiss way (1'500.50), the German one (1.500,50: German software and
    handwriting; Swiss French writes decimals with a comma too) and the English one of computers set to
    English (1,500.50), so there `1.500` and `1,500` may each be 1.5 or 1500. Québec mixes French
    (1 500,50) and English (1,500.50), and French speakers from Europe write thousands with a dot
    (1.500): the same two strings are ambiguous. Germany, Austria, Belgium, Luxembourg and France
    keep to their locale's own way: `1.500` is 1500 and `1,5` is 1.5 in Germany. What that cannot read
    (`1.500` in France, where thousands take a space) is read by every convention: the dot of print
    (1500) and of phone keypads (1.5) disagree, and the owner is asked."""
    country = locale.partition("_")[2]
    return (locale, *(rival for rival in _RIVALS.get(country, ()) if rival != locale))


def parse_number(text: str, locale: str) -> Decimal:
    """Parse a number typed by a user writing in `locale` ("de_CH").

    The conventions plausible in the owner's country read it first; if none does, every convention
    does. One value is the answer; several are AmbiguousNumber, for the bot to ask back."""
    cleaned = _DECORATION.sub("", text.strip()).strip()
    if _SPACED.search(cleaned) and not _GROUPED.fullmatch(cleaned):
        raise NotANumber(text)
    cleaned = _SPACES.sub("", cleaned).rstrip(".,")
    if len(cleaned) > _LONGEST or not _NUMBER_SHAPE.match(cleaned):
        raise NotANumber(text)
    readings = _readings(cleaned, _plausible(locale)) or _readings(cleaned, _CONVENTIONS)
    if len(readings) > 1:
        raise AmbiguousNumber(sorted(readings))
    if readings:
        return readings.pop()
    raise NotANumber(text)


# ------------------------------------------------------------------ writing
def _exact(value: Number, digits: int) -> Decimal:
    """`value` rounded half-up to `digits` decimals, as shown to people (2.5 € is 3 €, not Python's
    banker's 2 €); a float is taken as written (2.675 is 2.675, not its binary 2.67499…)."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # no "-0"


def _marks(locale: str, money: bool) -> tuple[str, str]:
    """The thousands and decimal marks; money has its own where CLDR says so (Swiss French: 1'500.50 CHF)."""
    symbols = babel_locale(locale).number_symbols["latn"]
    if money:
        return symbols.get("currencyGroup", symbols["group"]), symbols.get("currencyDecimal", symbols["decimal"])
    return symbols["group"], symbols["decimal"]


def _with_marks(text: str, locale: str, money: bool) -> str:
    """Babel's text, written without thousands marks, with the locale's marks put in by hand.

    Babel (2.19) cannot do it for Switzerland: it un-quotes apostrophes over its whole output, so
    "1'234'567" comes out "1234567", and it ignores CLDR's marks for money (currencyDecimal)."""
    group, decimal = _marks(locale, money)

    def marked(figure: re.Match[str]) -> str:
        whole, fraction = figure.group(1), figure.group(2)
        grouped = f"{int(whole):,}".replace(",", group)  # all our locales group by three (CLDR #,##0)
        return grouped + (decimal + fraction if fraction else "")

    return _FIGURE.sub(marked, text, count=1)


def format_number(value: Number, locale: str, digits: int = 2) -> str:
    """A number with the locale's separators and at most `digits` decimals (no trailing zeros)."""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    text = format_decimal(_exact(value, digits), format=pattern, locale=babel_locale(locale), group_separator=False)
    return _with_marks(text, locale, money=False)


@cache
def _percent_pattern(locale: str, digits: int) -> str:
    """The locale's percent pattern with up to `digits` decimals: "#,##0 %" (France), "#,##0%" (Switzerland)."""
    pattern = babel_locale(locale).percent_formats[None].pattern
    return pattern.replace("#,##0", "#,##0." + "#" * digits, 1) if digits else pattern


def format_percent(points: Number, locale: str, digits: int = 1) -> str:
    """A percentage given in points (50 for half) the locale's way, at most `digits` decimals, half-up:
    '0,8 %' in France, '0.8%' in Switzerland."""
    share = _exact(points, digits) / 100
    text = _format_percent(share, format=_percent_pattern(locale, digits), locale=babel_locale(locale),
                           group_separator=False)
    return _with_marks(text, locale, money=False)


@cache
def home_currency(locale: str) -> str:
    """The currency of the locale's country today, from CLDR (CHF for "fr_CH"); EUR for a bare language."""
    territory = babel_locale(locale).territory
    return get_territory_currencies(territory, date.today())[0] if territory else "EUR"


@cache
def _whole_pattern(locale: str) -> str:
    """The locale's money pattern without its decimals: "¤ #,##0.00" becomes "¤ #,##0"."""
    return re.sub(r"(?<=0)\.0+", "", babel_locale(locale).currency_formats["standard"].pattern)


def format_money(value: Number, locale: str, cents: bool = False, *, currency: str | None = None) -> str:
    """An amount the locale's way ('1 500 €' in France, 'CHF 1'500.50' in Switzerland), whole unless
    `cents`; in `currency`, by default the locale's country's."""
    currency = currency or home_currency(locale)
    if cents:
        text = format_currency(_exact(value, get_currency_precision(currency)), currency, locale=babel_locale(locale),
                               group_separator=False)
    else:
        text = format_currency(_exact(value, 0), currency, format=_whole_pattern(locale), locale=babel_locale(locale),
                               currency_digits=False, group_separator=False)
    return _with_marks(text, locale, money=True)


def format_date(value: date, locale: str, length: Literal["full", "long"] = "long") -> str:
    """A date in words: '1er décembre 2026' (French writes the first of the month as an ordinal),
    '1. Dezember 2026'; `length` "full" adds the weekday."""
    pattern = get_date_format(length, locale=babel_locale(locale)).pattern
    if locale.startswith("fr") and value.day == 1:
        pattern = re.sub(r"(?<![d'])d(?!d)", "d'er'", pattern, count=1)
    return _format_date(value, format=pattern, locale=babel_locale(locale))


# How each language writes a time of day: French '9 h' and '10 h 30', German '09:00' (followed by 'Uhr'
# in the sentences that carry it).
_CLOCK = {"fr": ("H\u00a0'h'", "H\u00a0'h'\u00a0mm")}


def format_clock(value: time, locale: str) -> str:
    """A time of day in the language's one style (see _CLOCK); Babel's short format elsewhere."""
    if locale[:2] in _CLOCK:
        whole, with_minutes = _CLOCK[locale[:2]]
        return _format_time(value, format=with_minutes if value.minute else whole, locale=babel_locale(locale))
    return _format_time(value, format="short", locale=babel_locale(locale))
