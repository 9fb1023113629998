"""Updates received from Telegram and not yet handled, kept so that a crash cannot lose them.

python-telegram-bot confirms a fetched batch to Telegram with its next request,
before the batch is handled, and Telegram then forgets it. So each update is
written here as it is received and deleted once handled: what is left when the
bot starts was received and never handled (the process died), and is handled
then. An update that keeps failing to be handled is given up after a few starts.
"""

from __future__ import annotations

import json
from typing import Any

from bot.storage.connection import Connection


class Inbox(Connection):
    def receive_update(self, update_id: int, user_id: int | None, body: dict[str, Any]) -> bool:
        """Keep an update from `user_id` until it is handled; False if it is kept already (sent again)."""
        return self.execute(
            "INSERT INTO inbox (update_id, user_id, body, received_at, starts) VALUES (?, ?, ?, ?, 0) "
            "ON CONFLICT DO NOTHING",
            [update_id, user_id, json.dumps(body, ensure_ascii=False), self.now()]).rowcount == 1

    def update_handled(self, update_id: int) -> None:
        self.execute("DELETE FROM inbox WHERE update_id = ?", [update_id])

    def unhandled_updates(self, give_up_after: int) -> tuple[list[dict[str, Any]], int]:
        """The updates left unhandled, as Telegram sent them, oldest first, each counted as tried once
        more; and how many were dropped, having been left unhandled at `give_up_after` starts already."""
        with self.transaction():
            dropped = self.execute("DELETE FROM inbox WHERE starts >= ?", [give_up_after]).rowcount
            self.execute("UPDATE inbox SET starts = starts + 1")
            rows = self.execute("SELECT body FROM inbox ORDER BY update_id").rows
        return [json.loads(body) for (body,) in rows], dropped
