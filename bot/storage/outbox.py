"""Messages owed to a chat, recorded with the change that owes them, until Telegram accepted them.

A finished conversation owes its owner its conclusion (the verdict with its
files and what follows it, or a check-in's advice), a decision its
confirmation and the consultants' news, a reminder, a verdict's follow-up or a
consultant's digest fallen due its message, a decision overdue its notice,
access given or taken back the other side's notice:
the row is written in the same transaction as the change that owes it, so a
crash after that commit cannot lose it. A sender claims a chat's rows before
sending them (a claim older than the lease is taken to be a dead sender's and
taken over), so several senders never send the same row at once, and a chat's
rows go out in the order they were owed; once sent, a row is deleted. The SQL
is read by both engines.
"""

from __future__ import annotations

from datetime import datetime

from bot.storage.claims import Claimed, Claims
from bot.storage.records import Owed

CONCLUSION = "conclusion"  # a finished conversation's outcome; `ref` is the conversation
DECISION = "decision"  # a decision taken: noted to the owner, told to consultants; `ref` is the decision
REMINDER = "reminder"  # a check-in reminder fallen due; `ref` is the owner
WHAT_NEXT = "what_next"  # three reminders unanswered: the owner asked what to do, consultants told; `ref`: owner
FOLLOW_UP = "follow_up"  # a verdict's one later message fallen due; `ref` is the verdict
ACCEPTED = "accepted"  # an owner's invitation accepted, owed to the owner; `ref` is the consultant
WITHDRAWN = "withdrawn"  # an owner's results no longer shared, owed to the consultant; `ref` is the owner
DIGEST = "digest"  # a consultant's digest fallen due; `ref` is the consultant, its news from `since` to `created_at`
OVERDUE = "overdue"  # a client's decision overdue, told to the consultant once; `ref` is the owner (the client)

OWED = Claimed("outbox", key="user_id", order="id", pending="TRUE",
               returning="id, user_id, kind, ref, created_at, outcome, parts, since")


class Outbox(Claims):
    def owe(self, user_id: int, kind: str, ref: int, since: datetime | None = None) -> None:
        """Record a message owed to `user_id` (call it inside the transaction of the change that owes it); `since`:
        where the news it tells start (a digest's)."""
        self.execute("INSERT INTO outbox (user_id, kind, ref, created_at, since) VALUES (?, ?, ?, ?, ?)",
                     [user_id, kind, ref, self.now(), since])

    def owing(self, stale_before: datetime, limit: int) -> list[int]:
        """The chats with owed rows no live sender holds, the one owed longest first."""
        return self._waiting(OWED, stale_before, limit)

    def claim_owed(self, user_id: int, sender: str, stale_before: datetime) -> list[Owed]:
        """The chat's owed rows, oldest first, now held by `sender`; none while another sender's claim is live."""
        return [Owed.from_row(row) for row in self._claim(OWED, user_id, sender, stale_before)]

    def renew_claim(self, owed_id: int, sender: str) -> None:
        """Still sending: the lease runs from now (a verdict's files take a while to draw)."""
        self.execute("UPDATE outbox SET claimed_at = ? WHERE id = ? AND claimed_by = ?", [self.now(), owed_id, sender])

    def record_outcome(self, owed_id: int, verdict_id: int) -> None:
        """The verdict judged for an owed conclusion (in the transaction that stored it)."""
        self.execute("UPDATE outbox SET outcome = ? WHERE id = ?", [verdict_id, owed_id])

    def record_parts(self, owed_id: int, parts: int) -> None:
        """How many of the owed messages' parts Telegram accepted so far."""
        self.execute("UPDATE outbox SET parts = ? WHERE id = ?", [parts, owed_id])

    def mark_sent(self, owed_id: int) -> None:
        """Sent: nothing is owed any more, and the row goes (the outbox holds only what is owed)."""
        self.execute("DELETE FROM outbox WHERE id = ?", [owed_id])

    def holders(self, stale_before: datetime) -> list[str]:
        """The senders holding a live claim."""
        return self._holders(OWED, stale_before)

    def release_all(self, sender: str) -> None:
        """Let go of everything `sender` holds (it is known to be dead, or stopping)."""
        self._release(OWED, sender)

    def release(self, user_id: int, sender: str) -> None:
        """Let the chat's unsent rows go, for the next sweep to try again."""
        self._release(OWED, sender, user_id)
