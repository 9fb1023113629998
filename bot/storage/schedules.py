"""Check-in schedules: one per owner, read by the reminder sweep through an index on the due time."""

from __future__ import annotations

from typing import Any

from bot.storage.outbox import REMINDER, Outbox
from bot.storage.records import Schedule


class Schedules(Outbox):
    def save_schedule(self, user_id: int, **fields: Any) -> None:
        """Create or replace the owner's check-in schedule."""
        self.db.table("schedules").upsert({"user_id": user_id, **fields, "updated_at": self.now()}, pk="user_id")

    def schedule(self, user_id: int) -> Schedule | None:
        row = self._row("SELECT * FROM schedules WHERE user_id = ?", [user_id])
        return Schedule.from_row(row) if row else None

    def update_schedule(self, user_id: int, **fields: Any) -> None:
        self.db.table("schedules").update(user_id, {**fields, "updated_at": self.now()})

    def import_schedules(self, rows: list[dict[str, Any]]) -> None:
        """Bulk-load schedules (benchmarks); each row as `save_schedule` takes it, with user_id."""
        now = self.now()
        with self.db.atomic():
            self.db.table("users").insert_all(({"id": r["user_id"], "created_at": now} for r in rows), ignore=True)
            self.db.table("schedules").insert_all(({**r, "updated_at": now} for r in rows), batch_size=2000)

    def owe_reminder(self, schedule: Schedule, next_due_at: str, period_due_at: str) -> bool:
        """Move a due schedule on to its next beat and owe its reminder, in one transaction; False if another
        sweep moved it first (the reminder is owed once)."""
        with self.db.atomic():
            moved = self.db.execute(
                "UPDATE schedules SET next_due_at = ?, period_due_at = ?, last_sent_at = ?, updated_at = ? "
                "WHERE user_id = ? AND status = 'active' AND next_due_at = ?",
                [next_due_at, period_due_at, self.now(), self.now(), schedule.user_id,
                 schedule.next_due_at.isoformat(timespec="seconds")]).rowcount == 1
            if moved:
                self.owe(schedule.user_id, REMINDER, schedule.user_id)
        return moved

    def due_schedules(self, now: str, limit: int = 500) -> list[Schedule]:
        """Active schedules due at `now`, earliest first; reads only what is due (indexed)."""
        return [Schedule.from_row(row) for row in self._rows(
            "SELECT * FROM schedules WHERE status = 'active' AND next_due_at <= ? ORDER BY next_due_at LIMIT ?",
            [now, limit])]
