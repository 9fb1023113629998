"""Verdicts as decided: the advisor's output stored as JSON, with the rules' version."""

from __future__ import annotations

import json
from typing import Any

from bot.storage.database import Connection
from bot.storage.records import VerdictRecord


class Verdicts(Connection):
    def add_verdict(self, user_id: int, conversation_id: int, advisor_version: str,
                    headline: str, data: dict[str, Any]) -> VerdictRecord:
        row = {"user_id": user_id, "conversation_id": conversation_id, "advisor_version": advisor_version,
               "headline": headline, "data": json.dumps(data, ensure_ascii=False), "created_at": self.now()}
        row_id = self.db.table("verdicts").insert(row).last_pk
        return VerdictRecord.from_row({**row, "id": row_id})

    def latest_verdict(self, user_id: int) -> VerdictRecord | None:
        row = self._row("SELECT * FROM verdicts WHERE user_id = ? ORDER BY id DESC LIMIT 1", [user_id])
        return VerdictRecord.from_row(row) if row else None
