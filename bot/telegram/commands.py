"""The command menu Telegram shows, in French, in German, and by default."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, _, use_locale

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", N_("Start or continue the assessment")),
    ("back", N_("Go back to the previous question")),
    ("status", N_("Where am I?")),
    ("verdict", N_("Show my verdict again")),
    ("report", N_("Send the PDF report")),
    ("checkin", N_("Check in with your figures now")),
    ("kpis", N_("Your figures so far, as a chart and a CSV file")),
    ("checkins", N_("When to remind you of check-ins; pause or stop")),
    ("timezone", N_("Set your time zone")),
    ("share", N_("Share your results with a consultant")),
    ("clients", N_("Your clients, most urgent first")),
    ("digest", N_("When your digest of clients' news comes")),
    ("export", N_("Download everything stored about you")),
    ("delete", N_("Delete everything stored about you")),
    ("restart", N_("Start again from the beginning")),
    ("language", N_("Choose French or German")),
    ("country", N_("Change the country of your business")),
    ("help", N_("How to answer")),
)


async def publish_commands(bot: Bot) -> None:
    """Register the menu for each language; without it the bot works all the same, so failures are only logged."""
    for language_code, language in ((None, DEFAULT_LANGUAGE), *((code, code) for code in LANGUAGES)):
        with use_locale(language):
            commands = [BotCommand(name, _(description)) for name, description in COMMANDS]
        try:
            await bot.set_my_commands(commands, language_code=language_code)
        except TelegramError as error:
            log.warning("Could not register the %s command menu: %s", language_code or "default", error)
