"""The webhook registered once by the deploy step, instances on PostgreSQL that leave it alone, and their share
of Telegram's sending limit."""

from __future__ import annotations

import logging
import os
import subprocess

import httpx
import pytest
from bot_fixtures import ADVISOR, ROOT
from fake_api import TOKEN
from test_webhook import SECRET, free_port

from bot.app import Services
from bot.config import Settings
from bot.telegram.registration import ALLOWED_UPDATES, MAX_CONNECTIONS
from bot.telegram.run import build_application
from bot.telegram.webhook import HEADER

pytest_plugins = ["bot_fixtures"]

URL = "https://advisor.example.org/telegram/hook"


def webhook(fake, action: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`./advisor webhook <action>` as the release step runs it, against the fake Bot API."""
    environ = {key: value for key, value in os.environ.items() if key not in ("WEBHOOK_URL", "WEBHOOK_SECRET")}
    environ |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake.url, **env}
    return subprocess.run([ADVISOR, "webhook", action], cwd=ROOT, env=environ, capture_output=True, text=True,
                          timeout=120)


def test_the_deploy_step_registers_the_webhook_once_shows_it_and_deletes_it(fake):
    done = webhook(fake, "set", WEBHOOK_URL=URL, WEBHOOK_SECRET=SECRET)
    assert done.returncode == 0, done.stderr
    [registration] = fake.requests("setWebhook")
    assert registration.params == {"url": URL, "secret_token": SECRET, "max_connections": MAX_CONNECTIONS,
                                   "allowed_updates": ALLOWED_UPDATES}
    assert URL in done.stdout and SECRET not in done.stdout + done.stderr

    shown = webhook(fake, "info")
    assert shown.returncode == 0 and shown.stdout.splitlines()[:3] == [
        f"url: {URL}", "pending updates: 0", f"max connections: {MAX_CONNECTIONS}"]

    assert webhook(fake, "delete").returncode == 0 and len(fake.requests("deleteWebhook")) == 1
    assert webhook(fake, "info").stdout.startswith("url: none")


def test_a_webhook_telegram_refuses_is_said_in_its_words(fake):
    refused = webhook(fake, "set", WEBHOOK_URL="http://advisor.example.org/hook", WEBHOOK_SECRET=SECRET)
    assert refused.returncode == 1 and refused.stderr == \
        "advisor: Telegram refused: Bad webhook: an https url must be provided for webhook\n"


@pytest.mark.parametrize("bot_database", ["postgresql"], indirect=True)
async def test_an_instance_on_postgresql_leaves_the_registration_to_the_deploy_step(fake, launch, caplog):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    with caplog.at_level(logging.WARNING, logger="bot.telegram.registration"):
        async with launch(webhook_url=url, webhook_secret=SECRET, listen="127.0.0.1", port=port) as bot:
            assert not fake.requests("setWebhook") and not fake.requests("getUpdates")
            owner = bot.user("fr")
            update = {"update_id": 1, **owner.message_update("/start")}
            async with httpx.AsyncClient() as http:
                assert (await http.post(url, json=update, headers={HEADER: SECRET})).status_code == 200
            await bot.processed.wait(update)
            assert owner.messages()  # served all the same
    assert [record.getMessage() for record in caplog.records] == [
        "Telegram posts updates to no webhook, not to WEBHOOK_URL: run `./advisor webhook set` (the release step) "
        "to register it"]


@pytest.mark.parametrize("instances, per_second, per_minute_in_a_group", [(1, 30, 20), (2, 15, 10), (3, 10, 20 / 3)])
def test_each_instance_keeps_to_its_share_of_telegrams_limit(store, specs, engine, instances, per_second,
                                                              per_minute_in_a_group):
    application = build_application(Settings(token=TOKEN, instances=instances), Services(store, specs, engine))
    limiter = application.bot.rate_limiter
    assert limiter._base_limiter.max_rate == per_second  # noqa: SLF001 (what AIORateLimiter keeps to)
    assert limiter._group_max_rate == per_minute_in_a_group  # noqa: SLF001
