"""The PostgreSQL engine: psycopg 3 through a `psycopg_pool` pool, chosen by a `postgresql://` URL.

The table groups' SQL is SQLite's and PostgreSQL's alike but for its
placeholders, rewritten here once per statement text (`?` → `%s`, `:name` →
`%(name)s`). Each statement outside a transaction borrows a connection from
the pool for itself (autocommit: no BEGIN/COMMIT around a single read); a
transaction holds one connection from its BEGIN to its COMMIT, and the calls
inside it (on this thread) run on that one. A borrowed connection is checked
first (an empty query): one the server dropped (a restart, a failover, a
network cut) is replaced there, so the bot reconnects by itself; a statement
that fails meanwhile is a `StorageError`, and the owner is told their answer
was not saved (its transaction rolled back whole). Times are `timestamptz`.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from bot.storage.connection import (
    Clock,
    Connection,
    Exclusive,
    Params,
    Result,
    StorageError,
    adapted,
    redacted,
    stored_time,
    utc_now,
)
from bot.storage.postgres_schema import MIGRATIONS

DEFAULT_POOL_SIZE = 4
WAIT = 5.0  # seconds a statement waits for a connection (the server down): then the owner is told, not kept waiting
# How long the pool retries a lost connection (backing off from 1 s) before giving it up; the next statement
# then connects afresh at once. This bounds how long after the server's return the bot stays without it.
RECONNECT = 10.0
_MIGRATION_LOCK = 7_411_259_001  # the advisory lock two starting instances migrate under, one after the other
_PLACEHOLDER = re.compile(r"%|\?|(?<!:):(\w+)")


@lru_cache(maxsize=256)
def native(sql: str) -> str:
    """The statement with psycopg's placeholders."""
    return _PLACEHOLDER.sub(lambda found: "%%" if found[0] == "%" else "%s" if found[0] == "?"
                            else f"%({found[1]})s", sql)


def _params(params: Params) -> Params:
    return adapted(params, stored_time)


