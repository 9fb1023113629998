"""All persistence, behind one interface (`Storage`) with two engines: SQLite, PostgreSQL. No SQL anywhere else."""

from bot.storage.connection import Clock, StorageError, utc_now
from bot.storage.copy import Copied, copy_database
from bot.storage.interface import Storage
from bot.storage.postgres import is_url, redacted
from bot.storage.records import (
    ConversationRecord,
    Decision,
    Earlier,
    Invitation,
    Link,
    Receipt,
    Schedule,
    Snapshot,
    StoredValue,
    User,
    VerdictRecord,
    Visit,
)
from bot.storage.sqlite import backup, default_db_path, disk_warnings
from bot.storage.store import PostgresStore, SqliteStore, open_store

__all__ = ["Clock", "ConversationRecord", "Copied", "Decision", "Earlier", "Invitation", "Link", "PostgresStore",
           "Receipt", "Schedule", "Snapshot", "SqliteStore", "Storage", "StorageError", "StoredValue", "User",
           "VerdictRecord", "Visit", "backup", "copy_database", "default_db_path", "disk_warnings", "is_url",
           "open_store", "redacted", "utc_now"]
