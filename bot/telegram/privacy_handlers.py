"""The owner's data rights on Telegram: a copy of everything stored, and erasing it all.

Erasing asks first, and only the buttons of the latest question count: an old
"Yes" left in the chat cannot erase anything later.
"""

from __future__ import annotations

from telegram import Update

from bot.app import Services, privacy
from bot.app.conclusions import Conclusion
from bot.i18n import _
from bot.render.clients import person
from bot.telegram.callbacks import NO
from bot.telegram.handlers import Context
from bot.telegram.keyboards import erase_keyboard
from bot.telegram.notify import tell
from bot.telegram.screen import Screen
from bot.telegram.send import escape
from bot.telegram.sharing_handlers import NO_LONGER_SHARED
from bot.telegram.taps import dead, message_id_of, pressed, query_of

CONFIRMING = "erase_question"  # in the chat's memory: the message asking to confirm


class PrivacyHandlers:
    """A copy of the user's data, and its erasure."""

    def __init__(self, services: Services):
        self.services = services

    async def export(self, update: Update, context: Context) -> None:
        """Send everything stored about the user as a JSON file, and the PDF report if there is a verdict."""
        files = privacy.export(self.services, context.caller.id)
        await Screen.of(update, context).conclude(Conclusion([_("Here is everything I store about you.")], files))

    async def ask_erase(self, update: Update, context: Context) -> None:
        """Ask, with buttons, before erasing everything stored about the user."""
        message = await Screen.of(update, context).say(
            _("Delete everything I store about you: answers, verdicts, check-ins, reminders and shared access? "
              "This cannot be undone."),
            erase_keyboard())
        context.memory.set(CONFIRMING, message.message_id)

    async def erase(self, update: Update, context: Context) -> None:
        """Erase everything about the user if confirmed on the latest question; their consultants are told."""
        press = await pressed(update)
        if press is None:
            return
        query, user_id = query_of(update), context.caller.id
        message_id = message_id_of(query)
        if context.memory.get(CONFIRMING) != message_id:
            await dead(update)
            return
        await query.answer()
        screen = Screen.of(update, context)
        if press.value == NO:
            context.memory.drop(CONFIRMING)
            await screen.rewrite(message_id, escape(_("Nothing was deleted.")))
            return
        erased = privacy.erase(self.services, user_id)
        context.memory.forget_all()  # erased with the rest
        await screen.rewrite(message_id, escape(
            _("Everything I stored about you is deleted. If you write to me again, we start from scratch.")))
        for consultant_id in erased.consultants:
            await tell(context.bot, self.services, consultant_id, NO_LONGER_SHARED, name=person(erased.name))
