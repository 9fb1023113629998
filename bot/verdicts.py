"""What happens when an assessment is finished: the conclusion shown to the owner.

Both front-ends call `conclude` and render what it returns: texts to send in
order, and files (chart, report) to attach.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine import View
from bot.i18n import _
from bot.render.values import answer


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    kind: str  # "photo" or "document"
    caption: str = ""


@dataclass(frozen=True)
class Conclusion:
    messages: list[str]
    attachments: list[Attachment] = field(default_factory=list)


def answers_summary(view: View) -> str:
    lines = [_("Your answers:")]
    for state, value in view.answers.items():
        question = view.spec.questions[state]
        lines.append(f"- {_(question.text)} {answer(question, value)}")
    return "\n".join(lines)


def conclude(services, user_id: int, view: View) -> Conclusion:
    """The owner's conclusion for a finished assessment, in the current locale."""
    return Conclusion(messages=[answers_summary(view)])
