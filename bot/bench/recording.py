"""Telegram's HTTP side, replaced in process: each call is counted and answered at once.

The answer is the one `BotApi` builds, the same the tests' fake server sends,
without keeping or checking anything: what the bot waits for is then only
python-telegram-bot and our own code. Each call lets the event loop run
what else is ready first, as a real request does while it waits for the
network: without that, a handler's calls would never let another update in. With `log=True` each call is also
written down with the moment it was made, for figures that follow one owner
through several calls (the verdict path).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass

from telegram.request import BaseRequest, RequestData

from bot.bench.botapi import BotApi


@dataclass(frozen=True)
class Sent:
    """One Bot API call: when (perf_counter seconds), which method, to which chat, with what text."""

    at: float
    method: str
    chat_id: int | None
    text: str


class RecordingRequest(BaseRequest):
    def __init__(self, log: bool = False) -> None:
        self.calls = 0
        self.logging = log
        self.log: list[Sent] = []
        self.api = BotApi(keep=False, check=False)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=None, write_timeout=None, connect_timeout=None,
                         pool_timeout=None) -> tuple[int, bytes]:
        self.calls += 1
        await asyncio.sleep(0)  # a real request waits for the network, and the loop serves others meanwhile
        endpoint = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        files = None
        if request_data is not None and request_data.contains_files:
            files = {name: (part[0], part[1] if isinstance(part[1], bytes) else part[1].read())
                     for name, part in request_data.multipart_data.items()}
        if self.logging:
            chat_id = params.get("chat_id")
            self.log.append(Sent(time.perf_counter(), endpoint, chat_id if isinstance(chat_id, int) else None,
                                 str(params.get("text") or "")))
        status, body = self.api.respond(endpoint, params, files)
        return status, json.dumps(body).encode()
