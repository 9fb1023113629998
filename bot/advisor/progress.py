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
from decimal import Decimal
from typing import Any

from bot.advisor.model import Reason, Verdict
from bot.advisor.money import customers_a_month

DAYS_PER_MONTH = 365.25 / 12
HORIZON_MONTHS = 6
DECISION_POINTS = (6, 9)  # months: the method's horizon for judging results, and its far end
COST_TOLERANCE = Decimal("1.5")
OUTPERFORM = 3


@dataclass(frozen=True)
class Checkin:
    """One finished check-in: when, and the figures given (None where skipped)."""

    at: datetime
    answers: Mapping[str, Any]

    def figure(self, key: str) -> Decimal:
        """A figure, exactly as given, for sums of what was spent or won (a skipped one adds nothing)."""
        return Decimal(str(self.answers.get(key) or 0))

    def given(self, *keys: str) -> float | None:
        """The sum of the figures given among `keys`; None when all were skipped (missing, not zero)."""
        values = [self.answers[key] for key in keys if self.answers.get(key) is not None]
        return float(sum(values)) if values else None

    def network_activity(self, index: int) -> Decimal:
        return self.figure(f"interactions_{index}") + self.figure(f"messages_{index}")


@dataclass(frozen=True)
class Progress:
    """A KPI's latest pace, in its target's own period, against that target.

    `latest` is None when it cannot be told: the figure was skipped, or the
    check-in came too soon after the previous one to project a pace.
    """

    code: str
    latest: float | None
    previous: float | None
    target: float
    per: str = "month"


@dataclass(frozen=True)
class Series:
    """A figure at each check-in in its target's own unit (None where it cannot be told), and that target."""

    code: str
    per: str
    values: tuple[float | None, ...]
    target: float | None


@dataclass(frozen=True)
class Advice:
    choice: str  # continue | change | reevaluate
    reasons: tuple[Reason, ...]
    months: float  # since the plan started, to a tenth: for the decision points and for telling
    # Amounts are exact (in the verdict's currency); they are rounded only when shown.
    cost_so_far: Decimal
    planned_so_far: Decimal
    leads: Decimal
    customers: Decimal
    revenue: Decimal
    cost_per_lead: Decimal | None
    cost_per_customer: Decimal | None
    # What an enquiry and a new customer may cost at most and still pay for themselves (from the verdict's
    # value of a customer and conversion rate); None without a value of a customer.
    break_even_per_lead: Decimal | None
    break_even_per_customer: Decimal | None
    focus: str | None
    drop: str | None
    progress: tuple[Progress, ...]
    # When the verdict follows revenue: its target (a margin a month, judged through the new customers, since
    # owners report turnover), and the revenue reported a month so far (None before a week or without any).
    revenue_target: Decimal | None = None
    revenue_per_month: Decimal | None = None


MIN_DAYS = 7  # below a week since the previous check-in, a pace would be projected from noise
# KPIs counted as flows (what came in during the period), by the check-in figures that make them up.
FLOWS = {
    "messages": ("messages_1", "messages_2"), "engagement": ("interactions_1", "interactions_2"),
    "enquiries": ("leads",), "customers": ("customers",), "bookings": ("bookings",), "revenue": ("revenue",),
    "reach": ("reach",), "reviews": ("reviews",),
}
LEVELS = {"followers": ("followers_1", "followers_2")}  # counts that stand at a level: their growth is the pace
# KPIs that are a ratio over the period, whatever its length: reactions per post published.
RATIOS = {"engagement": (("interactions_1", "interactions_2"), ("posts",))}
# Shares (in %) asked at each check-in for the time since the last one; the pace is their change, in
# percentage points, since the first share given (the owner's starting point), told only once at least
# `MIN_SHARE_DAYS` lie between the two: a share moves slowly and one period's customers are few.
SHARES = ("returning",)  # each asked under its own name
MIN_SHARE_DAYS = DAYS_PER_MONTH
DAYS_PER = {"month": DAYS_PER_MONTH, "week": 7.0, "half_year": 365.25 / 2}
NEW_CUSTOMERS = "customers"  # the series every plan is judged by, after the KPIs the verdict follows


def _pace(value: float | None, days: float, per: str) -> float | None:
    if value is None or days < MIN_DAYS:
        return None
    return round(value * DAYS_PER.get(per, DAYS_PER_MONTH) / days, 1)


def kpi_paces(checkins: list[Checkin], start: datetime, periods: Mapping[str, str] | None = None
              ) -> dict[str, list[float | None]]:
    """Per KPI, its pace at each check-in over the real time since the one before (the first: since the
    plan started), per month unless `periods` says per week or half-year; a share's, its change since the
    first share given. None where it cannot be told: a skipped figure, a level without an earlier one to
    grow from, less than a week since the previous check-in, or a share less than a month after the first."""
    periods = periods or {}
    paces: dict[str, list[float | None]] = {code: [] for code in (*FLOWS, *LEVELS, *SHARES)}
    previous_at = start
    last_level: dict[str, tuple[datetime, float]] = {}
    first_share: dict[str, tuple[datetime, float]] = {}
    for checkin in checkins:
        for code in SHARES:
            share, first = checkin.given(code), first_share.get(code)
            since = (checkin.at - first[0]).total_seconds() / 86400 if first else 0
            paces[code].append(None if share is None or first is None or since < MIN_SHARE_DAYS
                               else _pace(share - first[1], since, periods.get(code, "month")))
            if share is not None and first is None:
                first_share[code] = (checkin.at, share)
        days = (checkin.at - previous_at).total_seconds() / 86400
        for code, keys in FLOWS.items():
            paces[code].append(_pace(checkin.given(*keys), days, periods.get(code, "month")))
        for code, keys in LEVELS.items():
            level, earlier = checkin.given(*keys), last_level.get(code)
            growth = None if level is None or earlier is None else level - earlier[1]
            since = (checkin.at - earlier[0]).total_seconds() / 86400 if earlier else 0
            paces[code].append(_pace(growth, since, periods.get(code, "month")))
            if level is not None:
                last_level[code] = (checkin.at, level)
        previous_at = checkin.at
    return {code: values for code, values in paces.items() if any(value is not None for value in values)}


