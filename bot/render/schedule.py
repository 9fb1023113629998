"""A check-in schedule in words: its rhythm, its state and the next date, on the owner's wall clock."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_timezone_location

from bot.i18n import N_, _, current_locale
from bot.i18n.numbers import babel_locale, format_clock, format_date
from bot.storage import LAST_WEEK, Schedule

RHYTHMS = {
    "weekly": N_("every week on {weekday} at {time}"),
    "biweekly": N_("every two weeks on {weekday} at {time}"),
}
# A monthly rhythm by which of its weekday in the month it takes (the 5th is the month's last).
MONTHLY = {
    1: N_("on the first {weekday} of each month at {time}"),
    2: N_("on the second {weekday} of each month at {time}"),
    3: N_("on the third {weekday} of each month at {time}"),
    4: N_("on the fourth {weekday} of each month at {time}"),
    LAST_WEEK: N_("on the last {weekday} of each month at {time}"),
}


def hour_text(hour: int) -> str:
    """An hour of the day as the owner's language writes it: '9 h', '09:00'."""
    return format_clock(time(hour), current_locale())


def rhythm_text(schedule: Schedule) -> str:
    """'every week on Monday at 09:00', 'on the second Thursday of each month at 09:00'."""
    weekday = get_day_names("wide", locale=babel_locale(current_locale()))[schedule.weekday]
    # Looked up outside _(), or Babel would take the key for a message.
    rhythm = MONTHLY[schedule.week_of_month] if schedule.every == "monthly" else RHYTHMS[schedule.every]
    return _(rhythm, weekday=weekday, time=hour_text(schedule.hour))


def zone_name(zone: str) -> str:
    """A time zone as an owner says it, by its city in their language: 'heure de Zurich', 'Ortszeit Zürich'.
    A zone without a city (UTC, Etc/GMT+1) keeps its identifier."""
    if "/" not in zone or zone.startswith("Etc/"):
        return zone
    return _("{city} time", city=get_timezone_location(zone, current_locale(), return_city=True))


def moment_text(moment: datetime, zone: str) -> str:
    """A due time on the owner's wall clock: 'Monday 4 January 2027 at 09:00'."""
    local = moment.astimezone(ZoneInfo(zone))
    locale = current_locale()
    return _("{date} at {time}", date=format_date(local.date(), locale, "full"),
             time=format_clock(local.time(), locale))


def schedule_text(schedule: Schedule | None) -> str:
    """Where the owner's check-ins stand: planned and when the next one is, paused, or none."""
    if schedule is None or schedule.status == "stopped":
        return _("No regular check-ins are planned.")
    rhythm = rhythm_text(schedule)
    if schedule.status == "asked":
        return _("Check-ins {rhythm} ({zone}) wait for your choice: pause them, change the rhythm or stop them.",
                 rhythm=rhythm, zone=zone_name(schedule.timezone))
    if schedule.status != "active":
        return _("Check-ins {rhythm} ({zone}) are paused.", rhythm=rhythm, zone=zone_name(schedule.timezone))
    return _("Check-ins {rhythm} ({zone}). Next one: {when}.", rhythm=rhythm, zone=zone_name(schedule.timezone),
             when=moment_text(schedule.next_due_at, schedule.timezone))
