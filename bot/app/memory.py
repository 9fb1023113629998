"""What a chat's buttons refer to, kept in storage rather than in one process's memory.

Behind a load balancer the press of a button can reach another instance than
the one that showed it, and a restart forgets whatever a process held: so
the question on screen, the erasure asked to confirm, the invitation shown
and the lists shown are kept per chat in the database. They are read with
the sender on arrival (`Caller.memory`), and each is written when it changes,
in the transaction of the change it goes with where there is one (`together`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from bot.app.services import Services


def read(services: Services, chat_id: int) -> dict[str, Any]:
    """Everything kept for the chat (for a chat written to without an update of its own: a reminder, say)."""
    return services.store.chat_memory(chat_id)


def keep(services: Services, chat_id: int, key: str, value: Any) -> None:
    services.store.keep_in_memory(chat_id, key, value)


def drop(services: Services, chat_id: int, key: str) -> None:
    services.store.drop_from_memory(chat_id, key)


def together(services: Services) -> AbstractContextManager[None]:
    """One transaction around a change and what the chat's memory notes of it: both are kept, or neither."""
    return services.store.transaction()
