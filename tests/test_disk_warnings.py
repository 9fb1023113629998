"""At start, a database on a disk that will not outlive a restart, or one that was lost, is warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage import SqliteStore, disk_warnings

ANYWHERE = ()  # no folder counts as temporary: the tests' own files live under /tmp


@pytest.mark.parametrize("path, environ, reason", [
    ("/tmp/advisor.sqlite3", {}, "it is under /tmp"),
    ("/dev/shm/data/advisor.sqlite3", {}, "it is under /dev/shm"),
    ("/var/tmp/advisor.sqlite3", {}, "it is under /var/tmp"),
    ("/app/data/advisor.sqlite3", {"ADVISOR_EPHEMERAL_DISK": "1"}, "ADVISOR_EPHEMERAL_DISK=1 says"),
    ("/app/data/advisor.sqlite3", {"DYNO": "worker.1"}, "DYNO is set: a Heroku dyno's disk is wiped"),
])
def test_an_ephemeral_disk_is_one_warning_naming_the_reason(path, environ, reason):
    warnings = disk_warnings(Path(path), environ)
    assert len(warnings) == 1 and f"the database {path} may be lost at the next restart ({reason}" in warnings[0]
    assert "set ADVISOR_DB to a file on a persistent volume" in warnings[0]


def test_a_persistent_disk_is_not_warned_about(tmp_path):
    assert disk_warnings(Path("/srv/advisor/data/advisor.sqlite3"), {"ADVISOR_EPHEMERAL_DISK": "0"}) == []
    db = tmp_path / "advisor.sqlite3"
    assert disk_warnings(db, {}, ANYWHERE) == []  # new, in a folder without traces of an earlier one
    SqliteStore(db).close()
    assert disk_warnings(db, {}, ANYWHERE) == []  # there, as it should be


@pytest.mark.parametrize("leftover", ["advisor.sqlite3-wal", "advisor.sqlite3-shm", "old.sqlite3-wal"])
def test_a_missing_file_with_the_logs_of_an_earlier_run_is_warned_as_lost(tmp_path, leftover):
    db = tmp_path / "advisor.sqlite3"
    (tmp_path / leftover).write_bytes(b"")
    warnings = disk_warnings(db, {}, ANYWHERE)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"the database {db} does not exist yet, but {leftover} from an earlier run")
    assert "probably lost" in warnings[0]
