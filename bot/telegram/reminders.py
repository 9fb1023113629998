"""Reminders: one periodic sweep owes the check-ins due and the verdicts' one-off follow-ups; buttons answer them.

The sweep asks storage only for the schedules that are due (an indexed
query), so its work grows with what is due, not with the number of users.
After three reminders in a row without a check-in, the owner is asked once
whether to pause, change the rhythm or stop, and no reminder follows until
they answer; consultants who asked for news are told the client went quiet.
Each reminder (or that question) is owed in the outbox in the same transaction
that moves its schedule on (only one sweep can move it: several processes
never owe it twice), and sent from there like every message owed: one that
fell due while the bot was down goes out at the first sweep after start, a
failed send is tried again, and none is lost (see outbox.py).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from telegram import Update
from telegram.ext import JobQueue

from bot.app import Services, schedules, verdicts
from bot.i18n import N_, _
from bot.render.follow_up import follow_up_message
from bot.render.schedule import moment_text
from bot.storage import Owed
from bot.telegram.checkin_handlers import CheckinHandlers
from bot.telegram.handlers import Context
from bot.telegram.keyboards import reminder_keyboard
from bot.telegram.news import quiet_news
from bot.telegram.outbox import Outbox
from bot.telegram.schedule_handlers import ScheduleHandlers
from bot.telegram.screen import Part, Screen
from bot.telegram.send import escape
from bot.telegram.taps import dead, message_id_of, pressed, query_of

log = logging.getLogger(__name__)

SWEEP = "check-in reminders"
SWEEP_EVERY = 60  # seconds between sweeps
FIRST_SWEEP = 1  # seconds after start: what fell due while the bot was down goes out at once
TIME_FOR_A_CHECKIN = N_("Time for your check-in! A few figures, about two minutes, and I will tell you "
                        "where you stand.")


class Reminders:
    """The sweep that owes due reminders and follow-ups, how they read, and the reminder's buttons."""

    def __init__(self, services: Services, checkin: CheckinHandlers, schedule: ScheduleHandlers, outbox: Outbox):
        self.services, self.checkin, self.schedule_handlers, self.outbox = services, checkin, schedule, outbox

    def schedule(self, job_queue: JobQueue[Any]) -> None:
        """Sweep every minute, the first time right after start."""
        job_queue.run_repeating(self.sweep, interval=SWEEP_EVERY, first=FIRST_SWEEP, name=SWEEP)

    async def sweep(self, context: Context) -> None:
        """Owe each follow-up and reminder due, then send what is owed."""
        now = self.services.now()
        if verdicts.owe_follow_ups(self.services, now) + schedules.owe_reminders(self.services, now):
            await self.outbox.sweep(context.bot)

    def reminder(self, screen: Screen, owed: Owed) -> list[Part]:
        """A reminder owed, with its buttons; none if the schedule was paused or stopped since it fell due."""
        if schedules.reminder_owed(self.services, owed) is None:
            return []
        return [partial(screen.say, "⏰ " + _(TIME_FOR_A_CHECKIN), reminder_keyboard())]

    def follow_up(self, screen: Screen, owed: Owed) -> list[Part]:
        """A verdict's one later message owed (checking the readiness fixes, or a new look after six months)."""
        verdict = verdicts.follow_up_owed(self.services, owed)
        return [] if verdict is None else [partial(screen.say, "⏰ " + follow_up_message(verdict))]

    def what_next(self, screen: Screen, owed: Owed) -> list[Part]:
        """After three unanswered reminders: the owner asked whether to pause, change the rhythm or stop, and
        their consultants who asked for news told the client went quiet (none if the owner answered since)."""
        schedule = schedules.what_next_owed(self.services, owed)
        if schedule is None:
            return []
        return [partial(self.schedule_handlers.ask_what_next, screen.bot, schedule),
                *quiet_news(screen.bot, self.services, owed.user_id)]

    async def answer(self, update: Update, context: Context) -> None:
        """Start the check-in, or remind again tomorrow, or skip this period, as the button says."""
        press = await pressed(update)
        if press is None:
            return
        query, user_id = query_of(update), context.caller.id
        screen = Screen.of(update, context)
        if press.value == "start":
            await query.answer()
            await screen.rewrite(message_id_of(query))
            await self.checkin.begin(update, context)
            return
        schedule = schedules.schedule_of(self.services, user_id)
        if schedule is None or schedule.status != "active":
            await dead(update)
            return
        now = self.services.now()
        if press.value == "tomorrow":
            again = schedules.snooze(self.services, user_id, now) or schedule.next_due_at
            note = _("Fine, I will remind you on {when}.", when=moment_text(again, schedule.timezone))
        else:
            due = schedules.skip_period(self.services, user_id, now) or schedule.period_due_at
            note = _("Fine, let's skip this one. Next check-in: {when}.", when=moment_text(due, schedule.timezone))
        await query.answer()
        await screen.rewrite(message_id_of(query), escape(note))
