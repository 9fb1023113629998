"""Button presses: decoded, or answered as dead buttons."""

from __future__ import annotations

from telegram import Update

from bot.i18n import N_, _
from bot.telegram.callbacks import Press, decode

DEAD_BUTTON = N_("This button is no longer valid.")


async def dead(update: Update) -> None:
    """Tell the user, in a notice, that the button pressed does nothing any more."""
    await update.callback_query.answer(_(DEAD_BUTTON))


async def pressed(update: Update) -> Press | None:
    """The press the button stands for; None (the user told) for forged or garbled data."""
    press = decode(update.callback_query.data)
    if press is None:
        await dead(update)
    return press
