"""A re-assessment's storage: the migration that names the conversation it re-assesses, on a real SQLite file."""

from __future__ import annotations

from sqlite_utils import Database

from bot.storage import SqliteStore
from bot.storage.sqlite_schema import migrations

NOW = "2026-06-01T08:00:00+00:00"


def test_migration_11_names_no_earlier_conversation_for_the_ones_before_it(tmp_path):
    path = tmp_path / "db.sqlite3"
    db = Database(path)
    migrations.apply(db, stop_before="m012_defaults_from")
    db["users"].insert({"id": 7, "language": "fr", "created_at": NOW, "country": "FR"})
    db["conversations"].insert({"id": 1, "user_id": 7, "spec": "assessment", "spec_version": 4, "state": "done",
                                "path": '["sector"]', "started_at": NOW, "updated_at": NOW, "finished_at": NOW,
                                "currency": "EUR"})
    db["answers"].insert({"conversation_id": 1, "question": "sector", "value": '"food"', "answered_at": NOW})
    assert "defaults_from" not in db["conversations"].columns_dict
    db.close()

    store = SqliteStore(path)  # applies the migrations still due
    assert store.db["conversations"].columns_dict["defaults_from"] is int
    assert "m012_defaults_from" in [m.name for m in migrations.applied(store.db)]
    [old] = store.finished_conversations(7, "assessment")
    assert old.defaults_from is None
    assert store.visit(7).conversations["assessment"].earlier is None
    again = store.start_conversation(7, "assessment", 4, "sector", defaults_from=old.id)
    snapshot = store.visit(7).conversations["assessment"]
    assert snapshot.record == again and snapshot.earlier is not None
    assert (snapshot.earlier.id, snapshot.earlier.currency, snapshot.earlier.on_path) == (1, "EUR", {"sector": "food"})
    assert store.earlier(old.id) == snapshot.earlier
    store.close()
