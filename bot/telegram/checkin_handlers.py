"""Check-ins on Telegram: start one, and see the KPI history as text, chart and CSV file.

The check-in's questions go through `Handlers` like the assessment's: while
a check-in is open, typed answers and answer buttons reach it.
"""

from __future__ import annotations

from telegram import Update

from bot import checkins, verdicts
from bot.engine import View
from bot.i18n import N_, _
from bot.services import Services
from bot.telegram.handlers import CHECKIN, Context, Handlers, active_dialog, for_user
from bot.telegram.screen import Screen
from bot.verdicts import Attachment, Conclusion

NEEDS_VERDICT = N_("A check-in compares your figures with your plan, so it needs your verdict first. "
                   "Send /start to finish the assessment.")
NO_NETWORK = N_("Your verdict recommends no social network for now, so there are no figures to check. "
                "Send /restart if your business has changed.")


def conclude_checkin(services: Services, user_id: int, view: View) -> Conclusion:
    """The advice after a finished check-in, with the trend chart."""
    return checkins.conclude(services, user_id, services.now())


class CheckinHandlers:
    """Starting check-ins and looking back at them; `dialogue` asks the questions."""

    def __init__(self, services: Services, dialogue: Handlers):
        self.services, self.store, self.dialogue = services, services.store, dialogue

    @for_user
    async def start(self, update: Update, context: Context) -> None:
        """Start a check-in on the plan's networks, or carry on with the open one, and ask its question."""
        await self.begin(update, context)

    async def begin(self, update: Update, context: Context) -> None:
        """Ask the open check-in's question, starting a check-in if none is open; without a verdict, give a hint."""
        user_id = update.effective_user.id
        if active_dialog(self.store, user_id) != CHECKIN and checkins.start(self.services, user_id) is None:
            hint = NEEDS_VERDICT if verdicts.latest(self.services, user_id) is None else NO_NETWORK
            await Screen.of(update, context).say(_(hint))
            return
        await self.dialogue.show_current(update, context, greet=True)

    @for_user
    async def kpis(self, update: Update, context: Context) -> None:
        """Send the KPI history as text and trend chart, and as a CSV file for a spreadsheet."""
        user_id = update.effective_user.id
        overview = checkins.overview(self.services, user_id)
        screen = Screen.of(update, context)
        if overview is None:
            await screen.say(_("There is no check-in yet. Send /checkin to do the first one."))
            return
        table = Attachment("check-ins.csv", checkins.history_csv(self.services, user_id), "document")
        await screen.conclude(Conclusion(overview.messages, [*overview.attachments, table]))
