"""Storage that fails is told honestly: a damaged file refuses to start, a failed write says the answer is lost.

On PostgreSQL: a server down is told the same way, and once it is back the bot reconnects by itself."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from answers import BUTCHER_TYPED
from client import eventually
from play import play, say

from bot.storage import SqliteStore, StorageError
from bot.telegram.errors import NOT_SAVED

pytest_plugins = ["bot_fixtures"]

DIALOG = "assessment"


def start(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "--db", str(db), "export", "--user", "1"],
                          capture_output=True, text=True, timeout=120)


def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path):
    db = tmp_path / "advisor.sqlite3"
    db.write_bytes(b"these are not the pages you are looking for" * 200)
    result = start(db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("advisor: cannot use the database") and len(result.stderr.splitlines()) == 1


def test_a_damaged_page_is_found_at_start_not_at_the_first_owner(tmp_path):
    db = tmp_path / "advisor.sqlite3"
    store = SqliteStore(db)
    for user in range(1, 400):
        store.ensure_user(user, language="fr", name=f"Owner {user}")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    content = bytearray(db.read_bytes())
    page = 4096
    content[3 * page + 8: 3 * page + 200] = b"\xff" * 192  # scramble the cells of one table page
    db.write_bytes(bytes(content))
    result = start(db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "cannot use the database" in result.stderr and len(result.stderr.splitlines()) == 1


async def test_a_write_that_fails_says_the_answer_was_not_saved_and_loses_nothing(bot):
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="revenue")
    store = bot.services.store
    store.db.execute("PRAGMA query_only = ON")  # every write now fails, as on a full disk
    await owner.send("1 000 000")
    assert owner.last_message().text == say("fr", NOT_SAVED)
    store.db.execute("PRAGMA query_only = OFF")
    assert "revenue" not in store.answers(bot.services.engine.view(owner.id, DIALOG).conversation.id)
    await owner.send("1 000 000")  # sent again, once storage works: taken
    assert "revenue" in bot.services.engine.view(owner.id, DIALOG).conversation.path


def reachable(store) -> bool:
    try:
        store.user(0)
    except StorageError:
        return False
    return True


async def at_revenue(bot, language: str):
    """An owner who answered up to the revenue question (a figure, typed)."""
    owner = bot.user(language)
    await owner.send("/start")
    await play(owner, bot.services.specs[DIALOG], BUTCHER_TYPED, until="revenue")
    return owner


@pytest.mark.parametrize("bot_database", ["postgresql"], indirect=True)
async def test_postgresql_down_the_owner_is_told_and_the_answer_sent_again_is_taken(bot, postgres):
    owner = await at_revenue(bot, "fr")
    postgres.halt()
    try:
        await owner.send("1 000 000")
        assert owner.last_message().text == say("fr", NOT_SAVED)
    finally:
        postgres.resume()
    back = time.monotonic()
    await eventually(lambda: reachable(bot.services.store), timeout=60)
    print(f"PostgreSQL reached again {time.monotonic() - back:.1f} s after its return")
    assert "revenue" not in bot.services.store.answers(bot.services.engine.view(owner.id, DIALOG).conversation.id)
    await owner.send("1 000 000")  # sent again, once the server is back: taken, on new connections
    assert "revenue" in bot.services.engine.view(owner.id, DIALOG).conversation.path


@pytest.mark.parametrize("bot_database", ["postgresql"], indirect=True)
async def test_a_postgresql_restart_between_answers_goes_unnoticed(bot, postgres):
    """Every pooled connection is dropped; each is found dead when next borrowed and replaced."""
    owner = await at_revenue(bot, "de")
    postgres.halt()
    postgres.resume()
    await owner.send("1 000 000")
    assert owner.last_message().text != say("de", NOT_SAVED)
    assert "revenue" in bot.services.engine.view(owner.id, DIALOG).conversation.path


@pytest.mark.parametrize("bot_database", ["postgresql"], indirect=True)
async def test_the_connection_lost_mid_answer_stores_none_of_it_and_the_owner_is_told(bot, postgres, monkeypatch):
    """The server goes away after the answer and the move were written, before the update's receipt: the
    transaction is lost whole (no answer without its move, no move without its receipt)."""
    owner = await at_revenue(bot, "fr")
    store = bot.services.store
    record_receipt = store.record_receipt

    def cut_off(user_id, update_id):
        postgres.halt()
        record_receipt(user_id, update_id)

    monkeypatch.setattr(store, "record_receipt", cut_off)
    try:
        await owner.send("1 000 000")
        assert owner.last_message().text == say("fr", NOT_SAVED)
    finally:
        monkeypatch.undo()
        postgres.resume()
    await eventually(lambda: reachable(store), timeout=60)
    conversation = bot.services.engine.view(owner.id, DIALOG).conversation
    assert conversation.state == "revenue" and "revenue" not in store.answers(conversation.id)
    await owner.send("1 000 000")
    assert "revenue" in bot.services.engine.view(owner.id, DIALOG).conversation.path
