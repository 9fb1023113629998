"""Generated portfolios: a consultant's clients in mixed states, made through the engine with a moving clock."""

from __future__ import annotations

import itertools
from datetime import timedelta
from types import SimpleNamespace

from play import past_checkin, with_verdict

from bot.app import Services, schedules, sharing, verdicts

# Each kind of client: days since the verdict, the days of its check-ins after the verdict, the figures given
# at each, and the decision taken at six months (if any). The order is the triage's, most urgent first.
KINDS = {
    "overdue": (245, (30, 61, 91, 122, 152, 183, 213, 240), {"customers": "10", "hours": "8"}, None),
    "quiet": (150, (30, 60), {"customers": "1", "hours": "8"}, None),
    "reevaluate": (200, (30, 61, 91, 122, 152, 190), {"hours": "8", "leads": "0", "customers": "0"}, None),
    "due": (192, (30, 61, 91, 122, 152, 188), {"customers": "10", "hours": "8"}, None),
    "change": (90, (30, 60, 85), {"customers": "1", "hours": "200"}, None),
    "fresh": (14, (), {}, None),
    "decided": (215, (30, 61, 91, 122, 152, 184, 210), {"customers": "10", "hours": "8"}, "continue"),
    "no_verdict": None,
}
NEEDS_ATTENTION = ("overdue", "quiet", "reevaluate", "due", "change")
_ids = itertools.count(50_001)


def client(services: Services, clock, consultant_id: int, kind: str, name: str) -> int:
    """A new owner of `kind`, sharing with the consultant; the clock is left at the time it was found at."""
    now = clock.now
    owner = SimpleNamespace(id=next(_ids), language="fr")
    services.store.ensure_user(owner.id, language="fr", name=name)
    if KINDS[kind] is not None:
        days, checkin_days, figures, decided = KINDS[kind]
        clock.now = start = now - timedelta(days=days)
        with_verdict(services, owner)
        schedules.set_rhythm(services, owner.id, "monthly", start.weekday(), 9, start)
        for day in checkin_days:
            clock.now = start + timedelta(days=day)
            past_checkin(services, owner, **figures)
        if kind == "quiet":  # three reminders since, unanswered
            services.store.set_schedule_due(owner.id, services.store.schedule(owner.id).next_due_at, unanswered=3)
        if decided:
            stored = verdicts.latest(services, owner.id)
            services.store.record_decision(owner.id, stored.id, 6, decided, decided)
    clock.now = now
    assert sharing.accept(services, sharing.invite(services, owner.id, now), consultant_id, now) == owner.id
    return owner.id


def portfolio_of(services: Services, clock, consultant_id: int, size: int) -> dict[int, str]:
    """`size` clients of every kind in turn, sharing with the consultant: each owner's id and kind."""
    kinds = itertools.islice(itertools.cycle(KINDS), size)
    return {client(services, clock, consultant_id, kind, f"Client {number:02}"): kind
            for number, kind in enumerate(kinds, start=1)}

