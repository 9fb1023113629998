"""Where the business is, on Telegram: the country by buttons (the likeliest first), then its region.

Asked once, right after the language, and again with /country. The country
sets the locale, the currency and the time zone; the region only the public
holidays the reminders avoid. Region buttons carry their country, so one
left from an earlier choice of country is dead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.app import Services, users
from bot.app.callers import Caller, again
from bot.i18n import N_, _, current_locale, use_locale
from bot.i18n.markets import Market, countries_for, country_name, guess_country, regions
from bot.render.market import market_noted
from bot.telegram.context import AdvisorContext as Context
from bot.telegram.keyboards import country_keyboard, region_keyboard
from bot.telegram.screen import Screen
from bot.telegram.send import escape
from bot.telegram.taps import dead, message_id_of, pressed, query_of

ASK_COUNTRY = N_("Where is your business? Your currency, how figures are written and the public holidays "
                 "that reminders avoid follow from it.")
# Which region, by country; only the public holidays depend on it.
ASK_REGION = {
    "DE": N_("In which federal state? Only the public holidays depend on it."),
    "AT": N_("In which federal state? Only the public holidays depend on it."),
    "CH": N_("In which canton? Only the public holidays depend on it."),
    "CA": N_("In which province or territory? Only the public holidays and the time zone depend on it."),
    "FR": N_("Is your business in one of these areas, which have public holidays of their own? "
             "If not, skip."),
}


async def ask_country(screen: Screen, caller: Caller, language_code: str | None) -> None:
    """Offer the countries for the caller's language, theirs (or the likeliest) first."""
    language = caller.speaks
    guess = caller.user.country if caller.user.country in countries_for(language) \
        else guess_country(language, language_code)
    await screen.say(_(ASK_COUNTRY), country_keyboard(countries_for(language), guess))


class MarketHandlers:
    """/country, and the buttons of the country and region prompts."""

    def __init__(self, services: Services, carry_on: Callable[[Update, Context], Awaitable[None]]):
        self.services = services
        self.carry_on = carry_on  # shows the question waiting (or greets a newcomer)

    async def ask(self, update: Update, context: Context) -> None:
        user = update.effective_user
        await ask_country(Screen.of(update, context), context.caller, user.language_code if user else None)

    async def choose_country(self, update: Update, context: Context) -> None:
        """Keep the country; ask for its region where it has any, else confirm and carry on."""
        press = await pressed(update)
        if press is None:
            return
        if press.value not in countries_for(context.caller.speaks):
            await dead(update)
            return
        await query_of(update).answer()
        market = Market(press.value)
        if regions(market.country):
            users.set_market(self.services, context.caller.id, market)
            screen = Screen.of(update, context)
            await screen.rewrite(message_id_of(query_of(update)), escape(country_name(market.country,
                                                                                       current_locale())))
            await screen.say(_(ASK_REGION[market.country]), region_keyboard(market.country))
            return
        await self._settle(update, context, market)

    async def choose_region(self, update: Update, context: Context) -> None:
        """Keep the region (or none), confirm and carry on; a region of a country no longer chosen is dead."""
        press = await pressed(update)
        if press is None:
            return
        country, _sep, region = press.value.partition(":")
        if country != context.caller.user.country or (region and region not in regions(country)):
            await dead(update)
            return
        await query_of(update).answer()
        await self._settle(update, context, Market(country, region or None))

    async def _settle(self, update: Update, context: Context, market: Market) -> None:
        """Store the market, say so in the new locale (and what an assessment under way keeps), carry on."""
        kept = users.set_market(self.services, context.caller.id, market)
        context.caller = again(self.services, context.caller)
        with use_locale(context.caller.locale):
            noted = escape(market_noted(market, kept))
            await Screen.of(update, context).rewrite(message_id_of(query_of(update)), noted)
            await self.carry_on(update, context)
