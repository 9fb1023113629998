"""Migrations on both engines: applied once, at start or by `advisor migrate`; a newer database is refused."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.storage import StorageError, open_store


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
