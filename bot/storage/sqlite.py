"""The SQLite engine: one file through sqlite-utils, its pragmas and migrations, its backups.

Writes that belong together (an answer and the move it causes) go in one
transaction, so a crash leaves either both or neither. WAL lets readers and
the writer proceed together; `synchronous=NORMAL` keeps every committed
answer through a process crash (only a power cut could cost the last ones).
Times are stored as ISO 8601 text in UTC, so they sort and compare as text.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from sqlite_utils import Database

from bot.storage.connection import Clock, Connection, Exclusive, Params, Result, StorageError, adapted, iso, utc_now
from bot.storage.sqlite_schema import migrations


def _params(params: Params) -> Params:
    return adapted(params, iso)


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




class _Alone(Exclusive):
    """On SQLite the bot's process is the only one (`alone`): whatever it asks for exclusively, it has."""

    def acquire(self) -> bool:
        return True

    def held(self) -> bool:
        return True

    def release(self) -> None:
        """Nothing is held beyond the process's own lock on the file."""


def alone(path: Path) -> IO[bytes]:
    """Hold the lock file beside the database at `path` for as long as the returned file stays open
    (the process's life): a second bot on the same file is refused here, with a `StorageError`.

    Two bots on one file would each answer, each sweep reminders and each
    hand out its own claims; SQLite cannot share a chat between processes.
    The lock is the kernel's (`flock`): it goes with the process, so a bot
    killed outright leaves nothing to clean up before it starts again.
    """
    where = path.with_name(path.name + ".lock")
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        held = open(where, "ab")  # noqa: SIM115 (open for the process's life)
    except OSError as error:
        raise StorageError(f"cannot use the database {path}: {error}") from error
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        held.close()
        raise StorageError(f"another advisor bot is already running on the database {path} (it holds {where}); "
                           "stop it first, or use PostgreSQL (DATABASE_URL) to run several") from None
    return held


class SqliteConnection(Connection):
    """One SQLite file (or memory), on one connection shared by every table group."""

    engine = "sqlite"
    threadsafe = False  # one connection, on the thread that opened it

    def __init__(self, path: str | Path | None = None, clock: Clock = utc_now):
        """Open (and migrate) the database at `path`; `None` means in memory.

        A file that is damaged, read-only or not a database, or that a newer
        version of the advisor migrated, is refused here with a `StorageError`,
        before any owner is answered from it.
        """
        self.clock = clock
        self.where = "memory" if path is None else str(path)
        self._token = object()  # tells this connection's reads from another's (see `read_at`)
        try:
            self._open(path)
        except sqlite3.DatabaseError as error:
            raise StorageError(f"cannot use the database {path}: {error}") from error

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
        self.migrated = self.migrate()

    def migrate(self) -> list[str]:
        """Apply the migrations this file lacks, each once; the names applied. A file that has
        migrations this version does not know was left by a newer version: refused."""
        known = {migration.name for migration in migrations.pending(Database(memory=True))}
        newer = [applied.name for applied in migrations.applied(self.db) if applied.name not in known]
        if newer:
            raise StorageError(f"the database {self.where} was migrated by a newer version of the advisor "
                               f"({newer[-1]}); run that version, or restore a backup taken before it")
        pending = [migration.name for migration in migrations.pending(self.db)]
        try:
            migrations.apply(self.db)
        except sqlite3.Error as error:
            raise StorageError(f"cannot migrate the database {self.where}: {error}") from error
        return pending

    def schema_current(self) -> bool:
        try:
            return not migrations.pending(self.db)
        except sqlite3.Error as error:
            raise StorageError(f"the database {self.where} failed: {error}") from error

    def close(self) -> None:
        self.db.close()

    def execute(self, sql: str, params: Params = ()) -> Result:
        """Straight on the connection (on the paths every answer takes, sqlite-utils' `query` would wrap
        each read in a savepoint of its own); outside a transaction, a write is committed at once."""
        with self._alone():
            cursor = self.db.conn.execute(sql, _params(params))
            rows = cursor.fetchall()
        return Result([column[0] for column in cursor.description or ()], rows, cursor.rowcount)

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        with self._alone():
            self.db.conn.executemany(sql, (_params(row) for row in rows))

    @contextmanager
    def _alone(self) -> Iterator[None]:
        """A statement that opened a transaction of its own (Python's sqlite3 opens one before a write)
        is committed after it, or rolled back if it failed; its failure is a `StorageError`."""
        conn = self.db.conn
        alone = not conn.in_transaction
        try:
            yield
            if alone and conn.in_transaction:
                conn.commit()
        except sqlite3.Error as error:
            if alone and conn.in_transaction:
                conn.rollback()
            raise StorageError(f"the database {self.where} failed: {error}") from error

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with self.db.atomic():
                yield
        except sqlite3.Error as error:
            raise StorageError(f"the database {self.where} failed: {error}") from error

    def lock(self, name: str) -> None:
        """Nothing to take: one bot process at a time uses the file (`alone`), on one connection, and the
        transactions of its updates run one after another on it, so none interleaves with this one."""

    def exclusive(self, name: str) -> Exclusive:
        return _Alone()

    def read_at(self, version: Any) -> object:
        """This connection, the rows it had changed, and the file's version then (which moves when another
        connection commits)."""
        return (self._token, self.db.conn.total_changes, version)

    def unchanged_since(self, read: object) -> bool:
        """Nothing committed since `read`: no row changed by this connection, the file's version unmoved."""
        if not (isinstance(read, tuple) and read[0] is self._token and read[1] == self.db.conn.total_changes):
            return False
        return bool(self.execute("PRAGMA data_version").rows[0][0] == read[2])

    def upkeep_apart(self) -> Callable[[], None] | None:
        """Checkpoints on a thread: every thousand pages written, the commit that crosses the mark copies the
        write-ahead log into the file and flushes it to disk (about 5 ms here, for one owner in some seventy).
        Done apart, by a connection of its own that waits for no one (PASSIVE), the log is copied while
        answers go on; the log stays short as long as it is called every few seconds."""
        if self.where == "memory":
            return None
        self.db.execute("PRAGMA wal_autocheckpoint = 0")
        path = self.where

        def checkpoint() -> None:
            try:
                apart = sqlite3.connect(path, timeout=0)
                try:
                    apart.execute("PRAGMA wal_checkpoint(PASSIVE)")
                finally:
                    apart.close()
            except sqlite3.Error as error:
                raise StorageError(f"the database {path} failed: {error}") from error

        return checkpoint

    def vacuum(self, tables: Sequence[str]) -> None:
        """With `secure_delete` the erased rows were overwritten in place; the checkpoint copies that
        into the database file and empties the write-ahead log, which would otherwise keep the old
        pages until the next checkpoint."""
        self.execute("PRAGMA wal_checkpoint(TRUNCATE)")
