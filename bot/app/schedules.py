"""Check-in schedules: set, pause, resume, stop, snooze, skip; and which reminders are due.

The rules of when (time zones, months of different lengths) are in
`bot.app.rhythm`; this module keeps the schedule in storage.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app.rhythm import DEFAULT_TIMEZONES, Rhythm, first_due, next_due
from bot.app.services import Services
from bot.storage import Schedule, iso

# What the owner may do with a schedule, and the status it leaves.
STATUSES = {"pause": "paused", "resume": "active", "stop": "stopped"}


def schedule_of(services: Services, user_id: int) -> Schedule | None:
    return services.store.schedule(user_id)


def user_timezone(services: Services, user_id: int) -> str:
    user = services.store.user(user_id)
    if user is not None and user.timezone:
        return user.timezone
    return DEFAULT_TIMEZONES.get((user and user.language) or "", "Europe/Paris")


def set_rhythm(services: Services, user_id: int, every: str, weekday: int, hour: int, now: datetime) -> datetime:
    """Schedule check-ins; returns the first due time."""
    rhythm = Rhythm(every, weekday, hour, user_timezone(services, user_id))
    due = first_due(rhythm, now)
    services.store.save_schedule(
        user_id, every=every, weekday=weekday, hour=hour, timezone=rhythm.timezone,
        anchor_day=due.astimezone(ZoneInfo(rhythm.timezone)).day, status="active",
        next_due_at=iso(due), period_due_at=iso(due), last_sent_at=None)
    return due


def rhythm_of(schedule: Schedule) -> Rhythm:
    return Rhythm(schedule.every, schedule.weekday, schedule.hour, schedule.timezone)


def _next_period(schedule: Schedule, now: datetime) -> datetime:
    """The rhythm's current beat if still ahead, else its next one after `now`."""
    return next_due(rhythm_of(schedule), schedule.period_due_at, schedule.anchor_day, now)


def set_status(services: Services, user_id: int, status: str, now: datetime) -> Schedule | None:
    """Pause, resume or stop; resuming moves a missed due time to the next on the rhythm."""
    schedule = services.store.schedule(user_id)
    if schedule is None:
        return None
    changes = {"status": status}
    if status == "active":
        period = iso(_next_period(schedule, now))
        changes.update(next_due_at=period, period_due_at=period)
    services.store.update_schedule(user_id, **changes)
    return services.store.schedule(user_id)


def change_timezone(services: Services, user_id: int, zone: str, now: datetime) -> Schedule | None:
    """Use `zone` for the user; a schedule keeps its weekday and hour on the new wall clock."""
    services.store.update_user(user_id, timezone=zone)
    schedule = services.store.schedule(user_id)
    if schedule is not None:
        set_rhythm(services, user_id, schedule.every, schedule.weekday, schedule.hour, now)
        if schedule.status != "active":
            services.store.update_schedule(user_id, status=schedule.status)
    return services.store.schedule(user_id)


def due(services: Services, now: datetime, limit: int = 500) -> list[Schedule]:
    return services.store.due_schedules(iso(now), limit)


def mark_sent(services: Services, schedule: Schedule, now: datetime) -> None:
    """After a reminder went out: the next one is the rhythm's next beat after now."""
    period = iso(_next_period(schedule, now))
    services.store.update_schedule(schedule.user_id, next_due_at=period, period_due_at=period, last_sent_at=iso(now))


def snooze(services: Services, user_id: int, now: datetime) -> datetime:
    """Remind again in a day; the rhythm's own beat is unchanged."""
    again = now + timedelta(days=1)
    services.store.update_schedule(user_id, next_due_at=iso(again))
    return again


def skip_period(services: Services, user_id: int, now: datetime) -> datetime | None:
    """Drop this period's check-in; the next reminder comes on the rhythm."""
    schedule = services.store.schedule(user_id)
    if schedule is None:
        return None
    period = _next_period(schedule, now)
    services.store.update_schedule(user_id, next_due_at=iso(period), period_due_at=iso(period))
    return period


def stop_for_blocked(services: Services, user_id: int) -> None:
    """The user blocked the bot: no more reminders until they come back."""
    if services.store.schedule(user_id) is not None:
        services.store.update_schedule(user_id, status="blocked")
