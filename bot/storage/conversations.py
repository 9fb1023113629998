"""Conversations and their answers: every answer ever given is kept, the latest one counts."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from bot.storage.outbox import CONCLUSION, Outbox
from bot.storage.records import ConversationRecord, Earlier, StoredValue


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Conversations(Outbox):
    def active_conversation(self, user_id: int, spec: str) -> ConversationRecord | None:
        """The user's latest conversation on `spec` that was not abandoned."""
        row = self._row(
            "SELECT * FROM conversations WHERE user_id = ? AND spec = ? AND abandoned_at IS NULL "
            "ORDER BY id DESC LIMIT 1", [user_id, spec])
        return ConversationRecord.from_row(row) if row else None

    def set_currency(self, conversation_id: int, currency: str) -> None:
        """The currency of a conversation that holds no amount yet."""
        self.db.table("conversations").update(conversation_id, {"currency": currency})

    def conversation(self, conversation_id: int) -> ConversationRecord:
        return ConversationRecord.from_row(self.db.table("conversations").get(conversation_id))

    def find_conversation(self, conversation_id: int) -> ConversationRecord | None:
        row = self._row("SELECT * FROM conversations WHERE id = ?", [conversation_id])
        return ConversationRecord.from_row(row) if row else None

    def start_conversation(self, user_id: int, spec: str, version: int, state: str,
                           context: dict[str, Any] | None = None, currency: str = "EUR",
                           defaults_from: int | None = None) -> ConversationRecord:
        """A new conversation, with its context values stored as its first answers, its amounts in `currency`;
        `defaults_from`: the finished conversation it re-assesses (whose answers it offers again).

        Any earlier unfinished conversation on the same spec is abandoned.
        """
        now = self.now()
        with self.db.atomic():
            self.db.execute(
                "UPDATE conversations SET abandoned_at = ? WHERE user_id = ? AND spec = ? "
                "AND abandoned_at IS NULL AND finished_at IS NULL", [now, user_id, spec])
            row_id = self.db.table("conversations").insert({
                "user_id": user_id, "spec": spec, "spec_version": version, "state": state,
                "path": "[]", "draft": None, "started_at": now, "updated_at": now, "currency": currency,
                "defaults_from": defaults_from,
            }).last_pk
            self.db.table("answers").insert_all(
                {"conversation_id": row_id, "question": key, "value": _json(value), "answered_at": now}
                for key, value in (context or {}).items())
        assert row_id is not None  # an insert into a table with an integer key always has one
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
        resume_at: str | None = None,
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
                    [conversation.id, question, _json(value), now])
            self.db.execute(
                "UPDATE conversations SET state = ?, path = ?, draft = ?, updated_at = ?, finished_at = ?, "
                "spec_version = ?, resume_at = ? WHERE id = ?",
                [state, json.dumps(list(path)), json.dumps(list(draft)) if draft is not None else None,
                 now, now if finished else None, version, resume_at, conversation.id])
            # Finishing owes the owner the outcome (outbox.py); a finished one carried to a new spec, nothing.
            if finished and not conversation.finished:
                self.owe(conversation.user_id, CONCLUSION, conversation.id)
        return replace(conversation, state=state, path=tuple(path),
                       draft=tuple(draft) if draft is not None else None, updated_at=now,
                       finished_at=now if finished else None, spec_version=version, resume_at=resume_at)

    def carry_answers(self, conversation_id: int, answers: dict[str, Any]) -> None:
        """Store answers given earlier again, as a newer version of the spec reads them (renamed
        question or option): added as the latest answers, the rows they were read from kept."""
        now = self.now()
        self.db.table("answers").insert_all(
            {"conversation_id": conversation_id, "question": key, "value": _json(value), "answered_at": now}
            for key, value in answers.items())

    def earlier(self, conversation_id: int) -> Earlier:
        """A finished conversation as a later one offers its answers again."""
        return Earlier.of(self.conversation(conversation_id), self.answers(conversation_id))

    def answers(self, conversation_id: int) -> dict[str, Any]:
        """The latest answer to each question of the conversation."""
        rows = self.db.execute(
            "SELECT question, value FROM answers WHERE id IN ("
            " SELECT max(id) FROM answers WHERE conversation_id = ? GROUP BY question)",
            [conversation_id])
        return {question: json.loads(value) for question, value in rows}

    def stored_values(self) -> list[StoredValue]:
        """Every latest answer of the conversations not abandoned (the ones still read), grouped by spec,
        question and value: what `advisor check --db` compares with the specs."""
        rows = self.db.execute(
            "SELECT c.spec, a.question, a.value, count(*) FROM answers a JOIN conversations c "
            "ON c.id = a.conversation_id WHERE c.abandoned_at IS NULL AND a.id IN ("
            " SELECT max(id) FROM answers GROUP BY conversation_id, question) "
            "GROUP BY c.spec, a.question, a.value ORDER BY c.spec, a.question")
        return [StoredValue(spec, question, json.loads(value), count) for spec, question, value, count in rows]

    def answer_history(self, conversation_id: int) -> list[dict[str, Any]]:
        """Every answer given in the conversation, in order (for exports)."""
        return [
            {**row, "value": json.loads(row["value"])}
            for row in self.db.table("answers").rows_where(
                "conversation_id = ?", [conversation_id], order_by="id")
        ]

    def finished_conversations(self, user_id: int, spec: str) -> list[ConversationRecord]:
        """The user's finished conversations on `spec`, oldest first."""
        return [ConversationRecord.from_row(row) for row in self.db.table("conversations").rows_where(
            "user_id = ? AND spec = ? AND finished_at IS NOT NULL", [user_id, spec], order_by="id")]

    def import_conversations(self, rows: list[dict[str, Any]]) -> None:
        """Bulk-load users with one conversation each (benchmarks, migrations from elsewhere).

        Each row: user_id, language, spec, spec_version, state, path, answers, finished.
        """
        now = self.now()
        with self.db.atomic():
            self.db.table("users").insert_all(
                ({"id": r["user_id"], "language": r["language"], "created_at": now} for r in rows),
                ignore=True)
            for row in rows:
                conversation_id = self.db.table("conversations").insert({
                    "user_id": row["user_id"], "spec": row["spec"], "spec_version": row["spec_version"],
                    "state": row["state"], "path": json.dumps(list(row["path"])), "draft": None,
                    "started_at": now, "updated_at": now, "finished_at": now if row["finished"] else None,
                    "currency": row.get("currency", "EUR"),
                }).last_pk
                self.db.table("answers").insert_all(
                    {"conversation_id": conversation_id, "question": question, "value": _json(value),
                     "answered_at": now}
                    for question, value in row["answers"].items())
