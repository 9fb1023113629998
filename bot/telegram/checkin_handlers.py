"""Check-ins on Telegram: start one, decide at six and nine months, see the KPI history as text, chart and CSV.

The check-in's questions go through `Handlers` like the assessment's: while
a check-in is open, typed answers and answer buttons reach it.
"""

from __future__ import annotations

from functools import partial

from telegram import Update

from bot.app import Services, checkins, verdicts
from bot.app.callers import CHECKIN, again
from bot.app.conclusions import Conclusion
from bot.engine import View
from bot.i18n import _
from bot.render.follow_up import why_no_checkin
from bot.render.progress import DECIDED, decision_question
from bot.storage import Owed
from bot.telegram.handlers import Context, Handlers
from bot.telegram.keyboards import decision_keyboard
from bot.telegram.news import decision_news
from bot.telegram.screen import Part, Screen
from bot.telegram.taps import dead, message_id_of, pressed, query_of


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
        if caller.dialog != CHECKIN:
            if checkins.start(self.services, caller.id) is None:
                stored = verdicts.latest(self.services, caller.id)
                await Screen.of(update, context).say(why_no_checkin(stored.verdict if stored else None))
                return
            context.caller = again(self.services, caller)
        await self.dialogue.show_current(update, context, greet=True)

    async def offer_decision(self, screen: Screen, user_id: int, view: View) -> None:
        """After a check-in at six or nine months, ask the owner to choose what they will do."""
        due = checkins.decision_due(self.services, user_id) if view.spec.name == CHECKIN else None
        if due is not None:
            await screen.say(decision_question(due.milestone, due.advised, due.started),
                             decision_keyboard(due.number, due.milestone))

    async def decide(self, update: Update, context: Context) -> None:
        """Store the choice at the point and plan the button names and say it is noted; a point decided
        before keeps its first decision, and the owner is told which."""
        if press := await pressed(update):
            number, milestone, chosen = press.value.split(":")
            decided = checkins.decide(self.services, context.caller.id, int(number), int(milestone), chosen)
            if decided is None:
                await dead(update)
                return
            decision = decided.decision
            if not decided.new:
                await query_of(update).answer(_("Already decided at {months} months: {choice}.",
                                                months=decision.milestone, choice=_(DECIDED[decision.chosen])))
                return
            await query_of(update).answer()
            screen = Screen.of(update, context)
            await screen.rewrite(message_id_of(query_of(update)))  # the choices go; what was chosen is noted below
            await self.dialogue.outbox.flush(screen)  # owed since the decision was stored

    def noted(self, screen: Screen, owed: Owed) -> list[Part]:
        """What a decision taken owes: the owner told it is noted, their consultants who asked for news told."""
        decision = checkins.decision_owed(self.services, owed)
        if decision is None:  # erased since
            return []
        noted = _("Noted for {months} months: {choice}. You will find it in /kpis, with your figures.",
                  months=decision.milestone, choice=_(DECIDED[decision.chosen]))
        if decision.chosen == "reevaluate":
            noted += "\n" + _("To rethink it, send /restart: a new assessment offers your answers of last "
                              "time again, and your verdict stays in your history.")
        return [partial(screen.say, noted), *decision_news(screen.bot, self.services, owed.user_id, decision)]

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
