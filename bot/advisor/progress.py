"""Advice after a check-in: the method's three-way choice (docs/method.md §9).

At each check-in the owner either continues, changes the way they act, or
re-evaluates the objective. The rules, in order:

1. From six calendar months of the plan (the owner's days), sales are judged:
   enough new customers a month to pay for the effort, continue (nothing
   outranks a plan that pays for itself); nothing at all, re-evaluate; too
   few, change, with what to change read from the figures.
2. Costs far above plan (more than 1.5 times) call for a change.
3. When one network clearly does the work (three times what the other does,
   at least 30, over at least eight weeks in which both were counted),
   concentrate on it: a change.
4. Otherwise, before month six: continue; it is too early to judge sales.

What each figure covers, and how a skipped one is left out, is in
`bot.advisor.figures`.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from bot.advisor import figures as f
from bot.advisor.figures import DAYS_PER, Checkin
from bot.advisor.model import Reason, Verdict
from bot.advisor.money import customers_a_month

DAYS_PER_MONTH = float(f.DAYS_PER_MONTH)
HORIZON_MONTHS = 6
DECISION_POINTS = (6, 9)  # months: the method's horizon for judging results, and its far end
COST_TOLERANCE = Fraction(3, 2)
OUTPERFORM = 3
# Concentrating on one network needs evidence that one lucky post or week cannot make: eight weeks in which
# both networks were counted (two monthly check-ins, four fortnightly, eight weekly), and at least 30
# reactions, messages, calls or route requests on the stronger one (so the weaker has 10 at most).
MIN_FOCUS_DAYS = 56
MIN_FOCUS_VOLUME = 30
FOCUS_WINDOW = 91  # days before the latest check-in whose figures count: the evidence as it stands now


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
    months: int  # whole calendar months of the plan at the check-in, in the owner's days: the decision points
    # Amounts are exact (in the verdict's currency); they are rounded only when shown. The cost so far is
    # None when hours were never given; a skipped period is counted at the pace of the others
    # (`cost_estimated`).
    cost_so_far: Decimal | None
    planned_so_far: Decimal
    leads: Decimal  # the enquiries and new customers given (a skipped figure adds nothing)
    customers: Decimal
    revenue: Decimal
    cost_per_lead: Decimal | None
    cost_per_customer: Decimal | None
    # What an enquiry and a new customer may cost at most and still pay for themselves (from the verdict's
    # value of a customer, and the owner's own conversion once measured); None without a value of a customer.
    break_even_per_lead: Decimal | None
    break_even_per_customer: Decimal | None
    focus: str | None
    drop: str | None
    progress: tuple[Progress, ...]
    # When the verdict follows revenue: its target (a margin a month, judged through the new customers, since
    # owners report turnover), and the revenue reported a month so far (None before a week or without any).
    revenue_target: Decimal | None = None
    revenue_per_month: Decimal | None = None
    cost_estimated: bool = False
    # The new customers and enquiries of the owner's own check-ins, when they replace the assumed conversion.
    measured: tuple[Decimal, Decimal] | None = None
    skipped: bool = False  # a figure of the sums was skipped somewhere: left out, not counted as zero
    time_only: bool = False  # no spending on tools or ads was ever given: the cost so far is the time's alone


# KPIs counted as flows (what came in during the period), by the check-in figures that make them up.
FLOWS = {
    "messages": ("messages_1", "messages_2"), "engagement": ("interactions_1", "interactions_2"),
    "enquiries": ("leads",), "customers": ("customers",), "bookings": ("bookings",), "revenue": ("revenue",),
    "reach": ("reach",), "reviews": ("reviews",),
}
LEVELS = {"followers": "followers"}  # counts that stand at a level, per network: their growth is the pace
# KPIs that are a ratio over the period, whatever its length: reactions per post published.
RATIOS = {"engagement": (("interactions_1", "interactions_2"), ("posts",))}
# Shares (in %) asked at each check-in for the time since the last one; the pace is their change, in
# percentage points, since the first share given (the owner's starting point), told only once
# `figures.MIN_SHARE_DAYS` lie between the two: a share is a rough guess and moves slowly.
SHARES = ("returning",)  # each asked under its own name
NEW_CUSTOMERS = "customers"  # the series every plan is judged by, after the KPIs the verdict follows
SUMS = ("hours", "money", "leads", "customers", "revenue")  # the figures the advice adds up


def kpi_paces(checkins: list[Checkin], start: datetime, periods: Mapping[str, str] | None = None
              ) -> dict[str, list[float | None]]:
    """Per KPI, its pace at each check-in over the days its figures cover, per month unless `periods` says per
    week or half-year; a share's, its change since the first share given. None where it cannot be told: a
    skipped figure, a level without an earlier count of the same network, less than a week, or a share less
    than three months after the first."""
    per = {code: unit for code, unit in (periods or {}).items() if unit in DAYS_PER}  # not "per post": a ratio
    paces = {code: f.flow_paces(checkins, start, keys, per.get(code, "month")) for code, keys in FLOWS.items()}
    paces |= {code: f.level_paces(checkins, kind, per.get(code, "month")) for code, kind in LEVELS.items()}
    paces |= {code: f.share_paces(checkins, code, per.get(code, "month")) for code in SHARES}
    return f.as_mapping(paces)


def kpi_ratios(checkins: list[Checkin]) -> dict[str, list[float | None]]:
    """Per ratio KPI, its value at each check-in (None where a figure was skipped or nothing was posted)."""
    ratios = {code: [None if (top := checkin.complete(*numerator)) is None or not (bottom := checkin.complete(
        *denominator)) else top / bottom for checkin in checkins] for code, (numerator, denominator) in RATIOS.items()}
    return f.as_mapping(ratios)


def calendar_months(start: date, day: date) -> int:
    """Whole calendar months from `start` to `day`: six months after 31 August is 28 February (or the 29th)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    return months - 1 if months > 0 and day < months_after(start, months) else max(months, 0)


