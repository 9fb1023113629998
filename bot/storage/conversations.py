"""Conversations and their answers: every answer ever given is kept, the latest one counts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.storage.connection import Connection, insert_sql
from bot.storage.records import ConversationRecord, Earlier, StoredValue


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


_ANSWER = insert_sql("answers", ("conversation_id", "question", "value", "answered_at"))
_CONVERSATION = ("user_id", "spec", "spec_version", "state", "path", "draft", "started_at", "updated_at",
                 "finished_at", "currency", "defaults_from")


class Conversations(Connection):
    def active_conversation(self, user_id: int, spec: str) -> ConversationRecord | None:
        """The user's latest conversation on `spec` that was not abandoned."""
        row = self._row(
            "SELECT * FROM conversations WHERE user_id = ? AND spec = ? AND abandoned_at IS NULL "
            "ORDER BY id DESC LIMIT 1", [user_id, spec])
        return ConversationRecord.from_row(row) if row else None

    def set_currency(self, conversation_id: int, currency: str) -> None:
        """The currency of a conversation that holds no amount yet."""
        self.execute("UPDATE conversations SET currency = ? WHERE id = ?", [currency, conversation_id])

    def conversation(self, conversation_id: int) -> ConversationRecord:
        row = self._row("SELECT * FROM conversations WHERE id = ?", [conversation_id])
        if row is None:
            raise KeyError(conversation_id)
        return ConversationRecord.from_row(row)

    def start_conversation(self, user_id: int, spec: str, version: int, state: str,
                           context: dict[str, Any] | None = None, currency: str = "EUR",
                           defaults_from: int | None = None) -> ConversationRecord:
        """A new conversation, with its context values stored as its first answers, its amounts in `currency`;
        `defaults_from`: the finished conversation it re-assesses (whose answers it offers again).

        Any earlier unfinished conversation on the same spec is abandoned.
        """
        now = self.now()
        with self.transaction():
            self.execute(
                "UPDATE conversations SET abandoned_at = ? WHERE user_id = ? AND spec = ? "
                "AND abandoned_at IS NULL AND finished_at IS NULL", [now, user_id, spec])
            row_id = self._insert(insert_sql("conversations", _CONVERSATION, "RETURNING id"), [
                user_id, spec, version, state, "[]", None, now, now, None, currency, defaults_from])
            self._add_answers(row_id, context or {}, now)
        return self.conversation(row_id)

    def _add_answers(self, conversation_id: int, answers: dict[str, Any], now: datetime) -> None:
        self.execute_many(_ANSWER, ([conversation_id, key, _json(value), now] for key, value in answers.items()))

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
        resume_at: str | None = None,
    ) -> ConversationRecord:
        """Record one move of a conversation (and the answer that caused it) atomically.

        This runs on every answer, so it is two plain statements and no re-read:
        the returned record is built from what was written.
        """
        now = self.now()
        version = conversation.spec_version if spec_version is None else spec_version
        with self.transaction():
            if answer is not None:
                question, value = answer
                self.execute(_ANSWER, [conversation.id, question, _json(value), now])
            self.execute(
                "UPDATE conversations SET state = ?, path = ?, draft = ?, updated_at = ?, finished_at = ?, "
                "spec_version = ?, resume_at = ? WHERE id = ?",
                [state, json.dumps(list(path)), json.dumps(list(draft)) if draft is not None else None,
                 now, now if finished else None, version, resume_at, conversation.id])
        return replace(conversation, state=state, path=tuple(path),
                       draft=tuple(draft) if draft is not None else None, updated_at=now,
                       finished_at=now if finished else None, spec_version=version, resume_at=resume_at)

    def carry_answers(self, conversation_id: int, answers: dict[str, Any]) -> None:
        """Store answers given earlier again, as a newer version of the spec reads them (renamed
        question or option): added as the latest answers, the rows they were read from kept."""
        self._add_answers(conversation_id, answers, self.now())

    def earlier(self, conversation_id: int) -> Earlier:
        """A finished conversation as a later one offers its answers again."""
        return Earlier.of(self.conversation(conversation_id), self.answers(conversation_id))

    def answers(self, conversation_id: int) -> dict[str, Any]:
        """The latest answer to each question of the conversation."""
        rows = self.execute(
            "SELECT question, value FROM answers WHERE id IN ("
            " SELECT max(id) FROM answers WHERE conversation_id = ? GROUP BY question)",
            [conversation_id]).rows
        return {question: json.loads(value) for question, value in rows}

    def stored_values(self) -> list[StoredValue]:
        """Every latest answer of the conversations not abandoned (the ones still read), grouped by spec,
        question and value: what `advisor check --db` compares with the specs."""
        rows = self.execute(
            "SELECT c.spec, a.question, a.value, count(*) FROM answers a JOIN conversations c "
            "ON c.id = a.conversation_id WHERE c.abandoned_at IS NULL AND a.id IN ("
            " SELECT max(id) FROM answers GROUP BY conversation_id, question) "
            "GROUP BY c.spec, a.question, a.value ORDER BY c.spec, a.question").rows
        return [StoredValue(spec, question, json.loads(value), count) for spec, question, value, count in rows]

    def answer_history(self, conversation_id: int) -> list[dict[str, Any]]:
        """Every answer given in the conversation, in order (for exports)."""
        return [{**row, "value": json.loads(row["value"])}
                for row in self._rows("SELECT * FROM answers WHERE conversation_id = ? ORDER BY id", [conversation_id])]

    def finished_conversations(self, user_id: int, spec: str) -> list[ConversationRecord]:
        """The user's finished conversations on `spec`, oldest first."""
        return [ConversationRecord.from_row(row) for row in self._rows(
            "SELECT * FROM conversations WHERE user_id = ? AND spec = ? AND finished_at IS NOT NULL ORDER BY id",
            [user_id, spec])]

    def import_conversations(self, rows: list[dict[str, Any]]) -> None:
        """Bulk-load users with one conversation each (benchmarks, migrations from elsewhere).

        Each row: user_id, language, spec, spec_version, state, path, answers, finished.
        """
        now = self.now()
        with self.transaction():
            self.execute_many("INSERT INTO users (id, language, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                              ([r["user_id"], r["language"], now] for r in rows))
            for row in rows:
                conversation_id = self._insert(insert_sql("conversations", _CONVERSATION, "RETURNING id"), [
                    row["user_id"], row["spec"], row["spec_version"], row["state"], json.dumps(list(row["path"])),
                    None, now, now, now if row["finished"] else None, row.get("currency", "EUR"), None])
                self._add_answers(conversation_id, row["answers"], now)
