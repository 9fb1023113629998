"""Everything the advisor keeps, in one PostgreSQL database: the table groups on the PostgreSQL engine."""

from __future__ import annotations

from bot.storage.decisions import Decisions
from bot.storage.digests import Digests
from bot.storage.inbox import Inbox
from bot.storage.memory import ChatMemory
from bot.storage.operations import Operations
from bot.storage.postgres import PostgresConnection
from bot.storage.rights import Rights
from bot.storage.schedules import Schedules
from bot.storage.users import Users
from bot.storage.verdicts import Verdicts


class PostgresStore(Users, Rights, Verdicts, Schedules, Decisions, Digests, Inbox, ChatMemory, Operations,
                    PostgresConnection):
    """Everything the advisor keeps, in one PostgreSQL database."""
