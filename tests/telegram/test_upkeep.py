"""SQLite's checkpoints are made apart, on a thread every few seconds, not inside an owner's answer: what was
answered reaches the database file through the bot's upkeep job, and no commit in between copies it there."""

from __future__ import annotations

import sqlite3

import pytest
from answers import BUTCHER_TYPED
from conftest import ENGINES
from play import answer_directly

from bot.storage import SqliteStore
from bot.telegram.upkeep import UPKEEP

pytest_plugins = ["bot_fixtures"]


def in_the_file(path, user_id: int) -> bool:
    """Whether the user's row is in the database file itself (its write-ahead log left unread)."""
    reader = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return reader.execute("SELECT count(*) FROM users WHERE id = ?", [user_id]).fetchone()[0] == 1
    except sqlite3.OperationalError:  # not even the tables are there yet
        return False
    finally:
        reader.close()


def some_pages_written(store: SqliteStore) -> None:
    """Some 1,500 pages of log: SQLite's own checkpoint would come at 1,000."""
    for user_id in range(1, 3001):
        store.ensure_user(user_id, language="fr", name="x" * 2000)


def test_with_checkpoints_apart_commits_leave_the_log_to_the_upkeep(tmp_path):
    store = SqliteStore(tmp_path / "advisor.sqlite3")
    try:
        upkeep = store.upkeep_apart()
        assert upkeep is not None
        some_pages_written(store)
        assert not in_the_file(store.where, 1) and not in_the_file(store.where, 3000)
        upkeep()
        assert in_the_file(store.where, 1) and in_the_file(store.where, 3000)
        assert store.user(3000).name == "x" * 2000
    finally:
        store.close()


def test_without_them_sqlite_checkpoints_inside_some_commit(tmp_path):
    """The same writes on a store whose upkeep nobody asked for (the console, the one-shot commands)."""
    store = SqliteStore(tmp_path / "advisor.sqlite3")
    try:
        some_pages_written(store)
        assert in_the_file(store.where, 1)
    finally:
        store.close()


@pytest.mark.parametrize("bot_database", ENGINES, indirect=True)
async def test_the_bot_keeps_its_database_up_apart(bot):
    owner = bot.user("fr")
    answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="networks_now")
    [job] = bot.application.job_queue.get_jobs_by_name(UPKEEP)
    await job.run(bot.application)  # as the job queue does every few seconds
    if bot.services.store.engine == "sqlite":
        assert in_the_file(bot.services.store.where, owner.id)
    assert bot.services.engine.view(owner.id, "assessment").question.id == "networks_now"
