"""Answers and figures written out in the current language."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_percent

from bot.i18n import _, current_locale, ngettext
from bot.i18n.numbers import format_money, format_number
from bot.render.verdict_texts import NETWORKS
from bot.spec import Question


def quantity(unit: str | None, value: float) -> str:
    """A figure with its unit, e.g. '3 hours a week' or '1 500 €'."""
    locale = current_locale()
    if unit == "eur":
        return format_money(value, locale)
    if unit == "eur_month":
        return _("{amount} a month", amount=format_money(value, locale))
    if unit == "eur_hour":
        return _("{amount} an hour", amount=format_money(value, locale))
    if unit == "percent":
        return format_percent(value / 100, locale=locale)
    number = format_number(value, locale)
    if unit == "hours":
        return ngettext("{number} hour", "{number} hours", _plural(value), number=number)
    if unit == "hours_week":
        return ngettext("{number} hour a week", "{number} hours a week", _plural(value), number=number)
    if unit == "people":
        return ngettext("{number} person", "{number} people", _plural(value), number=number)
    return number


def _plural(value: float) -> int:
    """The count that picks the plural form: French says '1,5 heure', German '1,5 Stunden'."""
    if float(value).is_integer() or current_locale() == "fr":
        return int(value)
    return 2


def answer(question: Question, value: Any) -> str:
    """A stored answer as the user would say it."""
    if value is None:
        return _("(skipped)")
    if question.kind == "choice":
        return _(question.option(value).label)
    if question.kind == "multi":
        return ", ".join(_(question.option(code).label) for code in value)
    if question.kind == "number":
        return quantity(question.unit, value)
    return str(value)


def network_name(code: str) -> str:
    """A network's name; only the Google profile has a name in each language."""
    return _(NETWORKS[code]) if code == "google_business" else NETWORKS[code]
