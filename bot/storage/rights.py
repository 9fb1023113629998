"""The owner's data rights: everything stored about them as plain data, and its erasure."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.storage.connection import iso
from bot.storage.conversations import Conversations
from bot.storage.records import ConversationRecord
from bot.storage.sharing import Sharing

# Every table that holds something about a user, and what names them there.
ERASED = ("answers", "verdicts", "conversations", "schedules", "decisions", "invitations", "links", "audit",
          "inbox", "outbox", "chat_memory", "users")


def plain(value: Any) -> Any:
    """A stored value as the export writes it, the same from either engine (times as SQLite keeps them)."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


class Rights(Conversations, Sharing):
    def export_user(self, user_id: int) -> dict[str, Any]:
        """Everything stored about a user, as plain data (JSON-ready)."""
        by_user = {"id": user_id}
        conversations = []
        for row in self._rows("SELECT * FROM conversations WHERE user_id = :id ORDER BY id", by_user):
            record = ConversationRecord.from_row(row)
            conversations.append({**row, "path": list(record.path), "answers": self.answer_history(record.id)})
        verdicts = [{**row, "data": json.loads(row["data"])}
                    for row in self._rows("SELECT * FROM verdicts WHERE user_id = :id ORDER BY id", by_user)]
        invitations = [{key: value for key, value in row.items() if key != "token_hash"}
                       for row in self._rows("SELECT * FROM invitations WHERE owner_id = :id", by_user)]
        export: dict[str, Any] = plain({
            "user": self._row("SELECT * FROM users WHERE id = :id", by_user),
            "conversations": conversations, "verdicts": verdicts,
            "schedule": self._row("SELECT * FROM schedules WHERE user_id = :id", by_user),
            "digest": self._row("SELECT * FROM digests WHERE consultant_id = :id", by_user),
            "decisions": self._rows("SELECT * FROM decisions WHERE user_id = :id ORDER BY decided_at", by_user),
            "invitations": invitations,
            "consultants": [asdict(link) for link in self.consultants_of(user_id)],
            "clients": [asdict(link) for link in self.clients_of(user_id)],
            "audit": self.audit_log(user_id),
            "chat_memory": [{**row, "value": json.loads(row["value"])} for row in self._rows(
                "SELECT key, value, updated_at FROM chat_memory WHERE chat_id = :id ORDER BY key", by_user)],
        })
        return export

    def delete_user(self, user_id: int) -> None:
        """Erase every row about a user; one audit line records that a deletion happened, not whose.
        Then the engine's `vacuum` leaves no copy of the erased rows behind that it can rewrite.
        """
        with self.transaction():
            conversation_ids = "SELECT id FROM conversations WHERE user_id = :id"
            for sql in (
                f"DELETE FROM answers WHERE conversation_id IN ({conversation_ids})",
                "DELETE FROM verdicts WHERE user_id = :id",
                "DELETE FROM conversations WHERE user_id = :id",
                "DELETE FROM schedules WHERE user_id = :id",
                "DELETE FROM decisions WHERE user_id = :id",
                "DELETE FROM invitations WHERE owner_id = :id",
                "UPDATE invitations SET used_by = NULL WHERE used_by = :id",
                "DELETE FROM links WHERE owner_id = :id OR consultant_id = :id",
                "DELETE FROM digests WHERE consultant_id = :id",
                "DELETE FROM notices WHERE owner_id = :id OR consultant_id = :id",
                "DELETE FROM audit WHERE actor_id = :id OR owner_id = :id OR consultant_id = :id",
                "DELETE FROM inbox WHERE user_id = :id",
                "DELETE FROM outbox WHERE user_id = :id",
                "DELETE FROM chat_memory WHERE chat_id = :id",
                "DELETE FROM users WHERE id = :id",
            ):
                self.execute(sql, {"id": user_id})
            self.audit("delete_user")
        self.vacuum(ERASED)
