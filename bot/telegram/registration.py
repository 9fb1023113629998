"""Where Telegram posts updates: the webhook registered once, by the deploy step, with the same settings each time.

`setWebhook` replaces whatever was registered before. Instances that each
called it at start would register over one another in a rolling deploy (and
one started with other settings would change them for all), so where several
may run (on PostgreSQL) `./advisor webhook set` registers it once per deploy
(the Procfile's release step) and an instance only checks, at start, that
Telegram posts to its WEBHOOK_URL. A SQLite deployment is one process by
construction: it still registers at start, so `advisor telegram` with
WEBHOOK_URL just works.
"""

from __future__ import annotations

import logging
import sys

from telegram import Bot, Update

from bot.config import Settings
from bot.telegram.exits import NO_TOKEN, against_telegram
from bot.telegram.logs import protect_secrets

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
# Connections Telegram opens at once to post updates (its default); each instance serves far more (webhook.py).
MAX_CONNECTIONS = 40


async def register(bot: Bot, url: str, secret: str) -> None:
    """Have Telegram post the updates the bot reads to `url`, with `secret` in a header."""
    await bot.set_webhook(url=url, allowed_updates=ALLOWED_UPDATES, max_connections=MAX_CONNECTIONS,
                          secret_token=secret)


async def check_registered(bot: Bot, url: str) -> None:
    """Warn, once at start, when Telegram posts elsewhere than `url`: nothing would reach this instance."""
    registered = (await bot.get_webhook_info()).url
    if registered != url:
        log.warning("Telegram posts updates to %s, not to WEBHOOK_URL: run `./advisor webhook set` (the release "
                    "step) to register it", registered or "no webhook")


def run_webhook(settings: Settings, action: str) -> int:
    """`./advisor webhook set|delete|info`: one line on stderr and exit status 2 for what is missing.

    `set` without WEBHOOK_URL has nothing to register and says so (exit 0): the
    release step is the same for a deployment that polls, and polling deletes
    any webhook itself when it starts.
    """
    if action == "set" and not settings.webhook_url:
        print("No WEBHOOK_URL: nothing to register (the bot polls).")
        return 0
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    if action == "set" and (refusal := settings.webhook_refusal(registering=True)):
        print(f"advisor: {refusal}", file=sys.stderr)
        return 2
    protect_secrets(settings.token, settings.webhook_secret)
    return against_telegram(settings, _webhook(settings, settings.token, action))


async def _webhook(settings: Settings, token: str, action: str) -> None:
    async with Bot(token, base_url=f"{settings.api_base_url}/bot") as bot:
        print(await _carry_out(bot, settings, action))


async def _carry_out(bot: Bot, settings: Settings, action: str) -> str:
    """What `action` did, as printed."""
    if action == "set":
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        await register(bot, settings.webhook_url, settings.webhook_secret)
        return (f"Webhook set: Telegram posts {', '.join(ALLOWED_UPDATES)} updates to {settings.webhook_url}, "
                f"with the secret, over at most {MAX_CONNECTIONS} connections at once.")
    if action == "delete":
        await bot.delete_webhook()
        return "Webhook deleted: Telegram keeps the updates until a bot polls for them."
    info = await bot.get_webhook_info()
    lines = [f"url: {info.url or 'none (no webhook: the bot polls)'}",
             f"pending updates: {info.pending_update_count}"]
    if info.url:
        lines += [f"max connections: {info.max_connections}",
                  f"allowed updates: {', '.join(info.allowed_updates or ['all but a few'])}"]
    if info.last_error_date:
        lines.append(f"last error: {info.last_error_message} (at {info.last_error_date.isoformat()})")
    return "\n".join(lines)
