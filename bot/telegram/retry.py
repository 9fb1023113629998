"""Calls to the Bot API that survive a flaky network.

`AIORateLimiter` keeps within Telegram's flood limits and, on HTTP 429, waits
the `retry_after` Telegram asks for. It does not retry network errors,
timeouts or 5xx answers; this subclass adds that, with exponential backoff.
A refusal (400 Bad Request, 403 Forbidden) is final and never retried. A
timed-out send may have reached Telegram, so a retry can, rarely, show a
message twice: better than losing it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

# What the Bot API answers a request with, as AIORateLimiter.process_request declares it.
Answer = bool | dict[str, Any] | list[dict[str, Any]]


class RetryingRateLimiter(AIORateLimiter):
    def __init__(self, *, network_retries: int = 4, backoff: float = 0.5, **limits: Any) -> None:
        super().__init__(**limits)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Answer]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: int | None) -> Answer:
        """Send one request; on a network error wait 0.5 s, 1 s, 2 s, … and send it again."""
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data,
                                                     rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as error:  # connection failures, timeouts, 5xx
                if attempt == self.network_retries:
                    raise
                delay = self.backoff * 2 ** attempt
                attempt += 1
                log.warning("%s failed (%s); retry %d of %d in %.1f s",
                            endpoint, error, attempt, self.network_retries, delay)
                await asyncio.sleep(delay)
