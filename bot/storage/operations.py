"""What operators watch, read at each scrape: how much is waiting, in one statement over indexed or small tables.

The updates not yet handled are counted through the inbox's partial index of
them (a handled one keeps its id for a day), the outbox holds only messages
not yet sent (a sent one goes), and the due reminders are counted through the
schedules' (status, next_due_at) index.
"""

from __future__ import annotations

from datetime import datetime

from bot.storage.connection import Connection
from bot.storage.records import Backlog, as_time


class Operations(Connection):
    def backlog(self, now: datetime) -> Backlog:
        row = self._row(
            "SELECT (SELECT count(*) FROM inbox WHERE handled_at IS NULL) AS inbox, "
            "(SELECT min(received_at) FROM inbox WHERE handled_at IS NULL) AS oldest, "
            "(SELECT count(*) FROM outbox) AS outbox, "
            "(SELECT count(*) FROM schedules WHERE status = 'active' AND next_due_at <= ?) AS due", [now])
        assert row is not None  # one row, always
        return Backlog(row["inbox"], as_time(row["oldest"]), row["outbox"], row["due"])
