"""Check-in schedules: one per owner, read by the reminder sweep through an index on the due time."""

from __future__ import annotations

from typing import Any

from bot.storage.outbox import REMINDER, WHAT_NEXT, Outbox
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

    def owe_reminder(self, schedule: Schedule, next_due_at: str, period_due_at: str, unanswered: int) -> bool:
        """Move a due schedule on to its next beat and owe its reminder, in one transaction; False if another
        sweep moved it first (the reminder is owed once)."""
        with self.db.atomic():
            moved = self._move_due(schedule, "next_due_at = ?, period_due_at = ?, last_sent_at = ?, unanswered = ?",
                                   [next_due_at, period_due_at, self.now(), unanswered])
            if moved:
                self.owe(schedule.user_id, REMINDER, schedule.user_id)
        return moved

    def owe_what_next(self, schedule: Schedule) -> bool:
        """Hold a due schedule's reminders until the owner says what to do, and owe them that question, in one
        transaction; False if another sweep did first."""
        with self.db.atomic():
            moved = self._move_due(schedule, "status = 'asked'", [])
            if moved:
                self.owe(schedule.user_id, WHAT_NEXT, schedule.user_id)
        return moved

    def _move_due(self, schedule: Schedule, changes: str, params: list[Any]) -> bool:
        """Apply `changes` to a schedule still due as `schedule` was read (active, at the same due time)."""
        return self.db.execute(
            f"UPDATE schedules SET {changes}, updated_at = ? WHERE user_id = ? AND status = 'active' "
            "AND next_due_at = ?",
            [*params, self.now(), schedule.user_id, schedule.next_due_at.isoformat(timespec="seconds")]).rowcount == 1

    def due_schedules(self, now: str, limit: int = 500) -> list[Schedule]:
        """Active schedules due at `now`, earliest first; reads only what is due (indexed)."""
        return [Schedule.from_row(row) for row in self._rows(
            "SELECT * FROM schedules WHERE status = 'active' AND next_due_at <= ? ORDER BY next_due_at LIMIT ?",
            [now, limit])]
