"""After a deletion nothing of the owner is left to read: not in the database file, not in its write-ahead log.

The bot keeps running meanwhile; the files are read as bytes, as anyone with
the disk could read them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from answers import BUTCHER_TYPED
from play import answer_directly, play, say

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
