"""Rows held per chat by one holder at a time, under a lease: the outbox's messages owed and the inbox's updates.

A holder (one running instance of the bot) claims every row still to do of a
chat at once, unless another holder's claim on that chat is live (renewed
within the lease); a claim older than that is a dead holder's and is taken
over. So a chat's rows are worked through by one holder, oldest first, and
the holder renews its claims while it works. Each claim starts with the
chat's lock (`Connection.lock`), so two holders claiming one chat at the same
moment see each other's claim: without it, each could read the chat as free
before the other's claim was committed, and both hold it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.connection import Connection


@dataclass(frozen=True)
class Claimed:
    """A table whose rows are claimed per chat: `key` names the chat, `order` the row's place, `pending`
    is what a row still to do satisfies (SQL), `returning` what a claim gives back of each row."""

    table: str
    key: str
    order: str
    pending: str
    returning: str
    taken_over: str = ""  # more to set on a claim: `:holder` is the new holder; the old row's columns are read
    finish: tuple[tuple[str, str], ...] = ()  # (column, value) set on a row its holder is done with


class Claims(Connection):
    def _waiting(self, rows: Claimed, stale_before: datetime, limit: int) -> list[int]:
        """The chats with rows to do that no live holder holds, the one waiting longest first."""
        found = self.execute(
            f"SELECT {rows.key} FROM {rows.table} WHERE {rows.pending} GROUP BY {rows.key} "
            f"HAVING max(claimed_at) IS NULL OR max(claimed_at) < ? ORDER BY min({rows.order}) LIMIT ?",
            [stale_before, limit]).rows
        return [key for (key,) in found]

    def _claim(self, rows: Claimed, key: int, holder: str, stale_before: datetime,
               finished: int | None = None) -> list[dict[str, Any]]:
        """The chat's rows to do, oldest first, now held by `holder`; none while another's claim is live.
        `finished`: the row (by its `order`) the holder is done with, marked so in the same statement, so
        the chat does not pass to another holder between that row and the next."""
        params = {"now": self.now(), "holder": holder, "key": key, "stale": stale_before, "finished": finished}
        done = f"{rows.order} = :finished"
        finish = "".join(f", {column} = CASE WHEN {done} THEN {value} ELSE {column} END"
                         for column, value in rows.finish)
        with self.transaction():
            self.lock(f"{rows.table}:{key}")
            claimed = self._rows(
                f"UPDATE {rows.table} SET claimed_at = CASE WHEN {done} THEN NULL ELSE :now END, "
                f"claimed_by = CASE WHEN {done} THEN NULL ELSE :holder END{finish}{rows.taken_over} "
                f"WHERE {rows.key} = :key AND {rows.pending} AND ({done} OR NOT EXISTS ("
                f"  SELECT 1 FROM {rows.table} WHERE {rows.key} = :key AND {rows.pending} "
                f"  AND claimed_at >= :stale AND claimed_by != :holder)) "
                f"RETURNING {rows.returning}", params)
        return sorted((row for row in claimed if row[rows.order] != finished), key=lambda row: row[rows.order])

    def _renew(self, rows: Claimed, holder: str, keys: Collection[int]) -> None:
        """Still at work on these chats: `holder`'s claims on them run from now (a claim on a chat it is no
        longer at work on runs out, for another holder to take)."""
        if keys:
            self.execute(f"UPDATE {rows.table} SET claimed_at = ? WHERE claimed_by = ? AND {rows.pending} "
                         f"AND {rows.key} IN ({', '.join('?' * len(keys))})", [self.now(), holder, *keys])

    def _holders(self, rows: Claimed, stale_before: datetime) -> list[str]:
        """The holders of a live claim."""
        found = self.execute(f"SELECT DISTINCT claimed_by FROM {rows.table} WHERE claimed_at >= ? AND {rows.pending}",
                             [stale_before]).rows
        return [holder for (holder,) in found]

    def _release(self, rows: Claimed, holder: str, key: int | None = None) -> None:
        """Let go of what `holder` holds (of one chat, or all), for whichever holder claims it next."""
        only = "" if key is None else f" AND {rows.key} = ?"
        self.execute(f"UPDATE {rows.table} SET claimed_at = NULL, claimed_by = NULL WHERE claimed_by = ?{only}",
                     [holder] if key is None else [holder, key])
