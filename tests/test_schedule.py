"""Check-in due times: local wall clock across DST, month ends, missed periods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.app.rhythm import Rhythm, find_timezone, first_due, next_due

ZONES = st.sampled_from(["Europe/Berlin", "Europe/Paris", "Europe/Vienna", "Europe/Zurich",
                         "America/Toronto", "Indian/Reunion"])
MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31),
                       timezones=st.just(UTC))


@given(MOMENTS, ZONES, st.sampled_from(["weekly", "biweekly", "monthly"]), st.integers(0, 6),
       st.integers(6, 21))
def test_due_times_stay_on_the_local_clock(now, zone, every, weekday, hour):
    rhythm = Rhythm(every, weekday, hour, zone)
    due = first_due(rhythm, now)
    assert now < due <= now + timedelta(days=7, hours=2)
    local = due.astimezone(ZoneInfo(zone))
    assert (local.weekday(), local.hour, local.minute) == (weekday, hour, 0)
    anchor = local.day
    for _ in range(14):
        following = next_due(rhythm, due, anchor, due)
        local = following.astimezone(ZoneInfo(zone))
        assert local.hour == hour and following > due
        if every == "weekly":
            assert local.weekday() == weekday and (local.date() - due.astimezone(ZoneInfo(zone)).date()).days == 7
        elif every == "biweekly":
            assert (local.date() - due.astimezone(ZoneInfo(zone)).date()).days == 14
        else:
            assert local.day == min(anchor, _days_in_month(local))
        due = following


def _days_in_month(moment: datetime) -> int:
    first_next = (moment.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (first_next - timedelta(days=1)).day


def test_nine_in_berlin_stays_nine_across_the_spring_and_autumn_changes():
    rhythm = Rhythm("weekly", 0, 9, "Europe/Berlin")
    before_spring = datetime(2027, 3, 22, 8, tzinfo=UTC)  # Monday 9:00 CET
    after_spring = next_due(rhythm, before_spring, 22, before_spring)
    assert after_spring == datetime(2027, 3, 29, 7, tzinfo=UTC)  # 9:00 CEST
    before_autumn = datetime(2027, 10, 25, 7, tzinfo=UTC)  # 9:00 CEST; clocks go back on the 31st
    assert next_due(rhythm, before_autumn, 25, before_autumn) == datetime(2027, 11, 1, 8, tzinfo=UTC)


def test_monthly_on_the_31st_in_short_months():
    rhythm = Rhythm("monthly", 4, 9, "Europe/Paris")
    due = datetime(2027, 1, 31, 8, tzinfo=UTC)
    seen = []
    for _ in range(4):
        due = next_due(rhythm, due, 31, due)
        seen.append(due.astimezone(ZoneInfo("Europe/Paris")).date().isoformat())
    assert seen == ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]


def test_missed_periods_while_down_are_not_replayed():
    rhythm = Rhythm("weekly", 2, 10, "Europe/Berlin")
    old = datetime(2027, 1, 6, 9, tzinfo=UTC)
    now = old + timedelta(days=30)
    following = next_due(rhythm, old, 6, now)
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
