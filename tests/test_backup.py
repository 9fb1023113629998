"""`advisor backup FILE`: a consistent copy of the live database, one line either way."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.storage import SqliteStore


def advisor_backup(db: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    return subprocess.run([sys.executable, "-m", "bot", "--db", str(db), "backup", *args],
                          capture_output=True, text=True, timeout=120, env=environ)


def filled(db: Path, owners: int = 3000) -> SqliteStore:
    store = SqliteStore(db)
    store.import_conversations([
        {"user_id": user, "language": "fr", "spec": "assessment", "spec_version": 2, "state": "revenue",
         "path": ["sector", "staff"], "answers": {"sector": "food", "staff": user % 50 + 1}, "finished": False}
        for user in range(1, owners + 1)])
    return store


def test_a_copy_taken_while_another_process_writes_is_whole_and_consistent(tmp_path):
    db, copy = tmp_path / "db.sqlite3", tmp_path / "backup.sqlite3"
    store = filled(db)
    writes, stop = [0], threading.Event()

    def write() -> None:  # the bot, meanwhile: each conversation with its two answers, in one transaction
        writer = SqliteStore(db)
        while not stop.is_set():
            user = 100_000 + writes[0]
            writer.ensure_user(user, language="fr")
            writer.start_conversation(user, "checkin", 1, "followers_1", context={"network_1": "x", "network_2": "y"})
            writes[0] += 1
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    while writes[0] < 20:
        time.sleep(0.01)
    before = writes[0]
    result = advisor_backup(db, str(copy))
    during = writes[0] - before
    stop.set()
    thread.join()
    store.close()

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and f"written to {copy}" in result.stdout and not result.stderr
    assert during > 0  # the writer went on while the copy was taken
    assert not Path(f"{copy}-wal").exists()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        copied = connection.execute("SELECT count(*) FROM conversations WHERE spec = 'checkin'").fetchone()[0]
        # Each copied conversation has both its answers: no transaction was cut in half.
        halves = connection.execute(
            "SELECT count(*) FROM conversations c WHERE spec = 'checkin' AND "
            "(SELECT count(*) FROM answers WHERE conversation_id = c.id) != 2").fetchone()[0]
        owners = connection.execute("SELECT count(*) FROM conversations WHERE spec = 'assessment'").fetchone()[0]
    assert before <= copied <= writes[0] and halves == 0 and owners == 3000
    reopened = SqliteStore(copy)  # the advisor can run on the copy
    assert reopened.answers(1) == {"sector": "food", "staff": 2}
    reopened.close()


def test_an_existing_file_is_replaced_only_with_force(tmp_path):
    db, copy = tmp_path / "db.sqlite3", tmp_path / "backup.sqlite3"
    filled(db, owners=3).close()
    copy.write_bytes(b"an earlier backup")
    refused = advisor_backup(db, str(copy))
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == f"advisor: {copy} exists; add --force to replace it\n"
    assert copy.read_bytes() == b"an earlier backup"
    forced = advisor_backup(db, str(copy), "--force")
    assert forced.returncode == 0, forced.stderr
    assert SqliteStore(copy).answers(3) == {"sector": "food", "staff": 4}


def test_a_failed_backup_is_one_line_and_leaves_no_file(tmp_path):
    db, copy = tmp_path / "db.sqlite3", tmp_path / "backup.sqlite3"
    db.write_bytes(b"not a database " * 1000)
    failed = advisor_backup(db, str(copy))
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert failed.stderr.startswith(f"advisor: cannot back up {db} to {copy}: ") and failed.stderr.count("\n") == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["db.sqlite3"]
    missing = advisor_backup(tmp_path / "none.sqlite3", str(copy))
    assert missing.returncode == 2 and missing.stderr == f"advisor: no database at {tmp_path / 'none.sqlite3'}\n"
    assert not (tmp_path / "none.sqlite3").exists()


def test_on_postgresql_backup_points_to_pg_dump_in_one_line(tmp_path):
    refused = advisor_backup("postgresql://advisor@db.example/advisor", str(tmp_path / "backup.sqlite3"))
    assert refused.returncode == 2 and refused.stdout == "" and refused.stderr.count("\n") == 1
    assert "pg_dump" in refused.stderr and not (tmp_path / "backup.sqlite3").exists()
