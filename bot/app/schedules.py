"""Check-in schedules: set, pause, resume, stop, snooze, skip; and which reminders are due.

The rules of when (time zones, months of different lengths) are in
`bot.app.rhythm`; this module keeps the schedule in storage.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app.callers import CHECKIN, market_of
from bot.app.rhythm import (
    DEFAULT_TIMEZONES,
    Rhythm,
    at_hour,
    first_due,
    following_due,
    local_day,
    next_due,
    period_after,
    working_day,
)
from bot.app.services import Services
from bot.app.sweeps import owe_all
from bot.i18n.markets import Market
from bot.storage import Owed, Schedule

# What the owner may do with a schedule, and the status it leaves.
STATUSES = {"pause": "paused", "resume": "active", "stop": "stopped"}
UNANSWERED_BEFORE_ASKING = 3  # reminders in a row without a check-in: the owner is asked, not reminded again


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
    """Schedule check-ins, the first a full period after the verdict or the last check-in, on the chosen weekday;
    returns when its reminder is due (off public holidays and Sundays)."""
    starts = _starts(services, user_id)
    beat, rhythm = first_due(Rhythm(every, weekday, hour, user_timezone(services, user_id)),
                             starts[-1] if starts else now, now)
    due = _off_holidays(_market(services, user_id), beat, rhythm)
    services.store.save_schedule(Schedule(
        user_id, every=every, weekday=weekday, hour=hour, timezone=rhythm.timezone, week_of_month=rhythm.week,
        status="active", next_due_at=due, period_due_at=beat, last_sent_at=None, unanswered=0))
    return due


def _starts(services: Services, user_id: int) -> list[datetime]:
    """Each time the owner's figures started counting, oldest first: their check-ins and their latest verdict."""
    verdict = services.store.latest_verdict(user_id)
    return sorted([*(record.finished_at
                     for record in services.store.finished_conversations(user_id, CHECKIN) if record.finished_at),
                   *([verdict.created_at] if verdict else [])])


def rhythm_of(schedule: Schedule) -> Rhythm:
    return Rhythm(schedule.every, schedule.weekday, schedule.hour, schedule.timezone, schedule.week_of_month)


def _market(services: Services, user_id: int) -> Market | None:
    return market_of(services.store.user(user_id))


def _off_holidays(market: Market | None, moment: datetime, rhythm: Rhythm) -> datetime:
    """When a reminder meant for `moment` goes out: on the next working day if `moment` is a public holiday in
    the owner's market or a Sunday they did not choose."""
    return working_day(moment, rhythm.timezone, market, sunday=rhythm.sunday)


def _next_period(market: Market | None, schedule: Schedule, now: datetime) -> tuple[datetime, datetime]:
    """The rhythm's current beat if still ahead, else its next one after `now`; and when its reminder
    is due (the beat, or the next working day after a public holiday)."""
    rhythm = rhythm_of(schedule)
    beat = next_due(rhythm, schedule.period_due_at, now)
    return beat, _off_holidays(market, beat, rhythm)


def set_status(services: Services, user_id: int, status: str, now: datetime) -> Schedule | None:
    """Pause, resume or stop; resuming moves a missed due time to the next on the rhythm, and counts no
    reminder as unanswered. The schedule is read under the owner's lock, so two instances that both took the
    button press to be theirs move it once."""
    with services.store.transaction():
        services.store.lock_user(user_id)
        schedule = services.store.schedule(user_id)
        if schedule is None:
            return None
        services.store.set_schedule_status(user_id, status)
        if status == "active":
            beat, due = _next_period(_market(services, user_id), schedule, now)
            services.store.set_schedule_due(user_id, due, beat, unanswered=0)
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


def gone_quiet(schedule: Schedule) -> bool:
    """Whether the owner left the last reminders unanswered: then they are asked what to do, not reminded."""
    return schedule.unanswered >= UNANSWERED_BEFORE_ASKING


