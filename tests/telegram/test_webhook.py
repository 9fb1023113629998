"""Webhook mode, against the real application: the secret and the size are checked before a body is read.

Requests that must be refused before their body is read are written by hand on a
socket, headers first: the answer arriving while the body has not been sent
(or only its first part) is what shows it was not read.
"""

from __future__ import annotations

import asyncio
import json
import resource
import socket
import time
from contextlib import asynccontextmanager

import httpx
import pytest

from bot.app import inbox
from bot.telegram import webhook
from bot.telegram.webhook import HEADER, MAX_BODY

pytest_plugins = ["bot_fixtures"]

SECRET = "s3cret_Token-for-tests"
PATH = "/telegram/hook"
CHUNK = 64 * 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def hooked(launch):
    """The bot serving its webhook on a free port: (bot, url, port)."""

    @asynccontextmanager
    async def hooked():
        port = free_port()
        url = f"http://127.0.0.1:{port}{PATH}"
        async with launch(webhook_url=url, webhook_secret=SECRET, listen="127.0.0.1", port=port) as bot:
            yield bot, url, port

    return hooked


async def raw_post(port: int, headers: dict[str, str], *parts: bytes) -> tuple[int, float]:
    """Write the headers, then `parts`, then wait for the answer: its status, and seconds from the headers to it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = "".join(f"{name}: {value}\r\n" for name, value in {"Host": "bot", **headers}.items())
        writer.write(f"POST {PATH} HTTP/1.1\r\n{head}\r\n".encode())
        started = time.monotonic()
        for part in parts:
            writer.write(part)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=5)
        return int(status_line.split()[1]), time.monotonic() - started
    finally:
        writer.close()


async def test_an_update_with_the_secret_is_handled_and_one_without_is_refused(fake, hooked):
    async with hooked() as (bot, url, _port):
        [registration] = fake.requests("setWebhook")
        assert registration.params["url"] == url and registration.params["secret_token"] == SECRET
        assert not fake.requests("getUpdates")  # no polling in webhook mode

        owner = bot.user("de")
        async with httpx.AsyncClient() as http:
            for update_id, headers in ((1, {HEADER: "wrong"}), (2, {}), (3, {HEADER: SECRET[:-1]})):
                refused = await http.post(url, json={"update_id": update_id, **owner.message_update("/start")},
                                          headers=headers)
                assert refused.status_code == 403
            update = {"update_id": 4, **owner.message_update("/start")}
            accepted = await http.post(url, json=update, headers={HEADER: SECRET})
            assert accepted.status_code == 200
            await bot.processed.wait(update)
        assert bot.processed.ids == {4}
        assert [bool(message.buttons) for message in owner.messages()] == [False, True]


async def test_a_wrong_secret_is_refused_before_the_body_is_sent(hooked):
    async with hooked() as (bot, _url, port):
        for headers in ({HEADER: "wrong"}, {}):
            status, _ = await raw_post(port, {"Content-Length": "1000", "Content-Type": "application/json", **headers})
            assert status == 403  # answered with none of the 1000 bytes sent
        assert not bot.processed.ids


async def test_a_body_above_the_limit_is_refused_without_being_read(hooked):
    async with hooked() as (bot, url, port):
        secret = {HEADER: SECRET, "Content-Type": "application/json"}
        # 5 MB announced, its first 64 KiB sent: answered at once, the rest is never asked for.
        status, seconds = await raw_post(port, {**secret, "Content-Length": str(5_000_000)}, b"x" * CHUNK)
        assert status == 413 and seconds < 1
        # No length announced, streamed in chunks: refused once the limit is passed.
        streamed = [b"%x\r\n%s\r\n" % (CHUNK, b"x" * CHUNK)] * (MAX_BODY // CHUNK + 1)
        status, seconds = await raw_post(port, {**secret, "Transfer-Encoding": "chunked"}, *streamed)
        assert status == 413 and seconds < 1
        # A client that posts all 5 MB anyway is told as well, or cut off before the end.
        async with httpx.AsyncClient() as http:
            started = time.monotonic()
            try:
                answer = await http.post(url, content=b"x" * 5_000_000, headers=secret)
                assert answer.status_code == 413
            except (httpx.WriteError, httpx.ReadError, httpx.RemoteProtocolError):
                pass
            assert time.monotonic() - started < 2
            update = {"update_id": 7, **bot.user("fr").message_update("/start")}
            assert (await http.post(url, json=update, headers=secret)).status_code == 200
            await bot.processed.wait(update)
        assert bot.processed.ids == {7}  # nothing else reached a handler


def test_the_limit_leaves_room_for_the_largest_update():
    """A 4096-character text of 4-byte characters, replying to another one, quoted: a tenth of the limit."""
    person = {"id": 2 ** 40, "is_bot": False, "first_name": "\U0001f600" * 64, "last_name": "\U0001f600" * 64,
              "username": "u" * 32, "language_code": "de"}
    text = "\U0001f600" * 2048  # 4096 UTF-16 code units, Telegram's most
    entities = [{"type": "bold", "offset": 2 * i, "length": 2} for i in range(100)]
    message = {"message_id": 2 ** 31, "date": 2 ** 31, "chat": {"id": 2 ** 40, "type": "private", **person},
               "from": person, "text": text, "entities": entities}
    update = {"update_id": 2 ** 31, "message": {**message, "reply_to_message": message,
                                                   "quote": {"text": text, "entities": entities, "position": 0}}}
    assert len(json.dumps(update).encode()) < MAX_BODY / 10  # json.dumps escapes each as \\ud83d\\ude00


async def test_an_unreadable_update_is_answered_skipped_and_logged_once_without_its_content(hooked, caplog):
    async with hooked() as (bot, url, _port):
        stranger, owner = bot.user("fr", first_name="Zoé Secrète"), bot.user("de")
        unreadable = {"update_id": 11, **stranger.message_update("mon code secret 4711")}
        unreadable["message"]["date"] = "yesterday"  # not the timestamp python-telegram-bot expects
        secret = {HEADER: SECRET}
        async with httpx.AsyncClient() as http:
            # Answered 200: else Telegram would post it again, and again, for a day.
            assert (await http.post(url, json=unreadable, headers=secret)).status_code == 200
            for body in (b"{not json: Zo\xc3\xa9 4711", b"\xff\xfe", b'["4711"]', b""):
                assert (await http.post(url, content=body, headers=secret)).status_code == 200
            update = {"update_id": 12, **owner.message_update("/start")}
            assert (await http.post(url, json=update, headers=secret)).status_code == 200
            await bot.processed.wait(update)  # handled all the same
        await bot.processed.wait(unreadable)  # its id went through the inbox, and out of it
        assert [bool(message.buttons) for message in owner.messages()] == [False, True] and not stranger.messages()
        said = [record.getMessage() + (record.exc_text or "") for record in caplog.records]
        assert sum("update 11" in line for line in said) == 1
        assert sum("webhook post" in line for line in said) == 4
        assert not any("Secrète" in line or "Zoé" in line or "4711" in line or "yesterday" in line for line in said)
        assert inbox.unhandled(bot.services) == []


async def test_an_update_posted_twice_is_handled_once(hooked):
    async with hooked() as (bot, url, _port):
        owner = bot.user("de")
        update = {"update_id": 21, **owner.message_update("/start")}
        async with httpx.AsyncClient() as http:
            for _ in range(2):  # Telegram posts again when our first answer did not reach it
                assert (await http.post(url, json=update, headers={HEADER: SECRET})).status_code == 200
            await bot.processed.wait(update)
            later = {"update_id": 22, **owner.message_update("/help")}
            assert (await http.post(url, json=later, headers={HEADER: SECRET})).status_code == 200
            await bot.processed.wait(later)
        texts = [message.text for message in owner.messages()]
        assert texts.count(texts[0]) == 1 and len(texts) == 4  # greeting and question once; help, question again


async def test_another_address_is_not_found_and_not_read(hooked):
    async with hooked() as (bot, _url, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"POST /elsewhere HTTP/1.1\r\nHost: bot\r\n{HEADER}: {SECRET}\r\n"
                     "Content-Length: 5000000\r\n\r\n".encode())
        assert b" 404 " in await asyncio.wait_for(reader.readline(), timeout=5)
        writer.close()


async def test_without_a_configured_secret_each_start_makes_one(fake, launch):
    port = free_port()
    async with launch(webhook_url=f"http://127.0.0.1:{port}/hook", listen="127.0.0.1", port=port):
        [registration] = fake.requests("setWebhook")
        assert len(registration.params["secret_token"]) >= 32


async def held_open(port: int, first: bytes) -> float | None:
    """A client that sends `first`, then one byte every 0.2 s for ever: seconds until the server closed it
    (None if it was still open after 20 s)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    try:
        writer.write(first)
        while time.monotonic() - started < 20:
            try:
                closed = await asyncio.wait_for(reader.read(1024), timeout=0.2)
            except TimeoutError:
                writer.write(b"x")
                continue
            if not closed or b"HTTP/1.1" in closed:  # closed, or answered (a timeout answers nothing)
                return time.monotonic() - started
        return None
    except (ConnectionError, OSError):
        return time.monotonic() - started
    finally:
        writer.close()


