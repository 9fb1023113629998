"""The one storage module: users, conversations, answers and verdicts in SQLite.

Writes that belong together (an answer and the move it causes) go in one
transaction, so a crash leaves either both or neither. WAL lets readers and
the writer proceed together; `synchronous=NORMAL` keeps every committed
answer through a process crash (only a power cut could cost the last ones).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from sqlite_utils import Database

from bot.storage.schema import migrations

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def default_db_path() -> Path:
    """`ADVISOR_DB` if set, else `data/advisor.sqlite3` under the working directory."""
    return Path(os.environ.get("ADVISOR_DB") or Path("data") / "advisor.sqlite3")


@dataclass(frozen=True)
class ConversationRecord:
    id: int
    user_id: int
    spec: str
    spec_version: int
    state: str
    path: tuple[str, ...]
    draft: tuple[str, ...] | None
    started_at: str
    updated_at: str
    finished_at: str | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "ConversationRecord":
        draft = json.loads(row["draft"]) if row["draft"] else None
        return cls(
            id=row["id"], user_id=row["user_id"], spec=row["spec"],
            spec_version=row["spec_version"], state=row["state"],
            path=tuple(json.loads(row["path"])),
            draft=tuple(draft) if draft is not None else None,
            started_at=row["started_at"], updated_at=row["updated_at"],
            finished_at=row["finished_at"],
        )


class Store:
    def __init__(self, path: str | Path | None = None, clock: Clock = utc_now):
        """Open (and migrate) the database at `path`; `None` means in memory."""
        if path is None:
            self.db = Database(memory=True)
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.db = Database(path)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 5000")
        self.clock = clock
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    def now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # ------------------------------------------------------------ users
    def ensure_user(self, user_id: int, language: str | None = None, name: str | None = None) -> dict:
        """The user's row, created on first contact (the language is kept if already set)."""
        existing = self.user(user_id)
        if existing is not None:
            return existing
        row = {"id": user_id, "language": language, "name": name, "created_at": self.now()}
        self.db["users"].insert(row, ignore=True)
        return self.user(user_id)

    def user(self, user_id: int) -> dict | None:
        rows = list(self.db["users"].rows_where("id = ?", [user_id]))
        return rows[0] if rows else None

    def update_user(self, user_id: int, **fields: Any) -> None:
        self.db["users"].update(user_id, fields)

    # ----------------------------------------------------- conversations
    def active_conversation(self, user_id: int, spec: str) -> ConversationRecord | None:
        """The user's latest conversation on `spec` that was not abandoned."""
        rows = list(self.db["conversations"].rows_where(
            "user_id = ? AND spec = ? AND abandoned_at IS NULL",
            [user_id, spec], order_by="id DESC", limit=1))
        return ConversationRecord.from_row(rows[0]) if rows else None

    def conversation(self, conversation_id: int) -> ConversationRecord:
        return ConversationRecord.from_row(self.db["conversations"].get(conversation_id))

    def start_conversation(self, user_id: int, spec: str, version: int, state: str,
                           context: dict[str, Any] | None = None) -> ConversationRecord:
        """A new conversation, with its context values stored as its first answers.

        Any earlier unfinished conversation on the same spec is abandoned.
        """
        now = self.now()
        with self.db.atomic():
            self.db.execute(
                "UPDATE conversations SET abandoned_at = ? WHERE user_id = ? AND spec = ? "
                "AND abandoned_at IS NULL AND finished_at IS NULL", [now, user_id, spec])
            row_id = self.db["conversations"].insert({
                "user_id": user_id, "spec": spec, "spec_version": version, "state": state,
                "path": "[]", "draft": None, "started_at": now, "updated_at": now,
            }).last_pk
            self.db["answers"].insert_all(
                {"conversation_id": row_id, "question": key,
                 "value": json.dumps(value, ensure_ascii=False), "answered_at": now}
                for key, value in (context or {}).items())
        return self.conversation(row_id)

    def save_step(
        self,
        conversation: ConversationRecord,
        *,
        state: str,
        path: tuple[str, ...],
        draft: tuple[str, ...] | None = None,
        answer: tuple[str, Any] | None = None,
        finished: bool = False,
        spec_version: int | None = None,
    ) -> ConversationRecord:
        """Record one move of a conversation (and the answer that caused it) atomically."""
        now = self.now()
        with self.db.atomic():
            if answer is not None:
                question, value = answer
                self.db["answers"].insert({
                    "conversation_id": conversation.id, "question": question,
                    "value": json.dumps(value, ensure_ascii=False), "answered_at": now,
                })
            changes = {
                "state": state, "path": json.dumps(list(path)),
                "draft": json.dumps(list(draft)) if draft is not None else None,
                "updated_at": now, "finished_at": now if finished else None,
            }
            if spec_version is not None:
                changes["spec_version"] = spec_version
            self.db["conversations"].update(conversation.id, changes)
        return self.conversation(conversation.id)

    def answers(self, conversation_id: int) -> dict[str, Any]:
        """The latest answer to each question of the conversation."""
        rows = self.db.query(
            "SELECT question, value FROM answers WHERE id IN ("
            " SELECT max(id) FROM answers WHERE conversation_id = ? GROUP BY question)",
            [conversation_id])
        return {row["question"]: json.loads(row["value"]) for row in rows}

    def answer_history(self, conversation_id: int) -> list[dict]:
        return [
            {**row, "value": json.loads(row["value"])}
            for row in self.db["answers"].rows_where(
                "conversation_id = ?", [conversation_id], order_by="id")
        ]

    # ------------------------------------------------------------ verdicts
    def add_verdict(self, user_id: int, conversation_id: int, advisor_version: str,
                    headline: str, data: dict) -> int:
        return self.db["verdicts"].insert({
            "user_id": user_id, "conversation_id": conversation_id,
            "advisor_version": advisor_version, "headline": headline,
            "data": json.dumps(data, ensure_ascii=False), "created_at": self.now(),
        }).last_pk

    def latest_verdict(self, user_id: int) -> dict | None:
        rows = list(self.db["verdicts"].rows_where(
            "user_id = ?", [user_id], order_by="id DESC", limit=1))
        if not rows:
            return None
        return {**rows[0], "data": json.loads(rows[0]["data"])}

    def verdict_count(self, user_id: int) -> int:
        return self.db["verdicts"].count_where("user_id = ?", [user_id])

    def finished_conversations(self, user_id: int, spec: str) -> list[ConversationRecord]:
        """The user's finished conversations on `spec`, oldest first."""
        return [ConversationRecord.from_row(row) for row in self.db["conversations"].rows_where(
            "user_id = ? AND spec = ? AND finished_at IS NOT NULL", [user_id, spec], order_by="id")]

    # ----------------------------------------------------------- schedules
    def save_schedule(self, user_id: int, **fields: Any) -> None:
        """Create or replace the owner's check-in schedule."""
        self.db["schedules"].upsert({"user_id": user_id, **fields, "updated_at": self.now()},
                                    pk="user_id")

    def schedule(self, user_id: int) -> dict | None:
        rows = list(self.db["schedules"].rows_where("user_id = ?", [user_id]))
        return rows[0] if rows else None

    def update_schedule(self, user_id: int, **fields: Any) -> None:
        self.db["schedules"].update(user_id, {**fields, "updated_at": self.now()})

    def due_schedules(self, now: str, limit: int = 500) -> list[dict]:
        """Active schedules due at `now`, earliest first; reads only what is due (indexed)."""
        return list(self.db["schedules"].rows_where(
            "status = 'active' AND next_due_at <= ?", [now], order_by="next_due_at", limit=limit))
