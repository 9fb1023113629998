"""Advice after a check-in: the method's three-way choice (docs/method.md §9).

At each check-in the owner either continues, changes the way they act, or
re-evaluates the objective. The rules, in order:

1. Costs far above plan (more than 1.5 times) call for a change, at any time.
2. When one network clearly outperforms the other (three times the
   interactions and messages), concentrate on it: a change.
3. Before month six no failure is judged on sales: continue.
4. From month six: enough new customers to pay for the effort, continue;
   enquiries or customers but too few, change; nothing at all, re-evaluate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.advisor.model import Reason, Verdict

DAYS_PER_MONTH = 365.25 / 12
HORIZON_MONTHS = 6
COST_TOLERANCE = 1.5
OUTPERFORM = 3


@dataclass(frozen=True)
class Checkin:
    """One finished check-in: when, and the figures given (None where skipped)."""

    at: datetime
    answers: Mapping[str, Any]

    def figure(self, key: str) -> float:
        return float(self.answers.get(key) or 0)

    def network_activity(self, index: int) -> float:
        return self.figure(f"interactions_{index}") + self.figure(f"messages_{index}")


@dataclass(frozen=True)
class Progress:
    """A KPI's latest monthly pace against the plan's first target."""

    code: str
    latest: float
    previous: float | None
    target: float


@dataclass(frozen=True)
class Advice:
    choice: str  # continue | change | reevaluate
    reasons: tuple[Reason, ...]
    months: float
    cost_so_far: float
    planned_so_far: float
    leads: float
    customers: float
    revenue: float
    cost_per_lead: float | None
    cost_per_customer: float | None
    focus: str | None
    drop: str | None
    progress: tuple[Progress, ...]


def _monthly(value: float, days: float) -> float:
    return value * DAYS_PER_MONTH / max(days, 1)


def kpi_paces(checkins: list[Checkin], start: datetime) -> dict[str, list[float]]:
    """Per KPI, its monthly pace at each check-in (followers: growth since the previous)."""
    paces: dict[str, list[float]] = {}
    previous_at, previous_followers = start, None
    for checkin in checkins:
        days = (checkin.at - previous_at).total_seconds() / 86400
        followers = checkin.figure("followers_1") + checkin.figure("followers_2")
        values = {
            "messages": checkin.figure("messages_1") + checkin.figure("messages_2"),
            "engagement": checkin.figure("interactions_1") + checkin.figure("interactions_2"),
            "enquiries": checkin.figure("leads"),
            "bookings": checkin.figure("customers"),
            "revenue": checkin.figure("revenue"),
        }
        for code, value in values.items():
            paces.setdefault(code, []).append(round(_monthly(value, days), 1))
        if previous_followers is not None:
            paces.setdefault("followers", []).append(round(_monthly(followers - previous_followers, days), 1))
        previous_at, previous_followers = checkin.at, followers
    return paces


def advise(verdict: Verdict, started: datetime, checkins: list[Checkin], now: datetime) -> Advice:
    """The advice after the latest of `checkins` (oldest first) for a plan made at `started`."""
    months = max((now - started).days / DAYS_PER_MONTH, 0)
    costs, plan = verdict.costs, verdict.plan
    assert costs is not None and plan is not None, "check-ins follow only a verdict with a plan"
    hours = sum(c.figure("hours") for c in checkins)
    spent = sum(c.figure("money") for c in checkins)
    cost = round(hours * float(costs.hourly_cost) + spent, 2)
    planned = round(float(costs.total_per_month) * max(months, 0.25), 2)
    leads = sum(c.figure("leads") for c in checkins)
    customers = sum(c.figure("customers") for c in checkins)
    revenue = sum(c.figure("revenue") for c in checkins)
    focus, drop = _concentrate([choice.network for choice in plan.networks], checkins)
    reasons: list[Reason] = []
    if cost > COST_TOLERANCE * planned and months >= 1:
        choice = "change"
        reasons.append(Reason("costs_over_plan", ("hours", "money"), {"cost": cost, "planned": planned}))
    if focus:
        choice = "change"
        reasons.append(Reason("concentrate", ("interactions_1", "interactions_2"),
                              {"focus": focus, "drop": drop}))
    if not reasons:
        needed = costs.customers_to_break_even
        choice, reason = _judge(months, leads, customers, None if needed is None else float(needed))
        reasons.append(reason)
    paces = kpi_paces(checkins, started)
    # The revenue target is a margin, not a turnover: revenue is judged by the customers it comes from.
    targets = {kpi.code: kpi.target for kpi in verdict.kpis
               if kpi.per == "month" and kpi.target is not None and kpi.code != "revenue"}
    progress = tuple(
        Progress(code, values[-1], values[-2] if len(values) > 1 else None, targets[code])
        for code, values in paces.items() if code in targets and values)
    return Advice(
        choice=choice, reasons=tuple(reasons), months=round(months, 1), cost_so_far=cost,
        planned_so_far=planned, leads=leads, customers=customers, revenue=revenue,
        cost_per_lead=round(cost / leads, 2) if leads else None,
        cost_per_customer=round(cost / customers, 2) if customers else None,
        focus=focus, drop=drop, progress=progress,
    )


def _judge(months: float, leads: float, customers: float, needed_per_month: float | None) -> tuple[str, Reason]:
    if months < HORIZON_MONTHS:
        return "continue", Reason("too_early")
    if leads == 0 and customers == 0:
        return "reevaluate", Reason("nothing_after_horizon", ("leads", "customers"))
    if needed_per_month is None or customers / months >= needed_per_month:
        return "continue", Reason("paying_off", ("customers",))
    return "change", Reason("below_break_even", ("customers",),
                            {"pace": round(customers / months, 1), "needed": needed_per_month})


def _concentrate(networks: list[str], checkins: list[Checkin]) -> tuple[str | None, str | None]:
    """The network to focus on and the one to drop, when one clearly does the work."""
    reported_both = any(c.answers.get("interactions_2") is not None or c.answers.get("messages_2") is not None
                        for c in checkins)
    if len(networks) < 2 or not reported_both:
        return None, None
    first = sum(c.network_activity(1) for c in checkins)
    second = sum(c.network_activity(2) for c in checkins)
    if first >= OUTPERFORM * max(second, 1) and first >= 10:
        return networks[0], networks[1]
    if second >= OUTPERFORM * max(first, 1) and second >= 10:
        return networks[1], networks[0]
    return None, None
