"""Check-in due times: local wall clock and weekday across DST, month ends, missed periods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.app.rhythm import Rhythm, find_timezone, first_due, next_due, period_after, week_of_month, working_day
from bot.i18n.markets import MARKETS, Market, regions
from bot.storage import LAST_WEEK

ZONES = st.sampled_from(["Europe/Berlin", "Europe/Paris", "Europe/Vienna", "Europe/Zurich",
                         "America/Toronto", "Indian/Reunion"])
MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31),
                       timezones=st.just(UTC))


@given(MOMENTS, ZONES, st.sampled_from(["weekly", "biweekly", "monthly"]), st.integers(0, 6),
       st.integers(6, 21), st.integers(0, 60))
def test_due_times_stay_on_the_local_clock_and_weekday(now, zone, every, weekday, hour, days_since):
    since = now - timedelta(days=days_since)
    due, rhythm = first_due(Rhythm(every, weekday, hour, zone), since, now)
    local = due.astimezone(ZoneInfo(zone))
    assert due > now and local.date() >= period_after(every, since.astimezone(ZoneInfo(zone)).date())
    assert (local.weekday(), local.hour, local.minute) == (weekday, hour, 0)
    for _ in range(14):
        following = next_due(rhythm, due, due)
        local, before = following.astimezone(ZoneInfo(zone)), due.astimezone(ZoneInfo(zone))
        gap = (local.date() - before.date()).days
        assert local.hour == hour and local.weekday() == weekday and following > due
        if every == "weekly":
            assert gap == 7
        elif every == "biweekly":
            assert gap == 14
        else:
            assert 28 <= gap <= 35
            if rhythm.week == LAST_WEEK:  # the month's last: a week later is the next month
                assert (local.date() + timedelta(weeks=1)).month != local.month
            else:
                assert week_of_month(local.date()) == rhythm.week
        due = following


def test_nine_in_berlin_stays_nine_across_the_spring_and_autumn_changes():
    rhythm = Rhythm("weekly", 0, 9, "Europe/Berlin")
    before_spring = datetime(2027, 3, 22, 8, tzinfo=UTC)  # Monday 9:00 CET
    after_spring = next_due(rhythm, before_spring, before_spring)
    assert after_spring == datetime(2027, 3, 29, 7, tzinfo=UTC)  # 9:00 CEST
    before_autumn = datetime(2027, 10, 25, 7, tzinfo=UTC)  # 9:00 CEST; clocks go back on the 31st
    assert next_due(rhythm, before_autumn, before_autumn) == datetime(2027, 11, 1, 8, tzinfo=UTC)


def test_monthly_on_the_last_friday_in_short_months():
    rhythm = Rhythm("monthly", 4, 9, "Europe/Paris", week=LAST_WEEK)
    due = datetime(2027, 1, 29, 8, tzinfo=UTC)
    seen = []
    for _ in range(4):
        due = next_due(rhythm, due, due)
        seen.append(due.astimezone(ZoneInfo("Europe/Paris")).date().isoformat())
    assert seen == ["2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28"]


def test_missed_periods_while_down_are_not_replayed():
    rhythm = Rhythm("weekly", 2, 10, "Europe/Berlin")
    old = datetime(2027, 1, 6, 9, tzinfo=UTC)
    now = old + timedelta(days=30)
    following = next_due(rhythm, old, now)
    assert now < following <= now + timedelta(days=7)


def test_time_zone_from_city_names_and_iana():
    assert find_timezone("Wien") == "Europe/Vienna"
    assert find_timezone(" genève ") == "Europe/Zurich"
    assert find_timezone("europe/berlin") == "Europe/Berlin"
    assert find_timezone("Paris") == "Europe/Paris"
    assert find_timezone("New York") == "America/New_York"
    assert find_timezone("Atlantis") is None and find_timezone("") is None


def test_a_time_zone_is_named_by_its_city_in_the_owners_language():
    from bot.i18n import use_locale
    from bot.render.schedule import zone_name

    with use_locale("fr_CA"):
        assert zone_name("America/Toronto") == "heure de Toronto"
    with use_locale("de_CH"):
        assert zone_name("Europe/Zurich") == "Ortszeit Zürich"
    with use_locale("fr"):
        assert (zone_name("Europe/Zurich"), zone_name("UTC")) == ("heure de Zurich", "UTC")


MARKET_CHOICES = st.sampled_from(MARKETS).flatmap(
    lambda country: st.builds(Market, st.just(country), st.sampled_from((None, *regions(country)))))


@given(MOMENTS, MARKET_CHOICES, st.booleans())
def test_a_moved_reminder_is_on_a_working_day_at_the_same_hour(moment, market, sunday):
    before = moment.astimezone(ZoneInfo(market.timezone))
    assume(6 <= before.hour <= 21)  # the hours reminders are sent at: no clock change happens then
    moved = working_day(moment, market.timezone, market, sunday=sunday)
    after = moved.astimezone(ZoneInfo(market.timezone))
    assert not market.is_holiday(after.date()) and (sunday or after.weekday() != 6)
    assert (after.hour, after.minute, after.second) == (before.hour, before.minute, before.second)
    assert moment <= moved <= moment + timedelta(days=7)
