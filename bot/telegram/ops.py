"""What platforms and operators look at on the web port: /healthz, /readyz and /metrics; and whether the
instance is draining.

/healthz answers 200 while the event loop does: a platform restarts an
instance only when it is stuck, never because the database is down (restarting
would not bring the database back). /readyz answers 200 only when the database
answers, holds every migration this version knows, and the instance is not
draining; otherwise 503 with the reason in one word (`database`, `migrations`,
`draining`), so a load balancer sends updates elsewhere. /metrics is
Prometheus's text format (metrics.py). None of them shows a person, a text or
a secret: a count, a word, or "ok". The database is asked off the event loop
where the store allows it (PostgreSQL may wait seconds for a connection), so
these checks never hold the loop up themselves; the bot's own statements still
do, up to 5 s each while PostgreSQL is down (README, Operating).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.app import Services, operations
from bot.storage import StorageError
from bot.telegram.metrics import Metrics

log = logging.getLogger(__name__)

DRAINING = "draining"
# Seconds /readyz (or a scrape) waits for the database's answer, then says `database` (or leaves the backlog
# out): a platform's probe gives up after a few seconds (Kubernetes: 1 s by default), so it is told
# something before then; one readiness check runs at a time.
CHECK_WAIT = 1.0

T = TypeVar("T")


class Operations:
    """The operators' routes for one application, its `draining` flag (set once SIGTERM came), and what
    the instance holds in storage that is released when it stops (`holds`, `release`)."""

    def __init__(self, services: Services, metrics: Metrics):
        self.services, self.metrics = services, metrics
        self.draining = False
        self._check: asyncio.Future[str | None] | None = None
        self._releases: list[Callable[[], None]] = []

    def holds(self, release: Callable[[], None]) -> None:
        """`release` gives up leases or locks this instance holds, so another takes them over at once."""
        self._releases.append(release)

    def release(self) -> None:
        """Give up everything held (a database down leaves it to the leases' expiry)."""
        for release in self._releases:
            try:
                release()
            except StorageError as error:
                log.warning("Could not release what this instance holds; its lease runs out instead: %s", error)

    def taking(self) -> bool:
        """Whether new updates are taken (not while draining)."""
        return not self.draining

    def routes(self) -> list[Any]:
        ops = {"ops": self}
        return [(r"/healthz", _Alive), (r"/readyz", _Ready, ops), (r"/metrics", _Metrics, ops)]

    async def unready(self) -> str | None:
        """Why this instance should not be sent updates, in one word; None when it is ready."""
        if self.draining:
            return DRAINING
        if self._check is None or self._check.done():  # probes arriving together share one check
            self._check = asyncio.ensure_future(self._storage(operations.unready))
        try:
            reason = await asyncio.wait_for(asyncio.shield(self._check), CHECK_WAIT)
        except TimeoutError:
            reason = operations.DATABASE
        return DRAINING if self.draining else reason

    async def exposition(self) -> bytes:
        """The metrics, with the backlog if the database gives it within CHECK_WAIT."""
        try:
            backlog = await asyncio.wait_for(self._storage(operations.backlog), CHECK_WAIT)
        except (TimeoutError, StorageError) as error:
            log.warning("Metrics without the backlog: the database did not answer (%s)", type(error).__name__)
            backlog = None
        return self.metrics.exposition(backlog)

    async def _storage(self, read: Callable[[Services], T]) -> T:
        """`read` on a worker thread when the store may be used from one, else here (SQLite: a local file)."""
        if operations.threaded(self.services):
            return await asyncio.to_thread(read, self.services)
        return read(self.services)


class _Plain(tornado.web.RequestHandler):
    def say(self, text: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(text + "\n")


class _Alive(_Plain):
    def get(self) -> None:
        self.say("ok")


class _Ready(_Plain):
    def initialize(self, ops: Operations) -> None:
        self.ops = ops

    async def get(self) -> None:
        reason = await self.ops.unready()
        self.say(reason or "ready", HTTPStatus.SERVICE_UNAVAILABLE if reason else HTTPStatus.OK)


class _Metrics(tornado.web.RequestHandler):
    def initialize(self, ops: Operations) -> None:
        self.ops = ops

    async def get(self) -> None:
        body = await self.ops.exposition()
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.set_header("Cache-Control", "no-store")
        self.finish(body)
