"""A question as both front-ends show it, and why an input changed nothing.

`question_parts` is the one layout of a question (section heading, progress,
text, hint, earlier answer); the console prints it as lines, Telegram as
HTML. `why_not` is the one sentence for each input that moved nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.engine import InvalidAnswer, Problem, Status, Step, View
from bot.i18n import N_, _, current_locale, ngettext, use_currency
from bot.i18n.numbers import format_date, format_number
from bot.render.values import answer, network_name, option_label, quantity, wording
from bot.spec import Kind, Option, Question

COMPLETE = N_("Your assessment is complete. Type /restart to start a new one.")
# The greeting before a dialogue's first question, by spec name.
GREETINGS = {
    "assessment": N_("Hello! A few questions about your business, and I will tell you whether social "
                     "media is worth it for you. Type /help at any time."),
    "checkin": N_("Time for your check-in: a few figures since the last one. Skip what you do not know."),
}
FIRST_CHECKIN = N_("Your first check-in: a few figures since your verdict. Skip what you do not know.")
# Why an input changed nothing (or what it did), by the engine's step status.
NOTICES = {
    Status.STALE: N_("That answer belongs to an earlier question."),
    Status.AT_START: N_("This is the first question; there is nothing to go back to."),
    Status.ALREADY_FINISHED: COMPLETE,
    Status.RESTARTED: N_("Let's start again from the beginning."),
}


@dataclass(frozen=True)
class QuestionParts:
    """What is shown of a question, each part translated and filled, none marked up."""

    title: str | None  # the section heading, on a section's first question
    progress: str
    text: str
    hint: str | None
    options: list[str]  # the option labels, in order
    earlier: str | None  # the answer given before, when the question is asked again
    last_time: str | None = None  # in a re-assessment: the answer given in the assessment it re-assesses


def question_parts(view: View) -> QuestionParts:
    """The question in the currency its conversation's amounts are in."""
    question = view.question
    with use_currency(view.conversation.currency):
        earlier = None if view.previous is None else _("Your earlier answer: {answer}",
                                                        answer=answer(question, view.previous))
        last_time = None if view.default is None else _("Last time: {answer}", answer=answer(question, view.default))
    return QuestionParts(section_title(view), progress(view), question_text(view),
                         _(question.hint) if question.hint else None,
                         [label(option) for option in view.options], earlier, last_time)


def progress(view: View) -> str:
    return _("Question {step} of about {total}", step=view.step, total=view.total)


def greeting(view: View, first: bool) -> str:
    """The words before a dialogue's first question; the owner's `first` check-in counts from the verdict."""
    return _(FIRST_CHECKIN) if first and view.spec.name == "checkin" else _(GREETINGS[view.spec.name])


def question_text(view: View, question: Question | None = None) -> str:
    """A question of the view (the one asked now by default) in the current language, its context filled in."""
    shown = {key: _context_value(kind, view.answers.get(key)) for key, kind in view.spec.context.items()}
    with use_currency(view.conversation.currency):
        return wording(question or view.question, **shown)


def _context_value(kind: str, value: Any) -> str:
    """A context value as a question shows it: a network by its name, a date as the owner's day."""
    if not value:
        return ""
    if kind == "network":
        return network_name(value)
    return format_date(date.fromisoformat(value), current_locale()) if kind == "date" else str(value)


def section_title(view: View) -> str | None:
    """The section heading, shown on the first question of each section."""
    section = view.question.section
    return _(view.spec.sections[section]) if section and view.new_section else None


def label(option: Option) -> str:
    return option_label(option)


def why_not(step: Step) -> str:
    """What to tell the user after an input that did not move the dialogue on."""
    if step.status is Status.INVALID and step.problem is not None:
        return problem(step.view, step.problem)
    return _(NOTICES[step.status])


def example_number(view: View) -> str:
    question = view.question
    sample = question.suggestions[len(question.suggestions) // 2] if question.suggestions \
        else 1500 if question.unit == "money" else question.min or 0
    return format_number(sample, current_locale())


def _ambiguous(view: View, params: dict[str, Any]) -> str:
    # Each reading with the decimals it has (1.125, not 1.13), in the owner's way: '1.5' or '1'500' in Switzerland.
    first, second = (format_number(value, current_locale(), digits=6) for value in params["readings"][:2])
    return _("Did you mean {first} or {second}? Please write the number again.", first=first, second=second)


def _exclusive(view: View, params: dict[str, Any]) -> str:
    option = view.question.option(params["option"])
    return _("“{option}” cannot be combined with other choices.", option=label(option) if option else "")


# Why an answer was refused, and what to send instead, by the refusal's code.
_PROBLEMS: dict[Problem, Callable[[View, dict[str, Any]], str]] = {
    Problem.EMPTY: lambda view, params: how_to_answer(view),
    Problem.NOT_AN_OPTION: lambda view, params: how_to_answer(view),
    Problem.TOO_LONG: lambda view, params: _("That is {length} characters; please keep it to {limit}.",
                                       length=params["length"], limit=params["limit"]),
    Problem.NOT_A_NUMBER: lambda view, params: _("I need a number here, for example {example}.",
                                           example=example_number(view)),
    Problem.AMBIGUOUS_NUMBER: _ambiguous,
    Problem.NOT_WHOLE: lambda view, params: _("Please give a whole number."),
    Problem.TOO_SMALL: lambda view, params: _("Please give at least {limit}.",
                                        limit=quantity(params["unit"], params["limit"])),
    Problem.TOO_LARGE: lambda view, params: _("Please give at most {limit}.",
                                        limit=quantity(params["unit"], params["limit"])),
    Problem.TOO_FEW_CHOICES: lambda view, params: ngettext("Please choose at least {n} option.",
                                                     "Please choose at least {n} options.", params["limit"]),
    Problem.TOO_MANY_CHOICES: lambda view, params: ngettext("You can choose at most {n} option.",
                                                      "You can choose at most {n} options.", params["limit"]),
    Problem.EXCLUSIVE_OPTION: _exclusive,
    Problem.NOT_OPTIONAL: lambda view, params: _("This question cannot be skipped."),
}


def problem(view: View, error: InvalidAnswer) -> str:
    """Why an answer was refused, and what to send instead."""
    return _PROBLEMS[error.code](view, error.params)


_HOW_TO_ANSWER = {
    Kind.CHOICE: lambda view: _("Please choose one of the options."),
    Kind.MULTI: lambda view: _("Please choose from the options, then confirm with Done."),
    Kind.NUMBER: lambda view: _("Please send a number, for example {example}.", example=example_number(view)),
    Kind.TEXT: lambda view: _("Please write a short answer."),
    Kind.END: lambda view: _(COMPLETE),
}


def how_to_answer(view: View) -> str:
    return _HOW_TO_ANSWER[view.question.kind](view)
