"""The framework's floor: an echo bot, one fixed reply per update, on the same recording request.

Whatever python-telegram-bot needs to receive an update and make one Bot API
call is in this figure; nothing of ours is. Our cost per update is compared
with it.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, MessageHandler, filters

from bot.bench.recording import RecordingRequest


def echo_application(request: RecordingRequest) -> Application:
    async def echo(update: Update, context: object) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text("ok")

    application = ApplicationBuilder().token("1:bench").request(request).build()
    application.add_handler(MessageHandler(filters.ALL, echo))
    return application
