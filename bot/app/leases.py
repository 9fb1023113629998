"""How long a claim on a chat holds without being renewed: the inbox's updates and the outbox's messages owed.

An instance renews its claims every third of the lease while it works, from
its event loop; the slow parts of a handler (a verdict's chart and PDF drawn
in the pool, Telegram's replies and retries, a flood-control pause) all await,
so the renewals go on through them. The lease only has to outlast what holds
the loop itself up (a verdict judged, a database that answers slowly: a
connection is waited for 5 s at most), with room for two missed renewals:
15 s. Shorter, and a busy but living instance would lose its chats to another
(which the per-chat lock in the answer's transaction then keeps harmless, but
owners would see replies twice); longer, and a dead instance's chats would
wait longer. An instance that dies leaves its chats to another after at most
the lease (plus a sweep, a second), and at once when the other runs on the
same machine and sees the process gone (`bot/telegram/instance.py`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.app.services import Services

LEASE = timedelta(seconds=15)


def stale_before(services: Services) -> datetime:
    """A claim last renewed before this is a dead holder's."""
    return services.now() - LEASE
