"""The database's upkeep, on a thread of its own every few seconds, rather than inside some owner's answer.

SQLite copies its write-ahead log into the database file at the commit that
crosses a thousand pages, and that owner waits for it (about 5 ms). While the
bot serves owners, the copy is made apart instead (`Storage.upkeep_apart`).
It starts with the job queue, so the one-shot commands and the console keep
SQLite's own; PostgreSQL has none to move.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from telegram.ext import CallbackContext, JobQueue

from bot.app import Services, operations

UPKEEP = "upkeep"
UPKEEP_EVERY = 2.0  # seconds: at Telegram's sending limit a few hundred pages are written meanwhile


def schedule(job_queue: JobQueue[Any], services: Services) -> None:
    upkeep: list[Callable[[], None] | None] = []

    async def keep_up(context: CallbackContext[Any, Any, Any, Any]) -> None:
        if not upkeep:  # asked on the loop's thread, which the store's own connection belongs to
            upkeep.append(operations.upkeep_apart(services))
        if upkeep[0] is not None:
            await asyncio.to_thread(upkeep[0])

    job_queue.run_repeating(keep_up, interval=UPKEEP_EVERY, first=0, name=UPKEEP)
