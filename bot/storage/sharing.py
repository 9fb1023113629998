"""Invitations (only their tokens' SHA-256 hashes), consultants' access, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.storage.outbox import ACCEPTED, WITHDRAWN, Outbox
from bot.storage.records import Invitation, Link


class Sharing(Outbox):
    def add_invitation(self, owner_id: int, token_hash: str, expires_at: datetime) -> None:
        with self.transaction():
            self.execute("INSERT INTO invitations (owner_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
                         [owner_id, token_hash, self.now(), expires_at])
            self.audit("invite", actor_id=owner_id, owner_id=owner_id)

    def open_invitation(self, token_hash: str, now: datetime) -> Invitation | None:
        """The invitation behind a token if it can still be used, else None."""
        row = self._row(
            "SELECT * FROM invitations WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL "
            "AND expires_at > ? LIMIT 1", [token_hash, now])
        return Invitation.from_row(row) if row else None

    def use_invitation(self, invitation_id: int, owner_id: int, consultant_id: int) -> bool:
        """Spend the invitation and link the consultant; False if it was spent meanwhile."""
        now = self.now()
        with self.transaction():
            spent = self.execute(
                "UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL",
                [now, consultant_id, invitation_id]).rowcount
            if not spent:
                return False
            self.execute("INSERT INTO links (owner_id, consultant_id, created_at, notify) VALUES (?, ?, ?, 0) "
                         "ON CONFLICT (owner_id, consultant_id) DO UPDATE SET created_at = excluded.created_at, "
                         "notify = 0", [owner_id, consultant_id, now])
            self.audit("link", actor_id=consultant_id, owner_id=owner_id, consultant_id=consultant_id)
            self.owe(owner_id, ACCEPTED, consultant_id)
        return True

    def open_invitations(self, owner_id: int, now: datetime) -> list[Invitation]:
        """The owner's invitations that can still be used, oldest first."""
        return [Invitation.from_row(row) for row in self._rows(
            "SELECT * FROM invitations WHERE owner_id = ? AND used_at IS NULL AND revoked_at IS NULL "
            "AND expires_at > ? ORDER BY id", [owner_id, now])]

    def revoke_invitation(self, owner_id: int, invitation_id: int) -> bool:
        """Make one of the owner's invitations unusable; False if it was not open."""
        with self.transaction():
            count: int = self.execute(
                "UPDATE invitations SET revoked_at = ? WHERE id = ? AND owner_id = ? AND used_at IS NULL "
                "AND revoked_at IS NULL", [self.now(), invitation_id, owner_id]).rowcount
            if count:
                self.audit("revoke_invitation", actor_id=owner_id, owner_id=owner_id)
        return bool(count)

    def link(self, owner_id: int, consultant_id: int) -> Link | None:
        row = self._row("SELECT * FROM links WHERE owner_id = ? AND consultant_id = ?", [owner_id, consultant_id])
        return Link.from_row(row) if row else None

    def unlink(self, owner_id: int, consultant_id: int, actor_id: int) -> bool:
        with self.transaction():
            removed = self.execute("DELETE FROM links WHERE owner_id = ? AND consultant_id = ?",
                                      [owner_id, consultant_id]).rowcount
            if removed:
                self.audit("unlink", actor_id=actor_id, owner_id=owner_id, consultant_id=consultant_id)
                self.owe(consultant_id, WITHDRAWN, owner_id)
        return bool(removed)

    def set_notify(self, owner_id: int, consultant_id: int, notify: bool) -> None:
        with self.transaction():
            self.execute("UPDATE links SET notify = ? WHERE owner_id = ? AND consultant_id = ?",
                         [int(notify), owner_id, consultant_id])
            self.audit("notify_on" if notify else "notify_off", actor_id=consultant_id,
                       owner_id=owner_id, consultant_id=consultant_id)

    def consultants_of(self, owner_id: int) -> list[Link]:
        return [Link.from_row(row) for row in self._rows(
            "SELECT * FROM links WHERE owner_id = ? ORDER BY created_at", [owner_id])]

    def consultants_with_news(self) -> list[int]:
        """Every consultant who asked for news of at least one client."""
        return [row["consultant_id"] for row in self._rows(
            "SELECT DISTINCT consultant_id FROM links WHERE notify = 1 ORDER BY consultant_id", [])]

    def clients_of(self, consultant_id: int) -> list[Link]:
        return [Link.from_row(row) for row in self._rows(
            "SELECT * FROM links WHERE consultant_id = ? ORDER BY created_at", [consultant_id])]

    def audit(self, action: str, *, actor_id: int | None = None, owner_id: int | None = None,
              consultant_id: int | None = None) -> None:
        self.execute("INSERT INTO audit (at, action, actor_id, owner_id, consultant_id) VALUES (?, ?, ?, ?, ?)",
                     [self.now(), action, actor_id, owner_id, consultant_id])

    def audit_log(self, user_id: int) -> list[dict[str, Any]]:
        """Every audit entry naming the user, in order (part of their data export)."""
        return self._rows("SELECT * FROM audit WHERE actor_id = :id OR owner_id = :id OR consultant_id = :id "
                          "ORDER BY id", {"id": user_id})
