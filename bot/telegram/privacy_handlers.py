"""The owner's data rights on Telegram: a copy of everything stored, and erasing it all.

Erasing asks first, and only the buttons of the latest question count: an old
"Yes" left in the chat cannot erase anything later.
"""

from __future__ import annotations

import json

from telegram import InlineKeyboardMarkup, Update

from bot import verdicts
from bot.i18n import _
from bot.services import Services
from bot.telegram.handlers import Context, for_user
from bot.telegram.keyboards import ERASE, NO, YES, button
from bot.telegram.notify import tell
from bot.telegram.screen import Screen
from bot.telegram.send import escape
from bot.telegram.sharing_handlers import NO_LONGER_SHARED
from bot.telegram.taps import dead, pressed
from bot.telegram.users import name_of
from bot.verdicts import Attachment, Conclusion

CONFIRMING = "erase_question"  # in the user's data: the message asking to confirm


class PrivacyHandlers:
    """A copy of the user's data, and its erasure."""

    def __init__(self, services: Services):
        self.services, self.store = services, services.store

    @for_user
    async def export(self, update: Update, context: Context) -> None:
        """Send everything stored about the user as a JSON file, and the PDF report if there is a verdict."""
        user_id = update.effective_user.id
        data = json.dumps(self.store.export_user(user_id), ensure_ascii=False, indent=2).encode("utf-8")
        files = [Attachment("my-data.json", data, "document")]
        stored = verdicts.latest(self.services, user_id)
        if stored is not None:
            files.append(verdicts.report(self.services, stored))
        await Screen.of(update, context).conclude(Conclusion([_("Here is everything I store about you.")], files))

    @for_user
    async def ask_erase(self, update: Update, context: Context) -> None:
        """Ask, with buttons, before erasing everything stored about the user."""
        message = await Screen.of(update, context).say(
            _("Delete everything I store about you: answers, verdicts, check-ins, reminders and shared access? "
              "This cannot be undone."),
            InlineKeyboardMarkup([[button(_("Yes, delete everything"), ERASE, value=YES),
                                   button(_("No, keep it"), ERASE, value=NO)]]))
        context.user_data[CONFIRMING] = message.message_id

    @for_user
    async def erase(self, update: Update, context: Context) -> None:
        """Erase everything about the user if confirmed on the latest question; their consultants are told."""
        press = await pressed(update)
        if press is None:
            return
        query, user_id = update.callback_query, update.effective_user.id
        if context.user_data.get(CONFIRMING) != query.message.message_id:
            await dead(update)
            return
        await query.answer()
        screen = Screen.of(update, context)
        if press.value == NO:
            del context.user_data[CONFIRMING]
            await screen.rewrite(query.message.message_id, escape(_("Nothing was deleted.")))
            return
        name, consultants = name_of(self.store, user_id), self.store.consultants_of(user_id)
        self.store.delete_user(user_id)
        context.user_data.clear()
        context.chat_data.clear()
        await screen.rewrite(query.message.message_id, escape(
            _("Everything I stored about you is deleted. If you write to me again, we start from scratch.")))
        for link in consultants:
            await tell(context.bot, self.services, link["consultant_id"], NO_LONGER_SHARED, name=name)
