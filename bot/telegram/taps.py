"""Button presses: decoded, or answered as dead buttons."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot.i18n import N_, _
from bot.telegram.callbacks import Press, decode

DEAD_BUTTON = N_("This button is no longer valid.")


def query_of(update: Update) -> CallbackQuery:
    """The press itself: python-telegram-bot types it optional, but a CallbackQueryHandler routes no other update."""
    query = update.callback_query
    if query is None:
        raise ValueError(f"update {update.update_id} is not a button press")
    return query


def message_id_of(query: CallbackQuery) -> int:
    """The message whose button was pressed: only inline-mode messages, which the bot never sends, have none."""
    if query.message is None:
        raise ValueError(f"button press {query.id} names no message")
    return query.message.message_id


async def dead(update: Update) -> None:
    """Tell the user, in a notice, that the button pressed does nothing any more."""
    await query_of(update).answer(_(DEAD_BUTTON))


async def pressed(update: Update) -> Press | None:
    """The press the button stands for; None (the user told) for forged or garbled data."""
    press = decode(query_of(update).data)
    if press is None:
        await dead(update)
    return press
