"""Updates kept from their receipt until handled, each by one instance, in order per chat (bot/storage/inbox.py).

An instance claims a chat's updates (none while another instance's claim on
the chat is live), handles them oldest first, and, as it marks one handled,
claims what the chat received since: it keeps the chat until the chat has
nothing left, so no other instance answers the chat in between. A chat held
elsewhere is left to its holder; one whose holder died is taken over after the
lease (`leases.py`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Any

from bot.app.leases import stale_before
from bot.app.services import Services
from bot.storage import Exclusive, Kept

# An update its holders died on this many times is taken to be what kills them: it is given up.
GIVE_UP_AFTER = 3
# How long a handled update's id is kept: Telegram delivers an update again for at most a day.
REMEMBERED = timedelta(hours=24)
POLLER = "advisor: polling"  # the name of the lock the one polling process holds


def receive(services: Services, update_id: int, user_id: int | None, chat_id: int, body: dict[str, Any]) -> bool:
    """Keep an update received from `user_id` in `chat_id`; False if it was received before (a second delivery)."""
    return services.store.receive_update(update_id, user_id, chat_id, body)


def claim(services: Services, chat_id: int, holder: str) -> list[Kept]:
    """The chat's updates still to handle, oldest first, now held by `holder` (none if another instance holds it)."""
    return services.store.claim_updates(chat_id, holder, stale_before(services))


def handled(services: Services, update_id: int, chat_id: int, holder: str) -> list[Kept]:
    """The update is handled; what its chat received since, now held by `holder` as well."""
    return services.store.update_handled(update_id, chat_id, holder, stale_before(services))


def give_up(services: Services, update_id: int) -> None:
    services.store.give_up_update(update_id)


def waiting(services: Services, limit: int = 100) -> list[int]:
    """The chats with updates that no live instance holds: never claimed, or their holder dead."""
    return services.store.waiting_chats(stale_before(services), limit)


def still_handling(services: Services, holder: str, chat_ids: Collection[int]) -> None:
    """Renew `holder`'s claims on the chats it is at work on (a claim it no longer works on runs out)."""
    services.store.renew_updates(holder, chat_ids)


def holders(services: Services) -> list[str]:
    """The instances holding a chat's updates now."""
    return services.store.update_holders(stale_before(services))


def release(services: Services, holder: str) -> None:
    """Let go of what `holder` holds (it stops, or is known to be dead): the next instance to look claims it."""
    services.store.release_updates(holder)


def unhandled(services: Services) -> list[int]:
    """The ids of the updates received and not handled yet, oldest first."""
    return services.store.unhandled_updates()


def forget_handled(services: Services) -> int:
    """Forget the ids of updates handled long enough ago that Telegram no longer sends them again."""
    return services.store.forget_updates(services.now() - REMEMBERED)


def poller_lock(services: Services) -> Exclusive:
    """The lock whose holder alone fetches updates by polling (Telegram has one poller per bot)."""
    return services.store.exclusive(POLLER)
