"""The store: one SQLite file, its table groups assembled on one connection.

Each group lives in a module of its own (users, conversations, verdicts,
schedules, decisions, consultants' digests, sharing, data rights, the inbox of
updates); this is the only package with SQL.
"""

from __future__ import annotations

from bot.storage.decisions import Decisions
from bot.storage.digests import Digests
from bot.storage.inbox import Inbox
from bot.storage.rights import Rights
from bot.storage.schedules import Schedules
from bot.storage.users import Users
from bot.storage.verdicts import Verdicts


class Store(Users, Rights, Verdicts, Schedules, Decisions, Digests, Inbox):
    """Everything the advisor keeps, through one connection."""
