"""The owner's decisions at the method's six- and nine-month points: one per point of each plan, never two."""

from __future__ import annotations

from bot.storage.outbox import DECISION, Outbox
from bot.storage.records import Decision


class Decisions(Outbox):
    def record_decision(self, user_id: int, verdict_id: int, milestone: int, advised: str, chosen: str) -> bool:
        """Store the decision at `milestone` months of the plan of verdict `verdict_id`; False if one was taken
        there already (a second tap)."""
        with self.db.atomic():
            if self._row("SELECT 1 AS taken FROM decisions WHERE verdict_id = ? AND milestone = ?",
                         [verdict_id, milestone]):
                return False
            decision_id = self.db.table("decisions").insert({
                "user_id": user_id, "verdict_id": verdict_id, "milestone": milestone, "advised": advised,
                "chosen": chosen, "decided_at": self.now()}).last_pk
            assert decision_id is not None  # an insert into a table with an integer key always has one
            self.owe(user_id, DECISION, decision_id)  # its confirmation, and the consultants' news
        return True

    def decision(self, decision_id: int) -> Decision | None:
        row = self._row("SELECT * FROM decisions WHERE id = ?", [decision_id])
        return Decision.from_row(row) if row else None

    def decisions(self, user_id: int) -> list[Decision]:
        """Every decision of every plan, in the order they were taken."""
        return [Decision.from_row(row) for row in self._rows(
            "SELECT * FROM decisions WHERE user_id = ? ORDER BY decided_at, milestone", [user_id])]