async def test_slow_clients_are_closed_in_time_while_telegram_s_posts_are_answered(hooked, monkeypatch):
    monkeypatch.setattr(webhook, "HEADER_TIMEOUT", 1.0)
    monkeypatch.setattr(webhook, "BODY_TIMEOUT", 1.0)
    async with hooked() as (bot, url, port):
        header = f"POST {PATH} HTTP/1.1\r\nHost: bot\r\n".encode()  # headers never finished
        body = f"POST {PATH} HTTP/1.1\r\nHost: bot\r\n{HEADER}: {SECRET}\r\nContent-Length: 100000\r\n\r\n{{".encode()
        slow = [asyncio.create_task(held_open(port, header if n % 2 else body)) for n in range(100)]
        await asyncio.sleep(0.3)  # all of them open and trickling
        owner = bot.user("fr")
        update = {"update_id": 31, **owner.message_update("/start")}
        async with httpx.AsyncClient() as http:
            assert (await http.post(url, json=update, headers={HEADER: SECRET})).status_code == 200
        await bot.processed.wait(update)
        closed_after = await asyncio.gather(*slow)
        assert None not in closed_after  # each closed by the server, none left open for 20 s
        assert [bool(message.buttons) for message in owner.messages()] == [False, True]


async def test_connections_beyond_the_cap_are_closed_at_once_and_posts_get_through_after(hooked, monkeypatch):
    monkeypatch.setattr(webhook, "MAX_CONNECTIONS", 10)
    monkeypatch.setattr(webhook, "HEADER_TIMEOUT", 1.0)
    async with hooked() as (bot, url, port):
        idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(15)]

        async def closed_at_once(reader: asyncio.StreamReader) -> bool:
            try:
                return await asyncio.wait_for(reader.read(1), timeout=0.3) == b""
            except TimeoutError:  # held open: one of the ten
                return False

        assert sum(await asyncio.gather(*(closed_at_once(reader) for reader, _writer in idle))) == 5
        # The ten held are closed by the server once their headers are overdue; then Telegram gets through.
        await asyncio.gather(*(asyncio.wait_for(reader.read(), timeout=20) for reader, _writer in idle))
        for _reader, writer in idle:
            writer.close()
        owner = bot.user("fr")
        update = {"update_id": 41, **owner.message_update("/start")}
        async with httpx.AsyncClient() as http:
            assert (await http.post(url, json=update, headers={HEADER: SECRET})).status_code == 200
        await bot.processed.wait(update)


async def test_a_body_nested_too_deep_to_read_is_skipped_with_200(hooked, caplog):
    async with hooked() as (bot, url, _port):
        nested = b'{"update_id": 51, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        async with httpx.AsyncClient() as http:
            for body in (nested, b"[" * 100_000, b'{"update_id": 52, "message": "' + b"\\" * 1000 + b'"}'):
                assert (await http.post(url, content=body, headers={HEADER: SECRET})).status_code == 200
        assert not any("A webhook request failed" in record.getMessage() for record in caplog.records)


def test_the_open_file_limit_is_raised_to_the_hard_limit_and_the_cap_stays_below_it():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    lowered = min(soft, 256)
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowered, hard))
    try:
        raised = webhook.raise_file_limit()
        assert raised == resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        assert raised == hard or hard == resource.RLIM_INFINITY
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert webhook.connection_cap(256) == 256 - webhook.RESERVED_FILES
    assert webhook.connection_cap(1 << 20) == webhook.MAX_CONNECTIONS
