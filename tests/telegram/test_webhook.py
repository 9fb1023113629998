"""Webhook mode: Telegram's requests carry the secret token; anything without it is refused."""

from __future__ import annotations

import socket

import httpx

pytest_plugins = ["bot_fixtures"]

SECRET = "s3cret_Token-for-tests"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_an_update_with_the_secret_is_handled_and_one_without_is_refused(fake, launch):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with launch(webhook_url=url, webhook_secret=SECRET, listen="127.0.0.1", port=port) as bot:
        [registration] = fake.requests("setWebhook")
        assert registration.params["url"] == url and registration.params["secret_token"] == SECRET
        assert not fake.requests("getUpdates")  # no polling in webhook mode

        owner = bot.user("de")
        async with httpx.AsyncClient() as http:
            for update_id, headers in ((1, {HEADER: "wrong"}), (2, {})):
                refused = await http.post(url, json={"update_id": update_id, **owner.message_update("/start")},
                                          headers=headers)
                assert refused.status_code == 403
            update = {"update_id": 3, **owner.message_update("/start")}
            accepted = await http.post(url, json=update, headers={HEADER: SECRET})
            assert accepted.status_code == 200
            await bot.processed.wait(update)
        assert bot.processed.ids == {3}
        assert [bool(message.buttons) for message in owner.messages()] == [False, True]


async def test_without_a_configured_secret_each_start_makes_one(fake, launch):
    port = free_port()
    async with launch(webhook_url=f"http://127.0.0.1:{port}/hook", listen="127.0.0.1", port=port):
        [registration] = fake.requests("setWebhook")
        assert len(registration.params["secret_token"]) >= 32
