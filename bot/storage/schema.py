"""Versioned schema migrations, applied once each, in order, in a transaction."""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("advisor")


@migrations()
def m001_core(db: Database) -> None:
    db["users"].create(
        {"id": int, "language": str, "timezone": str, "name": str,
         "created_at": str, "blocked_at": str},
        pk="id",
    )
    db["conversations"].create(
        {"id": int, "user_id": int, "spec": str, "spec_version": int, "state": str,
         "path": str, "draft": str, "started_at": str, "updated_at": str,
         "finished_at": str, "abandoned_at": str},
        pk="id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "spec", "spec_version", "state", "path", "started_at", "updated_at"},
    )
    db["conversations"].create_index(["user_id", "spec", "id"])
    # Every answer ever given is kept; the current one is the latest per question.
    db["answers"].create(
        {"id": int, "conversation_id": int, "question": str, "value": str, "answered_at": str},
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id")],
        not_null={"conversation_id", "question", "answered_at"},
    )
    db["answers"].create_index(["conversation_id", "question", "id"])
    db["verdicts"].create(
        {"id": int, "user_id": int, "conversation_id": int, "advisor_version": str,
         "headline": str, "data": str, "created_at": str},
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("conversation_id", "conversations", "id")],
        not_null={"user_id", "conversation_id", "advisor_version", "headline", "data", "created_at"},
    )
    db["verdicts"].create_index(["user_id", "id"])
