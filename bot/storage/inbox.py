"""Updates received from Telegram, kept from their receipt until handled, and handled by one instance at a time.

python-telegram-bot confirms a fetched batch to Telegram with its next request
(a webhook's 200 does the same), before the batch is handled, and Telegram
then forgets it. So each update is written here as it is received, under its
id (a second delivery, to this instance or another, finds it and is dropped),
then claimed with its chat's other updates by the instance that handles them
(`claims.py`: one holder per chat, oldest first, under a lease), and marked
handled once its handlers have run. Its content goes then (an empty body);
its id stays for a day, as long as Telegram may deliver it again. An update whose holder died
while handling it is taken over; one that was being handled at three such
takeovers is taken to be what kills its holders, and given up.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.claims import Claimed, Claims

PENDING = "handled_at IS NULL"
# A takeover (the row was held by another holder) counts against the chat's first update still to do: the
# one its holder was handling when it died.
UPDATES = Claimed(
    "inbox", key="chat_id", order="update_id", pending=PENDING, returning="update_id, body, starts",
    # Handled: its content and its sender go (one handled after its sender erased everything names no one),
    # its id stays.
    finish=(("handled_at", ":now"), ("body", "''"), ("user_id", "NULL")),
    taken_over=", starts = starts + CASE WHEN claimed_by IS NOT NULL AND claimed_by != :holder AND update_id = ("
               "SELECT min(update_id) FROM inbox WHERE chat_id = :key AND handled_at IS NULL) THEN 1 ELSE 0 END")


@dataclass(frozen=True)
class Kept:
    """An update kept until handled, as Telegram sent it; `takeovers`: how often its holder died on it."""

    update_id: int
    body: dict[str, Any]
    takeovers: int


class Inbox(Claims):
    def receive_update(self, update_id: int, user_id: int | None, chat_id: int, body: dict[str, Any]) -> bool:
        """Keep an update from `user_id` in `chat_id` until it is handled; False if it came before (sent again)."""
        return self.execute(
            "INSERT INTO inbox (update_id, user_id, chat_id, body, received_at, starts) VALUES (?, ?, ?, ?, ?, 0) "
            "ON CONFLICT DO NOTHING",
            [update_id, user_id, chat_id, json.dumps(body, ensure_ascii=False), self.now()]).rowcount == 1

    def claim_updates(self, chat_id: int, holder: str, stale_before: datetime) -> list[Kept]:
        """The chat's updates still to handle, oldest first, now held by `holder`; none while another holds it."""
        return [_kept(row) for row in self._claim(UPDATES, chat_id, holder, stale_before)]

    def update_handled(self, update_id: int, chat_id: int, holder: str, stale_before: datetime) -> list[Kept]:
        """The update is handled (its content and its sender go: an update handled after its sender erased
        everything names no one); what its chat received since, now held by `holder` too, so
        the chat passes to no other holder between two of its updates."""
        return [_kept(row) for row in self._claim(UPDATES, chat_id, holder, stale_before, finished=update_id)]

    def give_up_update(self, update_id: int) -> None:
        """Never handle the update (it kept killing its holders): kept as handled, so a new delivery is dropped."""
        self.execute("UPDATE inbox SET handled_at = ?, body = '', user_id = NULL, claimed_at = NULL, claimed_by = NULL "
                     "WHERE update_id = ?", [self.now(), update_id])

    def waiting_chats(self, stale_before: datetime, limit: int) -> list[int]:
        """The chats with updates to handle that no live holder holds (unclaimed, or their holder dead)."""
        return self._waiting(UPDATES, stale_before, limit)

    def renew_updates(self, holder: str, chat_ids: Collection[int]) -> None:
        self._renew(UPDATES, holder, chat_ids)

    def update_holders(self, stale_before: datetime) -> list[str]:
        return self._holders(UPDATES, stale_before)

    def release_updates(self, holder: str) -> None:
        """Let go of the updates `holder` holds, for the next instance to claim (it stops, or died)."""
        self._release(UPDATES, holder)

    def unhandled_updates(self) -> list[int]:
        """The ids of the updates still to handle, oldest first."""
        return [update_id for (update_id,) in self.execute(
            f"SELECT update_id FROM inbox WHERE {PENDING} ORDER BY update_id").rows]

    def forget_updates(self, handled_before: datetime) -> int:
        """Forget the ids of updates handled before then (Telegram no longer delivers them again); how many."""
        return self.execute("DELETE FROM inbox WHERE handled_at < ?", [handled_before]).rowcount


def _kept(row: dict[str, Any]) -> Kept:
    return Kept(row["update_id"], json.loads(row["body"]), row["starts"])
