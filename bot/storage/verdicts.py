"""Verdicts as decided: the advisor's output stored as JSON, with the rules' version."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.storage.connection import Connection, insert_sql, stored_time
from bot.storage.records import VerdictRecord


class Verdicts(Connection):
    def add_verdict(self, user_id: int, conversation_id: int, advisor_version: str,
                    headline: str, data: dict[str, Any], follow_up_due_at: datetime | None = None) -> VerdictRecord:
        row = {"user_id": user_id, "conversation_id": conversation_id, "advisor_version": advisor_version,
               "headline": headline, "data": json.dumps(data, ensure_ascii=False), "created_at": self.now(),
               "follow_up_due_at": follow_up_due_at and stored_time(follow_up_due_at)}
        row_id = self._insert(insert_sql("verdicts", list(row), "RETURNING id"), list(row.values()))
        return VerdictRecord.from_row({**row, "id": row_id})

    def latest_verdict(self, user_id: int) -> VerdictRecord | None:
        row = self._row("SELECT * FROM verdicts WHERE user_id = ? ORDER BY id DESC LIMIT 1", [user_id])
        return VerdictRecord.from_row(row) if row else None

    def verdict_number(self, record: VerdictRecord) -> int:
        """Which of the owner's verdicts this is, counting from 1 in the order they were made."""
        row = self._row("SELECT count(*) AS n FROM verdicts WHERE user_id = ? AND id <= ?", [record.user_id, record.id])
        return int(row["n"]) if row else 1

    def nth_verdict(self, user_id: int, number: int) -> VerdictRecord | None:
        """The owner's verdict number `number` (1 is the first)."""
        row = self._row("SELECT * FROM verdicts WHERE user_id = ? ORDER BY id LIMIT 1 OFFSET ?",
                        [user_id, max(number - 1, 0)]) if number >= 1 else None
        return VerdictRecord.from_row(row) if row else None

    def due_follow_ups(self, now: datetime, limit: int = 500) -> list[VerdictRecord]:
        """Latest verdicts whose one follow-up message is due and not sent (a newer verdict replaces it)."""
        return [VerdictRecord.from_row(row) for row in self._rows(
            "SELECT * FROM verdicts AS v WHERE follow_up_sent_at IS NULL AND follow_up_due_at <= ? "
            "AND id = (SELECT max(id) FROM verdicts WHERE user_id = v.user_id) ORDER BY follow_up_due_at LIMIT ?",
            [now, limit])]

    def mark_follow_up_sent(self, verdict_id: int) -> None:
        self.execute("UPDATE verdicts SET follow_up_sent_at = ? WHERE id = ?", [self.now(), verdict_id])
