"""A chat that floods the bot gets its share and no more: everyone else is answered meanwhile, the flood in full."""

from __future__ import annotations

import asyncio
import time

from play import progress_pattern

pytest_plugins = ["bot_fixtures"]

FLOOD = 360  # more updates than the bot handles at once (256), even once the first are answered


async def test_a_chat_flooding_the_bot_holds_up_no_one_else_and_is_answered_in_full(bot):
    flooder, other = bot.user("fr"), bot.user("de")
    await flooder.send("/start")
    flood = [bot.fake.push(flooder.message_update("/status")) for _ in range(FLOOD)]
    await asyncio.sleep(0.3)  # the flood is fetched and waiting, at Telegram's sending limit (30 a second)
    started = time.monotonic()
    await other.send("/start")
    assert time.monotonic() - started < 0.75
    assert [bool(message.buttons) for message in other.messages()] == [False, True]
    for update in flood:
        await bot.processed.wait(update)
    statuses = [message for message in flooder.messages() if progress_pattern("fr").search(message.text)]
    assert len(statuses) == FLOOD + 1  # each /status answered once (and the first question's own line)
