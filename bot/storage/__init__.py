"""All persistence: one SQLite file through sqlite-utils. No SQL anywhere else."""

from bot.storage.store import ConversationRecord, Store, default_db_path, iso

__all__ = ["ConversationRecord", "Store", "default_db_path", "iso"]
