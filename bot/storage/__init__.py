"""All persistence: one SQLite file through sqlite-utils. No SQL anywhere else."""

from bot.storage.database import Clock, StorageError, backup, default_db_path, disk_warnings, iso, utc_now
from bot.storage.records import (
    LAST_WEEK,
    ConversationRecord,
    Decision,
    Digest,
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
from bot.storage.store import Store

__all__ = ["LAST_WEEK", "Clock", "ConversationRecord", "Decision", "Digest", "Earlier", "Invitation", "Link",
           "Receipt", "Schedule", "Snapshot", "StorageError", "Store", "StoredValue", "User", "VerdictRecord", "Visit",
           "backup",
           "default_db_path", "disk_warnings", "iso", "utc_now"]
