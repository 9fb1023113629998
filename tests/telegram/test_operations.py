"""What operators and platforms see of the real `advisor telegram` process: /healthz, /readyz, /metrics, a
SIGTERM that drains, and logs without anything an owner typed or their name."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from contextlib import closing

import httpx
import pytest
from answers import BUTCHER_TYPED
from bot_fixtures import reply_key
from client import TelegramUser, eventually
from conftest import ENGINES
from play import DIALOG, play, say
from prometheus_client.parser import text_string_to_metric_families
from test_storage_contract import FORGET_LAST
from test_webhook import free_port

from bot.i18n import use_locale
from bot.render.values import wording
from bot.spec import Kind
from bot.storage import open_store
from bot.telegram.errors import NOT_SAVED, SORRY
from bot.telegram.run import operations_of
from bot.telegram.webhook import HEADER

pytest_plugins = ["bot_fixtures"]

SECRET = "ops-secret-for-tests"
BOUND = 8  # seconds: DRAIN_TIMEOUT in these tests, where the update in hand takes 2 s


# The liveness probe's timeout README.md asks for: while PostgreSQL is down, the bot's statements wait up to
# 5 s each for a connection on the event loop, and two of them (a sweep, then an update) can come in a row.
LIVENESS_TIMEOUT = 15


async def get(port: int, path: str, timeout: float = 5) -> tuple[int, str]:
    """The status and body the bot's web port answers `path` with (0: nothing listens)."""
    try:
        async with httpx.AsyncClient(timeout=timeout) as http:
            answer = await http.get(f"http://127.0.0.1:{port}{path}")
    except httpx.TransportError:
        return 0, ""
    return answer.status_code, answer.text


async def until(check: Callable[[], Awaitable[bool]], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)


async def up(port: int) -> None:
    await until(lambda: _answers(port, "/healthz", 200))


async def _answers(port: int, path: str, status: int, body: str | None = None) -> bool:
    answer = await get(port, path)
    return answer[0] == status and (body is None or answer[1] == body + "\n")


async def post(url: str, update: dict) -> int:
    async with httpx.AsyncClient(timeout=10) as http:
        return (await http.post(url, json=update, headers={HEADER: SECRET})).status_code


def metrics(text: str) -> dict[tuple[str, tuple], float]:
    """Each sample of a scrape, by its name and labels (parsed as Prometheus does)."""
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def webhook_settings(port: int, drain: float = BOUND) -> dict[str, str]:
    return {"WEBHOOK_URL": f"http://127.0.0.1:{port}/hook", "WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": "127.0.0.1",
            "PORT": str(port), "DRAIN_TIMEOUT": str(drain)}


async def in_hand(fake, bot_process, port: int, drain: float, slow: float):
    """The bot serving its webhook, an owner's /start posted and in hand: Telegram takes `slow` seconds to
    accept the greeting. The owner and the settings, to start the bot again with."""
    settings = webhook_settings(port, drain)
    bot_process.start(**settings)
    await up(port)
    assert await get(port, "/readyz") == (200, "ready\n")
    owner = bot_process.user("fr")
    fake.slow("sendMessage", slow, chat_id=owner.id)
    assert await post(settings["WEBHOOK_URL"], {"update_id": 1, **owner.message_update("/start")}) == 200
    await eventually(lambda: fake.answering)  # the greeting is on its way
    return owner, settings


def posting_user(fake, bot_process, url: str) -> TelegramUser:
    """An owner whose updates Telegram posts to the webhook at `url`, as Telegram does: a chat's next update
    once the last post was answered 200 (posted again after a refusal, or while nothing listens)."""
    async def posted(update: dict) -> None:
        while True:
            try:
                if await post(url, update) == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
        await asyncio.to_thread(fake.wait_until_answered, update["update_id"], reply_key(update), polled=False)

    user = bot_process.user("fr")
    user.settle = posted
    return user


def questions_shown(user: TelegramUser, spec) -> list[str]:
    """The questions the chat shows, in order (one each, unless one was shown twice)."""
    with use_locale(user.language):
        by_text = {wording(question): question.id for question in spec.questions.values()}
    return [by_text[line] for message in user.messages() for line in message.text.splitlines() if line in by_text]


def waiting_updates(database: str) -> int:
    with closing(open_store(database)) as store:
        return store.backlog(store.now()).inbox


