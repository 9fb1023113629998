"""A consultant's clients in order of who needs her first (docs/method.md §11).

Each client's standing is read from the same judgement the owner is given
after a check-in (`bot.advisor.progress.advise` on the plan's check-ins),
so /kpis, the follow-up and the consultant never tell different figures.
Read-only, and every read is behind the consultant's access check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.advisor.progress import NEW_CUSTOMERS, Advice, calendar_months, decision_point, kpi_series
from bot.app import checkins, schedules, verdicts
from bot.app.consultants import Client, profile
from bot.app.services import Services
from bot.storage import Decision

OVERDUE_MONTHS = 1  # a decision point left undecided this long after it was reached is overdue
# The filters of the list, as its buttons name them; "all" keeps everyone.
FILTERS = ("attention", "decision", "quiet", "all")


@dataclass(frozen=True)
class DecisionState:
    """The plan's decision point that matters now: due (reached, not taken), overdue, or taken."""

    milestone: int
    state: str  # due | overdue | taken
    plan: int  # the verdict whose plan the point belongs to
    chosen: str | None = None


@dataclass(frozen=True)
class Standing:
    """Where one client stands, as the triage line tells it; amounts in the client's `currency`."""

    client: Client
    currency: str | None
    advice: Advice | None  # at the latest check-in of the current plan; None before one
    pace: float | None  # new customers a month at the latest check-in that told it
    needed: float | None  # new customers a month that pay for the plan
    decision: DecisionState | None
    weeks_quiet: int | None  # whole weeks since the latest check-in (since the verdict before one)
    unanswered: int = 0  # check-in reminders sent since the latest check-in
    quiet: bool = False  # left three reminders unanswered, and so asked whether to go on (bot.app.schedules)

    @property
    def urgency(self) -> int:
        """How soon the consultant should look (higher first); 0: nothing needs her."""
        state = self.decision.state if self.decision else None
        choice = self.advice.choice if self.advice else None
        for level, holds in ((5, state == "overdue"), (4, self.quiet), (3, choice == "reevaluate"),
                             (2, state == "due"), (1, choice == "change")):
            if holds:
                return level
        return 0

    def shown_by(self, name: str) -> bool:
        """Whether the filter `name` keeps this client."""
        return {"attention": self.urgency > 0, "decision": self.decision is not None and self.decision.state != "taken",
                "quiet": self.quiet, "all": True}[name]


def standing(services: Services, owner_id: int, now: datetime) -> Standing:
    """One client's standing now (no access check: `portfolio` does it)."""
    client = profile(services, owner_id)
    stored = verdicts.latest(services, owner_id)
    if stored is None:
        return Standing(client, None, None, None, None, None, None)
    done = checkins.history(services, owner_id)
    measured = checkins.of_plan(stored, done)
    advice = checkins.advice_at(services, stored, measured) if measured else None
    customers = next(series for series in kpi_series(stored.verdict, stored.created_at, measured)
                     if series.code == NEW_CUSTOMERS)
    pace = next((value for value in reversed(customers.values) if value is not None), None)
    since = done[-1].at if done else stored.created_at
    weeks = int((now - since).total_seconds() // (7 * 86400))
    schedule = schedules.schedule_of(services, owner_id)
    quiet = schedule is not None and (schedules.gone_quiet(schedule) or schedule.status == "asked")
    return Standing(client, stored.verdict.currency, advice, pace, customers.target,
                    _decision(services, stored, now), weeks, schedule.unanswered if schedule else 0, quiet)


def _decision(services: Services, stored: verdicts.StoredVerdict, now: datetime) -> DecisionState | None:
    """The decision point reached by now and not taken (overdue a month after it), else the last one taken."""
    if stored.verdict.follow_up.kind != "checkins":
        return None
    taken: dict[int, Decision] = {d.milestone: d for d in services.store.decisions(stored.user_id)
                                  if d.verdict_id == stored.id}
    months = calendar_months(stored.created_at.date(), now.astimezone(stored.created_at.tzinfo).date())
    point = decision_point(months, set(taken))
    if point is not None:
        return DecisionState(point, "overdue" if months - point >= OVERDUE_MONTHS else "due", stored.id)
    if taken:
        last = taken[max(taken)]
        return DecisionState(last.milestone, "taken", stored.id, last.chosen)
    return None


def portfolio(services: Services, consultant_id: int, now: datetime) -> list[Standing]:
    """Every client who shares with the consultant now, most urgent first (then longest quiet, then by name)."""
    standings = [standing(services, link.owner_id, now) for link in services.store.clients_of(consultant_id)]
    return sorted(standings, key=order)


def order(standing: Standing) -> tuple[int, int, str]:
    """The sort key of the list: most urgent first, then quiet the longest, then by name."""
    return -standing.urgency, -(standing.weeks_quiet or 0), standing.client.name or ""

