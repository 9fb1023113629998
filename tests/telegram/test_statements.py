"""An answer costs at most six SQL data statements (seven on PostgreSQL), and three for the inbox.

One read (the sender, their open conversations and their chat's memory, on
arrival), one write transaction per typed answer or button press (the
sender's conversation and last receipt read again under their lock, on
PostgreSQL the lock a statement of its own; on SQLite, whose file has one
process, only when something was committed since the arrival, and otherwise
one look at the file's version instead; then the answer, the move, the
update's receipt), and one write of the question now on screen (its message
id is known only once Telegram took it). BEGIN, COMMIT and savepoints are
not counted, nor what SQLite's trace shows a statement running inside
another (a line starting "--"). Around them the inbox keeps the
update from its receipt until it is handled, claimed by one instance: one
insert, its chat claimed, then marked handled with what the chat received
since claimed in the same statement (each claim after the chat's lock on
PostgreSQL). SQLite's are counted by the driver's trace; PostgreSQL's as the
store sends them (every statement goes through its `execute`; the pool's
empty liveness query is not a data statement).
"""

from __future__ import annotations

import re

import pytest
from answers import BUTCHER_TYPED
from conftest import ENGINES
from play import play

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)

DIALOG = "assessment"
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE\b|--)", re.IGNORECASE)
INBOX = re.compile(r"\b(INTO|FROM|UPDATE) inbox\b|'inbox:")


class Statements:
    """Every statement the store's connection runs while counting."""

    def __init__(self, store):
        self.seen: list[str] = []
        if store.engine == "sqlite":
            store.db.conn.set_trace_callback(self.seen.append)
            return
        execute, execute_many = store.execute, store.execute_many

        def counted(sql, params=()):
            self.seen.append(sql + "".join(f" '{param}'" for param in params if isinstance(param, str)))
            return execute(sql, params)

        def counted_many(sql, rows):
            rows = list(rows)
            self.seen.extend([sql] * len(rows))
            return execute_many(sql, rows)

        store.execute, store.execute_many = counted, counted_many

    @property
    def data(self) -> list[str]:
        """The answer's own data statements."""
        return [sql for sql in self.seen if not TRANSACTION_CONTROL.match(sql) and not INBOX.search(sql)]

    @property
    def inbox(self) -> list[str]:
        """The inbox's statements but its locks, by their verb."""
        return [sql.split()[0] for sql in self.seen if INBOX.search(sql) and "pg_advisory" not in sql]


def most(store) -> int:
    return 6 if store.engine == "sqlite" else 7


def memory_reads(store) -> int:
    """The chat's memory is read on arrival, and again under the lock on PostgreSQL (on SQLite, nothing was
    committed in between); it is written once."""
    return 1 if store.engine == "sqlite" else 2


async def test_a_typed_answer_costs_at_most_six_statements(bot):
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="revenue")  # a number question, typed
    counted = Statements(bot.services.store)
    await owner.send("1 000 000")
    statements = counted.data
    assert "revenue" in bot.services.engine.view(owner.id, DIALOG).conversation.path
    assert len(statements) <= most(bot.services.store), statements
    assert sum("chat_memory" in sql for sql in statements) == memory_reads(bot.services.store) + 1, statements
    assert counted.inbox == ["INSERT", "UPDATE", "UPDATE"]


async def test_a_button_answer_costs_at_most_six_statements(bot):
    owner = bot.user("de")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="locality")  # a choice, by its button
    counted = Statements(bot.services.store)
    await play(owner, spec, BUTCHER_TYPED, until="sells_online")
    statements = counted.data
    assert "locality" in bot.services.engine.view(owner.id, DIALOG).conversation.path
    assert len(statements) <= most(bot.services.store), statements
    assert sum("chat_memory" in sql for sql in statements) == memory_reads(bot.services.store) + 1, statements
    assert counted.inbox == ["INSERT", "UPDATE", "UPDATE"]
