"""Numbers are read and written the French and German way."""

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n.numbers import (
    AmbiguousNumber,
    NotANumber,
    format_clock,
    format_date,
    format_money,
    format_number,
    parse_number,
)


@pytest.mark.parametrize("locale, text, value", [
    ("fr", "1 500", 1500), ("fr", "1\u202f500", 1500), ("fr", "1,5", Decimal("1.5")),
    ("fr", "1 500 €", 1500), ("fr", "1.5", Decimal("1.5")), ("fr", "1.500,5", Decimal("1500.5")),
    ("fr", "35 %", 35), ("fr", "25 €/h", 25),
    ("de", "1.500", 1500), ("de", "1,5", Decimal("1.5")), ("de", "1.500 €", 1500),
    ("de", "1 500", 1500), ("de", "12.000 EUR", 12000), ("de", "3 Std.", 3),
])
def test_parse(locale, text, value):
    assert parse_number(text, locale) == value


def test_a_german_thousands_dot_in_the_french_bot_is_ambiguous():
    with pytest.raises(AmbiguousNumber) as raised:
        parse_number("1.500", "fr")
    assert raised.value.readings == [Decimal("1.5"), Decimal("1500")]


@pytest.mark.parametrize("text", ["", "abc", "🙂", "1 2 3 4 x", "--5", "€"])
def test_not_numbers(text):
    with pytest.raises(NotANumber):
        parse_number(text, "de")


def test_formatting():
    assert format_money(1500, "fr") == "1\u202f500\u00a0€"
    assert format_money(1500, "de") == "1.500\u00a0€"
    assert format_number(1500.5, "de") == "1.500,5"


def test_dates_and_times_in_each_language_style():
    assert format_date(date(2026, 12, 1), "fr") == "1er décembre 2026"
    assert format_date(date(2026, 12, 1), "fr", "full") == "mardi 1er décembre 2026"
    assert format_date(date(2026, 12, 11), "fr") == "11 décembre 2026"
    assert format_date(date(2026, 12, 1), "de") == "1. Dezember 2026"
    assert format_clock(time(9), "fr") == "9\u00a0h"
    assert format_clock(time(10, 30), "fr") == "10\u00a0h\u00a030"
    assert format_clock(time(9), "de") == "09:00"


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False), st.sampled_from(["fr", "de"]))
def test_what_we_write_we_read_back(value, locale):
    assert parse_number(format_number(value, locale), locale) == value