async def test_polling_with_a_port_serves_health_and_metrics_that_count_the_updates(fake, bot_process):
    port = free_port()
    bot_process.start(PORT=str(port), WEBHOOK_LISTEN="127.0.0.1")
    await up(port)
    assert await get(port, "/readyz") == (200, "ready\n")
    owner = bot_process.user("fr")
    await owner.send("/start")
    await owner.click(owner.keyboard().labels[0])
    await owner.send("bonjour")  # no answer to a choice: asked again

    status, text = await get(port, "/metrics")
    assert status == 200
    scraped = metrics(text)
    handled = {kind: scraped["advisor_updates_total", (("kind", kind),)]
               for kind in ("command", "button", "message", "other")}
    assert handled == {"command": 1, "button": 1, "message": 1, "other": 0}
    assert sum(scraped["advisor_update_seconds_count", (("kind", kind),)] for kind in handled) == 3
    assert scraped["advisor_inbox_updates", ()] == 0 and scraped["advisor_inbox_oldest_seconds", ()] == 0
    assert scraped["advisor_outbox_messages", ()] == 0 and scraped["advisor_reminders_due", ()] == 0
    assert scraped["advisor_role", (("advisor_role", "leader"),)] == 1
    assert scraped["advisor_telegram_429_total", ()] == 0
    assert "Marie" not in text and str(owner.id) not in text  # counts, never who


@pytest.mark.parametrize("bot_database", ["postgresql"], indirect=True)
async def test_ready_only_while_the_database_answers_and_alive_throughout(fake, bot_process, postgres):
    port = free_port()
    bot_process.start(PORT=str(port), WEBHOOK_LISTEN="127.0.0.1")
    await up(port)
    assert await get(port, "/readyz") == (200, "ready\n")
    postgres.halt()
    halted = time.monotonic()
    try:
        await until(lambda: _answers(port, "/readyz", 503, "database"))
        print(f"not ready {time.monotonic() - halted:.1f} s after the database went down")
        slowest = 0.0
        for _ in range(10):  # alive throughout, if slower while the sweeps wait for the database on the loop
            asked = time.monotonic()
            assert await get(port, "/healthz", timeout=LIVENESS_TIMEOUT) == (200, "ok\n")
            slowest = max(slowest, time.monotonic() - asked)
            await asyncio.sleep(0.5)
        print(f"/healthz answered within {slowest:.1f} s while the database was down")
        assert (await get(port, "/metrics"))[0] == 200  # without the backlog meanwhile
    finally:
        postgres.resume()
    started = time.monotonic()
    await until(lambda: _answers(port, "/readyz", 200, "ready"), timeout=30)
    print(f"ready again {time.monotonic() - started:.1f} s after the database's return")


@pytest.mark.parametrize("bot_database", ENGINES, indirect=True)
async def test_sigterm_finishes_the_update_in_hand_refuses_new_posts_and_exits_0(fake, bot_process, bot_database):
    port = free_port()
    owner, settings = await in_hand(fake, bot_process, port, drain=BOUND, slow=2)
    other = bot_process.user("de")
    assert metrics((await get(port, "/metrics"))[1])["advisor_role", (("advisor_role", "webhook"),)] == 1
    signalled = time.monotonic()
    bot_process.process.send_signal(signal.SIGTERM)
    await until(lambda: _answers(port, "/readyz", 503, "draining"), timeout=2)
    later = {"update_id": 2, **other.message_update("/start")}
    assert await post(settings["WEBHOOK_URL"], later) == 503  # Telegram posts it again, to another instance
    assert bot_process.wait(timeout=BOUND) == 0
    print(f"exited {time.monotonic() - signalled:.1f} s after SIGTERM")
    assert [bool(message.buttons) for message in owner.messages()] == [False, True]  # greeting, first question
    assert waiting_updates(bot_database) == 0

    bot_process.start(**settings)  # restarted: nothing handled twice, the refused post taken now
    await up(port)
    assert await post(settings["WEBHOOK_URL"], later) == 200
    await eventually(lambda: len(other.messages()) == 2)
    await asyncio.sleep(1)  # the sweeps have run
    assert [bool(message.buttons) for message in owner.messages()] == [False, True]
    assert "Traceback" not in bot_process.log


@pytest.mark.parametrize("bot_database", ENGINES, indirect=True)
async def test_a_drain_that_runs_out_of_time_exits_0_and_the_update_is_handled_after_the_restart(
        fake, bot_process, bot_database):
    owner, settings = await in_hand(fake, bot_process, free_port(), drain=1, slow=6)
    signalled = time.monotonic()
    bot_process.process.send_signal(signal.SIGTERM)
    assert bot_process.wait(timeout=5) == 0  # the bound (1 s), not the 6 s Telegram takes
    print(f"exited {time.monotonic() - signalled:.1f} s after SIGTERM, the bound being 1 s")
    assert "update(s) or send(s) unfinished" in bot_process.log
    assert waiting_updates(bot_database) == 1  # left for the next start

    bot_process.start(**settings)
    await eventually(lambda: any(message.buttons for message in owner.messages()), timeout=20)
    await eventually(lambda: waiting_updates(bot_database) == 0)
    await asyncio.sleep(5)  # Telegram took the slow greeting meanwhile, after the process it came from ended
    greetings = [message for message in owner.messages() if not message.buttons]
    assert len(greetings) <= 2 and sum(bool(message.buttons) for message in owner.messages()) == 1


