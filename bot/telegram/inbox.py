"""The application's update queue, written through to storage and shared by every instance of the bot.

Every update enters the application through this queue, whether fetched by
polling or posted to the webhook. It is kept in storage before it is queued
(so before python-telegram-bot confirms it to Telegram, or the webhook
answers 200), under its id: a second delivery, to this instance or another,
is dropped on arrival.

Then the update is handled by exactly one instance, in order per chat
(bot/app/inbox.py): the instance that receives it claims its chat, unless
another instance holds the chat, which then handles it after the ones in its
hands (as it marks each handled, it claims what the chat received since). A
chat this instance holds already needs no claim: its update comes after the
one in hand. A sweep every second claims the chats that no live instance
holds (a claim that missed, a dead instance's chats after the lease), and
the claims of this instance are renewed while it holds them; at start, the
sweep's first run takes what was left unhandled (`replay`), never what a
live instance holds.

An update whose replies Telegram held back (flood control outlasting the
retries) stays held and is handled again once Telegram's wait is over
(`later`): what it changed was stored with its update id and is not applied
twice; what it should have shown is shown then. The chat's later updates
wait for it, so the chat's order holds.

An instance that is stopping (`taking` false) finishes what it queued and takes
nothing more: neither the chats the sweep finds, nor what a chat it holds
received meanwhile from another instance; that stays held until the instance
lets go of everything it holds (`release`) for another to take at once. Behind a
load balancer the owners keep answering during a drain, so an instance taking
its chats' new updates would never finish.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram import Bot, Update
from telegram.ext import CallbackContext, JobQueue

from bot.app import Services, inbox
from bot.app.leases import LEASE
from bot.storage import Kept, StorageError
from bot.telegram import instance

log = logging.getLogger(__name__)

SWEEP = "updates left unclaimed"
SWEEP_EVERY = 1.0  # seconds between sweeps: how soon a chat no live instance holds is taken
RENEW = "update claims renewed"
RENEW_EVERY = LEASE.total_seconds() / 3
FORGET = "handled updates forgotten"
FORGET_EVERY = 3600  # seconds between two clean-ups of the ids of updates handled a day ago
# Sweeps left out after one found storage failing: each would hold the event loop up to the pool's wait
# (5 s, postgres.py) while the owners' updates wait behind it.
PAUSE_AFTER_FAILURE = 10


def chat_of(update: Update) -> int:
    """The chat whose order the update keeps: its chat, or its sender's private chat (0: neither)."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else 0


