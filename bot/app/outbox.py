"""Messages a stored change owes, sent from the outbox until Telegram accepted them (see bot/storage/outbox.py).

A sender claims one chat's owed messages at a time and holds them for LEASE,
renewed as it goes; a claim older than that is a dead sender's, and another
takes the chat over (at once, when the sender is known to be dead). So a crash
repeats at most the message it cut short.
"""

from __future__ import annotations

from bot.app.leases import LEASE, stale_before
from bot.app.services import Services
from bot.engine import View
from bot.storage import Owed, Snapshot
from bot.storage.outbox import (
    ACCEPTED,
    CONCLUSION,
    DECISION,
    DIGEST,
    FOLLOW_UP,
    OVERDUE,
    REMINDER,
    WHAT_NEXT,
    WITHDRAWN,
)

__all__ = ["ACCEPTED", "CONCLUSION", "DECISION", "DIGEST", "FOLLOW_UP", "LEASE", "OVERDUE", "REMINDER", "WHAT_NEXT",
           "WITHDRAWN", "claim", "dead", "finished_view", "holders", "owing", "part_sent", "release", "sent",
           "still_sending"]



def owing(services: Services, limit: int = 100) -> list[int]:
    """The chats owed a message that no live sender holds, the one waiting longest first."""
    return services.store.owing(stale_before(services), limit)


def claim(services: Services, user_id: int, sender: str) -> list[Owed]:
    """What is owed to `user_id`, oldest first, now held by `sender` (nothing if another sender holds it)."""
    return services.store.claim_owed(user_id, sender, stale_before(services))


def still_sending(services: Services, owed: Owed, sender: str) -> None:
    services.store.renew_claim(owed.id, sender)


def part_sent(services: Services, owed: Owed, parts: int) -> None:
    """The first `parts` messages of what is owed went out: sent again after a crash, they would show twice."""
    services.store.record_parts(owed.id, parts)


def sent(services: Services, owed: Owed) -> None:
    services.store.mark_sent(owed.id)


def release(services: Services, user_id: int, sender: str) -> None:
    """Leave what is still owed to `user_id` for the next sweep."""
    services.store.release(user_id, sender)


def holders(services: Services) -> list[str]:
    """The senders holding what is owed to a chat now."""
    return services.store.holders(stale_before(services))


def dead(services: Services, sender: str) -> None:
    """`sender` is known to be dead: what it held is owed to whichever sender claims it next, at once."""
    services.store.release_all(sender)


def finished_view(services: Services, owed: Owed) -> View | None:
    """The finished conversation whose conclusion is owed, as it stood; None if it is gone (erased)."""
    conversation = services.store.find_conversation(owed.ref)
    if conversation is None or conversation.user_id != owed.user_id:
        return None
    snapshot = Snapshot(conversation, services.store.answers(conversation.id))
    return services.engine.view(owed.user_id, conversation.spec, snapshot)
