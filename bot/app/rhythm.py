"""When the next check-in falls due, in the owner's own time zone (pure rules, no storage).

Times are computed on the local wall clock and only then turned into UTC,
so 9:00 in Berlin stays 9:00 in Berlin across daylight-saving changes. A
monthly check-in keeps the day of the month it started on, clamped to the
month's length (the 31st becomes the 30th in November, the 28th or 29th in
February, and the 31st again in December). A reminder that would fall on a
public holiday of the owner's country and region comes on the next working day
at the same hour (Saturday works in shops and trades, Sunday only for an owner
who chose it); the rhythm itself stays on its beat.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from bot.i18n.markets import Market

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
    """What the owner chose: how often, which weekday (0 = Monday), which hour, where."""

    every: str
    weekday: int
    hour: int
    timezone: str


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


def _at(day: date, rhythm: Rhythm) -> datetime:
    """The UTC instant of `rhythm.hour` o'clock on `day`, on the owner's wall clock."""
    local = datetime.combine(day, time(rhythm.hour), tzinfo=ZoneInfo(rhythm.timezone))
    return local.astimezone(UTC)


def first_due(rhythm: Rhythm, now: datetime) -> datetime:
    """The first chosen weekday at the chosen hour that is still ahead of `now`."""
    today = now.astimezone(ZoneInfo(rhythm.timezone)).date()
    day = today + timedelta(days=(rhythm.weekday - today.weekday()) % 7)
    due = _at(day, rhythm)
    return due if due > now else _at(day + timedelta(weeks=1), rhythm)


def _add_month(day: date, anchor_day: int) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(anchor_day, calendar.monthrange(year, month)[1]))


def next_due(rhythm: Rhythm, previous_due: datetime, anchor_day: int, now: datetime) -> datetime:
    """The next due time after `previous_due` that lies ahead of `now`.

    Periods missed while the bot was down are not sent one by one: the owner
    gets one check-in now (the caller does that) and the next on the rhythm.
    """
    local_day = previous_due.astimezone(ZoneInfo(rhythm.timezone)).date()
    due = previous_due
    while due <= now:
        if rhythm.every == "monthly":
            local_day = _add_month(local_day, anchor_day)
        else:
            local_day += timedelta(weeks=2 if rhythm.every == "biweekly" else 1)
        due = _at(local_day, rhythm)
    return due


def working_day(due: datetime, timezone: str, market: Market | None, sunday: bool = False) -> datetime:
    """`due`, or if that is a public holiday in `market`, the same hour on the next working day
    (`sunday`: the owner chose Sundays, so a Sunday is one)."""
    zone = ZoneInfo(timezone)
    local = due.astimezone(zone)
    day = local.date()
    if market is None or not market.is_holiday(day):
        return due
    while market.is_holiday(day) or (day.weekday() == calendar.SUNDAY and not sunday):
        day += timedelta(days=1)
    return datetime.combine(day, local.time(), tzinfo=zone).astimezone(UTC)
