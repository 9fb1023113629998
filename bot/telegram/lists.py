"""Lists shown with one button per entry (a consultant's clients, an owner's consultants).

A button carries only the index of its entry. The ids behind a message's
buttons stay in the user's in-memory data, under that message's id, so a
button pressed on another message, a forged index or a list shown before a
restart finds nothing: a dead button. Handlers still check access before
reading anything: a list only says what was shown, not what is allowed now.
"""

from __future__ import annotations

from typing import Any

KEEP = 5  # lists remembered per kind and user; the buttons of older ones go dead


def remember(memory: dict[str, Any], kind: str, message_id: int, ids: list[int]) -> None:
    """Note which ids the buttons of message `message_id` stand for, in order."""
    shown: dict[int, list[int]] = memory.setdefault(kind, {})
    shown[message_id] = list(ids)
    while len(shown) > KEEP:
        del shown[next(iter(shown))]


def recall(memory: dict[str, Any], kind: str, message_id: int, index: int) -> int | None:
    """The id behind button `index` of message `message_id`, if that message showed such a list."""
    ids: list[int] = memory.get(kind, {}).get(message_id, [])
    return ids[index] if index < len(ids) else None
