"""Fixtures: the fake Bot API, the real bot against it (in-process or as a process), its users.

Loaded by the test modules with `pytest_plugins`, not as a conftest.py: a second
conftest module would shadow tests/conftest.py, which tests import by name.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from client import TelegramUser
from fake_api import TOKEN, FakeTelegram
from telegram import Update
from telegram.ext import Application, TypeHandler

from bot.app import Services, verdicts
from bot.config import Settings
from bot.i18n import supported
from bot.i18n.markets import HOME
from bot.storage import Storage, is_url, open_store, utc_now
from bot.telegram.run import READ_TIMEOUT, build_application, running

ROOT = Path(__file__).resolve().parents[2]
ADVISOR = Path(sys.executable).with_name("advisor")  # the console script pip installed with the project
_user_ids = itertools.count(1001)


@pytest.fixture
def fake():
    server = FakeTelegram().start()
    try:
        yield server
    finally:
        server.stop()


class Processed:
    """Which updates the application has finished with: its last handler group marks them."""

    def __init__(self):
        self.ids: set[int] = set()
        self.changed = asyncio.Condition()

    async def mark(self, update: Update, context) -> None:
        async with self.changed:
            self.ids.add(update.update_id)
            self.changed.notify_all()

    async def wait(self, update: dict) -> None:
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(lambda: update["update_id"] in self.ids), timeout=30)


def settle_country(store: Storage, user: TelegramUser) -> None:
    """Store the user, in the language of their Telegram app, with that language's home country."""
    language = supported(user.language_code)
    store.ensure_user(user.id, language=language, name=user.first_name)
    if language is not None:
        store.set_market(user.id, HOME[language], None)


@dataclass
class RunningBot:
    fake: FakeTelegram
    services: Services
    application: Application
    processed: Processed

    def user(self, language_code: str | None = "fr", user_id: int | None = None, settled: bool = True,
             **details) -> TelegramUser:
        """A Telegram user; `settled`: one who gave their country already (that of their language), as every
        owner has after their first contact, so a test starts at the questions (the country prompt has its own)."""
        user = TelegramUser(self.fake, self.processed.wait, user_id or next(_user_ids), language_code, **details)
        if settled:
            settle_country(self.services.store, user)
        return user


@pytest.fixture
def clock() -> Clock:
    return Clock(Clock.START)


@pytest.fixture
def bot_database(request, db_path) -> str:
    """Where the bot keeps its data: the SQLite file, unless a module runs on both engines with
    `pytest.mark.parametrize("bot_database", ENGINES, indirect=True)`."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return str(db_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def launch(fake, bot_database):
    """Start the real application against the fake Bot API, in this event loop (an async context)."""
    return launcher(fake, bot_database)


def launcher(fake: FakeTelegram, bot_database: str):
    """What `launch` gives: keyword arguments change the settings; `conclude` replaces the verdict,
    `clock` the time, `read_timeout` how long a call waits for Telegram's answer."""

    @asynccontextmanager
    async def launch(conclude=verdicts.conclude, clock=utc_now, rate_limited=True, read_timeout=READ_TIMEOUT,
                     **changes) -> AsyncIterator[RunningBot]:
        services = Services.open(bot_database, clock=clock)
        url = bot_database if is_url(bot_database) else None
        settings = Settings(token=TOKEN, api_base_url=fake.url, db_path=Path(bot_database), database_url=url, **changes)
        try:
            application = build_application(settings, services, conclude, rate_limited=rate_limited,
                                            read_timeout=read_timeout)
            processed = Processed()
            application.add_handler(TypeHandler(Update, processed.mark), group=99)
            async with running(application, settings):
                yield RunningBot(fake, services, application, processed)
        finally:
            services.close()

    return launch


@pytest.fixture
async def bot(launch):
    """The real application polling the fake Bot API."""
    async with launch() as running_bot:
        yield running_bot


class Clock:
    """The time as the test sets it: due check-ins without waiting for them."""

    START = datetime(2027, 1, 4, 8, tzinfo=UTC)  # a Monday, 09:00 in Paris and Berlin

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class BotProcess:
    """`advisor telegram` as a separate process (stderr kept in a file for assertions)."""

    def __init__(self, fake: FakeTelegram, database: str, log_path: Path):
        self.fake, self.database, self.log_path = fake, database, log_path
        self.process: subprocess.Popen | None = None

    def start(self, token: str = TOKEN, **environ: str) -> BotProcess:
        """Start polling, or serving the webhook when `environ` (more settings) has a WEBHOOK_URL."""
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": self.fake.url,
               "DATABASE_URL" if is_url(self.database) else "ADVISOR_DB": self.database}
        for variable in ("WEBHOOK_URL", "WEBHOOK_SECRET", "PORT", "DRAIN_TIMEOUT",
                         *(() if is_url(self.database) else ("DATABASE_URL",))):
            env.pop(variable, None)
        command = [ADVISOR, "telegram", *(["--webhook"] if "WEBHOOK_URL" in environ else [])]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env={**env, **environ}, stdout=log, stderr=log)
        return self

    def kill(self, signum: int = signal.SIGKILL) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=20)

    def wait(self, timeout: float = 20) -> int:
        return self.process.wait(timeout=timeout)

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def user(self, language_code: str | None = "fr", user_id: int | None = None, **details) -> TelegramUser:
        async def settle(update: dict) -> None:
            """From outside the process: the bot acknowledged the update, replied, then fell quiet."""
            await asyncio.to_thread(self.fake.wait_until_answered, update["update_id"], reply_key(update))
        user = TelegramUser(self.fake, settle, user_id or next(_user_ids), language_code, **details)
        store = open_store(self.database)
        try:
            settle_country(store, user)
        finally:
            store.close()
        return user

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)


class BotProcesses:
    """Several `advisor telegram` processes (instances) on one database, each with its own log."""

    def __init__(self, fake: FakeTelegram, folder: Path):
        self.fake, self.folder = fake, folder
        self.started: list[BotProcess] = []

    def start(self, database: str) -> BotProcess:
        process = BotProcess(self.fake, database, self.folder / f"bot-{len(self.started) + 1}.log").start()
        self.started.append(process)
        return process


def reply_key(update: dict) -> tuple[str, object] | None:
    """How a reply to `update` is recognised: its callback query id, or its chat."""
    if "callback_query" in update:
        return "callback_query_id", update["callback_query"]["id"]
    message = update.get("message") or update.get("edited_message")
    return ("chat_id", message["chat"]["id"]) if message else None


@pytest.fixture
def bot_process(fake, bot_database, tmp_path):
    process = BotProcess(fake, bot_database, tmp_path / "bot.log")
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def bot_processes(fake, tmp_path):
    processes = BotProcesses(fake, tmp_path)
    try:
        yield processes
    finally:
        for process in processes.started:
            process.stop()

