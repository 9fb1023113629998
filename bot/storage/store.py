"""The stores: every table group assembled on one engine, and the choice of engine from where the data is.

Each group lives in a module of its own (users, conversations, verdicts,
schedules, decisions, consultants' digests, sharing, data rights, the inbox of updates, the
outbox of messages owed, what chats' buttons refer to, what operators watch), written
once for both engines; this is the only package with SQL. The PostgreSQL
engine is imported only when a URL asks for it: a SQLite deployment never
pays for loading its driver at start.
"""

from __future__ import annotations

from pathlib import Path

from bot.storage.connection import Clock, is_url, utc_now
from bot.storage.decisions import Decisions
from bot.storage.digests import Digests
from bot.storage.inbox import Inbox
from bot.storage.interface import Storage
from bot.storage.memory import ChatMemory
from bot.storage.operations import Operations
from bot.storage.rights import Rights
from bot.storage.schedules import Schedules
from bot.storage.sqlite import SqliteConnection
from bot.storage.users import Users
from bot.storage.verdicts import Verdicts


class SqliteStore(Users, Rights, Verdicts, Schedules, Decisions, Digests, Inbox, ChatMemory, Operations,
                  SqliteConnection):
    """Everything the advisor keeps, in one SQLite file (or in memory)."""


def open_store(where: str | Path | None, clock: Clock = utc_now) -> Storage:
    """The store at `where`: a `postgresql://` URL, else a SQLite file's path (None: in memory)."""
    if is_url(where):
        from bot.storage.postgres_store import PostgresStore

        return PostgresStore(str(where), clock=clock)
    return SqliteStore(where, clock=clock)
