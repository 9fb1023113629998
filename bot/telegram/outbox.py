"""Sending what the outbox holds: right after the change that owes it, before anything else in its chat, and
in a periodic sweep for what a crash or a failed send left.

Each chat's owed messages are claimed, sent in order, and marked sent once
Telegram accepted them; the claim is renewed while a verdict's files are drawn.
The sweep takes the chat's turn among its updates (updates.py), so an owed
verdict goes out whole before the answer to a later update, and a chat is
never sent to by the sweep and a handler at once. A failure Telegram may get
over (network, flood control) leaves the rest owed for the next sweep; a
refusal (the bot blocked, the chat gone) gives the message up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import CallbackContext, JobQueue

from bot.app import Services, outbox, users
from bot.i18n import use_locale
from bot.storage import Owed, StorageError
from bot.telegram import instance
from bot.telegram.memory import ChatMemory
from bot.telegram.metrics import Metrics
from bot.telegram.screen import Part, Screen
from bot.telegram.updates import PerChatUpdates

log = logging.getLogger(__name__)

SWEEP = "owed messages"
SWEEP_EVERY = 5  # seconds between sweeps
FIRST_SWEEP = 0.5  # seconds after start: what a crash left owed goes out at once
RENEW_EVERY = outbox.LEASE.total_seconds() / 3
OTHER_CHAT_WAIT = 2.0  # seconds an update waits for what it owes another chat to go out

Deliver = Callable[[Screen, Owed], list[Part]]  # what is owed, as the messages it is sent in


class Outbox:
    """This process's sender of owed messages."""

    def __init__(self, services: Services, chats: PerChatUpdates, sender: str | None = None,
                 metrics: Metrics | None = None):
        """`metrics` counts what is sent, by kind."""
        self.services, self.chats, self.metrics = services, chats, metrics
        self.sender = sender or instance.name()  # who holds a claim: the instance
        self.deliveries: dict[str, Deliver] = {}
        self._sending: set[asyncio.Task[None]] = set()  # what `send_to` started, kept until done
        self._one_at_a_time = asyncio.Lock()  # the sweep's chats

    def delivers(self, kind: str, deliver: Deliver) -> None:
        """What is owed of `kind` is sent as `deliver` lays it out."""
        self.deliveries[kind] = deliver

    def schedule(self, job_queue: JobQueue[Any]) -> None:
        async def sweep(context: CallbackContext[Any, Any, Any, Any]) -> None:
            await self.sweep(context.bot)

        job_queue.run_repeating(sweep, interval=SWEEP_EVERY, first=FIRST_SWEEP, name=SWEEP)

    async def sweep(self, bot: Bot) -> None:
        """Send what is owed and unsent, the chat waiting longest first, each chat in its turn, until no chat
        is owed that this sweep did not try."""
        for holder in outbox.holders(self.services):
            if instance.dead_here(holder):  # a process of this machine, killed while sending: take its chats over now
                outbox.dead(self.services, holder)
        tried: set[int] = set()
        while chats := [user_id for user_id in outbox.owing(self.services) if user_id not in tried]:
            tried.update(chats)
            await asyncio.gather(*(self._swept(bot, user_id) for user_id in chats))

    async def _swept(self, bot: Bot, user_id: int) -> None:
        """One chat of the sweep, one at a time: a chat is claimed only when its turn to be sent comes (the
        others stay free for other instances to take), and a process killed mid-sweep leaves at most the one
        message in flight sent but not marked sent (sent again by whoever takes the chat over)."""
        async with self._one_at_a_time:
            await self._in_turn(bot, user_id)

    async def send_to(self, bot: Bot, user_id: int) -> None:
        """Send what is owed to another chat than the one being answered, in that chat's turn; after waiting
        OTHER_CHAT_WAIT for it, the sending goes on without this update (two chats each waiting for the
        other's turn would otherwise wait for ever)."""
        task = asyncio.create_task(self._in_turn(bot, user_id))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)
        await asyncio.wait({task}, timeout=OTHER_CHAT_WAIT)

    async def _in_turn(self, bot: Bot, user_id: int) -> None:
        async with self.chats.turn(user_id):
            await self.flush(Screen(bot, user_id, ChatMemory(self.services, user_id)))  # read if a question is shown

    async def flush(self, screen: Screen) -> None:
        """Send what is owed to the screen's chat, oldest first; stop at a failure Telegram may get over."""
        user_id = screen.chat_id
        owed_rows = outbox.claim(self.services, user_id, self.sender)
        if not owed_rows:
            return
        with use_locale(users.writes_in(self.services, user_id)):
            for owed in owed_rows:
                if not await self._send(screen, owed):
                    outbox.release(self.services, user_id, self.sender)
                    return

    async def _send(self, screen: Screen, owed: Owed) -> bool:
        """Deliver one owed message and mark it sent (or given up); False if it stays owed."""
        renewing = asyncio.create_task(self._renew(owed))
        try:
            for number, part in enumerate(self.deliveries[owed.kind](screen, owed), start=1):
                if number > owed.parts:  # the ones before went out before a crash
                    await part()
                    outbox.part_sent(self.services, owed, number)
            if self.metrics is not None:
                self.metrics.sent.labels(owed.kind).inc()
        except Forbidden:
            users.blocked_by(self.services, owed.user_id)
        except BadRequest as error:  # the chat is gone, say: sending again would not help
            log.warning("Owed message %s to user %s refused; given up: %s", owed.id, owed.user_id, error)
        except TelegramError as error:  # network down, flood control: the next sweep sends it
            log.warning("Owed message %s to user %s held back until the next sweep: %s", owed.id, owed.user_id,
                        error)
            return False
        finally:
            renewing.cancel()
        outbox.sent(self.services, owed)
        return True

    async def _renew(self, owed: Owed) -> None:
        """Keep the claim while the message goes out; a renewal the database refused is tried again at the
        next one (ended, the claim would lapse mid-send and another instance send the message again)."""
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                outbox.still_sending(self.services, owed, self.sender)
            except StorageError as error:
                log.warning("Could not renew the claim on owed message %s: %s", owed.id, error)