class Inbox(asyncio.Queue[object]):
    def __init__(self, services: Services, holder: str | None = None, taking: Callable[[], bool] = lambda: True):
        super().__init__()
        self.services = services
        self.holder = holder or instance.name()  # this instance, as its claims name it
        self.taking = taking  # false once the instance is stopping: it queues nothing more
        self.bot: Bot | None = None  # the application's, once built: updates taken from storage are read with it
        self._held: dict[int, set[int]] = {}  # chat → ids of its updates this instance queued and not finished
        self._waiting: dict[int, float] = {}  # held back: seconds to wait, once handled, before handling it again
        self._unkept: set[int] = set()  # storage failed on receipt: handled here, nothing to mark
        self._paused = 0  # sweeps still to leave out after a failure

    async def put(self, item: object) -> None:
        """Keep an update and queue it if this instance is to handle it now; what else python-telegram-bot
        queues goes as it is."""
        if not isinstance(item, Update):
            await super().put(item)
            return
        chat = chat_of(item)
        try:
            sender = item.effective_user
            if not inbox.receive(self.services, item.update_id, sender.id if sender else None, chat, item.to_dict()):
                log.info("Update %s was delivered again; it is handled once", item.update_id)
                return
        except StorageError as error:  # storage failing: still answer, though a crash now would lose it
            log.warning("Could not keep update %s until handled: %s", item.update_id, error)
            self._unkept.add(item.update_id)
            await super().put(item)
            return
        if chat not in self._held:  # else it comes after the update in hand, which claims it once handled
            self._take(chat, self._claim(chat), item)

    def _claim(self, chat: int) -> list[Kept]:
        try:
            return inbox.claim(self.services, chat, self.holder)
        except StorageError as error:  # the sweep claims it once storage is back
            log.warning("Could not claim the updates of a chat: %s", error)
            return []

    def _take(self, chat: int, claimed: list[Kept], arrived: Update | None = None) -> None:
        """Queue the claimed updates this instance has not queued yet, oldest first (none once stopping: they
        stay held until `release`)."""
        if not self.taking():
            if not self._held.get(chat):
                self._held.pop(chat, None)
            return
        held = self._held.setdefault(chat, set())
        for kept in claimed:
            if kept.update_id in held:
                continue
            if kept.takeovers >= inbox.GIVE_UP_AFTER:
                self._give_up(kept)
                continue
            update = arrived if arrived is not None and arrived.update_id == kept.update_id \
                else Update.de_json(kept.body, self.bot)
            held.add(kept.update_id)
            super().put_nowait(update)
        if not held:
            del self._held[chat]

    def _give_up(self, kept: Kept) -> None:
        """Never handle an update that kept killing its holders; if storage fails, it stays held by this instance
        and is given up at its next claim (as the chat's next update is marked handled, or after the lease)."""
        try:
            inbox.give_up(self.services, kept.update_id)
        except StorageError as error:
            log.warning("Could not give up update %s yet: %s", kept.update_id, error)
            return
        log.error("Gave up update %s: the instances handling it died %d times", kept.update_id, kept.takeovers)

    def done(self, update: object) -> None:
        """The update's handlers have run: mark it handled, and take what its chat received since (or, if flood
        control held its replies back, handle it again once Telegram's wait is over)."""
        if not isinstance(update, Update):
            return
        if (seconds := self._waiting.pop(update.update_id, None)) is not None:
            asyncio.get_running_loop().call_later(seconds, self._again, update)
            return
        if update.update_id in self._unkept:
            self._unkept.discard(update.update_id)
            return
        chat = chat_of(update)
        self._held.get(chat, set()).discard(update.update_id)
        try:
            claimed = inbox.handled(self.services, update.update_id, chat, self.holder)
        except StorageError as error:  # then it is handled again after the lease: a repeat, not a loss
            log.warning("Could not mark update %s as handled: %s", update.update_id, error)
            claimed = []
        self._take(chat, claimed)

    def later(self, update: Update, seconds: float) -> None:
        """Handle `update` again `seconds` after its handlers have run (once, after the longest wait, though
        several of them were held back); it stays held meanwhile (should this instance stop or die first,
        another instance, or the next start, handles it)."""
        self._waiting[update.update_id] = max(seconds, self._waiting.get(update.update_id, 0.0))

    def _again(self, update: Update) -> None:
        if self.taking():  # else the instance is stopping: the queue is read no more, and the update stays held
            self.put_nowait(update)  # until `release`, for another instance

    def schedule(self, job_queue: JobQueue[Any]) -> None:
        """The sweep for chats no live instance holds, the renewal of this instance's claims, and the clean-up."""
        async def sweep(context: CallbackContext[Any, Any, Any, Any]) -> None:
            self.sweep()

        async def renew(context: CallbackContext[Any, Any, Any, Any]) -> None:
            self.renew()

        async def forget(context: CallbackContext[Any, Any, Any, Any]) -> None:
            inbox.forget_handled(self.services)

        job_queue.run_repeating(sweep, interval=SWEEP_EVERY, first=SWEEP_EVERY, name=SWEEP)
        job_queue.run_repeating(renew, interval=RENEW_EVERY, first=RENEW_EVERY, name=RENEW)
        job_queue.run_repeating(forget, interval=FORGET_EVERY, first=FORGET_EVERY, name=FORGET)

    def renew(self) -> None:
        """Renew this instance's claims on the chats it has in hand (not while storage is failing: see the sweep);
        a claim left on another chat (its update's marking failed) runs out, and the chat is swept again."""
        if not self._held or self._paused:
            return
        try:
            inbox.still_handling(self.services, self.holder, list(self._held))
        except StorageError as error:
            self._pause(error)

    def _pause(self, error: StorageError) -> None:
        log.warning("Storage failed; the inbox's sweeps pause for %d s: %s", PAUSE_AFTER_FAILURE * SWEEP_EVERY,
                    error)
        self._paused = PAUSE_AFTER_FAILURE

    def sweep(self) -> int:
        """Claim the chats with updates no live instance holds; how many updates were queued."""
        if self._paused:
            self._paused -= 1
            return 0
        if not self.taking():
            return 0
        before = sum(len(held) for held in self._held.values())
        try:
            for holder in inbox.holders(self.services):
                if instance.dead_here(holder):  # an instance of this machine, killed while handling: take over
                    inbox.release(self.services, holder)
            for chat in inbox.waiting(self.services):
                if chat not in self._held:
                    self._take(chat, self._claim(chat))
        except StorageError as error:
            self._pause(error)
        return sum(len(held) for held in self._held.values()) - before

    def replay(self) -> None:
        """At start, before anything new: take what was received and left unhandled, but what a live
        instance holds."""
        taken = self.sweep()
        if taken:
            log.info("Handling %d update(s) received before and left unhandled", taken)

    def release(self) -> None:
        """Let go of every chat this instance holds, for another instance to take at once (it stops)."""
        inbox.release(self.services, self.holder)
        self._held.clear()
