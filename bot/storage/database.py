"""The SQLite connection every table group shares: pragmas, migrations, the clock.

Writes that belong together (an answer and the move it causes) go in one
transaction, so a crash leaves either both or neither. WAL lets readers and
the writer proceed together; `synchronous=NORMAL` keeps every committed
answer through a process crash (only a power cut could cost the last ones).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.storage.schema import migrations

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """How times are stored: ISO 8601 to the second, so stored UTC times sort as text."""
    return moment.isoformat(timespec="seconds")


def default_db_path() -> Path:
    """`ADVISOR_DB` if set, else `data/advisor.sqlite3` under the working directory."""
    return Path(os.environ.get("ADVISOR_DB") or Path("data") / "advisor.sqlite3")


class StorageError(RuntimeError):
    """The database file cannot be used as it is (damaged, read-only, not a database)."""


def backup(source: Path, target: Path) -> int:
    """Copy the database at `source` to `target` with SQLite's backup API; the size copied, in bytes.

    The copy is taken in one read transaction, so it is the database as one
    moment left it, while the bot goes on writing (WAL lets a reader and the
    writer proceed together). It is written beside `target` and renamed into
    place once whole and checked (`PRAGMA integrity_check`), so `target` is
    never a half copy; it is one self-contained file (no write-ahead log).
    """
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        partial.unlink(missing_ok=True)
        origin = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            copy = sqlite3.connect(partial)
            try:
                origin.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
                damage = [row[0] for row in copy.execute("PRAGMA integrity_check").fetchall()]
                if damage != ["ok"]:
                    raise sqlite3.DatabaseError("the copy is damaged: " + "; ".join(damage[:3]))
            finally:
                copy.close()
        finally:
            origin.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise StorageError(f"cannot back up {source} to {target}: {error}") from error
    return target.stat().st_size


class Connection:
    """One open database; the table groups (users, conversations, …) are built on it."""

    def __init__(self, path: str | Path | None = None, clock: Clock = utc_now):
        """Open (and migrate) the database at `path`; `None` means in memory.

        A file that is damaged, read-only or not a database is refused here
        with a `StorageError`, before any owner is answered from it.
        """
        try:
            self._open(path)
        except sqlite3.DatabaseError as error:
            raise StorageError(f"cannot use the database {path}: {error}") from error
        self.clock = clock

    def _open(self, path: str | Path | None) -> None:
        if path is None:
            self.db = Database(memory=True)
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.db = Database(path)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            damage = [row[0] for row in self.db.execute("PRAGMA quick_check").fetchall()]
            if damage != ["ok"]:
                raise sqlite3.DatabaseError("damaged: " + "; ".join(damage[:3]))
        self.db.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten with zeros, not left in free pages (see Rights.delete_user).
        self.db.execute("PRAGMA secure_delete = ON")
        self.db.execute("PRAGMA busy_timeout = 5000")
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    def now(self) -> str:
        return iso(self.clock())

    def transaction(self) -> AbstractContextManager[Any]:
        """One transaction around several calls (nested ones become savepoints)."""
        return self.db.atomic()

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> list[dict[str, Any]]:
        """Rows as dicts straight from the connection: on the paths every answer takes,
        sqlite-utils' `query` would wrap each read in a savepoint of its own."""
        cursor = self.db.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _row(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None
