"""A round-robin load balancer on 127.0.0.1, in front of several webhook instances.

Each request goes to the next instance in turn; one whose port refuses the
connection (stopped, or not yet listening) is skipped, as a load balancer skips
an instance that failed its health check. An instance that dies with the
request in hand leaves it unanswered: the client gets 502 and, being Telegram,
posts it again. Runs its own event loop on a thread, so the test's loop and
its blocking reads of the database never hold a post up.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections import Counter

BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
_CONNECTION = re.compile(rb"\r\nconnection:[^\r]*", re.IGNORECASE)
_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
TIMEOUT = 60.0  # seconds an instance may take to answer one request


class RoundRobin:
    def __init__(self, ports: list[int]):
        self.ports = ports
        self.forwarded: Counter[int] = Counter()  # requests answered, by instance port
        self.skipped = 0  # connections refused, the request sent to the next instance
        self._turn = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="round-robin", daemon=True)
        self._server: asyncio.Server | None = None

    def start(self) -> RoundRobin:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop).result(timeout=5)
        return self

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    def stop(self) -> None:
        async def close() -> None:
            assert self._server is not None
            self._server.close()
        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = _LENGTH.search(head)
            body = await reader.readexactly(int(length.group(1))) if length else b""
            writer.write(await self._forward(_CONNECTION.sub(b"", head[:-4]) + b"\r\nConnection: close\r\n\r\n"
                                             + body))
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()

    async def _forward(self, request: bytes) -> bytes:
        """The answer of the next instance that takes the connection; 502 if none does, or it dies."""
        for _ in self.ports:
            port = self.ports[self._turn % len(self.ports)]
            self._turn += 1
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                self.skipped += 1
                continue
            try:
                writer.write(request)
                answer = await asyncio.wait_for(reader.read(), TIMEOUT)  # the instance closes after it
            except (OSError, TimeoutError):
                answer = b""
            finally:
                writer.close()
            if answer.startswith(b"HTTP/"):
                self.forwarded[port] += 1
                return answer
            return BAD_GATEWAY
        return BAD_GATEWAY
