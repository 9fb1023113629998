"""What tests ask of a real database directly (either engine), beyond what the product needs to read."""

from __future__ import annotations

from bot.storage.connection import Connection

_NAMING = {
    "users": "SELECT count(*) FROM users WHERE id = :id",
    "conversations": "SELECT count(*) FROM conversations WHERE user_id = :id",
    "verdicts": "SELECT count(*) FROM verdicts WHERE user_id = :id",
    "schedules": "SELECT count(*) FROM schedules WHERE user_id = :id",
    "decisions": "SELECT count(*) FROM decisions WHERE user_id = :id",
    "invitations": "SELECT count(*) FROM invitations WHERE owner_id = :id OR used_by = :id",
    "links": "SELECT count(*) FROM links WHERE owner_id = :id OR consultant_id = :id",
    "audit": "SELECT count(*) FROM audit WHERE actor_id = :id OR owner_id = :id OR consultant_id = :id",
    "digests": "SELECT count(*) FROM digests WHERE consultant_id = :id",
    "notices": "SELECT count(*) FROM notices WHERE owner_id = :id OR consultant_id = :id",
    "inbox": "SELECT count(*) FROM inbox WHERE user_id = :id",
    "outbox": "SELECT count(*) FROM outbox WHERE user_id = :id",
    "chat_memory": "SELECT count(*) FROM chat_memory WHERE chat_id = :id",
}


# Tables that name no user: the migrations applied (each engine's own), and answers (by conversation).
NAMING_NOBODY = {"_sqlite_migrations", "schema_migrations", "answers"}


def rows_naming(store: Connection, user_id: int) -> dict[str, int]:
    """How many rows of each table still refer to a user (checks after a deletion)."""
    return {table: store.execute(sql, {"id": user_id}).rows[0][0] for table, sql in _NAMING.items()}


def verdict_count(store: Connection, user_id: int) -> int:
    return store.execute("SELECT count(*) FROM verdicts WHERE user_id = ?", [user_id]).rows[0][0]
