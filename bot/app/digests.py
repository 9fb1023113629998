"""News for consultants on their terms: one digest of what changed, and a notice at once only when it matters.

A consultant's digest comes daily or weekly (Mondays), at her hour on her
wall clock, on working days: never on a weekend or a public holiday of her
country (a weekly one then comes on the next working day). It lists each
client with news turned on who changed since the last digest (a check-in,
a decision, a new assessment, a new share), with the figures of the triage
(docs/method.md §11). At once she hears only of a decision taken, of a
decision overdue (once per plan and point), and of a client gone quiet (when
the reminders' sweep asks the owner what to do after three unanswered).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.app import checkins, portfolio, schedules, verdicts
from bot.app.callers import market_of
from bot.app.services import Services
from bot.app.sweeps import owe_all
from bot.storage import Decision, Digest, Owed

RHYTHMS = ("daily", "weekly", "off")
DEFAULT_EVERY, DEFAULT_HOUR = "weekly", 9
WEEKLY_ON = calendar.MONDAY
PERIOD = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1)}


@dataclass(frozen=True)
class Change:
    """What changed for one client since the last digest, and where they stand now."""

    standing: portfolio.Standing
    new_client: bool
    new_verdict: bool
    checkins: int
    decisions: tuple[Decision, ...]


def next_due(services: Services, consultant_id: int, every: str, hour: int, now: datetime) -> datetime:
    """The next digest after `now`: at `hour` on the consultant's wall clock, every day or on Mondays, moved to
    the next working day off a weekend or a public holiday of her country."""
    zone = ZoneInfo(schedules.user_timezone(services, consultant_id))
    market = market_of(services.store.user(consultant_id))
    day = now.astimezone(zone).date()

    def at(on: date) -> datetime:
        return datetime.combine(on, time(hour), tzinfo=zone).astimezone(UTC)

    while at(day) <= now or (every == "weekly" and day.weekday() != WEEKLY_ON):
        day += timedelta(days=1)
    while day.weekday() >= calendar.SATURDAY or (market is not None and market.is_holiday(day)):
        day += timedelta(days=1)
    return at(day)


def digest_of(services: Services, consultant_id: int) -> Digest | None:
    return services.store.digest(consultant_id)


def choose(services: Services, consultant_id: int, every: str, hour: int, now: datetime) -> Digest:
    """Set the consultant's digest (daily, weekly or off) and its hour."""
    services.store.save_digest(consultant_id, every, hour, next_due(services, consultant_id, every, hour, now))
    digest = services.store.digest(consultant_id)
    assert digest is not None
    return digest


def ensure(services: Services, consultant_id: int, now: datetime) -> None:
    """A weekly digest for a consultant who asked for news of a client and has none yet."""
    if services.store.digest(consultant_id) is None:
        choose(services, consultant_id, DEFAULT_EVERY, DEFAULT_HOUR, now)


def due(services: Services, now: datetime, limit: int = 500) -> list[Digest]:
    return services.store.due_digests(now, limit)


def since(digest: Digest) -> datetime:
    """Where the digest's news start: the last digest, else one period back."""
    return digest.last_sent_at or digest.next_due_at - PERIOD.get(digest.every, PERIOD["weekly"])


def owe_due(services: Services, now: datetime) -> int:
    """Owe each digest due (sent from the outbox, with what changed from the last one to now), in the
    transaction that moves it on to the next on her rhythm; how many (one sweep alone owes each)."""
    def owe(digest: Digest) -> bool:
        return services.store.owe_digest(digest, since(digest),
                                         next_due(services, digest.consultant_id, digest.every, digest.hour, now))

    return owe_all(lambda batch: due(services, now, batch), owe)


def changes(services: Services, consultant_id: int, after: datetime, until: datetime, now: datetime) -> list[Change]:
    """Each client with news on who changed after `after` until `until`, as they stand `now`, most urgent first."""
    found = []
    for link in services.store.clients_of(consultant_id):
        if not link.notify:
            continue
        owner_id = link.owner_id

        def new(moment: datetime) -> bool:
            return after < moment <= until

        done = [c for c in checkins.history(services, owner_id) if new(c.at)]
        taken = tuple(d for d in checkins.decisions(services, owner_id) if new(d.decided_at))
        stored = verdicts.latest(services, owner_id)
        new_verdict = stored is not None and new(stored.created_at)
        new_client = new(link.created_at)
        if done or taken or new_verdict or new_client:
            found.append(Change(portfolio.standing(services, owner_id, now), new_client, new_verdict, len(done),
                                taken))
    return sorted(found, key=lambda change: portfolio.order(change.standing))


def digest_owed(services: Services, owed: Owed) -> list[Change]:
    """What the owed digest tells: each client's change from its start to when it was owed (none: no digest)."""
    assert owed.since is not None
    return changes(services, owed.user_id, owed.since, owed.created_at, services.now())


def owe_overdue(services: Services, consultant_id: int, now: datetime) -> int:
    """Owe the consultant a notice of each client with news on whose decision became overdue, once per plan and
    point (sent from the outbox); how many."""
    owed = 0
    for link in services.store.clients_of(consultant_id):
        decision = portfolio.standing(services, link.owner_id, now).decision if link.notify else None
        if decision is not None and decision.state == "overdue":
            owed += services.store.owe_overdue(consultant_id, link.owner_id,
                                               f"overdue:{decision.plan}:{decision.milestone}")
    return owed


def overdue_owed(services: Services, owed: Owed) -> portfolio.Standing | None:
    """The client whose overdue decision is owed to the consultant, if she still has news of them and it is still
    overdue (taken since, or access withdrawn: no notice)."""
    if not any(link.owner_id == owed.ref and link.notify for link in services.store.clients_of(owed.user_id)):
        return None
    standing = portfolio.standing(services, owed.ref, services.now())
    return standing if standing.decision is not None and standing.decision.state == "overdue" else None


def listening(services: Services) -> list[int]:
    """The consultants who asked for news of at least one client."""
    return services.store.consultants_with_news()