async def test_a_second_sigterm_ends_the_process_at_once(fake, bot_process):
    port = free_port()
    await in_hand(fake, bot_process, port, drain=30, slow=10)
    bot_process.process.send_signal(signal.SIGTERM)
    await until(lambda: _answers(port, "/readyz", 503, "draining"), timeout=2)
    bot_process.process.send_signal(signal.SIGTERM)
    assert bot_process.wait(timeout=2) == -signal.SIGTERM


@pytest.mark.parametrize("bot_database", ENGINES, indirect=True)
async def test_sigterm_stops_polling_and_what_came_after_is_handled_once_after_the_restart(
        fake, bot_process, bot_database):
    bot_process.start(DRAIN_TIMEOUT=str(BOUND))
    owner, other = bot_process.user("fr"), bot_process.user("de")
    await owner.send("/help")  # the bot is polling
    fake.slow("sendMessage", 2, chat_id=owner.id)
    fake.push(owner.message_update("/start"))
    await eventually(lambda: fake.answering)
    bot_process.process.send_signal(signal.SIGTERM)
    await asyncio.sleep(0.5)
    fake.push(other.message_update("/start"))  # after the signal: not fetched any more
    assert bot_process.wait(timeout=BOUND) == 0
    assert any(message.buttons for message in owner.messages()) and not other.messages()

    bot_process.start()
    await eventually(lambda: len(other.messages()) == 2)
    await asyncio.sleep(1)
    assert len(other.messages()) == 2 and waiting_updates(bot_database) == 0


async def test_one_assessment_at_info_logs_no_answer_typed_and_no_name(bot, caplog):
    caplog.set_level(logging.INFO)
    spec = bot.services.specs[DIALOG]
    owner = bot.user("fr", first_name="Zoé Quenneville")
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED)
    await eventually(lambda: any(message.kind == "document" for message in owner.messages()), timeout=60)

    typed = [value for key, value in BUTCHER_TYPED.items() if spec.questions[key].kind is Kind.TEXT]
    assert typed  # the business's name, the target, the notes
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert logged  # something was logged at INFO
    for private in (*typed, "Zoé", "Quenneville"):
        assert private not in logged, private
    scraped = metrics(operations_of(bot.application).metrics.exposition(None).decode())
    assert scraped["advisor_owed_sent_total", (("kind", "conclusion"),)] == 1  # the verdict, from the outbox


async def test_telegram_s_refusals_and_retries_are_counted(bot):
    owner = bot.user("fr")
    bot.fake.fail("sendMessage", 429, retry_after=1, chat_id=owner.id, description="Too Many Requests: retry after 1")
    bot.fake.fail("sendMessage", 500, chat_id=owner.id)
    await owner.send("/start")
    scraped = metrics(operations_of(bot.application).metrics.exposition(None).decode())
    assert scraped["advisor_telegram_429_total", ()] == 1
    assert scraped["advisor_telegram_retries_total", (("cause", "flood"),)] == 1
    assert scraped["advisor_telegram_retries_total", (("cause", "network"),)] == 1
    assert ("advisor_inbox_updates", ()) not in scraped  # no backlog read: left out


async def test_not_ready_while_the_database_lacks_a_migration_or_the_instance_drains(bot):
    ops = operations_of(bot.application)
    assert await ops.unready() is None
    bot.services.store.execute(FORGET_LAST["sqlite"])
    assert await ops.unready() == "migrations"
    ops.draining = True
    assert await ops.unready() == "draining" and not ops.taking()


@pytest.mark.parametrize("bot_database", ENGINES, indirect=True)
async def test_a_restart_by_sigterm_while_owners_answer_shows_them_no_error_and_nothing_twice(
        fake, bot_process, bot_database, specs):
    """One instance's part of a rolling restart: five owners answer while it is stopped and started again."""
    port = free_port()
    settings = webhook_settings(port)
    bot_process.start(**settings)
    await up(port)
    spec = specs[DIALOG]
    owners = [posting_user(fake, bot_process, settings["WEBHOOK_URL"]) for _ in range(5)]

    async def answer(owner: TelegramUser) -> list[str]:
        await owner.send("/start")
        return await play(owner, spec, BUTCHER_TYPED, until="goal")

    answering = asyncio.gather(*(answer(owner) for owner in owners))
    await asyncio.sleep(2)  # they are answering
    bot_process.process.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(bot_process.wait, BOUND) == 0
    bot_process.start(**settings)
    asked = await answering

    errors = (say("fr", SORRY), say("fr", NOT_SAVED))
    for owner, path in zip(owners, asked, strict=True):
        assert not any(error in message.text for message in owner.messages() for error in errors)
        assert questions_shown(owner, spec) == [*path, "goal"]  # each once, in order, none lost
    assert "Traceback" not in bot_process.log