def owe_reminders(services: Services, now: datetime, limit: int = 500) -> int:
    """Owe what each schedule due calls for (sent from the outbox), in the transaction that moves it on, batch
    after batch until none is due; how many. Its reminder, the next one set to the rhythm's next beat after now
    (the beat's own reminder, not one asked for again tomorrow, one more unanswered); or, after three unanswered,
    the question what to do, and no reminder until the owner answers it."""
    def owe(schedule: Schedule) -> bool:
        if gone_quiet(schedule):
            return services.store.owe_what_next(schedule)
        return owe_reminder(services, schedule, now)

    return owe_all(lambda batch: due(services, now, batch), owe, limit)


def owe_reminder(services: Services, schedule: Schedule, now: datetime) -> bool:
    """Owe a due schedule's reminder, the next one set to the rhythm's next beat after now (the beat's own
    reminder, not one asked for again tomorrow, one more unanswered); False if another sweep did first."""
    market = _market(services, schedule.user_id)
    own = schedule.next_due_at == _off_holidays(market, schedule.period_due_at, rhythm_of(schedule))
    beat, next_due = _next_period(market, schedule, now)
    return services.store.owe_reminder(schedule, next_due, beat, schedule.unanswered + own)


def reminder_owed(services: Services, owed: Owed) -> Schedule | None:
    """The schedule whose reminder is owed, if it is still active (paused or stopped since: none to send)."""
    schedule = services.store.schedule(owed.ref)
    return schedule if schedule is not None and schedule.status == "active" else None


def what_next_owed(services: Services, owed: Owed) -> Schedule | None:
    """The schedule whose owner is owed the question what to do, if it still waits for the answer."""
    schedule = services.store.schedule(owed.ref)
    return schedule if schedule is not None and schedule.status == "asked" else None


def snooze(services: Services, user_id: int, now: datetime) -> datetime | None:
    """Remind again on the owner's next working day at their hour (the rhythm's next reminder, if that comes
    first); the rhythm's own beat is unchanged."""
    schedule = services.store.schedule(user_id)
    if schedule is None:
        return None
    rhythm = rhythm_of(schedule)
    tomorrow = at_hour(local_day(now, rhythm.timezone) + timedelta(days=1), rhythm)
    market = _market(services, user_id)
    again = min(_off_holidays(market, tomorrow, rhythm), _off_holidays(market, schedule.period_due_at, rhythm))
    services.store.set_schedule_due(user_id, again)
    return again


def skip_period(services: Services, user_id: int, now: datetime) -> datetime | None:
    """Drop this period's check-in; the next reminder comes on the rhythm."""
    schedule = services.store.schedule(user_id)
    if schedule is None:
        return None
    beat, due = _next_period(_market(services, user_id), schedule, now)
    services.store.set_schedule_due(user_id, due, beat)
    return due


def checked_in(services: Services, user_id: int) -> Schedule | None:
    """After a check-in: none of the reminders is unanswered any more, and the next one comes a full period
    after this check-in when it came early (no reminder since the one before), else on the rhythm's next beat,
    unless that is less than half a period away (a late answer)."""
    schedule = services.store.schedule(user_id)
    starts = _starts(services, user_id)
    if schedule is None or not starts:
        return schedule
    if schedule.status not in ("active", "asked"):
        services.store.reset_unanswered(user_id)
        return services.store.schedule(user_id)
    rhythm, done = rhythm_of(schedule), starts[-1]
    previous = starts[-2] if len(starts) > 1 else None
    answered = schedule.last_sent_at is not None and (previous is None or schedule.last_sent_at > previous)
    beat = schedule.period_due_at if answered else following_due(rhythm, done)
    today = local_day(done, rhythm.timezone)
    if 2 * (local_day(beat, rhythm.timezone) - today) < period_after(rhythm.every, today) - today:
        beat = next_due(rhythm, beat, beat)
    with services.store.transaction():
        services.store.set_schedule_status(user_id, "active")
        services.store.set_schedule_due(user_id, _off_holidays(_market(services, user_id), beat, rhythm), beat,
                                        unanswered=0)
    return services.store.schedule(user_id)


def stop_for_blocked(services: Services, user_id: int) -> None:
    """The user blocked the bot: no more reminders until they come back."""
    if services.store.schedule(user_id) is not None:
        services.store.set_schedule_status(user_id, "blocked")
