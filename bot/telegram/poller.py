"""Long polling by one process of several: the others stand by and take over within seconds of its death.

Telegram hands a bot's updates to one poller (a second one gets 409
Conflict). On PostgreSQL each polling process asks for one session lock (on a
connection of its own, `Storage.exclusive`); the one that gets it polls,
and the server frees it when that process's session ends (the process died,
or its connection was cut): a standby asks again every STANDBY_CHECK seconds,
gets it and polls. A poller that finds its connection lost stops polling at
once (another may have the lock by then) and stands by. On SQLite only one
process runs at all (`bot.storage.alone`), so it polls from the start.

Standbys run every sweep meanwhile (owed messages, reminders, digests,
updates left unclaimed): those are claimed per chat, so nothing goes out
twice, and it is a standby's inbox sweep that takes over the updates a dead
poller had fetched and not yet handled, after the lease.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.error import TelegramError

from bot.storage import Exclusive, StorageError

log = logging.getLogger(__name__)

STANDBY_CHECK = 1.0  # seconds between a standby's tries, and a poller's checks that it still holds the lock


async def poll_when_free(lock: Exclusive, start: Callable[[], Awaitable[Any]],
                         stop: Callable[[], Awaitable[Any]]) -> None:
    """Poll (`start`) while this process holds the lock, stand by while another does; until cancelled."""
    polling, told = False, False
    try:
        while True:
            if polling and not await asyncio.to_thread(lock.held):
                log.warning("Lost the polling lock (its database connection went); standing by")
                await stop()
                polling = False
            elif not polling and await asyncio.to_thread(_acquired, lock):
                log.info("Polling for updates: this process is the poller")
                try:
                    await start()
                    polling = True
                except TelegramError as error:  # let another process try, and try again later
                    log.warning("Could not start polling (%s); standing by", error)
                    lock.release()
            elif not polling and not told:
                log.info("Standing by: another process polls for updates")
                told = True
            await asyncio.sleep(STANDBY_CHECK)
    finally:
        lock.release()


def _acquired(lock: Exclusive) -> bool:
    """Whether this process holds the lock now (a database that fails to say is a no, for now)."""
    try:
        return lock.acquire()
    except StorageError as error:
        log.warning("Could not ask for the polling lock: %s", error)
        return False
