"""Verdicts for owners: judged when an assessment finishes, stored, shown again on request.

Both front-ends use these functions and render what they return: texts to
send in order, and files (chart, report) to attach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from bot.advisor import Verdict, assess
from bot.engine import View
from bot.i18n import current_locale, use_locale
from bot.render.chart import verdict_chart
from bot.render.report import verdict_report
from bot.render.verdict import verdict_messages

DIALOG = "assessment"


@dataclass(frozen=True)
class Attachment:
    """A file to send: its bytes, or a function that draws them when asked.

    Charts and PDFs take a good part of a second to draw, so they are drawn
    only when sent, and the Telegram front-end does it on a worker thread.
    """

    filename: str
    source: bytes | Callable[[], bytes]
    kind: str  # "photo" or "document"

    def render(self) -> bytes:
        return self.source() if callable(self.source) else self.source


def drawn_later(draw: Callable[..., bytes], *args) -> Callable[[], bytes]:
    """`draw(*args)` deferred, in the language that is current now."""
    language = current_locale()

    def run() -> bytes:
        with use_locale(language):
            return draw(*args)

    return run


@dataclass(frozen=True)
class Conclusion:
    messages: list[str]
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class StoredVerdict:
    """A verdict as stored, with the answers it was made from."""

    verdict: Verdict
    answers: dict
    created_at: datetime


def conclude(services, user_id: int, view: View) -> Conclusion:
    """Judge a finished assessment, store the verdict, and render it in the current locale."""
    verdict = assess(view.answers)
    services.store.add_verdict(user_id, view.conversation.id, verdict.version, verdict.headline,
                               verdict.to_dict())
    stored = StoredVerdict(verdict, dict(view.answers), services.store.clock())
    return Conclusion(messages=verdict_messages(verdict, view.spec, view.answers),
                      attachments=[chart(stored), report(services, stored)])


def latest(services, user_id: int) -> StoredVerdict | None:
    """The owner's most recent verdict, as it was decided then."""
    row = services.store.latest_verdict(user_id)
    if row is None:
        return None
    conversation = services.store.conversation(row["conversation_id"])
    answers = services.store.answers(conversation.id)
    on_path = {state: answers.get(state) for state in conversation.path}
    return StoredVerdict(Verdict.from_dict(row["data"]), on_path, datetime.fromisoformat(row["created_at"]))


def show(services, stored: StoredVerdict) -> Conclusion:
    """A stored verdict as texts, in the current locale (no files)."""
    return Conclusion(messages=verdict_messages(stored.verdict, services.specs[DIALOG], stored.answers))


def chart(stored: StoredVerdict) -> Attachment:
    return Attachment("verdict.png", drawn_later(verdict_chart, stored.verdict), "photo")


def report(services, stored: StoredVerdict) -> Attachment:
    pdf = drawn_later(verdict_report, stored.verdict, services.specs[DIALOG], stored.answers, stored.created_at)
    return Attachment(f"social-media-report-{stored.created_at:%Y-%m-%d}.pdf", pdf, "document")
