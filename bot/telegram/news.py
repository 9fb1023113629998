"""Consultants' news on Telegram: the digest sweep, the notices that cannot wait, and /digest to choose its rhythm.

The sweep asks storage only for the digests that are due (an indexed query).
Each is owed in the outbox in the transaction that moves it on (only one
sweep can: several instances never owe it twice), with where its news start;
it is written when sent, from what is stored, and sent once Telegram took it
(outbox.py); one with nothing to tell is not sent. A decision overdue is owed
the same way, noted once per plan and point. The notices that cannot wait go
through `notify.tell_written`, in the consultant's language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.ext import JobQueue

from bot.app import Services, consultants, digests, portfolio, schedules
from bot.app.callers import ASSESSMENT
from bot.i18n import _
from bot.render.digest import decision_notice, digest_message, digest_text, overdue_notice, quiet_notice
from bot.storage import Decision, Owed
from bot.telegram.handlers import Context
from bot.telegram.keyboards import digest_hours_keyboard, digest_keyboard
from bot.telegram.notify import tell_written
from bot.telegram.outbox import Outbox
from bot.telegram.screen import Part, Screen
from bot.telegram.send import escape
from bot.telegram.taps import message_id_of, pressed, query_of

SWEEP, WATCH = "consultant digests", "decisions overdue"
SWEEP_EVERY, WATCH_EVERY = 60, 3600  # seconds: digests are due by the minute, the notices by the day


class ConsultantNews:
    """Digests, notices, and the consultant's choice of rhythm."""

    def __init__(self, services: Services, outbox: Outbox):
        self.services, self.outbox = services, outbox
        self.spec = services.specs[ASSESSMENT]

    def schedule(self, job_queue: JobQueue[Any]) -> None:
        """Sweep the digests every minute and look for decisions overdue every hour, both right after start."""
        job_queue.run_repeating(self.sweep, interval=SWEEP_EVERY, first=2, name=SWEEP)
        job_queue.run_repeating(self.watch, interval=WATCH_EVERY, first=3, name=WATCH)

    async def sweep(self, context: Context) -> None:
        """Owe each digest due, then send what is owed."""
        if digests.owe_due(self.services, self.services.now()):
            await self.outbox.sweep(context.bot)

    async def watch(self, context: Context) -> None:
        """Owe each consultant who asked for news a notice of each client whose decision became overdue, once;
        then send what is owed."""
        now, owed = self.services.now(), 0
        for consultant_id in digests.listening(self.services):
            digests.ensure(self.services, consultant_id, now)  # who asked for news before digests: weekly
            owed += digests.owe_overdue(self.services, consultant_id, now)
        if owed:
            await self.outbox.sweep(context.bot)

    def digest(self, screen: Screen, owed: Owed) -> list[Part]:
        """A digest owed: what changed among her clients between the last one and this (nothing: no message)."""
        found = digests.digest_owed(self.services, owed)
        if not found:
            return []
        assert owed.since is not None
        since = owed.since.astimezone(schedules.local_zone(self.services, owed.user_id))
        return [partial(screen.say, digest_message(found, since, self.spec))]

    def overdue(self, screen: Screen, owed: Owed) -> list[Part]:
        """A client's decision overdue, owed to the consultant (none if taken since, or her news of them ended)."""
        standing = digests.overdue_owed(self.services, owed)
        return [] if standing is None else [partial(screen.say, overdue_notice(standing, self.spec))]

    # ------------------------------------------------------------- /digest
    async def show(self, update: Update, context: Context) -> None:
        """Say when the digest comes, with buttons to have it daily, weekly, or not at all."""
        await Screen.of(update, context).say(*self._settings(context.caller.id))

    async def choose(self, update: Update, context: Context) -> None:
        """Ask the hour of a daily or weekly digest, or set it (or none), as the button says; then show it."""
        press = await pressed(update)
        if press is None:
            return
        query, consultant_id = query_of(update), context.caller.id
        await query.answer()
        every, _sep, hour = press.value.partition(":")
        screen = Screen.of(update, context)
        if every != "off" and not hour:
            await screen.rewrite(message_id_of(query), escape(_("At what time?")), digest_hours_keyboard(every))
            return
        current = digests.digest_of(self.services, consultant_id)
        digests.choose(self.services, consultant_id, every,
                       int(hour) if hour else (current.hour if current else digests.DEFAULT_HOUR), self.services.now())
        text, keyboard = self._settings(consultant_id)
        await screen.rewrite(message_id_of(query), escape(text), keyboard)

    def _settings(self, consultant_id: int) -> tuple[str, InlineKeyboardMarkup]:
        zone = schedules.user_timezone(self.services, consultant_id)
        return (digest_text(digests.digest_of(self.services, consultant_id), zone, digests.WEEKLY_ON),
                digest_keyboard())


def decision_news(bot: Bot, services: Services, owner_id: int, decision: Decision) -> list[Part]:
    """What a decision owes the owner's consultants who asked for news: which decision the owner took, with their
    figures, one message each (sent from the outbox: a crash repeats at most the one in flight)."""
    spec = services.specs[ASSESSMENT]
    return _news(bot, services, owner_id, lambda standing: decision_notice(standing, decision, spec))


def quiet_news(bot: Bot, services: Services, owner_id: int) -> list[Part]:
    """What a client gone quiet owes the owner's consultants who asked for news: that, with their figures, one
    message each (sent from the outbox: a crash repeats at most the one in flight)."""
    spec = services.specs[ASSESSMENT]
    return _news(bot, services, owner_id, lambda standing: quiet_notice(standing, spec))


def _news(bot: Bot, services: Services, owner_id: int, notice: Callable[[portfolio.Standing], str]) -> list[Part]:
    """One part per consultant to tell, each written in her language with the client's figures when it is sent;
    a failure Telegram may get over is raised, for the outbox to send it again."""
    def part(consultant_id: int) -> Part:
        def write() -> str:
            return notice(portfolio.standing(services, owner_id, services.now()))
        return partial(tell_written, bot, services, consultant_id, write, True)

    return [part(consultant_id) for consultant_id in consultants.to_tell(services, owner_id)]
