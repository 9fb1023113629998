"""Answer many users at once, each user's updates in the order they came, and each chat its fair share.

By default python-telegram-bot handles one update at a time, so one user's
slow reply (a retried send, a rate-limit pause) would hold up everybody.
Fully concurrent handling would in turn let a user's quick taps overtake one
another. One lock per chat gives both: chats run side by side, and inside a
chat updates run one after another.

python-telegram-bot takes one of its concurrency slots for an update before
handing it here, and keeps it while the update waits for its chat's turn: a
chat sending hundreds of updates at once would hold every slot and leave the
others waiting. So its own limit is lifted, and a slot is taken here only once
it is the update's turn in its chat: a flooding chat holds one slot, and shares
Telegram's sending limit with the others one request at a time.

Once an update's handlers have run, `handled` is told how long it took (the
metrics) and `done` is told (the inbox then marks it handled); an update cut short
(the process stopping) is not done. What runs in a chat's turn (an update,
or what the outbox sends) can be cut short all at once (`cut_short`): a drain
that ran out of time leaves it to the next start.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

_NO_LIMIT = 2 ** 31 - 1  # python-telegram-bot's own limit, lifted: see the docstring


class PerChatUpdates(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 256, done: Callable[[object], None] = lambda update: None,
                 handled: Callable[[object, float], None] = lambda update, seconds: None):
        super().__init__(_NO_LIMIT)
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._done, self._handled = done, handled
        self._in_hand: Counter[asyncio.Task[Any]] = Counter()  # tasks handling or sending in a turn
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: Counter[int] = Counter()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers once earlier updates of the same chat are done and a slot is free."""
        started = time.perf_counter()
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            with self._held():
                async with self._slots:
                    await coroutine
        else:
            async with self.turn(chat.id), self._slots:
                await coroutine
        self._handled(update, time.perf_counter() - started)
        self._done(update)

    @asynccontextmanager
    async def turn(self, chat_id: int) -> AsyncIterator[None]:
        """The chat's turn, once the updates before are done: also taken for what is sent outside an update."""
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._holders[chat_id] += 1
        try:
            with self._held():
                async with lock:
                    yield
        finally:
            self._holders[chat_id] -= 1
            if not self._holders[chat_id]:  # forget idle chats, so memory follows activity
                del self._holders[chat_id], self._locks[chat_id]

    @contextmanager
    def _held(self) -> Iterator[None]:
        """The current task is in hand until the block ends."""
        task = asyncio.current_task()
        assert task is not None, "updates are handled in tasks"
        self._in_hand[task] += 1
        try:
            yield
        finally:
            self._in_hand[task] -= 1
            if not self._in_hand[task]:
                del self._in_hand[task]

    def cut_short(self) -> int:
        """Cancel every update and send still in hand (or waiting for its turn); how many there were."""
        for task in self._in_hand:
            task.cancel()
        return len(self._in_hand)

    async def initialize(self) -> None:
        """Nothing to set up: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to release."""
