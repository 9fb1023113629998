"""Check-in schedules: set, pause, resume, stop, snooze, skip; and which reminders are due.

The rules of when (time zones, months of different lengths) are in
`bot.app.rhythm`; this module keeps the schedule in storage.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app.callers import market_of
from bot.app.rhythm import DEFAULT_TIMEZONES, Rhythm, first_due, next_due, working_day
from bot.app.services import Services
from bot.storage import Schedule

# What the owner may do with a schedule, and the status it leaves.
STATUSES = {"pause": "paused", "resume": "active", "stop": "stopped"}


def local_zone(services: Services, user_id: int) -> ZoneInfo:
    """The owner's zone: what every date shown to them is told in (a verdict at 23:30 UTC in Zurich is of the
    next day there)."""
    return ZoneInfo(user_timezone(services, user_id))


def schedule_of(services: Services, user_id: int) -> Schedule | None:
    return services.store.schedule(user_id)


def user_timezone(services: Services, user_id: int) -> str:
    """The zone the owner named, else their country's (or region's), else their language's usual one."""
    user = services.store.user(user_id)
    if user is not None and user.timezone:
        return user.timezone
    market = market_of(user)
    if market is not None:
        return market.timezone
    return DEFAULT_TIMEZONES.get((user and user.language) or "", "Europe/Paris")


def set_rhythm(services: Services, user_id: int, every: str, weekday: int, hour: int, now: datetime) -> datetime:
    """Schedule check-ins; returns the first due time (off a public holiday)."""
    rhythm = Rhythm(every, weekday, hour, user_timezone(services, user_id))
    beat = first_due(rhythm, now)
    due = _off_holidays(services, user_id, beat, rhythm)
    services.store.save_schedule(Schedule(
        user_id, every=every, weekday=weekday, hour=hour, timezone=rhythm.timezone,
        anchor_day=beat.astimezone(ZoneInfo(rhythm.timezone)).day, status="active",
        next_due_at=due, period_due_at=beat, last_sent_at=None))
    return due


def rhythm_of(schedule: Schedule) -> Rhythm:
    return Rhythm(schedule.every, schedule.weekday, schedule.hour, schedule.timezone)


def _off_holidays(services: Services, user_id: int, beat: datetime, rhythm: Rhythm) -> datetime:
    """When the reminder of `beat` goes out: on the next working day if `beat` is a public holiday."""
    return working_day(beat, rhythm.timezone, market_of(services.store.user(user_id)),
                       sunday=rhythm.weekday == calendar.SUNDAY)


def _next_period(services: Services, schedule: Schedule, now: datetime) -> tuple[datetime, datetime]:
    """The rhythm's current beat if still ahead, else its next one after `now`; and when its reminder
    is due (the beat, or the next working day after a public holiday)."""
    rhythm = rhythm_of(schedule)
    beat = next_due(rhythm, schedule.period_due_at, schedule.anchor_day, now)
    return beat, _off_holidays(services, schedule.user_id, beat, rhythm)


def set_status(services: Services, user_id: int, status: str, now: datetime) -> Schedule | None:
    """Pause, resume or stop; resuming moves a missed due time to the next on the rhythm."""
    schedule = services.store.schedule(user_id)
    if schedule is None:
        return None
    with services.store.transaction():
        services.store.set_schedule_status(user_id, status)
        if status == "active":
            beat, due = _next_period(services, schedule, now)
            services.store.set_schedule_due(user_id, due, beat)
    return services.store.schedule(user_id)


def change_timezone(services: Services, user_id: int, zone: str, now: datetime) -> Schedule | None:
    """Use `zone` for the user; a schedule keeps its weekday and hour on the new wall clock."""
    services.store.set_timezone(user_id, zone)
    return reschedule(services, user_id, now)


def reschedule(services: Services, user_id: int, now: datetime) -> Schedule | None:
    """Set the schedule again after the user's zone or country changed: same weekday and hour, their new
    wall clock and holidays, same status."""
    schedule = services.store.schedule(user_id)
    if schedule is not None:
        set_rhythm(services, user_id, schedule.every, schedule.weekday, schedule.hour, now)
        if schedule.status != "active":
            services.store.set_schedule_status(user_id, schedule.status)
    return services.store.schedule(user_id)


def due(services: Services, now: datetime, limit: int = 500) -> list[Schedule]:
    return services.store.due_schedules(now, limit)


def mark_sent(services: Services, schedule: Schedule, now: datetime) -> None:
    """After a reminder went out: the next one is the rhythm's next beat after now."""
    beat, due = _next_period(services, schedule, now)
    services.store.set_schedule_due(schedule.user_id, due, beat, sent_at=now)


def snooze(services: Services, user_id: int, now: datetime) -> datetime:
    """Remind again in a day; the rhythm's own beat is unchanged."""
    again = now + timedelta(days=1)
    services.store.set_schedule_due(user_id, again)
    return again


def skip_period(services: Services, user_id: int, now: datetime) -> datetime | None:
    """Drop this period's check-in; the next reminder comes on the rhythm."""
    schedule = services.store.schedule(user_id)
    if schedule is None:
        return None
    beat, due = _next_period(services, schedule, now)
    services.store.set_schedule_due(user_id, due, beat)
    return due


def stop_for_blocked(services: Services, user_id: int) -> None:
    """The user blocked the bot: no more reminders until they come back."""
    if services.store.schedule(user_id) is not None:
        services.store.set_schedule_status(user_id, "blocked")
