"""After a deletion nothing of the owner is left to read: not in the database file, not in its write-ahead log.

The bot keeps running meanwhile; the files are read as bytes, as anyone with
the disk could read them. On PostgreSQL: no row holds the owner, and the
tables are vacuumed (what its own files and log keep: README, Reliability).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from answers import BUTCHER_TYPED
from client import eventually
from play import answer_directly, play, say
from storage_checks import rows_naming

from bot.storage.rights import ERASED

pytest_plugins = ["bot_fixtures"]

DIALOG = "assessment"
NAME = "Zéphyrine"
FREE_TEXT = "Vitrine des tourtes Zéphyrine-Ouellette"


def traces(db_path: Path, *secrets: str) -> dict[str, list[str]]:
    """Which of `secrets` each of the database's files still holds, as UTF-8 bytes."""
    found = {}
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        if path.exists():
            content = path.read_bytes()
            found[path.name] = [secret for secret in secrets if secret.encode("utf-8") in content]
    return found


async def test_delete_in_the_chat_leaves_no_trace_in_the_files(bot, db_path):
    owner = bot.user("fr", first_name=NAME)
    answer_directly(bot.services, owner.id, {**BUTCHER_TYPED, "target_text": FREE_TEXT}, until="customer_value")
    await owner.send("/start")
    assert any(traces(db_path, NAME, FREE_TEXT).values())  # they were written, so the check can fail

    await owner.send("/delete")
    await owner.click(say("fr", "Yes, delete everything"))

    assert traces(db_path, NAME, FREE_TEXT) == {name: [] for name in traces(db_path)}
    assert db_path.exists()


async def test_the_operators_delete_leaves_no_trace_while_the_bot_runs(bot, db_path):
    owner = bot.user("de", first_name=NAME)
    await owner.send("/start")
    await play(owner, bot.services.specs[DIALOG], {**BUTCHER_TYPED, "target_text": FREE_TEXT}, until="customer_value")
    assert any(traces(db_path, NAME, FREE_TEXT).values())

    result = subprocess.run([sys.executable, "-m", "bot", "--db", str(db_path), "delete", "--user", str(owner.id),
                             "--yes"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr

    assert traces(db_path, NAME, FREE_TEXT) == {name: [] for name in traces(db_path)}


def rows_holding(store, *secrets: str) -> dict[str, int]:
    """How many rows of each table hold any of `secrets`, anywhere in the row (read as text)."""
    found = {}
    for table in ERASED:
        where = " OR ".join(f"{table}::text LIKE ?" for _ in secrets)
        found[table] = store.execute(f"SELECT count(*) FROM {table} WHERE {where}",
                                     [f"%{secret}%" for secret in secrets]).rows[0][0]
    return found


def vacuums(store) -> dict[str, int]:
    return dict(store.execute("SELECT relname, vacuum_count FROM pg_stat_user_tables").rows)


@pytest.mark.parametrize("bot_database", ["postgresql"], indirect=True)
async def test_delete_on_postgresql_leaves_no_row_holding_the_owner_and_vacuums_the_tables(bot):
    """PostgreSQL keeps no file a test could read as bytes the way SQLite does: what is checked is that no
    row of any table holds the owner's name or texts, and that the tables were vacuumed at once."""
    store = bot.services.store
    owner = bot.user("fr", first_name=NAME)
    answer_directly(bot.services, owner.id, {**BUTCHER_TYPED, "target_text": FREE_TEXT}, until="customer_value")
    await owner.send("/start")
    assert sum(rows_holding(store, NAME, FREE_TEXT).values()) > 0  # they were written, so the check can fail
    before = vacuums(store)

    await owner.send("/delete")
    await owner.click(say("fr", "Yes, delete everything"))

    assert rows_holding(store, NAME, FREE_TEXT) == dict.fromkeys(ERASED, 0)
    assert set(rows_naming(store, owner.id).values()) == {0}
    await eventually(lambda: all(vacuums(store)[table] > before.get(table, 0) for table in ERASED))
