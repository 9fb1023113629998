"""Paces, revenue a month, cost so far and the sales judgement over random check-in histories (networks, skipped
figures, uneven intervals, re-assessments), against an independent exact computation with fractions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from cases import BUTCHER
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from bot.advisor import assess
from bot.advisor.figures import Checkin
from bot.advisor.progress import advise, kpi_paces

ZONE = ZoneInfo("Europe/Paris")  # the owner's: periods count their calendar days, across summer time too
START = datetime(2027, 1, 4, 9, tzinfo=UTC).astimezone(ZONE)
MONTH = Fraction(36525, 1200)  # days: a year of 365.25 days over twelve
WEEK = 7
VERDICT = assess(BUTCHER)  # two new customers a month pay for it; an hour costs 35 €
NEEDED, HOURLY = 2, 35
PAIRS = (("facebook", "instagram"), ("instagram", "facebook"), ("instagram", None))

figure = st.none() | st.integers(min_value=0, max_value=500)
amount = st.none() | st.integers(min_value=0, max_value=40_000).map(lambda cents: Fraction(cents, 100))
step = st.fixed_dictionaries({
    "minutes": st.integers(min_value=1, max_value=60 * 24 * 90),
    "reassess": st.none() | st.integers(min_value=0, max_value=60 * 24 * 20),  # minutes before this check-in
    "pair": st.sampled_from(PAIRS),
    "followers_1": figure, "followers_2": figure, "messages_1": figure, "messages_2": figure,
    "leads": figure, "customers": figure, "revenue": amount, "hours": amount, "money": amount,
})
histories = st.lists(step, min_size=1, max_size=9)


@dataclass
class Plan:
    start: datetime
    checkins: list[Checkin]


def play(drawn) -> list[Plan]:
    """The check-ins, each knowing the one before it, grouped by the plan they measured (a re-assessment
    starts a new one, with the networks drawn for it)."""
    plans, at, previous, pair = [Plan(START, [])], START, None, PAIRS[0]
    for one in drawn:
        at += timedelta(minutes=one["minutes"])
        if one["reassess"] is not None and max(at - timedelta(minutes=one["reassess"]), previous or START) > \
                plans[-1].start:
            plans.append(Plan(max(at - timedelta(minutes=one["reassess"]), previous or START), []))
            pair = one["pair"]
        answers = {"network_1": pair[0], "followers_1": one["followers_1"], "messages_1": one["messages_1"]}
        if pair[1]:
            answers |= {"network_2": pair[1], "followers_2": one["followers_2"], "messages_2": one["messages_2"]}
        answers |= {key: one[key] for key in ("leads", "customers", "revenue", "hours", "money")}
        checkin = Checkin(at, {key: float(value) if isinstance(value, Fraction) else value
                               for key, value in answers.items()}, previous)
        plans[-1].checkins.append(checkin)
        previous = at
    return [plan for plan in plans if plan.checkins]


def days(checkin: Checkin, plan: Plan) -> int:
    return (checkin.at.date() - (checkin.since or plan.start).date()).days


def value(checkin: Checkin, key: str) -> Fraction | None:
    given = checkin.answers.get(key)
    return None if given is None else Fraction(str(given))


def flow(plan: Plan, *keys: str) -> list[Fraction | None]:
    """Per month over the owner's days each check-in covers; missing when any network's figure was skipped."""
    paces = []
    for checkin in plan.checkins:
        asked = [value(checkin, key) for key in keys if key in checkin.answers]
        if not asked or None in asked or days(checkin, plan) < WEEK:
            paces.append(None)
        else:
            paces.append(sum(asked) * MONTH / days(checkin, plan))
    return paces


def followers(plan: Plan) -> list[Fraction | None]:
    """Each network grows from its own last count, over its own days; missing when one asked was skipped."""
    last: dict[str, tuple[datetime, Fraction]] = {}
    paces = []
    for checkin in plan.checkins:
        counts = {checkin.answers[f"network_{i}"]: value(checkin, f"followers_{i}")
                  for i in (1, 2) if f"followers_{i}" in checkin.answers}
        growth = []
        for network, count in counts.items():
            if count is not None and network in last and (checkin.at.date() - last[network][0].date()).days >= WEEK:
                growth.append((count - last[network][1]) * MONTH / (checkin.at.date() - last[network][0].date()).days)
        paces.append(sum(growth) if len(growth) == len(counts) else None)
        last |= {network: (checkin.at, count) for network, count in counts.items() if count is not None}
    return paces


def per_month(plan: Plan, key: str) -> Fraction | None:
    given = [(value(c, key), days(c, plan)) for c in plan.checkins if value(c, key) is not None]
    covered = sum(d for _v, d in given)
    return None if not given or covered < WEEK else sum(v for v, _d in given) * MONTH / covered


def total(plan: Plan, key: str) -> Fraction | None:
    """Given figures, and each skipped one at the pace of those given; None if nothing can stand in."""
    given = [(value(c, key), days(c, plan)) for c in plan.checkins if value(c, key) is not None]
    covered = sum(d for _v, d in given)
    skipped = [days(c, plan) for c in plan.checkins if value(c, key) is None]
    if skipped and not covered:
        return None
    return sum(v for v, _d in given) + sum(Fraction(d) * sum(v for v, _d in given) / covered for d in skipped)


def cost(plan: Plan) -> Fraction | None:
    hours, money = total(plan, "hours"), total(plan, "money")
    if hours is None or all(value(c, "hours") is None for c in plan.checkins):
        return None
    if all(value(c, "money") is None for c in plan.checkins):
        return hours * HOURLY  # no spending ever given: the time alone
    return None if money is None else hours * HOURLY + money


def judgement(plan: Plan) -> str | None:
    last = plan.checkins[-1].at.date()
    delta = relativedelta(last, plan.start.date())
    if delta.years * 12 + delta.months < 6:
        return None
    customers, leads = per_month(plan, "customers"), per_month(plan, "leads")
    if customers is None:
        return "customers_not_told"
    if not customers and not leads:
        return "nothing_after_horizon"
    exact = Decimal(customers.numerator) / Decimal(customers.denominator)
    shown = Fraction(exact.quantize(Decimal("0.1"), ROUND_HALF_UP))  # as told: 1.96 a month reads, and counts, as 2
    return "paying_off" if customers >= NEEDED or shown >= NEEDED else "below_break_even"


def matches(told: list[float | None] | None, expected: list[Fraction | None]) -> bool:
    """Told to one decimal: within half a tenth of the exact pace, and missing exactly where it is missing."""
    told = told or [None] * len(expected)
    near = Fraction(1, 20) + Fraction(1, 10**9)  # half a tenth, and the float's last bits
    return all((a is None) == (b is None) and (a is None or abs(Fraction(a) - b) <= near)
               for a, b in zip(told, expected, strict=True))


@given(histories)
def test_paces_leave_skipped_figures_out_and_count_the_owners_days_of_each_period(drawn):
    for plan in play(drawn):
        paces = kpi_paces(plan.checkins, plan.start)
        assert matches(paces.get("enquiries"), flow(plan, "leads"))
        assert matches(paces.get("messages"), flow(plan, "messages_1", "messages_2"))
        assert matches(paces.get("followers"), followers(plan))


@given(histories)
def test_a_weekly_target_is_paced_per_week(drawn):
    for plan in play(drawn):
        weekly = kpi_paces(plan.checkins, plan.start, {"enquiries": "week"}).get("enquiries")
        expected = [None if pace is None else pace * WEEK / MONTH for pace in flow(plan, "leads")]
        assert matches(weekly, expected)


@given(histories)
def test_revenue_a_month_cost_so_far_and_the_sales_judgement_are_exact(drawn):
    for plan in play(drawn):
        advice = advise(VERDICT, plan.start, plan.checkins, plan.checkins[-1].at)
        revenue = per_month(plan, "revenue")
        assert (advice.revenue_per_month is None) == (revenue is None)
        assert revenue is None or abs(Fraction(advice.revenue_per_month) - revenue) < Fraction(1, 10**20)
        spent = cost(plan)
        assert (advice.cost_so_far is None) == (spent is None)
        assert spent is None or abs(Fraction(advice.cost_so_far) - spent) < Fraction(1, 10**20)
        codes = [reason.code for reason in advice.reasons]
        expected = judgement(plan)
        if expected is None:
            assert not {"paying_off", "below_break_even", "nothing_after_horizon", "customers_not_told"} & set(codes)
        else:
            assert expected in codes
            assert advice.choice == {"paying_off": "continue", "nothing_after_horizon": "reevaluate"}.get(
                expected, advice.choice)
