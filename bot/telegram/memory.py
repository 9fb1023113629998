"""One chat's memory while an update is handled: what its buttons refer to, read once, written when it changes.

It starts from what arrival read with the sender (no statement of its own),
or, for a chat written to without an update of its own (what the outbox
sends), from one read at its first use. Each change is written at once, as
one statement, and only if the value differs: the next update, on whichever
instance, reads it back.
"""

from __future__ import annotations

from typing import Any

from bot.app import Services, memory


class ChatMemory:
    def __init__(self, services: Services, chat_id: int, known: dict[str, Any] | None = None):
        self.services, self.chat_id = services, chat_id
        self._values = None if known is None else dict(known)

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            self._values = memory.read(self.services, self.chat_id)
        return self._values

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def set(self, key: str, value: Any) -> None:
        """Keep `value` (JSON-ready: what is read back is JSON's) under `key`."""
        if self.values.get(key, _NOTHING) != value:
            memory.keep(self.services, self.chat_id, key, value)
            self.values[key] = value

    def drop(self, key: str) -> None:
        if key in self.values:
            memory.drop(self.services, self.chat_id, key)
            del self.values[key]

    def forget_all(self) -> None:
        """What an erasure leaves: nothing (storage erased its rows with the rest)."""
        self._values = {}


_NOTHING = object()
