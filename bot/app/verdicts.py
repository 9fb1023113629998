"""Verdicts for owners: judged when an assessment finishes, stored, shown again on request.

Both front-ends use these functions and show what they return: texts to
send in order, and files (chart, report) to attach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.advisor import Verdict, assess
from bot.app import schedules
from bot.app.callers import ASSESSMENT, market_of
from bot.app.conclusions import Attachment, Conclusion, drawn_later
from bot.app.rhythm import working_day
from bot.app.services import Services
from bot.app.sweeps import owe_all
from bot.engine import View
from bot.i18n import N_, _, current_locale
from bot.i18n.numbers import format_date
from bot.render.chart import verdict_chart
from bot.render.document import Section, as_text
from bot.render.report import report_filename, verdict_report
from bot.render.verdict import comparison_section, verdict_sections
from bot.storage import Owed, Snapshot, VerdictRecord

DIALOG = ASSESSMENT


@dataclass(frozen=True)
class StoredVerdict:
    """A verdict as stored, with the answers it was made from."""

    verdict: Verdict
    answers: dict[str, Any]
    created_at: datetime  # in the owner's time zone, for the dates they are shown
    number: int = 1  # the owner's first verdict is 1, the next 2: what the detail buttons name
    user_id: int = 0
    id: int = 0  # the stored row: what the decisions at its plan's six and nine months belong to


DETAILS = {"why", "tests", "plan", "week", "money", "kpis", "instead", "compare"}  # the sections a button opens


FOLLOW_UP_HOUR = 10  # o'clock on the owner's wall clock: a working hour, not too early


def follow_up_due(services: Services, user_id: int, verdict: Verdict) -> datetime | None:
    """When the verdict's one later message is due (None for check-ins, which the owner schedules)."""
    weeks = verdict.follow_up.after_weeks
    if verdict.follow_up.kind == "checkins" or not weeks:
        return None
    timezone = schedules.user_timezone(services, user_id)
    zone = ZoneInfo(timezone)
    day = (services.now() + timedelta(weeks=weeks)).astimezone(zone).date()
    due = datetime.combine(day, time(FOLLOW_UP_HOUR), tzinfo=zone).astimezone(UTC)
    return working_day(due, timezone, market_of(services.store.user(user_id)))


def conclude(services: Services, user_id: int, view: View) -> Conclusion:
    """Judge a finished assessment, store the verdict (with when to follow it up), and render it."""
    verdict = assess(view.answers, view.conversation.currency)
    due = follow_up_due(services, user_id, verdict)
    record = services.store.add_verdict(user_id, view.conversation.id, verdict.version, verdict.headline,
                                        verdict.to_dict(), due)
    made = record.created_at.astimezone(schedules.local_zone(services, user_id))
    stored = StoredVerdict(verdict, dict(view.answers), made, services.store.verdict_number(record),
                           user_id, record.id)
    return _told(services, stored, files(services, stored))


def _told(services: Services, stored: StoredVerdict, attachments: list[Attachment]) -> Conclusion:
    """The verdict as sections (a phone shows the summary and opens the others by button) and as texts."""
    sections = _sections(services, stored)
    return Conclusion([as_text(section) for section in sections], attachments, tuple(sections), stored.number)


def _sections(services: Services, stored: StoredVerdict) -> list[Section]:
    """The verdict's sections; from the second assessment on, compared with the first one."""
    sections = verdict_sections(stored.verdict, services.specs[DIALOG], stored.answers)
    first = services.store.nth_verdict(stored.user_id, 1) if stored.number > 1 else None
    if first is not None:
        first_day = first.created_at.astimezone(stored.created_at.tzinfo).date()
        sections.append(comparison_section(Verdict.from_dict(first.data), format_date(first_day, current_locale()),
                                           stored.verdict))
    return sections


def latest(services: Services, user_id: int) -> StoredVerdict | None:
    """The owner's most recent verdict, as it was decided then."""
    record = services.store.latest_verdict(user_id)
    return None if record is None else _stored(services, record)


def nth(services: Services, user_id: int, number: int) -> StoredVerdict | None:
    """The owner's verdict `number` (1 is their first), as it was decided then."""
    record = services.store.nth_verdict(user_id, number)
    return None if record is None else _stored(services, record)


def _stored(services: Services, record: VerdictRecord) -> StoredVerdict:
    conversation = services.store.conversation(record.conversation_id)
    snapshot = Snapshot(conversation, services.store.answers(conversation.id))
    made = record.created_at.astimezone(schedules.local_zone(services, record.user_id))
    return StoredVerdict(Verdict.from_dict(record.data), snapshot.on_path, made,
                         services.store.verdict_number(record), record.user_id, record.id)


def detail(services: Services, user_id: int, number: int, key: str) -> Section | None:
    """Section `key` of the owner's verdict number `number` (None if there is no such verdict or section)."""
    record = services.store.nth_verdict(user_id, number) if key in DETAILS else None
    if record is None:
        return None
    return next((section for section in _sections(services, _stored(services, record)) if section.key == key), None)


def owed_verdict(services: Services, owed: Owed, view: View,
                 judge: Callable[[Services, int, View], Conclusion] = conclude) -> Conclusion:
    """The verdict a finished assessment owes its owner, with its files: the one judged for it already, if a
    crash came before it was sent, else judged now (by `judge`) and noted on what is owed, in one transaction."""
    record = services.store.verdict(owed.outcome) if owed.outcome is not None else None
    if record is not None:
        stored = _stored(services, record)
        return _told(services, stored, files(services, stored))
    with services.store.transaction():
        conclusion = judge(services, owed.user_id, view)
        judged = services.store.latest_verdict(owed.user_id)
        if judged is not None and judged.conversation_id == view.conversation.id:
            services.store.record_outcome(owed.id, judged.id)
    return conclusion


def show(services: Services, stored: StoredVerdict) -> Conclusion:
    """A stored verdict as texts, in the current locale (no files)."""
    return _told(services, stored, [])


def chart(stored: StoredVerdict) -> Attachment:
    return Attachment("verdict.png", drawn_later(verdict_chart, stored.verdict), "photo",
                      _("What the plan costs month by month, and the margin of the new customers that pay for it"))


def report(services: Services, stored: StoredVerdict,
           caption: str = N_("Your report: keep it, or pass it on to your consultant.")) -> Attachment:
    """The PDF report (it draws the plan's chart on its page itself, as vector graphics), captioned for whoever
    receives it."""
    draw = drawn_later(verdict_report, stored.verdict, services.specs[DIALOG], stored.answers, stored.created_at)
    return Attachment(report_filename(stored.answers, stored.created_at), draw, "document", _(caption))


def files(services: Services, stored: StoredVerdict) -> list[Attachment]:
    """The chart and the PDF report; without a plan, the report alone."""
    if stored.verdict.plan is None:
        return [report(services, stored)]
    return [chart(stored), report(services, stored)]


def owe_follow_ups(services: Services, now: datetime, limit: int = 500) -> int:
    """Owe the one later message of each latest verdict whose time came (sent from the outbox); how many."""
    return owe_all(lambda batch: services.store.due_follow_ups(now, batch), services.store.owe_follow_up, limit)


def follow_up_owed(services: Services, owed: Owed) -> Verdict | None:
    """The verdict whose follow-up message is owed (None if it is gone: erased)."""
    record = services.store.verdict(owed.ref)
    return None if record is None else Verdict.from_dict(record.data)
