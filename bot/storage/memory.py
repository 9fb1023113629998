"""What a chat's buttons refer to, kept per chat so that any instance (or the same one after a restart) reads it.

A button's data is short (64 bytes) and says what it does, not which message
it belongs to or whom a list's entry stands for: that is kept here, by chat
and key (the question on screen, the erasure asked to confirm, the invitation
shown, the lists shown), each value JSON. The front-end keeps a few small
values per key, so a chat's rows stay few and small.
"""

from __future__ import annotations

import json
from typing import Any

from bot.storage.connection import Connection


class ChatMemory(Connection):
    def chat_memory(self, chat_id: int) -> dict[str, Any]:
        """Everything kept for the chat, by key."""
        rows = self.execute("SELECT key, value FROM chat_memory WHERE chat_id = ?", [chat_id]).rows
        return {key: json.loads(value) for key, value in rows}

    def keep_in_memory(self, chat_id: int, key: str, value: Any) -> None:
        """Keep `value` (JSON-ready) for the chat under `key`, replacing what was there."""
        self.execute("INSERT INTO chat_memory (chat_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (chat_id, key) DO UPDATE SET value = excluded.value, "
                     "updated_at = excluded.updated_at",
                     [chat_id, key, json.dumps(value, ensure_ascii=False), self.now()])

    def drop_from_memory(self, chat_id: int, key: str) -> None:
        self.execute("DELETE FROM chat_memory WHERE chat_id = ? AND key = ?", [chat_id, key])
