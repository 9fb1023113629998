"""The webhook server: Telegram's posts, checked before they are read, queued like polled updates (and the
Mini App's pages beside them, miniapp.py, and the operators' ones, ops.py; `WebServer` serves those alone when
polling). While the instance drains, a post is answered 503 unread: Telegram posts it again.

python-telegram-bot's own webhook server reads a whole body before looking at
it (up to 100 MB), and answers an update it cannot read with 400 after logging
its content: Telegram then posts it again for a day while the others wait.
Here the secret token is checked as soon as the headers are in, a body larger
than MAX_BODY is refused without being read (by its Content-Length, or as it
streams in), and an update that cannot be read is answered 200 and skipped,
logged by its id only, as polling does (readable.py). Every update goes on the
application's update queue, the inbox, exactly as a polled one.

A client cannot hold the server either: its headers must be in within
HEADER_TIMEOUT and its body within BODY_TIMEOUT, however slowly it sends them
(an idle kept-alive connection is closed after HEADER_TIMEOUT too); beyond
MAX_CONNECTIONS open at once, or closer to the process's file limit than
RESERVED_FILES, a new connection is closed as soon as it is accepted, so the
database and the calls to Telegram always find a file to open. The file limit
is raised to what the system allows at start. A body nested too deep for the
JSON reader is skipped like any other that is no update.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import resource
from collections.abc import Callable, Sequence
from http import HTTPStatus
from types import TracebackType
from typing import Any

import tornado.web
from telegram import Bot, Update
from telegram.ext import ExtBot
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream

from bot.telegram.readable import readable

log = logging.getLogger(__name__)

HEADER = "X-Telegram-Bot-Api-Secret-Token"
# An update is one message, button press or membership change: a text of at most 4096
# characters (6 bytes each at worst, JSON-escaped), the message it replies to, a quote,
# entities and the people involved come to some tens of kilobytes. 1 MiB is ten times that.
MAX_BODY = 1 << 20
# Telegram sends an update's headers and body at once; a few seconds is ample for each.
HEADER_TIMEOUT = 5.0
BODY_TIMEOUT = 5.0
# Telegram opens at most 40 connections (setWebhook's max_connections, run.py); the rest is room.
MAX_CONNECTIONS = 1000
RESERVED_FILES = 64  # the database and its log, the calls to Telegram, logs, the listening socket


def raise_file_limit() -> int:
    """Raise the process's limit of open files to the most it may have; the limit then in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError) as error:  # a container may forbid it: the cap follows the limit
            log.warning("Could not raise the open-file limit from %d: %s", soft, error)
    return soft


def connection_cap(file_limit: int) -> int:
    """How many connections may be open at once, leaving RESERVED_FILES of the file limit free."""
    return max(1, min(MAX_CONNECTIONS, file_limit - RESERVED_FILES))


class WebServer:
    """An HTTP server for `routes` on `listen`:`port`, bounded as said above; no access log."""

    def __init__(self, routes: Sequence[Any]):
        web = tornado.web.Application(list(routes), default_handler_class=_Elsewhere,
                                      log_function=lambda handler: None)  # no access log: see _Updates
        # The connection's own limit only backs ours up: tornado answers a body above it with
        # a bare 400 of its own, so it is set above MAX_BODY and _Updates refuses first, with 413.
        self._server = _BoundedServer(web, max_body_size=2 * MAX_BODY, idle_connection_timeout=HEADER_TIMEOUT,
                                      body_timeout=BODY_TIMEOUT)
        self._server.max_connections = connection_cap(raise_file_limit())

    def listen(self, port: int, address: str) -> None:
        self._server.listen(port, address=address)

    async def stop(self) -> None:
        """Accept nothing more; updates already queued are the application's to finish."""
        self._server.stop()
        await self._server.close_all_connections()


class Webhook(WebServer):
    """The HTTP server Telegram posts updates to, at `path`; while `taking()` is false (the instance
    draining), a post is answered 503 unread, so Telegram posts it again, to another instance."""

    def __init__(self, bot: Bot, queue: asyncio.Queue[object], path: str, secret: str, pages: Sequence[Any] = (),
                 taking: Callable[[], bool] = lambda: True):
        """`pages`: more tornado routes the same server answers (the Mini App's, the operators')."""
        route = "/" + re.escape(path.strip("/")) + "/?" if path.strip("/") else "/"
        updates = {"bot": bot, "queue": queue, "secret": secret.encode(), "taking": taking}
        super().__init__([(route, _Updates, updates), *pages])


class _BoundedServer(HTTPServer):
    """tornado's server, closing a connection accepted beyond `max_connections` at once."""

    max_connections = MAX_CONNECTIONS

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        if len(self._connections) >= self.max_connections:
            stream.close()
            return
        super().handle_stream(stream, address)


@tornado.web.stream_request_body
class _Updates(tornado.web.RequestHandler):
    """One post: refused before its body is read unless it carries the secret and fits in MAX_BODY.

    Nothing about a request is logged but an unreadable update's id: the address it was
    posted to, its headers and its body are Telegram's and its users' business.
    """

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot: Bot, queue: asyncio.Queue[object], secret: bytes, taking: Callable[[], bool]) -> None:
        self.bot, self.queue, self.secret, self.taking = bot, queue, secret, taking
        self.body = bytearray()
        self.refused = False

    def prepare(self) -> None:
        """Called once the headers are in, before any of the body is read."""
        given = self.request.headers.get(HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return self._refuse(HTTPStatus.FORBIDDEN)
        if not self.taking():
            return self._refuse(HTTPStatus.SERVICE_UNAVAILABLE)
        length = self.request.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_BODY:
            return self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        return None

    def data_received(self, chunk: bytes) -> None:
        """Part of the body; a body streamed past MAX_BODY is refused there, the rest never kept."""
        if self.refused:
            return
        self.body += chunk
        if len(self.body) > MAX_BODY:
            self.body.clear()
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    async def post(self) -> None:
        """Queue the update (or its id alone, if it cannot be read); 200 either way."""
        if self.refused:
            return
        update = _update(bytes(self.body), self.bot)
        self.body.clear()
        if update is not None:
            if isinstance(self.bot, ExtBot):  # as python-telegram-bot does for a polled update
                self.bot.insert_callback_data(update)
            await self.queue.put(update)
        self.finish()

    def _refuse(self, status: HTTPStatus) -> None:
        self.refused = True
        self.set_status(status)
        self.finish()

    def log_exception(self, typ: type[BaseException] | None, value: BaseException | None,
                      tb: TracebackType | None) -> None:
        """Answered 500; logged by the error's kind alone, as tornado's own line would show the request."""
        log.error("A webhook request failed (%s)", typ.__name__ if typ else "unknown error")


@tornado.web.stream_request_body
class _Elsewhere(tornado.web.RequestHandler):
    """Any other address: 404 before the body is read (tornado's own 404 would read it first)."""

    def prepare(self) -> None:
        self.set_status(HTTPStatus.NOT_FOUND)
        self.finish()


def _update(body: bytes, bot: Bot) -> Update | None:
    """The update posted, its id alone if it cannot be read, None if the body is no update at all."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:  # not JSON, not UTF-8, or nested too deep to read
        log.error("Skipped a webhook post that is not JSON (%s)", type(error).__name__)
        return None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        log.error("Skipped a webhook post that is no update (no update id)")
        return None
    return Update.de_json(readable(data), bot)
