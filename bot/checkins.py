"""KPI check-ins: the schedule, starting a check-in from the plan, history and advice.

Front-ends call these; the rules live in `bot.schedule` (when) and
`bot.advisor.progress` (what the figures mean).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.advisor.progress import Checkin, advise, kpi_paces
from bot.engine import View
from bot.render.progress import advice_messages, history_message, trend_chart
from bot.schedule import DEFAULT_TIMEZONES, Rhythm, first_due, next_due
from bot.storage import iso
from bot.verdicts import Attachment, Conclusion, drawn_later, latest

DIALOG = "checkin"
CSV_FIELDS = ("date", "network_1", "followers_1", "interactions_1", "messages_1", "network_2",
              "followers_2", "interactions_2", "messages_2", "leads", "customers", "revenue",
              "hours", "money", "note")


# ------------------------------------------------------------------ schedule
def user_timezone(services, user_id: int) -> str:
    user = services.store.user(user_id) or {}
    return user.get("timezone") or DEFAULT_TIMEZONES.get(user.get("language"), "Europe/Paris")


def set_rhythm(services, user_id: int, every: str, weekday: int, hour: int, now: datetime) -> datetime:
    """Schedule check-ins; returns the first due time."""
    rhythm = Rhythm(every, weekday, hour, user_timezone(services, user_id))
    due = first_due(rhythm, now)
    services.store.save_schedule(
        user_id, every=every, weekday=weekday, hour=hour, timezone=rhythm.timezone,
        anchor_day=due.astimezone(ZoneInfo(rhythm.timezone)).day, status="active",
        next_due_at=iso(due), period_due_at=iso(due), last_sent_at=None)
    return due


def rhythm_of(row: dict) -> Rhythm:
    return Rhythm(row["every"], row["weekday"], row["hour"], row["timezone"])


def set_status(services, user_id: int, status: str, now: datetime) -> dict | None:
    """Pause, resume or stop; resuming moves a missed due time to the next on the rhythm."""
    row = services.store.schedule(user_id)
    if row is None:
        return None
    changes = {"status": status}
    if status == "active":
        period = datetime.fromisoformat(row["period_due_at"])
        if period <= now:
            period = next_due(rhythm_of(row), period, row["anchor_day"], now)
        changes.update(next_due_at=iso(period), period_due_at=iso(period))
    services.store.update_schedule(user_id, **changes)
    return services.store.schedule(user_id)


def change_timezone(services, user_id: int, zone: str, now: datetime) -> None:
    """Use `zone` for the user; a schedule keeps its weekday and hour on the new wall clock."""
    services.store.update_user(user_id, timezone=zone)
    row = services.store.schedule(user_id)
    if row is not None:
        set_rhythm(services, user_id, row["every"], row["weekday"], row["hour"], now)
        if row["status"] != "active":
            services.store.update_schedule(user_id, status=row["status"])


def due(services, now: datetime, limit: int = 500) -> list[dict]:
    return services.store.due_schedules(iso(now), limit)


def mark_sent(services, row: dict, now: datetime) -> None:
    """After a reminder went out: the next one is the rhythm's next beat after now."""
    period = next_due(rhythm_of(row), datetime.fromisoformat(row["period_due_at"]), row["anchor_day"], now)
    services.store.update_schedule(row["user_id"], next_due_at=iso(period), period_due_at=iso(period),
                                   last_sent_at=iso(now))


def snooze(services, user_id: int, now: datetime) -> datetime:
    """Remind again in a day; the rhythm's own beat is unchanged."""
    again = now + timedelta(days=1)
    services.store.update_schedule(user_id, next_due_at=iso(again))
    return again


def skip_period(services, user_id: int, now: datetime) -> datetime | None:
    """Drop this period's check-in; the next reminder comes on the rhythm."""
    row = services.store.schedule(user_id)
    if row is None:
        return None
    period = datetime.fromisoformat(row["period_due_at"])
    if period <= now:
        period = next_due(rhythm_of(row), period, row["anchor_day"], now)
    services.store.update_schedule(user_id, next_due_at=iso(period), period_due_at=iso(period))
    return period


def stop_for_blocked(services, user_id: int) -> None:
    """The user blocked the bot: no more reminders until they come back."""
    if services.store.schedule(user_id) is not None:
        services.store.update_schedule(user_id, status="blocked")


# ------------------------------------------------------------------ check-ins
def start(services, user_id: int) -> View | None:
    """A new check-in on the networks of the owner's plan (None without a verdict or a network)."""
    stored = latest(services, user_id)
    if stored is None or not stored.verdict.plan.networks:
        return None
    networks = [choice.network for choice in stored.verdict.plan.networks]
    context = {f"network_{index}": network for index, network in enumerate(networks[:2], start=1)}
    return services.engine.restart(user_id, DIALOG, context=context)


def history(services, user_id: int) -> list[Checkin]:
    return [
        Checkin(datetime.fromisoformat(record.finished_at), services.store.answers(record.id))
        for record in services.store.finished_conversations(user_id, DIALOG)
    ]


def previous_figure(services, user_id: int, question: str):
    """The owner's answer to `question` at the last check-in ("same as last time")."""
    done = history(services, user_id)
    return done[-1].answers.get(question) if done else None


def conclude(services, user_id: int, now: datetime) -> Conclusion:
    """The advice after a finished check-in, with the trend chart."""
    stored = latest(services, user_id)
    checkins = history(services, user_id)
    advice = advise(stored.verdict, stored.created_at, checkins, now)
    return Conclusion(messages=advice_messages(advice),
                      attachments=[trend(stored.created_at, checkins)])


def trend(started: datetime, checkins: list[Checkin]) -> Attachment:
    return Attachment("kpis.png", drawn_later(trend_chart, [c.at for c in checkins], kpi_paces(checkins, started)),
                      "photo")


def overview(services, user_id: int) -> Conclusion | None:
    """The KPI history as text and chart (None before the first check-in)."""
    stored = latest(services, user_id)
    checkins = history(services, user_id)
    if stored is None or not checkins:
        return None
    return Conclusion(messages=[history_message(checkins)], attachments=[trend(stored.created_at, checkins)])


def history_csv(services, user_id: int) -> bytes:
    """Every check-in as a CSV row (UTF-8 with BOM, so spreadsheet programs read accents)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for checkin in history(services, user_id):
        writer.writerow({**checkin.answers, "date": checkin.at.date().isoformat()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
