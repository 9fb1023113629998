"""Check-in schedules: one per owner, read by the reminder sweep through an index on the due time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.storage.connection import Connection, insert_sql
from bot.storage.records import Schedule

_COLUMNS = ("user_id", "every", "weekday", "hour", "timezone", "week_of_month", "status", "next_due_at",
            "period_due_at", "last_sent_at", "unanswered", "updated_at")
_SAVE = insert_sql("schedules", _COLUMNS, "ON CONFLICT (user_id) DO UPDATE SET " + ", ".join(
    f"{column} = excluded.{column}" for column in _COLUMNS[1:]))


def _values(schedule: Schedule) -> list[Any]:
    return [schedule.user_id, schedule.every, schedule.weekday, schedule.hour, schedule.timezone,
            schedule.week_of_month, schedule.status, schedule.next_due_at, schedule.period_due_at,
            schedule.last_sent_at, schedule.unanswered]


class Schedules(Connection):
    def save_schedule(self, schedule: Schedule) -> None:
        """Create or replace the owner's check-in schedule."""
        self.execute(_SAVE, [*_values(schedule), self.now()])

    def schedule(self, user_id: int) -> Schedule | None:
        row = self._row("SELECT * FROM schedules WHERE user_id = ?", [user_id])
        return Schedule.from_row(row) if row else None

    def set_schedule_status(self, user_id: int, status: str) -> None:
        self.execute("UPDATE schedules SET status = ?, updated_at = ? WHERE user_id = ?", [status, self.now(), user_id])

    def set_schedule_due(self, user_id: int, next_due_at: datetime, period_due_at: datetime | None = None,
                         sent_at: datetime | None = None, unanswered: int | None = None) -> None:
        """When the next reminder is due; with `period_due_at`, the rhythm's new beat; with `sent_at`, when
        the last one went out; with `unanswered`, how many of the rhythm's reminders the owner has left
        unanswered since (each left as it was when not given)."""
        self.execute("UPDATE schedules SET next_due_at = ?, period_due_at = COALESCE(?, period_due_at), "
                     "last_sent_at = COALESCE(?, last_sent_at), unanswered = COALESCE(?, unanswered), "
                     "updated_at = ? WHERE user_id = ?",
                     [next_due_at, period_due_at, sent_at, unanswered, self.now(), user_id])

    def reset_unanswered(self, user_id: int) -> None:
        """The owner checked in: none of the reminders sent is unanswered any more."""
        self.execute("UPDATE schedules SET unanswered = 0, updated_at = ? WHERE user_id = ?", [self.now(), user_id])

    def import_schedules(self, schedules: list[Schedule]) -> None:
        """Bulk-load schedules (benchmarks), their owners too."""
        now = self.now()
        with self.transaction():
            self.execute_many("INSERT INTO users (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                              ([schedule.user_id, now] for schedule in schedules))
            self.execute_many(_SAVE, ([*_values(schedule), now] for schedule in schedules))

    def due_schedules(self, now: datetime, limit: int = 500) -> list[Schedule]:
        """Active schedules due at `now`, earliest first; reads only what is due (indexed)."""
        return [Schedule.from_row(row) for row in self._rows(
            "SELECT * FROM schedules WHERE status = 'active' AND next_due_at <= ? ORDER BY next_due_at LIMIT ?",
            [now, limit])]
