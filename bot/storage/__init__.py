"""All persistence, behind one interface (`Storage`) with two engines: SQLite, PostgreSQL. No SQL anywhere else."""

from bot.storage.connection import Clock, Exclusive, StorageError, is_url, redacted, utc_now
from bot.storage.inbox import Kept
from bot.storage.interface import Storage
from bot.storage.records import (
    LAST_WEEK,
    Backlog,
    ConversationRecord,
    Decision,
    Digest,
    Earlier,
    Invitation,
    Link,
    Owed,
    Receipt,
    Schedule,
    Snapshot,
    StoredValue,
    User,
    VerdictRecord,
    Visit,
)
from bot.storage.sqlite import alone, backup, default_db_path, disk_warnings
from bot.storage.store import SqliteStore, open_store

__all__ = ["LAST_WEEK", "Backlog", "Clock", "ConversationRecord", "Decision", "Digest", "Earlier", "Exclusive",
           "Invitation", "Kept", "Link", "Owed", "Receipt",
           "Schedule", "Snapshot", "SqliteStore", "Storage", "StorageError", "StoredValue", "User", "VerdictRecord",
           "Visit", "alone", "backup", "default_db_path", "disk_warnings", "is_url", "open_store", "redacted",
           "utc_now"]
