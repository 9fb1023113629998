"""The owner's decisions at the method's six- and nine-month points: one per point of each plan, never two."""

from __future__ import annotations

from bot.storage.connection import Connection
from bot.storage.records import Decision


class Decisions(Connection):
    def record_decision(self, user_id: int, verdict_id: int, milestone: int, advised: str, chosen: str) -> bool:
        """Store the decision at `milestone` months of the plan of verdict `verdict_id`; False if one was taken
        there already (a second tap)."""
        return self.execute(
            "INSERT INTO decisions (user_id, verdict_id, milestone, advised, chosen, decided_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (verdict_id, milestone) DO NOTHING",
            [user_id, verdict_id, milestone, advised, chosen, self.now()]).rowcount == 1

    def decisions(self, user_id: int) -> list[Decision]:
        """Every decision of every plan, in the order they were taken."""
        return [Decision.from_row(row) for row in self._rows(
            "SELECT * FROM decisions WHERE user_id = ? ORDER BY decided_at, milestone", [user_id])]
