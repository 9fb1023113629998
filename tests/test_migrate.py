"""Migrations on both engines: applied once, at start or by `advisor migrate`; a newer database is refused."""

from __future__ import annotations

import psycopg
import pytest

from bot.cli import main
from bot.storage import StorageError, open_store
from bot.storage.postgres_schema import MIGRATIONS


def migrate(database: str, capsys) -> tuple[int, str, str]:
    status = main(["--db", database, "migrate"])
    out, err = capsys.readouterr()
    return status, out, err


def test_migrate_applies_each_migration_once(database, capsys):
    status, out, _ = migrate(database, capsys)
    assert status == 0 and out.count("\n") == 1
    assert "migrations applied: " in out and "none due" not in out
    assert migrate(database, capsys)[1].endswith("migrations applied: none due\n")
    store = open_store(database)  # a start after the release step migrates nothing
    assert store.migrated == []
    store.close()


def test_a_database_a_newer_version_migrated_is_refused_in_one_line(database, capsys):
    store = open_store(database)
    if store.engine == "sqlite":
        store.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                      "VALUES ('advisor', 'm099_from_the_future', '2030-01-01')")
    else:
        store.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', now())")
    store.close()
    with pytest.raises(StorageError, match="migrated by a newer version of the advisor"):
        open_store(database)
    status, out, err = migrate(database, capsys)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("advisor: ") and "newer version" in err


def test_postgresql_schedules_stored_at_version_1_take_the_weekday_of_the_month(pg_url):
    """The second PostgreSQL migration does what SQLite's m013 does: the day a monthly rhythm started on
    becomes which of its weekday it takes (the 29th to the 31st: the month's last), nothing unanswered."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(b"CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
                     b"applied_at timestamptz NOT NULL)")
        conn.execute(MIGRATIONS[0][1].encode())
        conn.execute(b"INSERT INTO schema_migrations VALUES (1, 'core', now())")
        for user, anchor in ((1, 1), (2, 31), (3, 15)):
            conn.execute("INSERT INTO users (id, created_at) VALUES (%s, now())", [user])
            conn.execute("INSERT INTO schedules (user_id, every, weekday, hour, timezone, anchor_day, status, "
                         "next_due_at, period_due_at, updated_at) VALUES (%s, 'monthly', 3, 9, 'Europe/Paris', "
                         "%s, 'active', now(), now(), now())", [user, anchor])
    store = open_store(pg_url)
    assert store.migrated == [name for name, _ in MIGRATIONS[1:]]
    assert [(store.schedule(user).week_of_month, store.schedule(user).unanswered) for user in (1, 2, 3)] == [
        (1, 0), (5, 0), (3, 0)]
    store.close()
