"""KPI paces over uneven intervals and skipped figures, against an independent exact computation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from bot.advisor.progress import Checkin, kpi_paces

START = datetime(2027, 1, 4, 9, tzinfo=UTC)
MONTH = Fraction(36525, 1200)  # days: a year of 365.25 days over twelve
WEEK = 7

figures = st.none() | st.integers(min_value=0, max_value=5000)
checkins = st.lists(st.tuples(st.integers(min_value=1, max_value=60 * 24 * 90), figures, figures),
                    min_size=1, max_size=8)  # (minutes since the previous check-in, followers, enquiries)


def timeline(drawn) -> list[Checkin]:
    at, made = START, []
    for minutes, followers, leads in drawn:
        at += timedelta(minutes=minutes)
        made.append(Checkin(at, {"followers_1": followers, "leads": leads}))
    return made


def days_between(earlier: datetime, later: datetime) -> Fraction:
    return Fraction(int((later - earlier).total_seconds()), 86400)


def expected_flow(done: list[Checkin]) -> list[Fraction | None]:
    """Enquiries per month: what came in, over the days since the check-in before (the first: the start)."""
    paces, previous = [], START
    for checkin in done:
        days, leads = days_between(previous, checkin.at), checkin.answers["leads"]
        paces.append(None if leads is None or days < WEEK else leads * MONTH / days)
        previous = checkin.at
    return paces


def expected_level(done: list[Checkin]) -> list[Fraction | None]:
    """Followers gained per month, from the last count given; nothing without an earlier count."""
    paces, last = [], None
    for checkin in done:
        count = checkin.answers["followers_1"]
        if count is None or last is None or days_between(last[0], checkin.at) < WEEK:
            paces.append(None)
        else:
            paces.append((count - last[1]) * MONTH / days_between(last[0], checkin.at))
        if count is not None:
            last = (checkin.at, count)
    return paces


def matches(told: list[float | None] | None, expected: list[Fraction | None]) -> bool:
    """Told to one decimal: within half a tenth of the exact pace, and missing exactly where it is missing."""
    told = told or [None] * len(expected)
    near = Fraction(1, 20) + Fraction(1, 10**9)  # half a tenth, and the float's last bits
    return all((a is None) == (b is None) and (a is None or abs(Fraction(a) - b) <= near)
               for a, b in zip(told, expected, strict=True))


@given(checkins)
def test_flows_and_levels_are_paced_over_the_real_time_and_skipped_figures_stay_missing(drawn):
    done = timeline(drawn)
    paces = kpi_paces(done, START)
    assert matches(paces.get("enquiries"), expected_flow(done))
    assert matches(paces.get("followers"), expected_level(done))


@given(checkins)
def test_a_weekly_target_is_paced_per_week(drawn):
    done = timeline(drawn)
    monthly = kpi_paces(done, START).get("enquiries")
    weekly = kpi_paces(done, START, {"enquiries": "week"}).get("enquiries")
    expected = [None if pace is None else pace * WEEK / MONTH for pace in expected_flow(done)]
    assert matches(weekly, expected) and (monthly is None) == (weekly is None)
