"""Check-ins on Telegram: start one, and see the KPI history as text, chart and CSV file.

The check-in's questions go through `Handlers` like the assessment's: while
a check-in is open, typed answers and answer buttons reach it.
"""

from __future__ import annotations

from telegram import Update

from bot.app import Services, checkins, verdicts
from bot.app.callers import CHECKIN, again
from bot.app.conclusions import Conclusion
from bot.i18n import _
from bot.render.follow_up import why_no_checkin
from bot.telegram.handlers import Context, Handlers
from bot.telegram.screen import Screen


class CheckinHandlers:
    """Starting check-ins and looking back at them; `dialogue` asks the questions."""

    def __init__(self, services: Services, dialogue: Handlers):
        self.services, self.dialogue = services, dialogue

    async def start(self, update: Update, context: Context) -> None:
        """Start a check-in on the plan's networks, or carry on with the open one, and ask its question."""
        await self.begin(update, context)

    async def begin(self, update: Update, context: Context) -> None:
        """Ask the open check-in's question, starting a check-in if none is open; without a verdict, give a hint."""
        caller = context.caller
        await self.dialogue.recover_verdict(Screen.of(update, context), context)
        if caller.dialog != CHECKIN:
            if checkins.start(self.services, caller.id) is None:
                stored = verdicts.latest(self.services, caller.id)
                await Screen.of(update, context).say(why_no_checkin(stored.verdict if stored else None))
                return
            context.caller = again(self.services, caller)
        await self.dialogue.show_current(update, context, greet=True)

    async def kpis(self, update: Update, context: Context) -> None:
        """Send the KPI history as text and trend chart, and as a CSV file for a spreadsheet."""
        user_id = context.caller.id
        overview = checkins.overview(self.services, user_id)
        screen = Screen.of(update, context)
        if overview is None:
            await screen.say(_("There is no check-in yet. Send /checkin to do the first one."))
            return
        table = checkins.history_table(self.services, user_id)
        await screen.conclude(Conclusion(overview.messages, [*overview.attachments, table]))
