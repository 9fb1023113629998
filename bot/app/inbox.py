"""Updates kept from their receipt until handled: none is lost when the process dies in between."""

from __future__ import annotations

from typing import Any

from bot.app.services import Services

# An update still unhandled after this many starts is taken to be what stops the bot: it is dropped.
GIVE_UP_AFTER = 3


def receive(services: Services, update_id: int, user_id: int | None, body: dict[str, Any]) -> bool:
    """Keep an update received from `user_id`; False if it was received before (a second delivery)."""
    return services.store.receive_update(update_id, user_id, body)


def handled(services: Services, update_id: int) -> None:
    services.store.update_handled(update_id)


def unhandled(services: Services) -> tuple[list[dict[str, Any]], int]:
    """What was received before the last stop and never handled, oldest first; and how many were given up."""
    return services.store.unhandled_updates(GIVE_UP_AFTER)
