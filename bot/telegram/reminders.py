"""Reminders: one periodic sweep sends the check-ins due and the verdicts' one-off follow-ups; buttons answer them.

The sweep asks storage only for the schedules that are due (an indexed
query), so its work grows with what is due, not with the number of users.
After three reminders in a row without a check-in, the owner is asked once
whether to pause, change the rhythm or stop, and no reminder follows until
they answer; consultants who asked for news are told the client went quiet.
A reminder is marked sent once Telegram accepted it: one that fell due while
the bot was down goes out at the first sweep after start, and is not sent
again after. (Only a crash between the send and the mark could send one
twice; none is ever lost.) Sends go through the application's rate limiter.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from telegram import Bot, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import JobQueue

from bot.app import Services, schedules, users, verdicts
from bot.i18n import N_, _, use_locale
from bot.render.follow_up import follow_up_message
from bot.render.schedule import moment_text
from bot.telegram.checkin_handlers import CheckinHandlers
from bot.telegram.handlers import Context
from bot.telegram.keyboards import reminder_keyboard
from bot.telegram.news import quiet_news
from bot.telegram.schedule_handlers import ScheduleHandlers
from bot.telegram.screen import Screen
from bot.telegram.send import escape, send_text
from bot.telegram.taps import dead, message_id_of, pressed, query_of

log = logging.getLogger(__name__)

SWEEP = "check-in reminders"
SWEEP_EVERY = 60  # seconds between sweeps
FIRST_SWEEP = 1  # seconds after start: what fell due while the bot was down goes out at once
TIME_FOR_A_CHECKIN = N_("Time for your check-in! A few figures, about two minutes, and I will tell you "
                        "where you stand.")
class Reminders:
    """The sweep that sends due reminders, and the reminder's buttons."""

    def __init__(self, services: Services, checkin: CheckinHandlers, schedule: ScheduleHandlers):
        self.services, self.checkin, self.schedule_handlers = services, checkin, schedule

    def schedule(self, job_queue: JobQueue[Any]) -> None:
        """Sweep every minute, the first time right after start."""
        job_queue.run_repeating(self.sweep, interval=SWEEP_EVERY, first=FIRST_SWEEP, name=SWEEP)

    async def sweep(self, context: Context) -> None:
        """Send each due reminder and mark it sent; stop early on a failure the next sweep may not meet."""
        now = self.services.now()
        if not await self._follow_ups(context.bot, now):
            return
        for schedule in schedules.due(self.services, now):
            user_id, quiet = schedule.user_id, schedules.gone_quiet(schedule)
            try:
                await (self.schedule_handlers.ask_what_next(context.bot, schedule) if quiet
                       else self._remind(context.bot, user_id))
            except Forbidden:
                users.blocked_by(self.services, user_id)
                continue
            except BadRequest as error:  # the chat is gone, say: sending again would not help
                log.warning("Reminder to user %s refused; skipping this period: %s", user_id, error)
            except TelegramError as error:  # network down, flood limit reached: the next sweep tries again
                log.warning("Reminders held back until the next sweep: %s", error)
                return
            if quiet:
                schedules.asked_what_next(self.services, schedule)
                await quiet_news(context.bot, self.services, user_id)
            else:
                schedules.mark_sent(self.services, schedule, now)

    async def _follow_ups(self, bot: Bot, now: datetime) -> bool:
        """Send the one later message of each verdict that calls for it; False if Telegram could not be reached."""
        for due in verdicts.due_follow_ups(self.services, now):
            try:
                with use_locale(users.writes_in(self.services, due.user_id)):
                    await send_text(bot, due.user_id, "⏰ " + follow_up_message(due.stored.verdict))
            except Forbidden:
                users.blocked_by(self.services, due.user_id)
            except BadRequest as error:
                log.warning("Follow-up to user %s refused; not sending it again: %s", due.user_id, error)
            except TelegramError as error:
                log.warning("Follow-ups held back until the next sweep: %s", error)
                return False
            verdicts.follow_up_sent(self.services, due.verdict_id)
        return True

    async def _remind(self, bot: Bot, user_id: int) -> None:
        with use_locale(users.writes_in(self.services, user_id)):
            await send_text(bot, user_id, "⏰ " + _(TIME_FOR_A_CHECKIN), reminder_keyboard())

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
