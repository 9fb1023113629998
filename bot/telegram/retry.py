"""Calls to the Bot API that survive a flaky network, and never show a message twice.

`AIORateLimiter` keeps within Telegram's flood limits (each of several bot
processes within its share of them) and, on HTTP 429, waits the `retry_after`
Telegram asks for. It does not retry network errors,
timeouts or 5xx answers; this subclass adds that, with exponential backoff.
A refusal (400 Bad Request, 403 Forbidden) is final and never retried.

A request that timed out while waiting for Telegram's answer was sent whole and
most likely went through. Edits and button answers are sent again (the same
edit twice shows once); a new message is not, or the owner would read it twice:
it is reported as `Unconfirmed` instead. Two refusals mean the call's purpose
is met, and count as success: an edit that finds the message "not modified"
(an earlier attempt went through), and a button answer Telegram finds "too old"
(a press handled again later, after flood control or a restart: the button's
spinner has stopped by itself, and the press is still handled).

Each 429 and each call sent again is counted in the metrics (metrics.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.constants import FloodLimit
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter

from bot.telegram.metrics import Metrics

log = logging.getLogger(__name__)

# What the Bot API answers a request with, as AIORateLimiter.process_request declares it.
Answer = bool | dict[str, Any] | list[dict[str, Any]]
Call = Callable[..., Coroutine[Any, Any, Answer]]
# Calls that make something new in the chat: sent again, they make it twice.
_CREATING = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
# Refusals that say the call had its effect, by method (Telegram's own wording, lower case).
_DONE_ALREADY = {"editMessageText": "message is not modified", "editMessageReplyMarkup": "message is not modified",
                 "answerCallbackQuery": "query is too old"}


class Unconfirmed(TimedOut):
    """A new message was sent whole but Telegram did not answer in time: most likely it arrived."""


class RetryingRateLimiter(AIORateLimiter):
    def __init__(self, *, network_retries: int = 4, backoff: float = 0.5, metrics: Metrics | None = None,
                 **limits: Any) -> None:
        super().__init__(**limits)
        self.network_retries = network_retries
        self.backoff = backoff
        self.metrics = metrics

    @classmethod
    def share_of(cls, instances: int, **options: Any) -> RetryingRateLimiter:
        """The limiter of one of `instances` bot processes: Telegram's limits hold for the bot, whichever
        process sends, so each keeps to its share of them (INSTANCES, README Configuration)."""
        return cls(overall_max_rate=FloodLimit.MESSAGES_PER_SECOND / instances,
                   group_max_rate=FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP / instances, **options)

    async def process_request(self, callback: Call, args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: int | None) -> Answer:
        """Send one request; on a network error wait 0.5 s, 1 s, 2 s, … and send it again."""
        attempt = 0
        counted = self._counted(callback)
        while True:
            try:
                return await super().process_request(counted, args, kwargs, endpoint, data,
                                                     rate_limit_args)
            except BadRequest as refusal:
                if _DONE_ALREADY.get(endpoint, "\0") in refusal.message.lower():
                    log.debug("%s: %s; taken as done", endpoint, refusal.message)
                    return True
                raise
            except NetworkError as error:  # connection failures, timeouts, 5xx
                if endpoint in _CREATING and _sent_whole(error):
                    raise Unconfirmed(f"{endpoint}: no answer from Telegram in time") from error
                if attempt == self.network_retries:
                    raise
                delay = self.backoff * 2 ** attempt
                attempt += 1
                if self.metrics is not None:
                    self.metrics.retries.labels("network").inc()
                log.warning("%s failed (%s); retry %d of %d in %.1f s",
                            endpoint, error, attempt, self.network_retries, delay)
                await asyncio.sleep(delay)


    def _counted(self, callback: Call) -> Call:
        """`callback`, counting each 429 and each call after one (AIORateLimiter sends it again)."""
        metrics = self.metrics
        if metrics is None:
            return callback
        flooded = False

        async def counted(*args: Any, **kwargs: Any) -> Answer:
            nonlocal flooded
            if flooded:
                metrics.retries.labels("flood").inc()
            try:
                flooded = False
                return await callback(*args, **kwargs)
            except RetryAfter:
                flooded = True
                metrics.flood.inc()
                raise

        return counted


def _sent_whole(error: NetworkError) -> bool:
    """Whether the request had been written when it failed waiting for the answer (a read timeout)."""
    return isinstance(error, TimedOut) and isinstance(error.__cause__, httpx.ReadTimeout)
