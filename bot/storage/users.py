"""Users, and the one read an incoming update needs: its sender and their open conversations."""

from __future__ import annotations

import json
from typing import Any

from bot.storage.database import Connection
from bot.storage.records import ConversationRecord, Earlier, Receipt, Snapshot, User, Visit

# The sender's row and, per spec, their latest conversation not abandoned with its
# latest answer to each question (and, for a re-assessment, those of the conversation it
# re-assesses), and whether a message is owed to them: everything an answer needs, in one statement.
_VISIT = """
SELECT u.*, (
  SELECT json_group_array(json_object(
    'id', c.id, 'user_id', c.user_id, 'spec', c.spec, 'spec_version', c.spec_version,
    'state', c.state, 'path', c.path, 'draft', c.draft, 'started_at', c.started_at,
    'updated_at', c.updated_at, 'finished_at', c.finished_at, 'resume_at', c.resume_at, 'currency', c.currency,
    'defaults_from', c.defaults_from,
    'answers', (SELECT json_group_object(a.question, json(a.value)) FROM answers a
                WHERE a.id IN (SELECT max(id) FROM answers WHERE conversation_id = c.id GROUP BY question)),
    'earlier', (SELECT json_object('id', e.id, 'currency', e.currency, 'path', e.path,
                  'answers', (SELECT json_group_object(a.question, json(a.value)) FROM answers a
                              WHERE a.id IN (SELECT max(id) FROM answers WHERE conversation_id = e.id
                                             GROUP BY question)))
                FROM conversations e WHERE e.id = c.defaults_from)))
  FROM conversations c
  WHERE c.id IN (SELECT max(id) FROM conversations
                 WHERE user_id = u.id AND abandoned_at IS NULL GROUP BY spec)
) AS open_conversations,
EXISTS (SELECT 1 FROM outbox o WHERE o.user_id = u.id) AS owed
FROM users u WHERE u.id = ?
"""


def _decoded(value: Any) -> Any:
    """A JSON value built in a subquery: SQLite builds that drop the JSON subtype hand it over as text."""
    return json.loads(value) if isinstance(value, str) else value


def _earlier(found: dict[str, Any]) -> Earlier:
    return Earlier(found["id"], found["currency"] or "EUR", tuple(json.loads(found["path"])),
                   _decoded(found["answers"]) or {})


class Users(Connection):
    def ensure_user(self, user_id: int, language: str | None = None, name: str | None = None) -> User:
        """The user, created on first contact (the language is kept if already set)."""
        existing = self.user(user_id)
        if existing is not None:
            return existing
        row = {"id": user_id, "language": language, "name": name, "created_at": self.now()}
        self.db.table("users").insert(row, ignore=True)
        created = self.user(user_id)
        assert created is not None
        return created

    def user(self, user_id: int) -> User | None:
        row = self._row("SELECT * FROM users WHERE id = ?", [user_id])
        return User.from_row(row) if row else None

    def update_user(self, user_id: int, **fields: Any) -> None:
        self.db.table("users").update(user_id, fields)

    def last_receipt(self, user_id: int) -> Receipt | None:
        """The last update applied for the user, and when."""
        user = self.user(user_id)
        return user.receipt if user else None

    def record_receipt(self, user_id: int, update_id: int) -> None:
        self.db.execute("UPDATE users SET last_update_id = ?, last_update_at = ? WHERE id = ?",
                        [update_id, self.now(), user_id])

    def visit(self, user_id: int) -> Visit:
        """The sender and their open conversations, by spec (one statement)."""
        row = self._row(_VISIT, [user_id])
        if row is None:
            return Visit(None, {})
        snapshots = {}
        for found in json.loads(row.pop("open_conversations") or "[]"):
            answers = found.pop("answers")
            earlier = _decoded(found.pop("earlier"))
            snapshots[found["spec"]] = Snapshot(ConversationRecord.from_row(found), _decoded(answers) or {},
                                                None if earlier is None else _earlier(earlier))
        return Visit(User.from_row(row), snapshots, bool(row["owed"]))
