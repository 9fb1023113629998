"""Play assessments the way an owner does (buttons where there are some, typing otherwise), and read the bot."""

from __future__ import annotations

import re
from decimal import Decimal

from answers import BUTCHER_TYPED
from client import TelegramUser

from bot.app import Services, checkins, outbox, verdicts
from bot.engine import Skip, Text, View
from bot.i18n import _, pgettext, use_locale
from bot.i18n.numbers import parse_number
from bot.render.questions import label
from bot.render.values import wording
from bot.spec import Question, Spec
from bot.telegram.keyboards import suggestion_label
from bot.telegram.reminders import SWEEP, TIME_FOR_A_CHECKIN

DIALOG = "assessment"


def say(language: str, message: str, context: str = "", **params) -> str:
    """A product text as the bot writes it in `language`; an option label with its question's id as `context`."""
    with use_locale(language):
        return pgettext(context, message, **params)


def progress_pattern(language: str) -> re.Pattern:
    """Matches the progress line ("Question 3 of about 35") in `language`."""
    template = re.escape(say(language, "Question {step} of about {total}", step="STEP", total="TOTAL"))
    return re.compile(template.replace("STEP", r"\d+").replace("TOTAL", r"\d+"))


def question_on_screen(user: TelegramUser, spec: Spec) -> Question:
    """The question the bot asked last, recognised by its text in the user's language."""
    with use_locale(user.language):
        by_text = {wording(question): question for question in spec.questions.values()}
    for message in reversed(user.messages()):
        for line in reversed(message.text.splitlines()):
            if line in by_text:
                return by_text[line]
    raise AssertionError("no question on screen")


async def give(user: TelegramUser, question: Question, typed: str) -> None:
    """Answer `question` with what `typed` stands for (option ids, or a figure or text as typed)."""
    with use_locale(user.language):
        if question.kind == "choice":
            await user.click(label(question.option(typed)))
        elif question.kind == "multi":
            for code in typed.split(","):
                await user.click(label(question.option(code.strip())))
            await user.click(_("Done"))
        elif question.kind == "number" and (value := _suggested(question, typed, user.language)) is not None:
            await user.click(suggestion_label(question.unit, value))
        else:
            await user.send(typed)


def _suggested(question: Question, typed: str, language: str) -> float | None:
    """The suggestion button standing for `typed`, if there is one."""
    wanted = parse_number(typed, language)
    return next((value for value in question.suggestions if Decimal(str(value)) == wanted), None)


async def play(user: TelegramUser, spec: Spec, answers: dict[str, str], until: str = "done") -> list[str]:
    """Answer each question on screen from `answers` until question `until` (default: the end)."""
    asked = []
    while (question := question_on_screen(user, spec)).id != until:
        asked.append(question.id)
        await give(user, question, answers[question.id])
    return asked


def answer_directly(services: Services, user_id: int, answers: dict[str, str], until: str,
                    language: str = "fr") -> None:
    """Bring a user's assessment to question `until` through the engine alone, to save time."""
    services.store.ensure_user(user_id, language=language)
    with use_locale(language):  # the assessment starts in the owner's locale, and so in their currency
        while (view := services.engine.view(user_id, DIALOG)).question.id != until:
            step = services.engine.handle(user_id, DIALOG, Text(answers[view.question.id]))
            assert step.status == "accepted", (view.question.id, step.status)


def delivered(services: Services, user_id: int) -> None:
    """What a finished conversation owes the user counted as sent, as the bot does once it sent it."""
    for owed in outbox.claim(services, user_id, "tests"):
        outbox.sent(services, owed)


def concluded(services: Services, user_id: int, view: View) -> None:
    """A finished assessment's verdict judged, stored and sent, as after the last answer on Telegram."""
    verdicts.conclude(services, user_id, view)
    delivered(services, user_id)


def with_verdict(services: Services, user: TelegramUser, rhythm: str = "monthly",
                 answers: dict[str, str] = BUTCHER_TYPED) -> None:
    """The user's assessment done straight through the engine (the butcher's by default), its verdict stored."""
    answer_directly(services, user.id, answers, until="checkins", language=user.language)
    with use_locale(user.language):
        step = services.engine.handle(user.id, DIALOG, Text(rhythm))
    concluded(services, user.id, step.view)


async def sweep(bot) -> None:
    """Run the reminder job now, as the job queue does every minute."""
    [job] = bot.application.job_queue.get_jobs_by_name(SWEEP)
    await job.run(bot.application)


def reminders(owner: TelegramUser) -> list:
    """The check-in reminders the owner received."""
    text = "⏰ " + say(owner.language, TIME_FOR_A_CHECKIN)
    return [message for message in owner.messages() if message.text == text]


def past_checkin(services: Services, user: TelegramUser, **figures: str) -> None:
    """A check-in done earlier, straight through the engine: figures as typed; what is not given, skipped."""
    view = checkins.start(services, user.id)
    while not view.finished:
        given = figures.get(view.question.id)
        with use_locale(user.language):
            view = services.engine.handle(user.id, checkins.DIALOG, Skip() if given is None else Text(given)).view
    delivered(services, user.id)


async def checkin_with_note(services: Services, user: TelegramUser, note: str) -> None:
    """A check-in begun with /checkin, every figure skipped through the engine, the note typed in the chat."""
    await user.send("/checkin")
    view = services.engine.view(user.id, checkins.DIALOG)
    with use_locale(user.language):
        while view.question.id != "note":
            view = services.engine.handle(user.id, checkins.DIALOG, Skip(view.position)).view
    await user.send(note)
