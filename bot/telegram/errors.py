"""The one place errors end up: logged once with the traceback, the user told kindly.

A 403 Forbidden means the user blocked the bot: it is noted on the user and
their reminders stop (no retry, no apology that could not be delivered
anyway). A message Telegram took too long to confirm most likely arrived: no
apology for it either (see retry.py). Nor when Telegram's flood control held
the replies back longer than the retries wait: the owner's answer is kept, and
the update is handled again once Telegram accepts messages (see inbox.py), so
the owner gets what was due, once, and is never told to start again. Whatever
fails while answering one update stays with that update; the bot carries on
for everyone.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot.app import Sender, Services, users
from bot.app.callers import language_of
from bot.i18n import N_, _, current_locale, use_locale
from bot.storage import StorageError
from bot.telegram.context import sender_of
from bot.telegram.metrics import Metrics
from bot.telegram.retry import Unconfirmed
from bot.telegram.send import escape

log = logging.getLogger(__name__)
APOLOGIES_KEPT = 100  # updates remembered as apologised for: far more than fail at once

SORRY = N_("Sorry, something went wrong on my side. Your answers are saved; please try again in a moment.")
# When storage failed (a full disk, a file turned read-only), the last answer was not kept: say so.
NOT_SAVED = N_("Sorry, I could not save your last answer. Please send it again in a moment.")


def error_handler(services: Services, later: Callable[[Update, float], None], metrics: Metrics,
                  ) -> Callable[[object, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]:
    """The application's one error handler; blocked users are noted in storage, an update whose
    replies flood control held back is handed to `later` with the seconds to wait, and each failure
    is counted in `metrics` by its class."""
    apologised: deque[int] = deque(maxlen=APOLOGIES_KEPT)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure and apologise to the user, or note that the user blocked the bot."""
        metrics.errors.labels(type(context.error).__name__).inc()
        update = update if isinstance(update, Update) else None
        chat, sender = (update.effective_chat, sender_of(update)) if update else (None, None)
        if isinstance(context.error, Forbidden):
            if sender and chat and chat.type == ChatType.PRIVATE:
                users.mark_blocked(services, sender)
            log.info("Telegram refused to deliver to chat %s: %s", chat and chat.id, context.error)
            return
        if isinstance(context.error, RetryAfter) and update is not None:
            wait = context.error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            log.warning("Telegram held back the replies to update %s (flood control); handling it again in %.0f s",
                        update.update_id, seconds)
            later(update, seconds)
            return
        if isinstance(context.error, Unconfirmed):
            log.warning("Update %s: %s; most likely delivered, so not sent again",
                        update and update.update_id, context.error)
            return
        log.error("Failed to handle update %s", update and update.update_id, exc_info=context.error)
        # One failure (storage down on arrival) makes the handlers after it fail too: the first apology is the
        # one that says what happened. An update is handled by one process at a time, so its memory will do.
        if chat is None or update is None or update.update_id in apologised:
            return
        apologised.append(update.update_id)
        apology = NOT_SAVED if isinstance(context.error, StorageError) else SORRY
        with use_locale(_language(services, sender)):
            try:
                await context.bot.send_message(chat.id, escape(_(apology)))
            except TelegramError as failure:
                log.warning("Could not apologise in chat %s: %s", chat.id, failure)

    return on_error


def _language(services: Services, sender: Sender | None) -> str:
    """The sender's language, as far as storage can still tell (it may be what failed)."""
    if sender is None:
        return current_locale()
    try:
        return language_of(services, sender)
    except StorageError:
        return current_locale()
