"""What operators ask of an instance's storage: can it serve (readiness), and how much is waiting (the gauges)."""

from __future__ import annotations

from collections.abc import Callable

from bot.app.services import Services
from bot.storage import Backlog, StorageError

DATABASE = "database"  # the database does not answer
MIGRATIONS = "migrations"  # it lacks migrations this version knows (restored from an older backup, say)


def unready(services: Services) -> str | None:
    """Why storage cannot serve this instance, in one word; None when it can. One query."""
    try:
        return None if services.store.schema_current() else MIGRATIONS
    except StorageError:
        return DATABASE


def threaded(services: Services) -> bool:
    """Whether these reads may run on a worker thread (PostgreSQL's pool), or only on the opening one (SQLite)."""
    return services.store.threadsafe


def backlog(services: Services) -> Backlog:
    """How much is waiting now (a `StorageError` when the database does not answer)."""
    return services.store.backlog(services.now())


def upkeep_apart(services: Services) -> Callable[[], None] | None:
    """The database's upkeep, to be run every few seconds on another thread from now on (SQLite's
    checkpoints); None when the engine has none. Asked on the thread that opened the store."""
    return services.store.upkeep_apart()
