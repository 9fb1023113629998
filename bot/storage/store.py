"""The one storage module: users, conversations, answers and verdicts in SQLite.

Writes that belong together (an answer and the move it causes) go in one
transaction, so a crash leaves either both or neither. WAL lets readers and
the writer proceed together; `synchronous=NORMAL` keeps every committed
answer through a process crash (only a power cut could cost the last ones).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from sqlite_utils import Database

from bot.storage.schema import migrations

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """How times are stored: ISO 8601 to the second, so stored UTC times sort as text."""
    return moment.isoformat(timespec="seconds")


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

    def _rows(self, sql: str, params: list) -> list[dict]:
        """Rows as dicts straight from the connection: on the paths every answer takes,
        sqlite-utils' `query` would wrap each read in a savepoint of its own."""
        cursor = self.db.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def now(self) -> str:
        return iso(self.clock())

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
        rows = self._rows("SELECT * FROM users WHERE id = ?", [user_id])
        return rows[0] if rows else None

    def update_user(self, user_id: int, **fields: Any) -> None:
        self.db["users"].update(user_id, fields)

    def last_receipt(self, user_id: int) -> int | None:
        row = self.db.execute("SELECT last_update_id FROM users WHERE id = ?", [user_id]).fetchone()
        return row[0] if row else None

    def record_receipt(self, user_id: int, update_id: int) -> None:
        self.db.execute("UPDATE users SET last_update_id = ? WHERE id = ?", [update_id, user_id])

    def transaction(self):
        """One transaction around several calls (nested ones become savepoints)."""
        return self.db.atomic()

    # ----------------------------------------------------- conversations
    def active_conversation(self, user_id: int, spec: str) -> ConversationRecord | None:
        """The user's latest conversation on `spec` that was not abandoned."""
        rows = self._rows(
            "SELECT * FROM conversations WHERE user_id = ? AND spec = ? AND abandoned_at IS NULL "
            "ORDER BY id DESC LIMIT 1", [user_id, spec])
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
        """Record one move of a conversation (and the answer that caused it) atomically.

        This runs on every answer, so it is two plain statements and no re-read:
        the returned record is built from what was written.
        """
        now = self.now()
        version = conversation.spec_version if spec_version is None else spec_version
        with self.db.atomic():
            if answer is not None:
                question, value = answer
                self.db.execute(
                    "INSERT INTO answers (conversation_id, question, value, answered_at) VALUES (?, ?, ?, ?)",
                    [conversation.id, question, json.dumps(value, ensure_ascii=False), now])
            self.db.execute(
                "UPDATE conversations SET state = ?, path = ?, draft = ?, updated_at = ?, finished_at = ?, "
                "spec_version = ? WHERE id = ?",
                [state, json.dumps(list(path)), json.dumps(list(draft)) if draft is not None else None,
                 now, now if finished else None, version, conversation.id])
        return replace(conversation, state=state, path=tuple(path),
                       draft=tuple(draft) if draft is not None else None, updated_at=now,
                       finished_at=now if finished else None, spec_version=version)

    def answers(self, conversation_id: int) -> dict[str, Any]:
        """The latest answer to each question of the conversation."""
        rows = self.db.execute(
            "SELECT question, value FROM answers WHERE id IN ("
            " SELECT max(id) FROM answers WHERE conversation_id = ? GROUP BY question)",
            [conversation_id])
        return {question: json.loads(value) for question, value in rows}

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

    def import_conversations(self, rows: list[dict[str, Any]]) -> None:
        """Bulk-load users with one conversation each (benchmarks, migrations from elsewhere).

        Each row: user_id, language, spec, spec_version, state, path, answers, finished.
        """
        now = self.now()
        with self.db.atomic():
            self.db["users"].insert_all(
                ({"id": r["user_id"], "language": r["language"], "created_at": now} for r in rows),
                ignore=True)
            for row in rows:
                conversation_id = self.db["conversations"].insert({
                    "user_id": row["user_id"], "spec": row["spec"], "spec_version": row["spec_version"],
                    "state": row["state"], "path": json.dumps(list(row["path"])), "draft": None,
                    "started_at": now, "updated_at": now, "finished_at": now if row["finished"] else None,
                }).last_pk
                self.db["answers"].insert_all(
                    {"conversation_id": conversation_id, "question": question,
                     "value": json.dumps(value, ensure_ascii=False), "answered_at": now}
                    for question, value in row["answers"].items())

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

    def import_schedules(self, rows: list[dict[str, Any]]) -> None:
        """Bulk-load schedules (benchmarks); each row as `save_schedule` takes it, with user_id."""
        now = self.now()
        with self.db.atomic():
            self.db["users"].insert_all(({"id": r["user_id"], "created_at": now} for r in rows), ignore=True)
            self.db["schedules"].insert_all(({**r, "updated_at": now} for r in rows), batch_size=2000)

    def due_schedules(self, now: str, limit: int = 500) -> list[dict]:
        """Active schedules due at `now`, earliest first; reads only what is due (indexed)."""
        return list(self.db["schedules"].rows_where(
            "status = 'active' AND next_due_at <= ?", [now], order_by="next_due_at", limit=limit))

    # ------------------------------------------------------------ sharing
    def add_invitation(self, owner_id: int, token_hash: str, expires_at: str) -> None:
        with self.db.atomic():
            self.db["invitations"].insert({"owner_id": owner_id, "token_hash": token_hash,
                                           "created_at": self.now(), "expires_at": expires_at})
            self.audit("invite", actor_id=owner_id, owner_id=owner_id)

    def open_invitation(self, token_hash: str, now: str) -> dict | None:
        """The invitation behind a token if it can still be used, else None."""
        rows = list(self.db["invitations"].rows_where(
            "token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
            [token_hash, now], limit=1))
        return rows[0] if rows else None

    def use_invitation(self, invitation_id: int, owner_id: int, consultant_id: int) -> bool:
        """Spend the invitation and link the consultant; False if it was spent meanwhile."""
        now = self.now()
        with self.db.atomic():
            spent = self.db.execute(
                "UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL",
                [now, consultant_id, invitation_id]).rowcount
            if not spent:
                return False
            self.db["links"].insert({"owner_id": owner_id, "consultant_id": consultant_id,
                                     "created_at": now, "notify": 0}, replace=True)
            self.audit("link", actor_id=consultant_id, owner_id=owner_id, consultant_id=consultant_id)
        return True

    def revoke_invitations(self, owner_id: int) -> int:
        with self.db.atomic():
            count = self.db.execute(
                "UPDATE invitations SET revoked_at = ? WHERE owner_id = ? AND used_at IS NULL "
                "AND revoked_at IS NULL", [self.now(), owner_id]).rowcount
            if count:
                self.audit("revoke_invitations", actor_id=owner_id, owner_id=owner_id)
        return count

    def link(self, owner_id: int, consultant_id: int) -> dict | None:
        rows = list(self.db["links"].rows_where("owner_id = ? AND consultant_id = ?",
                                                [owner_id, consultant_id]))
        return rows[0] if rows else None

    def unlink(self, owner_id: int, consultant_id: int, actor_id: int) -> bool:
        with self.db.atomic():
            removed = self.db.execute("DELETE FROM links WHERE owner_id = ? AND consultant_id = ?",
                                      [owner_id, consultant_id]).rowcount
            if removed:
                self.audit("unlink", actor_id=actor_id, owner_id=owner_id, consultant_id=consultant_id)
        return bool(removed)

    def set_notify(self, owner_id: int, consultant_id: int, notify: bool) -> None:
        with self.db.atomic():
            self.db["links"].update((owner_id, consultant_id), {"notify": int(notify)})
            self.audit("notify_on" if notify else "notify_off", actor_id=consultant_id,
                       owner_id=owner_id, consultant_id=consultant_id)

    def consultants_of(self, owner_id: int) -> list[dict]:
        return list(self.db["links"].rows_where("owner_id = ?", [owner_id], order_by="created_at"))

    def clients_of(self, consultant_id: int) -> list[dict]:
        return list(self.db["links"].rows_where("consultant_id = ?", [consultant_id], order_by="created_at"))

    def audit(self, action: str, *, actor_id: int | None = None, owner_id: int | None = None,
              consultant_id: int | None = None) -> None:
        self.db["audit"].insert({"at": self.now(), "action": action, "actor_id": actor_id,
                                 "owner_id": owner_id, "consultant_id": consultant_id})

    def audit_log(self, user_id: int) -> list[dict]:
        return list(self.db["audit"].rows_where(
            "actor_id = :id OR owner_id = :id OR consultant_id = :id", {"id": user_id}, order_by="id"))

    # ------------------------------------------------------- data rights
    def export_user(self, user_id: int) -> dict:
        """Everything stored about a user, as plain data."""
        conversations = []
        for row in self.db["conversations"].rows_where("user_id = ?", [user_id], order_by="id"):
            record = ConversationRecord.from_row(row)
            conversations.append({**row, "path": list(record.path),
                                  "answers": self.answer_history(record.id)})
        verdicts = [{**row, "data": json.loads(row["data"])}
                    for row in self.db["verdicts"].rows_where("user_id = ?", [user_id], order_by="id")]
        invitations = [{key: value for key, value in row.items() if key != "token_hash"}
                       for row in self.db["invitations"].rows_where("owner_id = ?", [user_id])]
        return {
            "user": self.user(user_id), "conversations": conversations, "verdicts": verdicts,
            "schedule": self.schedule(user_id), "invitations": invitations,
            "consultants": self.consultants_of(user_id), "clients": self.clients_of(user_id),
            "audit": self.audit_log(user_id),
        }

    def delete_user(self, user_id: int) -> None:
        """Erase every row about a user, leaving one audit record of the deletion."""
        with self.db.atomic():
            conversation_ids = "SELECT id FROM conversations WHERE user_id = :id"
            for sql in (
                f"DELETE FROM answers WHERE conversation_id IN ({conversation_ids})",
                "DELETE FROM verdicts WHERE user_id = :id",
                "DELETE FROM conversations WHERE user_id = :id",
                "DELETE FROM schedules WHERE user_id = :id",
                "DELETE FROM invitations WHERE owner_id = :id",
                "UPDATE invitations SET used_by = NULL WHERE used_by = :id",
                "DELETE FROM links WHERE owner_id = :id OR consultant_id = :id",
                "DELETE FROM audit WHERE actor_id = :id OR owner_id = :id OR consultant_id = :id",
                "DELETE FROM users WHERE id = :id",
            ):
                self.db.execute(sql, {"id": user_id})
            self.audit("delete_user", actor_id=user_id)

    def rows_naming(self, user_id: int) -> dict[str, int]:
        """How many rows of each table still refer to a user (for checks after a deletion)."""
        checks = {
            "users": "SELECT count(*) FROM users WHERE id = :id",
            "conversations": "SELECT count(*) FROM conversations WHERE user_id = :id",
            "verdicts": "SELECT count(*) FROM verdicts WHERE user_id = :id",
            "schedules": "SELECT count(*) FROM schedules WHERE user_id = :id",
            "invitations": "SELECT count(*) FROM invitations WHERE owner_id = :id OR used_by = :id",
            "links": "SELECT count(*) FROM links WHERE owner_id = :id OR consultant_id = :id",
            "audit": "SELECT count(*) FROM audit WHERE (actor_id = :id OR owner_id = :id OR "
                     "consultant_id = :id) AND action != 'delete_user'",
        }
        return {table: self.db.execute(sql, {"id": user_id}).fetchone()[0] for table, sql in checks.items()}
