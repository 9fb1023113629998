"""Answers and figures written out in the current language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any, TypeAlias

from babel.lists import format_list
from babel.numbers import get_currency_name

from bot.i18n import _, current_currency, current_language, current_locale, ngettext, pgettext
from bot.i18n.numbers import babel_locale, format_money, format_number, format_percent
from bot.render.verdict_texts import NETWORKS, ON_GOOGLE_PROFILE, ON_NETWORK
from bot.spec import Kind, Option, Question, Spec

Number: TypeAlias = float | Decimal  # figures from answers are floats; amounts from the advisor, exact decimals


def _plural(value: Number) -> int:
    """The count that picks the plural form: French says '1,5 heure', German '1,5 Stunden'."""
    if float(value).is_integer() or current_language() == "fr":
        return int(value)
    return 2


def _number(value: Number) -> str:
    return format_number(value, current_locale())


def money(value: Number, cents: bool = False) -> str:
    """An amount in the currency in use, the locale's way: '1 500 €', 'CHF 1'500', '1'500 CHF'."""
    return format_money(value, current_locale(), cents=cents, currency=current_currency())


def currency_name() -> str:
    """The currency in use as a question names it: 'euros', 'francs suisses', 'Schweizer Franken'."""
    return _currency_name(current_currency(), current_locale())


@cache
def _currency_name(currency: str, locale: str) -> str:
    """Kept: every question's wording asks for it, and Babel works out the plural each time."""
    return get_currency_name(currency, count=2, locale=babel_locale(locale))


def wording(question: Question, **context: str) -> str:
    """A question's text in the current language, its placeholders filled: `context` and the currency."""
    return _(question.text, currency=currency_name(), **context)


# A figure with its unit, by the unit's code in the specs.
_UNITS: dict[str | None, Callable[[Number], str]] = {
    "money": money,
    "money_month": lambda value: _("{amount} a month", amount=money(value)),
    "money_hour": lambda value: _("{amount} an hour", amount=money(value)),
    "percent": lambda value: format_percent(value, current_locale()),
    "hours": lambda value: ngettext("{number} hour", "{number} hours", _plural(value), number=_number(value)),
    "hours_week": lambda value: ngettext("{number} hour a week", "{number} hours a week", _plural(value),
                                         number=_number(value)),
    "people": lambda value: ngettext("{number} person", "{number} people", _plural(value), number=_number(value)),
}


def quantity(unit: str | None, value: Number) -> str:
    """A figure with its unit, e.g. '3 hours a week' or '1 500 €' (a bare number without a unit)."""
    write = _UNITS.get(unit)
    return write(value) if write else _number(value)


def option_label(option: Option) -> str:
    """An option's label in the current language, translated in the context of its question."""
    return pgettext(option.context, option.label)


def _option_label(question: Question, code: str) -> str:
    option = question.option(code)
    return option_label(option) if option else code


# A stored answer as the user would say it, by the question's kind.
_ANSWERS: dict[Kind, Callable[[Question, Any], str]] = {
    Kind.CHOICE: _option_label,
    # Options may hold commas of their own ("News, events, new products"): a semicolon tells them apart.
    Kind.MULTI: lambda question, codes: _("; ").join(_option_label(question, code) for code in codes),
    Kind.NUMBER: lambda question, value: quantity(question.unit, value),
    Kind.TEXT: lambda question, value: str(value),
    Kind.END: lambda question, value: str(value),
}


def answer(question: Question, value: Any) -> str:
    """A stored answer as the user would say it."""
    return _("(skipped)") if value is None else _ANSWERS[question.kind](question, value)


def asked(spec: Spec, answers: Mapping[str, Any]) -> list[tuple[Question, Any]]:
    """The answers to questions the spec still has, in order (those asked by an earlier
    version of the questionnaire stay stored, and in the data export)."""
    return [(spec.questions[state], value) for state, value in answers.items() if state in spec.questions]


def network_name(code: str) -> str:
    """A network's name; only the Google profile has a name in each language."""
    return _(NETWORKS[code]) if code == "google_business" else NETWORKS[code]


def on_network(code: str) -> str:
    """Where one posts, as a sentence says it: 'on Facebook', 'sur votre fiche Google', 'in Ihrem …-profil'."""
    return _(ON_GOOGLE_PROFILE) if code == "google_business" else _(ON_NETWORK, network=NETWORKS[code])


def listed(names: Iterable[str]) -> str:
    """Names (already in the current language) as one list of the language: 'a, b and c', 'a, b et c', 'a, b und c'."""
    return format_list(list(names), locale=babel_locale(current_locale()))
