"""The language first, then the country: until both are given, anything else leads back to their question.

Every text, amount and date depends on them, and the questionnaire opened
without them would start in a language the owner never chose. So a command,
a typed text or an old answer button sent before they are given brings the
question that is missing (the language, else the country), and nothing else
happens. What stays open: the language and country buttons themselves,
/start and /language, and the data rights (/export, /delete).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.telegram.context import AdvisorContext, Callback

Ask = Callable[[Update, AdvisorContext], Awaitable[None]]


def settled_first(callback: Callback, ask_missing: Ask) -> Callback:
    """`callback` once the caller has a language and a country; before, `ask_missing` (the question missing)."""

    async def run(update: Update, context: AdvisorContext) -> None:
        if context.has_caller and (context.caller.language is None or context.caller.user.country is None):
            if update.callback_query is not None:
                await update.callback_query.answer()
            await ask_missing(update, context)
            return
        await callback(update, context)

    return run
