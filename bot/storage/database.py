"""The SQLite connection every table group shares: pragmas, migrations, the clock.

Writes that belong together (an answer and the move it causes) go in one
transaction, so a crash leaves either both or neither. WAL lets readers and
the writer proceed together; `synchronous=NORMAL` keeps every committed
answer through a process crash (only a power cut could cost the last ones).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
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


EPHEMERAL_ROOTS = (Path("/tmp"), Path("/dev/shm"), Path("/var/tmp"))  # wiped at a reboot, or in memory


def disk_warnings(path: Path, environ: Mapping[str, str],
                  ephemeral_roots: Iterable[Path] = EPHEMERAL_ROOTS) -> list[str]:
    """What, before the database at `path` is opened, says it may not outlive a restart, or was lost.

    The disk looks ephemeral when the file is under a temporary folder, when
    the operator says so (`ADVISOR_EPHEMERAL_DISK=1`, for platforms whose
    disk is wiped on every deploy or restart), or on Heroku (`DYNO`), whose
    dynos have such a disk. The file looks lost when it is missing but a
    write-ahead log or shared-memory file of an earlier run is still there.
    """
    warnings = []
    where = path.absolute()
    resolved = where.resolve()
    reasons = [f"it is under {root}" for root in ephemeral_roots
               if where.is_relative_to(root) or resolved.is_relative_to(root.resolve())]
    if environ.get("ADVISOR_EPHEMERAL_DISK") == "1":
        reasons.append("ADVISOR_EPHEMERAL_DISK=1 says this disk does not outlive a restart")
    if environ.get("DYNO"):
        reasons.append("DYNO is set: a Heroku dyno's disk is wiped at every restart and deploy")
    if reasons:
        warnings.append(f"the database {path} may be lost at the next restart ({'; '.join(reasons)}): "
                        "every conversation and check-in schedule is in it; set ADVISOR_DB to a file on a "
                        "persistent volume")
    if not where.exists():
        leftovers = [where.with_name(where.name + suffix) for suffix in ("-wal", "-shm")]
        leftovers = [found for found in leftovers if found.exists()] or sorted(where.parent.glob("*.sqlite3-wal"))
        if leftovers:
            warnings.append(f"the database {path} does not exist yet, but {leftovers[0].name} from an earlier run "
                            "is beside it: the database file was probably lost (deleted, or its disk wiped); "
                            "a new, empty one is being started: stop the bot and restore a backup if owners had "
                            "answered before")
    return warnings


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
