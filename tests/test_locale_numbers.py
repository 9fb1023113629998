"""Numbers and money are written and read each country's way, as CLDR (Babel) has it."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import use_locale
from bot.i18n.numbers import (
    AmbiguousNumber,
    NotANumber,
    format_money,
    format_number,
    format_percent,
    home_currency,
    parse_number,
)
from bot.render.questions import _ambiguous
from bot.telegram.keyboards import number_text

LOCALES = ("fr", "de", "de_DE", "de_AT", "de_CH", "de_BE", "de_LU", "fr_FR", "fr_BE", "fr_CH", "fr_LU", "fr_CA")
S, N = "\u00a0", "\u202f"  # the no-break space between figure and symbol; French's narrow one between thousands

# locale: whole amount, amount with cents, a negative amount, a million, a number, a negative number
FORMATS = {
    "fr":    (f"1{N}500{S}€", f"1{N}500,50{S}€", f"-1{N}500{S}€", f"1{N}234{N}568{S}€", f"1{N}234{N}567,5", "-0,5"),
    "fr_FR": (f"1{N}500{S}€", f"1{N}500,50{S}€", f"-1{N}500{S}€", f"1{N}234{N}568{S}€", f"1{N}234{N}567,5", "-0,5"),
    "fr_BE": (f"1{N}500{S}€", f"1{N}500,50{S}€", f"-1{N}500{S}€", f"1{N}234{N}568{S}€", f"1{N}234{N}567,5", "-0,5"),
    "fr_LU": (f"1.500{S}€", f"1.500,50{S}€", f"-1.500{S}€", f"1.234.568{S}€", "1.234.567,5", "-0,5"),
    # Swiss French writes numbers with a comma but francs with a point (CLDR currencyDecimal).
    "fr_CH": (f"1'500{S}CHF", f"1'500.50{S}CHF", f"-1'500{S}CHF", f"1'234'568{S}CHF", "1'234'567,5", "-0,5"),
    "fr_CA": (f"1{S}500{S}$", f"1{S}500,50{S}$", f"-1{S}500{S}$", f"1{S}234{S}568{S}$", f"1{S}234{S}567,5", "-0,5"),
    "de":    (f"1.500{S}€", f"1.500,50{S}€", f"-1.500{S}€", f"1.234.568{S}€", "1.234.567,5", "-0,5"),
    "de_DE": (f"1.500{S}€", f"1.500,50{S}€", f"-1.500{S}€", f"1.234.568{S}€", "1.234.567,5", "-0,5"),
    "de_BE": (f"1.500{S}€", f"1.500,50{S}€", f"-1.500{S}€", f"1.234.568{S}€", "1.234.567,5", "-0,5"),
    "de_LU": (f"1.500{S}€", f"1.500,50{S}€", f"-1.500{S}€", f"1.234.568{S}€", "1.234.567,5", "-0,5"),
    "de_AT": (f"€{S}1.500", f"€{S}1.500,50", f"-€{S}1.500", f"€{S}1.234.568", "1.234.567,5", "-0,5"),
    "de_CH": (f"CHF{S}1'500", f"CHF{S}1'500.50", "CHF-1'500", f"CHF{S}1'234'568", "1'234'567.5", "-0.5"),
}


def test_every_locale_has_its_formats():
    assert set(FORMATS) == set(LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_money_and_numbers_in_each_locale(locale):
    assert (format_money(1500, locale), format_money(Decimal("1500.5"), locale, cents=True),
            format_money(-1500, locale), format_money(Decimal("1234567.5"), locale),
            format_number(Decimal("1234567.5"), locale), format_number(Decimal("-0.5"), locale)) == FORMATS[locale]


@pytest.mark.parametrize("locale, currency", [
    ("fr", "EUR"), ("de", "EUR"), ("de_DE", "EUR"), ("de_AT", "EUR"), ("de_CH", "CHF"), ("de_BE", "EUR"),
    ("de_LU", "EUR"), ("fr_FR", "EUR"), ("fr_BE", "EUR"), ("fr_CH", "CHF"), ("fr_LU", "EUR"), ("fr_CA", "CAD"),
])
def test_the_currency_is_the_countrys_unless_another_is_given(locale, currency):
    assert home_currency(locale) == currency


def test_another_currency_keeps_the_locales_way_of_writing():
    assert format_money(1500, "de_CH", currency="EUR") == f"EUR{S}1'500"  # CLDR: the Swiss write "EUR"
    assert format_money(1500, "fr_CH", currency="EUR") == f"1'500{S}€"
    assert format_money(1500, "de_DE", currency="CHF") == f"1.500{S}CHF"
    assert format_money(1500, "fr_FR", currency="CAD") == f"1{N}500{S}$CA"


def test_babel_keeps_every_swiss_apostrophe():
    """Babel alone drops the apostrophes of a Swiss million ("1234567.5"); ours are all there."""
    assert format_number(Decimal("1234567.5"), "de_CH") == "1'234'567.5"
    assert format_number(1234567890, "fr_CH") == "1'234'567'890"
    assert format_money(Decimal("-1234567.5"), "de_CH", cents=True) == "CHF-1'234'567.50"


@pytest.mark.parametrize("value, digits, shown", [
    (Decimal("0.125"), 2, "0,13"), (Decimal("0.135"), 2, "0,14"), (Decimal("2.5"), 0, "3"),
    (Decimal("3.5"), 0, "4"), (2.675, 2, "2,68"), (Decimal("-2.5"), 0, "-3"), (Decimal("-0.4"), 0, "0"),
    (Decimal("1.005"), 2, "1,01"), (Decimal("0.1") + Decimal("0.2"), 1, "0,3"),
])
def test_display_rounds_half_up(value, digits, shown):
    assert format_number(value, "de", digits) == shown


@pytest.mark.parametrize("locale, shown", [
    ("fr", (f"50{S}%", f"0,9{S}%", f"12,3{S}%")), ("de_DE", (f"50{S}%", f"0,9{S}%", f"12,3{S}%")),
    ("de_CH", ("50%", "0.9%", "12.3%")), ("fr_CH", ("50%", "0,9%", "12,3%")),  # CLDR: no space in Switzerland
])
def test_percentages_the_countrys_way_one_decimal_at_most_rounded_half_up(locale, shown):
    assert tuple(format_percent(points, locale) for points in (50, Decimal("0.85"), Decimal("12.25"))) == shown


def test_money_rounds_half_up():
    assert format_money(Decimal("2.5"), "fr") == f"3{S}€"
    assert format_money(Decimal("0.125"), "fr", cents=True) == f"0,13{S}€"
    assert format_money(0.5, "de_CH") == f"CHF{S}1"


AMBIGUOUS = [Decimal("1.5"), Decimal("1500")]

# locale, typed, value read (a list: ambiguous between these readings; None: no number)
PARSES = [
    # Switzerland: the Swiss, German and English ways all in use.
    ("de_CH", "1'500.50", Decimal("1500.5")), ("de_CH", "1’500", 1500), ("de_CH", "1500.–", 1500),
    ("de_CH", "1500.-", 1500), ("de_CH", "CHF 1'500", 1500), ("de_CH", "Fr. 1500", 1500),
    ("de_CH", "1'500", 1500), ("de_CH", "1.5", Decimal("1.5")), ("de_CH", "1,5", Decimal("1.5")),
    ("de_CH", "1.500,50", Decimal("1500.5")), ("de_CH", "1,500.50", Decimal("1500.5")),
    ("de_CH", "CHF-1'500.50", Decimal("-1500.5")), ("de_CH", "1'234'567.5", Decimal("1234567.5")),
    ("de_CH", "Fr. 1'500.–", 1500), ("de_CH", "1500 Franken", 1500),
    ("de_CH", "1.500", AMBIGUOUS), ("de_CH", "1,500", AMBIGUOUS),
    ("de_CH", "1.125", [Decimal("1.125"), Decimal("1125")]),
    ("fr_CH", "1 500,50", Decimal("1500.5")), ("fr_CH", "1'500.50", Decimal("1500.5")),
    ("fr_CH", "1'500,5", Decimal("1500.5")), ("fr_CH", "1500.50 CHF", Decimal("1500.5")),
    ("fr_CH", "1,5", Decimal("1.5")), ("fr_CH", "1.5", Decimal("1.5")), ("fr_CH", "1500 francs", 1500),
    ("fr_CH", "1.500", AMBIGUOUS), ("fr_CH", "1,500", AMBIGUOUS),
    # Québec: French and English.
    ("fr_CA", "1 500,50 $", Decimal("1500.5")), ("fr_CA", "1500 CAD", 1500), ("fr_CA", "1 500 $ CA", 1500),
    ("fr_CA", "1500 CA$", 1500), ("fr_CA", "1,500.50", Decimal("1500.5")), ("fr_CA", "1,5", Decimal("1.5")),
    ("fr_CA", "1.5", Decimal("1.5")), ("fr_CA", "1,500", AMBIGUOUS), ("fr_CA", "1.500", AMBIGUOUS),
    # France and French Belgium: a dot may be the thousands (print) or the decimals (phones).
    ("fr", "1.500", AMBIGUOUS), ("fr_FR", "1.500", AMBIGUOUS), ("fr_BE", "1.500", AMBIGUOUS),
    ("fr_FR", "1 500", 1500), ("fr_FR", "1,5", Decimal("1.5")), ("fr_FR", "1,500", Decimal("1.5")),
    ("fr_FR", "1.500,50 €", Decimal("1500.5")), ("fr_FR", "1.5", Decimal("1.5")), ("fr_BE", "1'500", 1500),
    # Luxembourg's French writes thousands with a dot, like German.
    ("fr_LU", "1.500", 1500), ("fr_LU", "1,5", Decimal("1.5")), ("fr_LU", "1.500,50 €", Decimal("1500.5")),
    # Germany, Austria, German Belgium and Luxembourg: the German way only.
    ("de_DE", "1.500", 1500), ("de_DE", "1,5", Decimal("1.5")), ("de_DE", "1,500", Decimal("1.5")),
    ("de_DE", "1.500,– €", 1500), ("de_DE", "1.500.000", 1500000), ("de_DE", "1.5", Decimal("1.5")),
    ("de_DE", "1'500", 1500), ("de_AT", "€ 1.500", 1500), ("de_AT", "-€ 1.500,50", Decimal("-1500.5")),
    ("de_AT", "1.500", 1500), ("de_AT", "1,5", Decimal("1.5")), ("de_BE", "1.500", 1500),
    ("de_LU", "1.500", 1500), ("de_LU", "1,5", Decimal("1.5")),
    # No number at all.
    ("de_CH", "CHF", None), ("fr_CA", "$", None), ("de_CH", ".–", None), ("fr_CH", "1'5x", None),
    # A space or an apostrophe between digits groups thousands, or the text is no figure (not 15, 34, 12345).
    ("de_CH", "1'5", None), ("fr", "3 4", None), ("fr", "1 2345", None), ("de", "12 000 EUR", 12000),
    ("fr", "+1 500", 1500), ("fr", "- 5", -5),
    ("fr_CH", "1 500 francs suisses", 1500), ("de_CH", "1500 Schweizer Franken", 1500),
]


@pytest.mark.parametrize("locale, text, expected", PARSES)
def test_reading_each_countrys_way(locale, text, expected):
    if expected is None:
        with pytest.raises(NotANumber):
            parse_number(text, locale)
    elif isinstance(expected, list):
        with pytest.raises(AmbiguousNumber) as raised:
            parse_number(text, locale)
        assert raised.value.readings == expected
    else:
        assert parse_number(text, locale) == expected


@pytest.mark.parametrize("locale", LOCALES)
def test_a_swiss_apostrophe_is_a_thousands_mark_everywhere(locale):
    assert parse_number("1'500", locale) == 1500


amounts = st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(amounts, st.sampled_from(LOCALES))
def test_a_number_we_write_we_read_back(value, locale):
    assert parse_number(format_number(value, locale), locale) == value


@given(amounts, st.sampled_from(LOCALES))
def test_an_amount_we_write_we_read_back(value, locale):
    assert parse_number(format_money(value, locale, cents=True), locale) == value


@given(st.integers(min_value=-10**9, max_value=10**9), st.sampled_from(LOCALES))
def test_a_whole_amount_we_write_we_read_back(value, locale):
    assert parse_number(format_money(value, locale), locale) == value


@given(amounts, st.sampled_from(LOCALES), st.sampled_from(["EUR", "CHF", "CAD"]))
def test_an_amount_in_any_currency_we_read_back(value, locale, currency):
    assert parse_number(format_money(value, locale, cents=True, currency=currency), locale) == value


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("value", ["1.125", "1500.5", "0.125", "1234567.125", "12", "1500", "2.5"])
def test_a_suggestion_button_is_read_back_as_its_figure(locale, value):
    with use_locale(locale):
        assert parse_number(number_text(value), locale) == Decimal(value)


def test_a_suggestion_is_sent_the_owners_way():
    with use_locale("de_CH"):
        assert number_text("1500.5") == "1'500.5"
        assert number_text("1.125") == "1.1250"  # "1.125" could be 1125 the German way
    with use_locale("de_DE"):
        assert number_text("1.125") == "1,125"


@pytest.mark.parametrize("locale, readings, first, second", [
    ("de_CH", [Decimal("1.125"), Decimal("1125")], "1.125", "1'125"),
    ("fr_CA", [Decimal("1.5"), Decimal("1500")], "1,5", f"1{S}500"),
    ("fr_FR", [Decimal("1.5"), Decimal("1500")], "1,5", f"1{N}500"),
])
def test_the_two_readings_are_asked_back_the_owners_way(locale, readings, first, second):
    with use_locale(locale):
        question = _ambiguous(None, {"readings": readings})  # type: ignore[arg-type]
    assert f" {first} " in question and f" {second}" in question
