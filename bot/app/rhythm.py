"""When the next check-in falls due, in the owner's own time zone (pure rules, no storage).

Times are computed on the local wall clock and only then turned into UTC,
so 9:00 in Berlin stays 9:00 in Berlin across daylight-saving changes. The
weekday the owner chose holds for every rhythm: weekly and every two weeks
on that day, monthly on the same one of that weekday in each month ("the
second Thursday"), set by the first check-in and "the last" from the 29th
on, since not every month has a fifth. A period counts in the owner's days:
the first check-in comes on the first chosen weekday a full period (a week,
two, a calendar month) after the day of the verdict or of the last check-in.
A reminder that would fall on a public holiday of the owner's country and
region, or on a Sunday (unless the owner chose Sundays), comes on the next
working day at the same hour (Saturday works in shops and trades); the rhythm
itself stays on its beat.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from bot.i18n.markets import Market
from bot.storage import LAST_WEEK

RHYTHMS = ("weekly", "biweekly", "monthly")
DEFAULT_TIMEZONES = {"fr": "Europe/Paris", "de": "Europe/Berlin"}

# City names owners type, in French and German spelling, that are not the IANA city.
_CITY_ALIASES = {
    "munchen": "Europe/Berlin", "münchen": "Europe/Berlin", "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin", "köln": "Europe/Berlin", "koln": "Europe/Berlin", "cologne": "Europe/Berlin",
    "frankfurt": "Europe/Berlin", "stuttgart": "Europe/Berlin", "düsseldorf": "Europe/Berlin",
    "leipzig": "Europe/Berlin", "dresden": "Europe/Berlin", "hannover": "Europe/Berlin",
    "nürnberg": "Europe/Berlin", "bremen": "Europe/Berlin", "deutschland": "Europe/Berlin",
    "wien": "Europe/Vienna", "vienne": "Europe/Vienna", "graz": "Europe/Vienna", "linz": "Europe/Vienna",
    "salzburg": "Europe/Vienna", "innsbruck": "Europe/Vienna", "österreich": "Europe/Vienna",
    "genf": "Europe/Zurich", "genève": "Europe/Zurich", "geneve": "Europe/Zurich", "geneva": "Europe/Zurich",
    "bern": "Europe/Zurich", "berne": "Europe/Zurich", "basel": "Europe/Zurich", "bâle": "Europe/Zurich",
    "lausanne": "Europe/Zurich", "zürich": "Europe/Zurich", "zurich": "Europe/Zurich",
    "schweiz": "Europe/Zurich", "suisse": "Europe/Zurich", "lucerne": "Europe/Zurich", "luzern": "Europe/Zurich",
    "lyon": "Europe/Paris", "marseille": "Europe/Paris", "toulouse": "Europe/Paris", "lille": "Europe/Paris",
    "bordeaux": "Europe/Paris", "nantes": "Europe/Paris", "strasbourg": "Europe/Paris", "nice": "Europe/Paris",
    "france": "Europe/Paris", "bruxelles": "Europe/Brussels", "brüssel": "Europe/Brussels",
    "liège": "Europe/Brussels", "liege": "Europe/Brussels", "belgique": "Europe/Brussels",
    "québec": "America/Toronto", "quebec": "America/Toronto", "montréal": "America/Toronto",
    "montreal": "America/Toronto", "dakar": "Africa/Dakar", "abidjan": "Africa/Abidjan",
    "la réunion": "Indian/Reunion", "réunion": "Indian/Reunion", "martinique": "America/Martinique",
    "guadeloupe": "America/Guadeloupe", "bozen": "Europe/Rome", "südtirol": "Europe/Rome",
}


@dataclass(frozen=True)
class Rhythm:
    """What the owner chose: how often, which weekday (0 = Monday), which hour, where; for a monthly
    rhythm, which of that weekday in the month (1 to 4, or LAST_WEEK), set by the first check-in."""

    every: str
    weekday: int
    hour: int
    timezone: str
    week: int = 1

    @property
    def sunday(self) -> bool:
        """Whether the owner chose Sundays, so a Sunday is a working day for them."""
        return self.weekday == calendar.SUNDAY


def find_timezone(text: str) -> str | None:
    """An IANA zone from what an owner typed: 'Europe/Vienna', 'Wien', 'genève', 'paris'."""
    wanted = " ".join(text.strip().split()).casefold()
    if not wanted:
        return None
    if wanted in _CITY_ALIASES:
        return _CITY_ALIASES[wanted]
    for zone in _zones():
        if zone.casefold() == wanted or zone.split("/")[-1].replace("_", " ").casefold() == wanted:
            return zone
    return None


def _zones() -> list[str]:
    return sorted(available_timezones())


def at_hour(day: date, rhythm: Rhythm) -> datetime:
    """The UTC instant of `rhythm.hour` o'clock on `day`, on the owner's wall clock."""
    local = datetime.combine(day, time(rhythm.hour), tzinfo=ZoneInfo(rhythm.timezone))
    return local.astimezone(UTC)


def local_day(moment: datetime, timezone: str) -> date:
    """The owner's day at `moment`."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def period_after(every: str, day: date) -> date:
    """The owner's day one full period after `day`: a week, two, or a calendar month (the 31st of January
    gives the 28th of February)."""
    if every != "monthly":
        return day + timedelta(weeks=2 if every == "biweekly" else 1)
    year, month = _month_after(day)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_after(day: date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def week_of_month(day: date) -> int:
    """Which of its weekday in the month `day` is: 1 to 4, or LAST_WEEK from the 29th."""
    return LAST_WEEK if day.day > 28 else (day.day - 1) // 7 + 1


def _in_month(year: int, month: int, rhythm: Rhythm) -> date:
    """The rhythm's weekday of that month: its first, second... or last."""
    if rhythm.week == LAST_WEEK:
        end = date(year, month, calendar.monthrange(year, month)[1])
        return end - timedelta(days=(end.weekday() - rhythm.weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(rhythm.weekday - first.weekday()) % 7 + 7 * (rhythm.week - 1))


def _weekday_from(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def beat_from(rhythm: Rhythm, day: date) -> date:
    """The first day of the rhythm on or after `day`."""
    if rhythm.every != "monthly":
        return _weekday_from(day, rhythm.weekday)
    beat = _in_month(day.year, day.month, rhythm)
    return beat if beat >= day else _in_month(*_month_after(day), rhythm)


def first_due(rhythm: Rhythm, since: datetime, now: datetime) -> tuple[datetime, Rhythm]:
    """The first check-in a full period after `since` (the verdict, or the last check-in), on the chosen
    weekday and still ahead of `now`; and the rhythm it sets (for a monthly one, the week of the month)."""
    day = max(period_after(rhythm.every, local_day(since, rhythm.timezone)), local_day(now, rhythm.timezone))
    beat = _weekday_from(day, rhythm.weekday)
    if at_hour(beat, rhythm) <= now:
        beat += timedelta(weeks=1)
    rhythm = replace(rhythm, week=week_of_month(beat))
    return at_hour(beat, rhythm), rhythm


def following_due(rhythm: Rhythm, since: datetime) -> datetime:
    """The rhythm's first beat a full period after `since` (an early check-in): the rhythm goes on from it."""
    return at_hour(beat_from(rhythm, period_after(rhythm.every, local_day(since, rhythm.timezone))), rhythm)


def next_due(rhythm: Rhythm, previous_due: datetime, now: datetime) -> datetime:
    """The next due time after `previous_due` that lies ahead of `now`.

    Periods missed while the bot was down are not sent one by one: the owner
    gets one check-in now (the caller does that) and the next on the rhythm.
    """
    day = local_day(previous_due, rhythm.timezone)
    due = previous_due
    while due <= now:
        # A month on, less a week: the same weekday of the next month, even from a beat that was not on it.
        day = beat_from(rhythm, period_after(rhythm.every, day) - timedelta(weeks=1)) \
            if rhythm.every == "monthly" else period_after(rhythm.every, day)
        due = at_hour(day, rhythm)
    return due


def working_day(due: datetime, timezone: str, market: Market | None, sunday: bool = False) -> datetime:
    """`due`, or if that is a public holiday in `market` or a Sunday, the same hour on the next working day
    (`sunday`: the owner chose Sundays, so a Sunday is one)."""
    zone = ZoneInfo(timezone)
    local = due.astimezone(zone)
    day = local.date()
    while (market is not None and market.is_holiday(day)) or (day.weekday() == calendar.SUNDAY and not sunday):
        day += timedelta(days=1)
    return due if day == local.date() else datetime.combine(day, local.time(), tzinfo=zone).astimezone(UTC)