class PostgresConnection(Connection):
    """A pool of connections to one PostgreSQL database."""

    engine = "postgresql"
    threadsafe = True  # each thread borrows its own connection from the pool

    def __init__(self, url: str, clock: Clock = utc_now, pool_size: int | None = None):
        """Connect (waiting up to 10 s for the server) and migrate; a server that cannot be reached, or a
        database a newer version migrated, is refused here with a `StorageError`."""
        self.clock = clock
        self._url = url  # for a connection of its own, beside the pool (`exclusive`); never shown
        self.where = redacted(url)
        size = pool_size or int(os.environ.get("DATABASE_POOL_SIZE") or DEFAULT_POOL_SIZE)
        self.pool = ConnectionPool(url, min_size=1, max_size=size, open=False, name="advisor", timeout=WAIT,
                                   reconnect_timeout=RECONNECT,
                                   kwargs={"autocommit": True}, check=ConnectionPool.check_connection)
        self._held = threading.local()  # the connection of the transaction under way on this thread
        try:
            self.pool.open(wait=True, timeout=10)
        except psycopg.Error as error:
            self.pool.close()
            raise StorageError(f"cannot reach the database {self.where}: {error}") from error
        try:
            self.migrated = self.migrate()
        except StorageError:
            self.pool.close()
            raise

    def migrate(self) -> list[str]:
        """Apply the migrations the database lacks, each once, under a lock (instances starting together
        wait for each other); the names applied. A database at a version this one does not know is refused."""
        applied = []
        with self.transaction():
            self.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            self.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                         "name text NOT NULL, applied_at timestamptz NOT NULL)")
            at = self.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").rows[0][0]
            if at > len(MIGRATIONS):
                raise StorageError(f"the database {self.where} was migrated by a newer version of the advisor "
                                   f"(schema version {at}, this one knows {len(MIGRATIONS)}); run that version")
            for version, (name, sql) in enumerate(MIGRATIONS[at:], start=at + 1):
                with self.transaction():
                    self._run_script(sql)
                    self.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                 [version, name, self.now()])
                applied.append(name)
        return applied

    def schema_current(self) -> bool:
        """(Versions are numbered from 1 without gaps: all of this version's are there when all up to it are.)"""
        known = len(MIGRATIONS)
        return bool(self.execute("SELECT count(*) FROM schema_migrations WHERE version <= ?", [known]).rows[0][0]
                    == known)

    def _run_script(self, sql: str) -> None:
        with self._connection() as conn:
            try:
                conn.execute(sql.encode())  # several statements at once: sent as one simple query, no parameters
            except psycopg.Error as error:
                raise StorageError(f"the database {self.where} failed: {error}") from error

    def close(self) -> None:
        self.pool.close()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """The transaction's connection, or one borrowed for a single statement."""
        held = getattr(self._held, "conn", None)
        if held is not None:
            yield held
            return
        try:
            with self.pool.connection() as conn:
                yield conn
        except psycopg.Error as error:
            raise StorageError(f"the database {self.where} failed: {error}") from error

    def execute(self, sql: str, params: Params = ()) -> Result:
        with self._connection() as conn:
            try:
                cursor = conn.execute(native(sql), _params(params))
                rows = cursor.fetchall() if cursor.description else []
            except psycopg.Error as error:
                raise StorageError(f"the database {self.where} failed: {error}") from error
        columns = [column.name for column in cursor.description or ()]
        return Result(columns, rows, cursor.rowcount)

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        with self._connection() as conn:
            try:
                conn.cursor().executemany(native(sql), [_params(row) for row in rows])
            except psycopg.Error as error:
                raise StorageError(f"the database {self.where} failed: {error}") from error

    @contextmanager
    def transaction(self) -> Iterator[None]:
        held = getattr(self._held, "conn", None)
        try:
            if held is not None:
                with held.transaction():  # a savepoint
                    yield
                return
            with self.pool.connection() as conn:
                self._held.conn = conn
                try:
                    with conn.transaction():
                        yield
                finally:
                    self._held.conn = None
        except psycopg.Error as error:
            raise StorageError(f"the database {self.where} failed: {error}") from error

    def lock(self, name: str) -> None:
        """A transaction-scoped advisory lock, keyed by a 64-bit hash of `name` (chats, say, never meet the
        migrations' lock or one another but by a hash collision, which only makes one wait for the other)."""
        self.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [name])

    def exclusive(self, name: str) -> Exclusive:
        return _SessionLock(self._url, name, self.where)

    def vacuum(self, tables: Sequence[str]) -> None:
        """The erased rows' space is reclaimed at once rather than whenever autovacuum comes by: no
        row version holding them stays readable in the tables. (The write-ahead log and backups keep
        them for as long as they are kept: see README, Reliability.)"""
        if getattr(self._held, "conn", None) is None:
            self.execute(f"VACUUM {', '.join(tables)}")


class _SessionLock(Exclusive):
    """A session advisory lock on a connection of its own (not the pool's: a pooled connection goes back to
    the pool, and the lock with it). The server frees it when the session ends: the process died, or its
    connection was cut; then another process takes it."""

    def __init__(self, conninfo: str, name: str, where: str):
        self.conninfo, self.name, self.where = conninfo, name, where
        self.conn: psycopg.Connection[Any] | None = None
        self.holding = False

    def acquire(self) -> bool:
        try:
            if self.conn is None or self.conn.closed:
                self.conn = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=int(WAIT))
            row = self.conn.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [self.name]).fetchone()
        except psycopg.Error as error:
            self.release()
            raise StorageError(f"the database {self.where} failed: {error}") from error
        self.holding = bool(row and row[0])
        return self.holding

    def held(self) -> bool:
        if self.conn is None or not self.holding:
            return False
        try:
            self.conn.execute("SELECT 1")
        except psycopg.Error:
            self.release()
            return False
        return True

    def release(self) -> None:
        if self.conn is not None:
            self.conn.close()  # the session ends, and its lock with it
            self.conn = None
        self.holding = False
