"""Moving a deployment from its SQLite file to PostgreSQL: every table copied, then verified, in one transaction.

The whole copy is one transaction on the target: interrupted (a lost
connection, Ctrl-C), it leaves the target as it was, and can simply be run
again. Before committing, each table is read back from both sides and
compared: its row count, and a SHA-256 of its rows as the export writes
them (times in UTC to the second, whichever way the engine keeps them); a
difference rolls the copy back. A target that already holds data is refused
unless `force` says to replace it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.storage.connection import Connection, StorageError, insert_sql
from bot.storage.postgres_store import PostgresStore
from bot.storage.records import as_time
from bot.storage.rights import plain
from bot.storage.store import SqliteStore

# Parents before children (foreign keys), each with the key it is ordered by.
TABLES = {"users": "id", "conversations": "id", "answers": "id", "verdicts": "id", "schedules": "user_id",
          "invitations": "id", "links": "owner_id, consultant_id", "audit": "id", "inbox": "update_id",
          "decisions": "id", "digests": "consultant_id", "notices": "consultant_id, owner_id, key", "outbox": "id",
          "chat_memory": "chat_id, key"}


@dataclass(frozen=True)
class Copied:
    table: str
    rows: int
    checksum: str


def copy_database(source: Path, target_url: str, force: bool = False) -> list[Copied]:
    """Copy the SQLite file `source` into the PostgreSQL database at `target_url` (migrated first); what
    each table holds on both sides once verified. A `StorageError` says why nothing was copied."""
    if not source.is_file():
        raise StorageError(f"no database at {source}")
    origin = SqliteStore(source)
    try:
        target = PostgresStore(target_url)
        try:
            return _copy(origin, target, force)
        finally:
            target.close()
    finally:
        origin.close()


def _copy(origin: SqliteStore, target: PostgresStore, force: bool) -> list[Copied]:
    times = _time_columns(target)
    with target.transaction():
        held = [table for table in TABLES if target.execute(f"SELECT 1 FROM {table} LIMIT 1").rows]
        if held and not force:
            raise StorageError(f"the database {target.where} already holds data ({', '.join(held)}); "
                               "add --force to replace it with the copy")
        target.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY")
        for table, key in TABLES.items():
            columns = _columns(target, table)
            target.execute_many(insert_sql(table, columns),
                                origin.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {key}").rows)
            if key == "id":
                target.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"coalesce(max(id), 0) + 1, false) FROM {table}")
        copied = []
        for table in TABLES:
            mine, theirs = _summary(origin, table, times), _summary(target, table, times)
            if mine != theirs:
                raise StorageError(f"the copy of {table} differs from the original ({mine.rows} rows, "
                                   f"{theirs.rows} copied); nothing was copied")
            copied.append(mine)
    return copied


def _columns(target: PostgresStore, table: str) -> list[str]:
    return [name for (name,) in target.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = ? ORDER BY ordinal_position", [table]).rows]


def _time_columns(target: PostgresStore) -> set[tuple[str, str]]:
    return set(target.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND data_type = 'timestamp with time zone'").rows)


def _summary(store: Connection, table: str, times: set[tuple[str, str]]) -> Copied:
    """The table's row count and the SHA-256 of its rows, read the same way from either engine."""
    digest, count = hashlib.sha256(), 0
    for line in _lines(store, table, times):
        digest.update(line.encode())
        count += 1
    return Copied(table, count, digest.hexdigest())


def _lines(store: Connection, table: str, times: set[tuple[str, str]]) -> Iterator[str]:
    result = store.execute(f"SELECT * FROM {table} ORDER BY {TABLES[table]}")
    for row in result.dicts():
        values: dict[str, Any] = {name: as_time(value) if (table, name) in times else value
                                  for name, value in row.items()}
        yield json.dumps(plain(values), ensure_ascii=False, sort_keys=True) + "\n"
