"""Where the business is, as the owner is told it was noted."""

from __future__ import annotations

from bot.i18n import _, current_language, current_locale, use_currency
from bot.i18n.markets import Market, country_name, region_name
from bot.render.values import currency_name


def place(market: Market) -> str:
    """The country, and the region if given: "Schweiz (Genf)"."""
    country = country_name(market.country, current_locale())
    if market.region is None:
        return country
    return _("{country} ({region})", country=country,
             region=region_name(market.country, market.region, current_language()))


def market_noted(market: Market, kept: str | None) -> str:
    """The confirmation of a new country, in its locale; `kept`: the currency an assessment under way keeps."""
    lines = [_("Noted: {place}. Amounts are in {currency}.", place=place(market), currency=currency_name())]
    if kept:
        with use_currency(kept):
            lines.append(_("Your assessment under way keeps its amounts in {currency}.", currency=currency_name()))
    return " ".join(lines)
