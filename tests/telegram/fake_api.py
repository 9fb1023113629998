"""A fake Telegram Bot API on 127.0.0.1, for end-to-end tests of the real bot.

It speaks the part of the Bot API the advisor uses, over real HTTP: it queues
updates for getUpdates (long polling), records every request, and answers
the others with `bot.bench.botapi.BotApi`, the Bot API the benchmark answers
with too: it keeps each chat's messages as the user's phone would show them,
edits applied, and like Telegram refuses what the bot could get wrong (HTML
that does not parse, texts over 4096 characters, callback data over 64
bytes, edits that change nothing). A wrong token is refused here. Faults can
be scheduled per method: an HTTP error (with `retry_after` for 429), a slow
answer, or a dropped connection.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from bot.bench.botapi import ApiError, BotApi, Shown, html_to_text, parse_body, utf16_length

__all__ = ["BOT_USER", "TOKEN", "ApiError", "Call", "FakeTelegram", "Fault", "Post", "Shown", "html_to_text",
           "utf16_length"]

TOKEN = "123456789:AAFakeTokenForTestsOnly_xyz"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Advisor", "username": "advisor_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    method: str
    status: int = 500
    retry_after: int | None = None
    delay: float = 0.0  # answer late (then normally, unless status is set)
    drop: bool = False  # close the connection without answering
    times: int = 1
    chat_id: int | None = None
    description: str = "Internal Server Error"


@dataclass
class Post:
    """One attempt to post an update to the webhook: the HTTP status, or None when no answer came."""
    update_id: int
    status: int | None
    at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class Hook:
    url: str
    secret: str | None
    max_connections: int


HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_PAUSE = 0.2  # seconds before a failed post is tried again (Telegram's own pause grows; short here)
POST_TIMEOUT = 30.0  # seconds a post may take before it counts as failed and is tried again


class FakeTelegram:
    def __init__(self, token: str = TOKEN):
        self.token = token
        self.api = BotApi(BOT_USER)
        self.calls: list[Call] = []  # requests answered normally
        self.refused: list[Call] = []  # requests answered with a scheduled fault
        self.chats: dict[int, list[Shown]] = self.api.chats
        self.notices: dict[str, str | None] = self.api.notices  # callback query id -> notice text (None: no text)
        self.commands: dict[str, list[dict]] = self.api.commands
        self._updates: list[dict] = []
        self._again: list[dict] = []  # updates to deliver once more, below the confirmed offset
        self._pushed_at: dict[int, float] = {}
        self._next_update_id = 1
        self._confirmed = 0  # every update below this id has been fetched and acknowledged
        self._faults: list[Fault] = []
        self._busy = 0
        self._last_activity = time.monotonic()
        self._state = threading.Condition()
        self._stopping = False
        self.hook: Hook | None = None  # where updates are posted, once setWebhook was called
        self.posts: list[Post] = []
        self._posting: set[object] = set()  # chats with a post under way
        self._posters: list[threading.Thread] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="fake-telegram",
                                        daemon=True)

    # ----------------------------------------------------------------- test side
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeTelegram:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._state:
            self._stopping = True
            self._state.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        for poster in self._posters:
            poster.join(timeout=POST_TIMEOUT)

    def push(self, update: dict) -> dict:
        """Queue an update for getUpdates; returns it with its update_id."""
        with self._state:
            update = {"update_id": self._next_update_id, **update}
            self._pushed_at[self._next_update_id] = time.monotonic()
            self._next_update_id += 1
            self._updates.append(update)
            self._state.notify_all()
            return update

    def redeliver(self, update: dict) -> None:
        """Deliver an update once more with its id, as Telegram does when a confirmation was lost."""
        with self._state:
            if self.hook is not None:
                self._updates.insert(0, update)
            else:
                self._again.append(update)
            self._state.notify_all()

    def fail(self, method: str, status: int = 500, **details: Any) -> None:
        """Make the next `times` calls of `method` (for `chat_id`, if given) misbehave."""
        with self._state:
            self._faults.append(Fault(method, status, **details))

    def heal(self) -> None:
        """Forget the faults scheduled and not yet met."""
        with self._state:
            self._faults.clear()

    def slow(self, method: str, seconds: float, **details: Any) -> None:
        """Make the next call(s) of `method` answer normally, but only after `seconds`."""
        self.fail(method, status=0, delay=seconds, **details)

    def drop(self, method: str, **details: Any) -> None:
        """Make the next call(s) of `method` end with a closed connection and no answer."""
        self.fail(method, drop=True, **details)

    @property
    def confirmed(self) -> int:
        """Every update below this id has been fetched and confirmed: Telegram would not send it again."""
        with self._state:
            return self._confirmed

    @property
    def answering(self) -> bool:
        """Whether a call (other than getUpdates) is being answered now: a slowed one, say."""
        with self._state:
            return self._busy > 0

    def requests(self, method: str) -> list[Call]:
        with self._state:
            return [call for call in self.calls if call.method == method]

    def messages(self, chat_id: int) -> list[Shown]:
        """Snapshots of the chat's messages as they are now (later edits do not change them)."""
        with self._state:
            return self.api.messages(chat_id)

    def replied(self, update_id: int, reply: tuple[str, Any]) -> bool:
        """Whether a request made since `update_id` was pushed has `reply` among its parameters."""
        with self._state:
            since = self._pushed_at[update_id]
            return any(call.at > since and call.params.get(reply[0]) == reply[1] for call in reversed(self.calls))

    def wait_until_answered(self, update_id: int, reply: tuple[str, Any] | None, quiet: float = 0.1,
                            timeout: float = 30.0, polled: bool = True) -> None:
        """Wait until the bot fetched every update (when `polled`; a webhook's are posted to it), replied to
        `update_id` (a later request whose `reply` parameter matches) and has then been silent for `quiet`
        seconds."""
        deadline = time.monotonic() + timeout
        with self._state:
            since = self._pushed_at[update_id]
            while True:
                silent = time.monotonic() - self._last_activity
                unconfirmed = polled and self._next_update_id > max(self._confirmed, 1)
                replied = reply is None or any(
                    call.at > since and call.params.get(reply[0]) == reply[1] for call in reversed(self.calls))
                if replied and not unconfirmed and not self._busy and silent >= quiet:
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError("the bot did not answer")
                self._state.wait(max(quiet - silent, 0.01))

    # --------------------------------------------------------------- server side
    def answer(self, path: str, params: dict, files: dict) -> tuple[int, dict] | None:
        """The HTTP status and JSON body for one request, or None to drop the connection."""
        prefix, _sep, method = path.lstrip("/").partition("/")
        if prefix != f"bot{self.token}":
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if method == "getUpdates":
            return self._answer(method, params, files)
        with self._state:
            self._busy += 1
        try:
            return self._answer(method, params, files)
        finally:
            with self._state:
                self._busy -= 1
                self._last_activity = time.monotonic()
                self._state.notify_all()

    def _answer(self, method: str, params: dict, files: dict) -> tuple[int, dict] | None:
        if method == "getUpdates" and self.hook is not None:
            return 409, ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                      "use deleteWebhook to delete the webhook first").body()
        fault = self._take_fault(method, params)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and (fault.drop or fault.status):
            with self._state:
                self.refused.append(Call(method, params, files))
            if fault.drop:
                return None
            return fault.status, ApiError(fault.status, fault.description, fault.retry_after).body()
        with self._state:
            self.calls.append(Call(method, params, files))
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method in ("setWebhook", "deleteWebhook"):
            self._set_hook(params if method == "setWebhook" else None)
        with self._state:
            return self.api.respond(method, params, files)

    # ------------------------------------------------------------- webhook side
    def _set_hook(self, params: dict | None) -> None:
        """Post updates to `params["url"]` from now on (None: hand them to getUpdates again)."""
        with self._state:
            self.hook = None if params is None else Hook(
                params["url"], params.get("secret_token"), int(params.get("max_connections") or 40))
            while self.hook and len(self._posters) < self.hook.max_connections:
                poster = threading.Thread(target=self._post_updates, name="fake-telegram-poster", daemon=True)
                self._posters.append(poster)
                poster.start()
            self._state.notify_all()

    def _post_updates(self) -> None:
        """One of the connections Telegram posts with: the oldest update whose chat has no post under way."""
        while True:
            with self._state:
                while not self._stopping and (self.hook is None or (update := self._postable()) is None):
                    self._state.wait(0.5)
                if self._stopping:
                    return
                hook, chat = self.hook, _chat_of(update)
                self._posting.add(chat)
            status = _post(hook, update)
            with self._state:
                self.posts.append(Post(update["update_id"], status))
                delivered = status is not None and 200 <= status < 300
                if delivered and update in self._updates:
                    self._updates.remove(update)
                    self._confirmed = min((pending["update_id"] for pending in self._updates),
                                          default=self._next_update_id)
                self._last_activity = time.monotonic()
                self._state.notify_all()
            if not delivered:  # the chat's later updates wait behind this one, as Telegram's do
                time.sleep(RETRY_PAUSE)
            with self._state:
                self._posting.discard(chat)
                self._state.notify_all()

    def _postable(self) -> dict | None:
        return next((update for update in self._updates if _chat_of(update) not in self._posting), None)

    def _take_fault(self, method: str, params: dict) -> Fault | None:
        with self._state:
            for fault in self._faults:
                if fault.method == method and fault.chat_id in (None, params.get("chat_id")):
                    fault.times -= 1
                    if not fault.times:
                        self._faults.remove(fault)
                    return fault
        return None

    def _get_updates(self, params: dict) -> list[dict]:
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._state:
            offset = params.get("offset") or 0
            if offset:
                self._confirmed = max(self._confirmed, offset)
                self._updates = [update for update in self._updates if update["update_id"] >= offset]
                self._last_activity = time.monotonic()
                self._state.notify_all()
            while not self._updates and not self._again and not self._stopping and time.monotonic() < deadline:
                self._state.wait(deadline - time.monotonic())
            again, self._again = self._again, []
            return again + self._updates[: int(params.get("limit") or 100)]


def _chat_of(update: dict) -> object:
    """The chat an update belongs to (its id alone, for one that belongs to none)."""
    for kind in ("message", "edited_message", "my_chat_member"):
        if kind in update:
            return update[kind]["chat"]["id"]
    if "callback_query" in update:
        return update["callback_query"]["from"]["id"]
    return ("update", update["update_id"])


def _post(hook: Hook, update: dict) -> int | None:
    """Post one update as Telegram does; the status of the answer, None if none came."""
    address = urlsplit(hook.url)
    headers = {"Content-Type": "application/json", **({HEADER: hook.secret} if hook.secret else {})}
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=POST_TIMEOUT)
    try:
        connection.request("POST", address.path or "/", json.dumps(update).encode(), headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def _handler_for(fake: FakeTelegram) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            params, files = parse_body(self.headers.get("Content-Type", ""), body)
            answer = fake.answer(self.path, params, files)
            if answer is None:
                self.close_connection = True
                return
            status, payload = answer
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the bot gave up waiting, or was killed
                self.close_connection = True

        do_GET = do_POST  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: the test asserts on recorded calls instead."""

    return Handler