def kpi_ratios(checkins: list[Checkin]) -> dict[str, list[float | None]]:
    """Per ratio KPI, its value at each check-in (None where a figure was skipped or nothing was posted)."""
    ratios: dict[str, list[float | None]] = {}
    for code, (numerator, denominator) in RATIOS.items():
        values = [(checkin.given(*numerator), checkin.given(*denominator)) for checkin in checkins]
        ratios[code] = [None if top is None or not bottom else round(top / bottom, 1) for top, bottom in values]
    return {code: values for code, values in ratios.items() if any(value is not None for value in values)}


def advise(verdict: Verdict, started: datetime, checkins: list[Checkin], now: datetime) -> Advice:
    """The advice after the latest of `checkins` (oldest first) for a plan made at `started`."""
    days = max((now - started).days, 0)
    months = Decimal(days) * 12 / Decimal("365.25")
    costs, plan = verdict.costs, verdict.plan
    assert costs is not None and plan is not None, "check-ins follow only a verdict with a plan"
    hours, spent = _total(checkins, "hours"), _total(checkins, "money")
    cost = hours * costs.hourly_cost + spent
    planned = costs.total_per_month * max(months, Decimal("0.25"))
    leads, customers, revenue = _total(checkins, "leads"), _total(checkins, "customers"), _total(checkins, "revenue")
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
        choice, reason = _judge(months, leads, customers, customers_a_month(costs))
        reasons.append(reason)
    progress = tuple(Progress(s.code, s.values[-1] if s.values else None, _earlier(list(s.values)),
                              s.target or 0, s.per)
                     for s in kpi_series(verdict, started, checkins) if s.code != NEW_CUSTOMERS)
    return Advice(
        choice=choice, reasons=tuple(reasons), months=float(round(months, 1)), cost_so_far=cost,
        planned_so_far=planned, leads=leads, customers=customers, revenue=revenue,
        cost_per_lead=cost / leads if leads else None,
        cost_per_customer=cost / customers if customers else None,
        break_even_per_customer=costs.customer_value,
        break_even_per_lead=costs.customer_value * costs.conversion / 100 if costs.customer_value is not None else None,
        focus=focus, drop=drop, progress=progress,
        revenue_target=next((Decimal(str(kpi.target)) for kpi in verdict.kpis
                             if kpi.code == "revenue" and kpi.target is not None), None),
        revenue_per_month=revenue / months if days >= MIN_DAYS
        and any(c.answers.get("revenue") is not None for c in checkins) else None,
    )


def kpi_series(verdict: Verdict, started: datetime, checkins: list[Checkin]) -> tuple[Series, ...]:
    """Each KPI the verdict follows at each check-in, in its target's own period (revenue aside: its target is
    a margin, judged by the customers it comes from), then the new customers a month against those that pay
    for the plan. The advice tells the KPIs' latest values; the chart draws them all."""
    targets = {kpi.code: kpi for kpi in verdict.kpis
               if (kpi.per in DAYS_PER or kpi.code in RATIOS) and kpi.target is not None and kpi.code != "revenue"}
    periods = {code: kpi.per for code, kpi in targets.items()}
    paces = kpi_paces(checkins, started, periods) | kpi_ratios(checkins)

    def values(code: str) -> tuple[float | None, ...]:
        return tuple(paces.get(code) or [None] * len(checkins))

    needed = customers_a_month(verdict.costs) if verdict.costs else None
    return (*(Series(code, kpi.per, values(code), float(kpi.target)) for code, kpi in targets.items()
              if kpi.target is not None),
            Series(NEW_CUSTOMERS, "month", values(NEW_CUSTOMERS), None if needed is None else float(needed)))


def _total(checkins: list[Checkin], key: str) -> Decimal:
    return sum((checkin.figure(key) for checkin in checkins), Decimal(0))


def _earlier(values: list[float | None]) -> float | None:
    return values[-2] if len(values) > 1 else None


def _judge(months: Decimal, leads: Decimal, customers: Decimal, needed_per_month: Decimal | None
           ) -> tuple[str, Reason]:
    if months < HORIZON_MONTHS:
        return "continue", Reason("too_early")
    if leads == 0 and customers == 0:
        return "reevaluate", Reason("nothing_after_horizon", ("leads", "customers"))
    if needed_per_month is None or customers / months >= needed_per_month:
        return "continue", Reason("paying_off", ("customers",))
    return "change", Reason("below_break_even", ("customers",),
                            {"pace": customers / months, "needed": needed_per_month})


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


def decision_point(months: float, decided: set[int]) -> int | None:
    """The decision point the owner has reached and not yet decided at (the later one first), if any."""
    reached = [point for point in DECISION_POINTS if months >= point and point not in decided]
    return reached[-1] if reached else None
