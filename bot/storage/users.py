"""Users, and the one read an incoming update needs: its sender and their open conversations."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.storage.connection import Connection
from bot.storage.records import ConversationRecord, Earlier, Receipt, Snapshot, User, Visit

# The sender's row and, per spec, their latest conversation not abandoned with its
# latest answer to each question (and, for a re-assessment, those of the conversation it
# re-assesses), and what their chat's buttons refer to: everything an answer needs, in one
# statement. Each engine builds the JSON its own way (SQLite's JSON1, PostgreSQL's json
# functions); the rest is the same.
_VISIT = """
SELECT u.*, (
  SELECT {array}({object}(
    'id', c.id, 'user_id', c.user_id, 'spec', c.spec, 'spec_version', c.spec_version,
    'state', c.state, 'path', c.path, 'draft', c.draft, 'started_at', c.started_at,
    'updated_at', c.updated_at, 'finished_at', c.finished_at, 'resume_at', c.resume_at, 'currency', c.currency,
    'defaults_from', c.defaults_from,
    'answers', (SELECT {pairs}(a.question, {value}) FROM answers a
                WHERE a.id IN (SELECT max(id) FROM answers WHERE conversation_id = c.id GROUP BY question)),
    'earlier', (SELECT {object}('id', e.id, 'currency', e.currency, 'path', e.path,
                  'answers', (SELECT {pairs}(a.question, {value}) FROM answers a
                              WHERE a.id IN (SELECT max(id) FROM answers WHERE conversation_id = e.id
                                             GROUP BY question)))
                FROM conversations e WHERE e.id = c.defaults_from)))
  FROM conversations c
  WHERE c.id IN (SELECT max(id) FROM conversations
                 WHERE user_id = u.id AND abandoned_at IS NULL GROUP BY spec)
) AS open_conversations,
EXISTS (SELECT 1 FROM outbox o WHERE o.user_id = u.id) AS owed,
(SELECT {pairs}(m.key, {kept}) FROM chat_memory m WHERE m.chat_id = u.id) AS memory,
{version} AS data_version
FROM users u WHERE u.id = ?
"""
VISIT = {
    "sqlite": _VISIT.format(array="json_group_array", object="json_object", pairs="json_group_object",
                            value="json(a.value)", kept="json(m.value)",
                            version="(SELECT data_version FROM pragma_data_version())"),
    "postgresql": _VISIT.format(array="json_agg", object="json_build_object", pairs="json_object_agg",
                                value="a.value::json", kept="m.value::json", version="NULL"),
}


def _decoded(value: Any) -> Any:
    """A JSON value built in a subquery: SQLite hands it over as text (builds that drop the JSON subtype
    even inside the outer JSON), PostgreSQL's driver decoded."""
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
        self.execute("INSERT INTO users (id, language, name, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                     [user_id, language, name, self.now()])
        created = self.user(user_id)
        assert created is not None
        return created

    def user(self, user_id: int) -> User | None:
        row = self._row("SELECT * FROM users WHERE id = ?", [user_id])
        return User.from_row(row) if row else None

    def set_language(self, user_id: int, language: str) -> None:
        self.execute("UPDATE users SET language = ? WHERE id = ?", [language, user_id])

    def set_market(self, user_id: int, country: str, region: str | None) -> None:
        self.execute("UPDATE users SET country = ?, region = ? WHERE id = ?", [country, region, user_id])

    def set_timezone(self, user_id: int, timezone: str) -> None:
        self.execute("UPDATE users SET timezone = ? WHERE id = ?", [timezone, user_id])

    def set_blocked(self, user_id: int, since: datetime | None) -> None:
        """The user blocked the bot `since` then (None: they no longer do)."""
        self.execute("UPDATE users SET blocked_at = ? WHERE id = ?", [since, user_id])

    def returned(self, user_id: int, name: str | None) -> None:
        """The user wrote again, going by `name`: they no longer block the bot."""
        self.execute("UPDATE users SET name = ?, blocked_at = NULL WHERE id = ?", [name, user_id])

    def last_receipt(self, user_id: int) -> Receipt | None:
        """The last update applied for the user, and when."""
        user = self.user(user_id)
        return user.receipt if user else None

    def record_receipt(self, user_id: int, update_id: int) -> None:
        self.execute("UPDATE users SET last_update_id = ?, last_update_at = ? WHERE id = ?",
                     [update_id, self.now(), user_id])

    def visit(self, user_id: int) -> Visit:
        """The sender, their open conversations by spec, and their chat's memory (one statement)."""
        row = self._row(VISIT[self.engine], [user_id])
        if row is None:
            return Visit(None, {})
        read = self.read_at(row.pop("data_version"))
        memory, snapshots = _decoded(row.pop("memory")) or {}, {}
        for found in _decoded(row.pop("open_conversations")) or []:
            answers = found.pop("answers")
            earlier = _decoded(found.pop("earlier"))
            snapshots[found["spec"]] = Snapshot(ConversationRecord.from_row(found), _decoded(answers) or {},
                                                None if earlier is None else _earlier(earlier))
        return Visit(User.from_row(row), snapshots, bool(row["owed"]), memory, read)
