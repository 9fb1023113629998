"""The application's update queue, written through to storage: an update received is handled even after a crash.

Every update enters the application through this queue, whether fetched by
polling or posted to the webhook. It is kept in storage before it is queued
(so before python-telegram-bot confirms it to Telegram), and forgotten once its
handlers have run (`done`, called by the update processor). At start, what was
kept and never handled is queued again before anything new (`replay`).

An update whose replies Telegram held back (flood control outlasting the
retries) stays kept and is handled again once Telegram's wait is over
(`later`): what it changed was stored with its update id and is not applied
twice; what it should have shown is shown then.

An update delivered a second time (a confirmation lost in a crash, a webhook
retried) is dropped on arrival: each update is handled once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from telegram import Bot, Update

from bot.app import Services, inbox
from bot.storage import StorageError

log = logging.getLogger(__name__)

_RECENT = 10_000  # update ids remembered, to recognise a second delivery


class Inbox(asyncio.Queue[object]):
    def __init__(self, services: Services):
        super().__init__()
        self.services = services
        self._recent: OrderedDict[int, None] = OrderedDict()
        self._waiting: set[int] = set()  # handled, and to be handled again later

    async def put(self, item: object) -> None:
        """Queue an update once it is kept; what else python-telegram-bot queues goes as it is."""
        if isinstance(item, Update) and not self._receive(item):
            log.info("Update %s was delivered again; it is handled once", item.update_id)
            return
        await super().put(item)

    def _receive(self, update: Update) -> bool:
        """Keep the update; False if it came before."""
        if update.update_id in self._recent:
            return False
        self._remember(update.update_id)
        try:
            sender = update.effective_user
            return inbox.receive(self.services, update.update_id, sender.id if sender else None,
                                 update.to_dict())
        except StorageError as error:  # storage failing: still answer, though a crash now would lose it
            log.warning("Could not keep update %s until handled: %s", update.update_id, error)
            return True

    def _remember(self, update_id: int) -> None:
        self._recent[update_id] = None
        if len(self._recent) > _RECENT:
            self._recent.popitem(last=False)

    def done(self, update: object) -> None:
        """The update's handlers have run: forget it, unless it is to be handled again."""
        if not isinstance(update, Update) or update.update_id in self._waiting:
            return
        try:
            inbox.handled(self.services, update.update_id)
        except StorageError as error:  # then it is handled again at the next start: a repeat, not a loss
            log.warning("Could not mark update %s as handled: %s", update.update_id, error)

    def later(self, update: Update, seconds: float) -> None:
        """Handle `update` again in `seconds`; it stays kept meanwhile, so a restart handles it too."""
        self._waiting.add(update.update_id)
        asyncio.get_running_loop().call_later(seconds, self._again, update)

    def _again(self, update: Update) -> None:
        self._waiting.discard(update.update_id)
        self.put_nowait(update)

    async def replay(self, bot: Bot) -> None:
        """Queue what was received before the last stop and never handled."""
        bodies, dropped = inbox.unhandled(self.services)
        if dropped:
            log.error("Gave up %d update(s) that every start since failed to handle", dropped)
        for body in bodies:
            update = Update.de_json(body, bot)
            self._remember(update.update_id)
            await super().put(update)
        if bodies:
            log.info("Handling %d update(s) received before the last stop", len(bodies))