def months_after(start: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def advise(verdict: Verdict, started: datetime, checkins: list[Checkin], now: datetime,
           changed_at: int | None = None) -> Advice:
    """The advice after the latest of `checkins` (oldest first) for a plan made at `started`; `changed_at`: the
    decision point at which the owner last chose to change the way they act, if they did."""
    costs, plan = verdict.costs, verdict.plan
    assert costs is not None and plan is not None, "check-ins follow only a verdict with a plan"
    months = calendar_months(started.date(), now.date())
    covered = sum(f.period_days(checkins, started))
    spent = _Cost.of(checkins, started, f.exact(costs.hourly_cost))
    cost = spent.total
    planned = f.exact(costs.total_per_month) * max(Fraction(covered) / f.DAYS_PER_MONTH, Fraction(1, 4))
    leads, customers = f.filled(checkins, started, "leads"), f.filled(checkins, started, "customers")
    measured = f.conversion(checkins)
    rate = min(measured[0] / measured[1], Fraction(1)) if measured else f.exact(costs.conversion) / 100
    value = None if costs.customer_value is None else f.exact(costs.customer_value)
    needed = customers_a_month(costs)
    judge = _Judge(checkins, started, None if needed is None else f.exact(needed), rate)
    focus, drop = _concentrate([choice.network for choice in plan.networks], checkins, started)

    reasons: list[Reason] = []
    sales = judge.sales() if months >= HORIZON_MONTHS else None
    if sales is not None and sales.code in ("paying_off", "no_break_even", "nothing_after_horizon"):
        reasons.append(sales)
    else:
        if cost is not None and cost > COST_TOLERANCE * planned and covered >= f.DAYS_PER_MONTH:
            reasons.append(Reason("costs_over_plan", ("hours", "money"), {"cost": _decimal(cost),
                                                                           "planned": _decimal(planned)}))
        if focus:
            reasons.append(Reason("concentrate", ("interactions_1", "interactions_2"), {"focus": focus, "drop": drop}))
        if sales is not None:
            reasons += [sales, *judge.what_to_change()]
            if changed_at is not None and sales.code == "below_break_even":
                reasons.insert(0, Reason("after_change", (), {"months": changed_at}))
    if not reasons:
        reasons.append(Reason("too_early"))
    choice = next((CHOICE_OF[reason.code] for reason in reasons if reason.code in CHOICE_OF), "continue")

    progress = tuple(Progress(s.code, s.values[-1] if s.values else None, _earlier(list(s.values)),
                              s.target or 0, s.per)
                     for s in kpi_series(verdict, started, checkins) if s.code != NEW_CUSTOMERS)
    revenue = f.rate(checkins, started, "revenue")
    revenue_a_month = revenue.per_month() if revenue else None
    return Advice(
        choice=choice, reasons=tuple(reasons), months=months,
        cost_so_far=None if cost is None else _decimal(cost), planned_so_far=_decimal(planned),
        leads=_given(checkins, "leads"), customers=_given(checkins, "customers"), revenue=_given(checkins, "revenue"),
        cost_per_lead=_decimal(cost / leads[0]) if cost is not None and leads and leads[0] else None,
        cost_per_customer=_decimal(cost / customers[0]) if cost is not None and customers and customers[0] else None,
        break_even_per_customer=costs.customer_value,
        break_even_per_lead=None if value is None else _decimal(value * rate),
        focus=focus, drop=drop, progress=progress,
        revenue_target=next((Decimal(str(kpi.target)) for kpi in verdict.kpis
                             if kpi.code == "revenue" and kpi.target is not None), None),
        revenue_per_month=None if revenue_a_month is None else _decimal(revenue_a_month),
        cost_estimated=spent.estimated, time_only=spent.time_only,
        measured=None if measured is None else (_decimal(measured[0]), _decimal(measured[1])),
        skipped=f.skipped_anywhere(checkins, SUMS),
    )


@dataclass(frozen=True)
class _Cost:
    """The cost so far: hours at the planned hourly cost plus the money spent, a skipped period counted at the
    pace of the others (`estimated`); None without any hours; the time alone when no spending was ever given."""

    total: Fraction | None
    estimated: bool = False
    time_only: bool = False

    @classmethod
    def of(cls, checkins: list[Checkin], started: datetime, hourly: Fraction) -> _Cost:
        hours, money = f.filled(checkins, started, "hours"), f.filled(checkins, started, "money")
        time_only = f.rate(checkins, started, "money") is None
        if hours is None or f.rate(checkins, started, "hours") is None or (money is None and not time_only):
            return cls(None)
        if time_only or money is None:
            return cls(hours[0] * hourly, hours[1], time_only=True)
        return cls(hours[0] * hourly + money[0], hours[1] or money[1])


# The choice each finding calls for; any other finding leaves the plan as it is.
CHOICE_OF = {"nothing_after_horizon": "reevaluate", "costs_over_plan": "change", "concentrate": "change",
             "below_break_even": "change"}


@dataclass(frozen=True)
class _Judge:
    """The sales judgement from month six: new customers a month against those that pay for the plan."""

    checkins: Sequence[Checkin]
    started: datetime
    needed: Fraction | None  # new customers a month the verdict named; None without a value of a customer
    conversion: Fraction  # of enquiries that become customers: the owner's own once measured

    def per_month(self, key: str) -> Fraction | None:
        given = f.rate(self.checkins, self.started, key)
        return None if given is None else given.per_month()

    def sales(self) -> Reason:
        customers, leads = self.per_month("customers"), self.per_month("leads")
        if customers is None:
            return Reason("customers_not_told", ("customers",))
        if not customers and not leads:
            return Reason("nothing_after_horizon", ("leads", "customers"))
        if self.needed is None:
            return Reason("no_break_even", ("customers",), {"pace": _decimal(customers)})
        pace = {"pace": _decimal(customers), "needed": _decimal(self.needed)}
        reached = customers >= self.needed or tenth(customers) >= tenth(self.needed)  # as the owner reads them
        return Reason("paying_off" if reached else "below_break_even", ("customers",), pace)

    def what_to_change(self) -> list[Reason]:
        """Too few new customers: too few enquiries, or enquiries that do not become customers."""
        leads, customers = self.per_month("leads"), self.per_month("customers")
        if self.needed is None or leads is None or customers is None:
            return []
        wanted = self.needed / self.conversion if self.conversion else None
        if wanted is not None and leads < wanted:
            return [Reason("few_enquiries", ("leads",), {"leads": _decimal(leads), "wanted": _decimal(wanted)})]
        return [Reason("few_become_customers", ("leads", "customers"),
                       {"leads": _decimal(leads), "customers": _decimal(customers)})]


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


def tenth(value: Fraction) -> Fraction:
    """A pace to a tenth, half up, as it is told: 1.96 new customers a month read "2", and count as 2."""
    return Fraction(math.floor(value * 10 + Fraction(1, 2)), 10)


def _given(checkins: list[Checkin], key: str) -> Decimal:
    return _decimal(sum((value for c in checkins if (value := c.complete(key)) is not None), Fraction(0)))


def _decimal(value: Fraction) -> Decimal:
    """An exact figure as a Decimal: exact whenever it has a finite decimal form (a sum of amounts given)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def _earlier(values: list[float | None]) -> float | None:
    return values[-2] if len(values) > 1 else None


def _concentrate(networks: list[str], checkins: list[Checkin], started: datetime) -> tuple[str | None, str | None]:
    """The network to focus on and the one to drop, when one clearly does the work over enough time."""
    if len(networks) < 2:
        return None, None
    done, span = f.shares_of_work(checkins, started, networks, FOCUS_WINDOW)
    if len(done) != 2 or span < MIN_FOCUS_DAYS:
        return None, None
    (strong, most), (weak, least) = sorted(done.items(), key=lambda item: item[1], reverse=True)
    if most >= MIN_FOCUS_VOLUME and most >= OUTPERFORM * max(least, Fraction(1)):
        return strong, weak
    return None, None


def decision_point(months: int, decided: set[int]) -> int | None:
    """The decision point the owner has reached and not yet decided at (the later one first), if any."""
    reached = [point for point in DECISION_POINTS if months >= point and point not in decided]
    return reached[-1] if reached else None
