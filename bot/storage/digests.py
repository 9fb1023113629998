"""Consultants' digests (one rhythm per consultant, read by the sweep through an index on the due time) and the
immediate notices already sent, so that each is sent once."""

from __future__ import annotations

from datetime import datetime

from bot.storage.outbox import DIGEST, OVERDUE, Outbox
from bot.storage.records import Digest


class Digests(Outbox):
    def save_digest(self, consultant_id: int, every: str, hour: int, next_due_at: datetime) -> None:
        """Create or change the consultant's digest (what was sent before stays the starting point of the next)."""
        self.execute(
            "INSERT INTO digests (consultant_id, every, hour, next_due_at, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (consultant_id) DO UPDATE SET every = excluded.every, hour = excluded.hour, "
            "next_due_at = excluded.next_due_at, updated_at = excluded.updated_at",
            [consultant_id, every, hour, next_due_at, self.now()])

    def digest(self, consultant_id: int) -> Digest | None:
        row = self._row("SELECT * FROM digests WHERE consultant_id = ?", [consultant_id])
        return Digest.from_row(row) if row else None

    def due_digests(self, now: datetime, limit: int = 500) -> list[Digest]:
        """Digests due at `now`, earliest first; reads only what is due (indexed)."""
        return [Digest.from_row(row) for row in self._rows(
            "SELECT * FROM digests WHERE every != 'off' AND next_due_at <= ? ORDER BY next_due_at LIMIT ?",
            [now, limit])]

    def owe_digest(self, digest: Digest, since: datetime, next_due_at: datetime) -> bool:
        """Move a due digest on to its next time and owe it, its news from `since` to now, in one transaction;
        False if another sweep moved it first (the digest is owed once). Its news end where the next one's
        start."""
        with self.transaction():
            moved = self.execute(
                "UPDATE digests SET last_sent_at = ?, next_due_at = ?, updated_at = ? "
                "WHERE consultant_id = ? AND every != 'off' AND next_due_at = ?",
                [self.now(), next_due_at, self.now(), digest.consultant_id, digest.next_due_at]).rowcount == 1
            if moved:
                self.owe(digest.consultant_id, DIGEST, digest.consultant_id, since)
        return moved

    def owe_overdue(self, consultant_id: int, owner_id: int, key: str) -> bool:
        """Owe the consultant the notice `key` (a decision overdue) about the owner, noted in the same
        transaction; False if it was owed already (by this sweep before, or another)."""
        with self.transaction():
            noted = bool(self.execute(
                "INSERT INTO notices (consultant_id, owner_id, key, sent_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING", [consultant_id, owner_id, key, self.now()]).rowcount)
            if noted:
                self.owe(consultant_id, OVERDUE, owner_id)
        return noted
