"""What every engine gives the table groups: statements, transactions, the clock, the storage's own errors.

The table groups (users, conversations, verdicts, …) are written once, in SQL
that SQLite and PostgreSQL both read: `?` and `:name` placeholders, `INSERT …
ON CONFLICT`, `RETURNING id`. An engine (`sqlite.py`, `postgres.py`) runs
that SQL on its driver and turns the driver's failures into `StorageError`,
so nothing above `bot/storage` ever sees a driver's exception.

Times cross this line as aware datetimes, in UTC and to the second (what
SQLite has always stored); each engine stores them its own way.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

Clock = Callable[[], datetime]
Params = Sequence[Any] | dict[str, Any]


def is_url(where: object) -> bool:
    """Whether `where` names a PostgreSQL database (else it is a SQLite file's path)."""
    return isinstance(where, str) and where.startswith(("postgresql://", "postgres://"))


def redacted(url: str) -> str:
    """The URL without its password, as logs and messages may show it."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def utc_now() -> datetime:
    return datetime.now(UTC)


def stored_time(moment: datetime) -> datetime:
    """A time as storage keeps it: in UTC, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    """A time as text (how SQLite stores it, and exports show it): ISO 8601 in UTC to the second, so it sorts."""
    return stored_time(moment).isoformat(timespec="seconds")


class StorageError(RuntimeError):
    """The database cannot be used or did not take a write: damaged, read-only, full, unreachable,
    or left by a newer version of the advisor. What was being written was not stored."""


def adapted(params: Params, time: Callable[[datetime], Any]) -> Params:
    """The parameters with each time as the engine stores it."""
    def one(value: Any) -> Any:
        return time(value) if isinstance(value, datetime) else value

    if isinstance(params, dict):
        return {key: one(value) for key, value in params.items()}
    return [one(value) for value in params]


class Exclusive(ABC):
    """A lock one process holds at a time, released when it lets go or dies."""

    @abstractmethod
    def acquire(self) -> bool:
        """Take the lock if it is free (without waiting); whether this process holds it now."""

    @abstractmethod
    def held(self) -> bool:
        """Whether this process still holds it (False once its hold was lost, e.g. with its connection)."""

    @abstractmethod
    def release(self) -> None: ...


@dataclass(frozen=True)
class Result:
    """What one statement gave: its rows (all fetched) and how many rows it changed."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    rowcount: int

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class Connection(ABC):
    """One open database; the table groups are built on it, the engines below it."""

    engine: ClassVar[str]  # "sqlite" or "postgresql": which of a table group's few engine-specific SQL to run
    clock: Clock
    where: str  # the file, or the URL without its password: what messages name
    migrated: list[str]  # the migrations this opening applied
    threadsafe: ClassVar[bool]  # whether other threads than the opening one may call it (for checks off the loop)

    @abstractmethod
    def execute(self, sql: str, params: Params = ()) -> Result:
        """Run one statement (in the current transaction, if any)."""

    @abstractmethod
    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement for each of `rows`."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """One transaction around several calls: all of it is stored or none (nested ones are savepoints)."""

    @abstractmethod
    def lock(self, name: str) -> None:
        """Inside a transaction: wait until no other transaction holds `name` (a chat's, say), then hold it
        until this one ends. What is read after it is what the last holder committed."""

    def lock_user(self, user_id: int) -> None:
        """Inside a transaction: hold the user's lock (their chat's), under which their stored state changes."""
        self.lock(f"user:{user_id}")

    @abstractmethod
    def exclusive(self, name: str) -> Exclusive:
        """A lock on `name` that one process at a time holds for as long as it lives (the poller's)."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def schema_current(self) -> bool:
        """Whether every migration this version knows is applied; asks the database (a `StorageError` if it
        does not answer). Migrations a newer version added beside them leave it current (a rolling deploy)."""

    @abstractmethod
    def vacuum(self, tables: Sequence[str]) -> None:
        """After an erasure: leave no copy of the erased rows in the engine's files that it can rewrite now."""

    def read_at(self, version: Any) -> object:
        """What a read that saw the database's `version` (the engine's own, if it has one) is compared with
        later by `unchanged_since`."""
        return None

    def unchanged_since(self, read: object) -> bool:
        """Inside a transaction: whether nothing at all was committed to the database since `read`, by this
        connection or any other; then what was read is still what is stored. False whenever in doubt (on
        PostgreSQL, always: other instances write all the time, and no version says whether they did)."""
        return False

    def upkeep_apart(self) -> Callable[[], None] | None:
        """Work this engine would otherwise do now and then inside a commit, to be called instead every few
        seconds on another thread (while a process serves owners, a commit that does it holds everyone up);
        None when there is none. Once asked, the caller must call it."""
        return None

    def now(self) -> datetime:
        return stored_time(self.clock())

    def _rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        return self.execute(sql, params).dicts()

    def _row(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _insert(self, sql: str, params: Params) -> int:
        """An insert that ends with `RETURNING id`: the new row's id."""
        return int(self.execute(sql, params).rows[0][0])


def insert_sql(table: str, columns: Sequence[str], tail: str = "") -> str:
    """`INSERT INTO table (columns) VALUES (?, …)`, with `tail` (`RETURNING id`, `ON CONFLICT …`) after it."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) {tail}".rstrip()
