"""The Telegram bot's composition root: build the application, run it until stopped.

Polling by default; a webhook when WEBHOOK_URL is set. The application is
driven with `async with application:` rather than `run_polling()`, so that a
rejected token surfaces here as `InvalidToken` (one clear line, no traceback)
and tests can run exactly this code against a fake Bot API.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
import sys
from contextlib import asynccontextmanager
from typing import AsyncIterator
from urllib.parse import urlsplit

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application, ApplicationBuilder, CallbackQueryHandler, ChatMemberHandler, CommandHandler, Defaults,
    MessageHandler, filters,
)

from bot.config import Settings
from bot.services import Services
from bot.telegram.commands import publish_commands
from bot.telegram.errors import error_handler
from bot.telegram.handlers import Conclude, Handlers
from bot.telegram.keyboards import LANGUAGE, RESTART
from bot.telegram.logs import protect_secrets, redact
from bot.telegram.retry import RetryingRateLimiter
from bot.telegram.updates import PerChatUpdates
from bot.verdicts import conclude as conclude_assessment

log = logging.getLogger(__name__)

POLL_TIMEOUT = 30  # seconds a getUpdates call may wait for news (long polling)
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]


def build_application(settings: Settings, services: Services,
                      conclude: Conclude = conclude_assessment) -> Application:
    """The bot, ready to start: requests via `settings.api_base_url`, handlers registered."""
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{settings.api_base_url}/bot")
        .base_file_url(f"{settings.api_base_url}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .rate_limiter(RetryingRateLimiter(max_retries=3))
        .concurrent_updates(PerChatUpdates())
        .build()
    )
    handlers = Handlers(services, conclude)
    add = application.add_handler
    # 1. Group chats get one polite line, whatever was sent; 2. edits are not answers.
    add(MessageHandler(filters.ChatType.GROUPS, handlers.in_group))
    add(MessageHandler(filters.UpdateType.EDITED_MESSAGE, handlers.edited))
    # 3. Commands, then any other command.
    for name, callback in (("start", handlers.start), ("help", handlers.show_help), ("status", handlers.status),
                           ("back", handlers.back), ("restart", handlers.ask_restart),
                           ("language", handlers.ask_language), ("verdict", handlers.verdict),
                           ("report", handlers.report)):
        add(CommandHandler(name, callback))
    add(MessageHandler(filters.COMMAND, handlers.unknown_command))
    # 4. Typed answers; anything else sent (photos, stickers, voice, locations…) is not an answer.
    add(MessageHandler(filters.TEXT, handlers.answer_text))
    add(MessageHandler(filters.ALL, handlers.not_text))
    # 5. Buttons: language and restart confirmation by prefix, answers (and forged data) last.
    add(CallbackQueryHandler(handlers.choose_language, pattern=f"^{LANGUAGE}:"))
    add(CallbackQueryHandler(handlers.confirm_restart, pattern=f"^{RESTART}:"))
    add(CallbackQueryHandler(handlers.press))
    # 6. Blocked / unblocked by the user.
    add(ChatMemberHandler(handlers.track_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_error_handler(error_handler(services.store))
    return application


@asynccontextmanager
async def running(application: Application, settings: Settings) -> AsyncIterator[Application]:
    """Serve updates inside the block: by webhook if configured, else by long polling."""
    async with application:  # getMe: a rejected token raises InvalidToken here
        await application.start()
        try:
            if settings.webhook_url:
                await application.updater.start_webhook(
                    listen=settings.listen, port=settings.port,
                    url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                    webhook_url=settings.webhook_url,
                    # Without a configured secret, a fresh one per start: Telegram gets it with the webhook.
                    secret_token=settings.webhook_secret or secrets.token_urlsafe(32),
                    allowed_updates=ALLOWED_UPDATES)
            else:
                await application.updater.start_polling(
                    timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES, error_callback=_polling_failed)
            application.create_task(publish_commands(application.bot), name="publish command menu")
            yield application
        finally:
            if application.updater.running:
                await application.updater.stop()
            await application.stop()


def _polling_failed(error: TelegramError) -> None:
    """PTB retries getUpdates by itself; one line per failure is enough."""
    log.warning("Fetching updates failed (%s); retrying", error)


async def serve(application: Application, settings: Settings) -> None:
    """Run the bot until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running(application, settings):
        log.info("Bot running (%s)", "webhook" if settings.webhook_url else "polling")
        await stop.wait()


def run_telegram(settings: Settings, services: Services) -> int:
    """Run the bot; a missing or rejected token is one line on stderr and exit status 2."""
    if not settings.token:
        print("advisor: TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather.", file=sys.stderr)
        return 2
    protect_secrets(settings.token, settings.webhook_secret)
    try:
        asyncio.run(serve(build_application(settings, services), settings))
    except InvalidToken:
        print("advisor: Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN.", file=sys.stderr)
        return 2
    except NetworkError as error:
        print(redact(f"advisor: cannot reach the Bot API at {settings.api_base_url}: {error}",
                     (settings.token,)), file=sys.stderr)
        return 1
    return 0
