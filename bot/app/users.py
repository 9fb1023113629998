"""Users' settings and standing: their language, their name as others see it, blocking the bot."""

from __future__ import annotations

from bot.app import schedules
from bot.app.callers import ASSESSMENT, Sender
from bot.app.services import Services
from bot.i18n import DEFAULT_LANGUAGE, supported
from bot.i18n.markets import Market, locale_for
from bot.spec import MONEY_UNITS


def set_language(services: Services, user_id: int, language: str) -> None:
    services.store.set_language(user_id, language)


def set_market(services: Services, user_id: int, market: Market) -> str | None:
    """Where the business is; returns the currency an assessment under way keeps, if not the market's.
    An assessment under way takes the new country from its next question on, and
    its currency unless an amount was given already (amounts keep the currency they were given in);
    check-ins follow the country's holidays, and its time zone unless the owner named one.
    All of it is stored together, or none of it, from the assessment as it stands under the owner's lock."""
    store = services.store
    with store.transaction():
        store.lock_user(user_id)
        store.set_market(user_id, market.country, market.region)
        kept = None
        open_assessment = store.active_conversation(user_id, ASSESSMENT)
        if open_assessment is not None and not open_assessment.finished:
            store.carry_answers(open_assessment.id, {"country": market.country})
            questions = services.specs[ASSESSMENT].questions
            given_amounts = any(question in questions and questions[question].unit in MONEY_UNITS
                                for question in store.answers(open_assessment.id))
            if not given_amounts:
                store.set_currency(open_assessment.id, market.currency)
            elif open_assessment.currency != market.currency:
                kept = open_assessment.currency
        schedules.reschedule(services, user_id, services.now())
    return kept


def writes_in(services: Services, user_id: int) -> str:
    """The locale to write to a user in unasked (a reminder, a notice): theirs, else the default language."""
    user = services.store.user(user_id)
    return locale_for((user and user.language) or DEFAULT_LANGUAGE, user.country if user else None)


def name_of(services: Services, user_id: int) -> str | None:
    """The first name the user goes by, as others are shown it (None if unknown)."""
    user = services.store.user(user_id)
    return user.name if user else None


def mark_blocked(services: Services, sender: Sender, blocked: bool = True) -> None:
    """Remember that the sender blocked the bot (so nothing more is sent), or no longer does."""
    services.store.ensure_user(sender.id, language=supported(sender.language_code), name=sender.name)
    if blocked:
        blocked_by(services, sender.id)
    else:
        services.store.set_blocked(sender.id, None)


def blocked_by(services: Services, user_id: int) -> None:
    """Note that a known user blocked the bot, and stop their check-in reminders until they come back."""
    with services.store.transaction():
        services.store.set_blocked(user_id, services.store.now())
        schedules.stop_for_blocked(services, user_id)
