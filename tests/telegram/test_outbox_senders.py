"""Two senders (two processes) sweeping the same outbox at once: each owed message is sent once."""

from __future__ import annotations

import asyncio
from contextlib import closing
from functools import partial

from answers import BUTCHER_TYPED
from play import answer_directly

from bot.app import Services, outbox
from bot.engine import Text
from bot.i18n import use_locale
from bot.telegram.outbox import Outbox
from bot.telegram.updates import PerChatUpdates

OWNERS = range(7001, 7021)


async def test_two_senders_sweeping_at_once_send_each_owed_message_once(db_path):
    with closing(Services.open(db_path)) as services:
        for owner in OWNERS:
            answer_directly(services, owner, BUTCHER_TYPED, until="checkins")
            with use_locale("fr"):
                services.engine.handle(owner, "assessment", Text("monthly"))  # its verdict now owed
    sent: list[tuple[str, int, int]] = []

    async def record(sender: str, owed) -> None:
        await asyncio.sleep(0.01)  # Telegram's answer takes a moment: the other sender sweeps meanwhile
        sent.append((sender, owed.user_id, owed.id))

    with closing(Services.open(db_path)) as first, closing(Services.open(db_path)) as second:
        senders = [Outbox(services, PerChatUpdates()) for services in (first, second)]
        for name, sender in zip("ab", senders, strict=True):
            sender.delivers(outbox.CONCLUSION, lambda screen, owed, name=name: [partial(record, name, owed)])
        await asyncio.gather(*(sender.sweep(bot=None) for sender in senders for _ in range(3)))
        assert sorted(owner for _sender, owner, _id in sent) == list(OWNERS)  # each once
        assert {sender for sender, _owner, _id in sent} <= {"a", "b"}
        assert all(not first.store.visit(owner).owed for owner in OWNERS)

