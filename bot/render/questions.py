"""The words around a question: progress, section, hint, and why an answer was refused."""

from __future__ import annotations

from bot.engine import InvalidAnswer, View
from bot.i18n import _, current_locale, ngettext
from bot.i18n.numbers import format_number
from bot.render.values import network_name, quantity
from bot.spec import Question


def progress(view: View) -> str:
    return _("Question {step} of about {total}", step=view.step, total=view.total)


def question_text(view: View, question: Question | None = None) -> str:
    """A question of the view (the one asked now by default) in the current language, its context filled in."""
    text = (question or view.question).text
    shown = {key: network_name(view.answers[key]) if kind == "network" and view.answers.get(key)
             else str(view.answers.get(key) or "") for key, kind in view.spec.context.items()}
    return _(text, **shown) if shown else _(text)


def section_title(view: View) -> str | None:
    """The section heading, shown on the first question of each section."""
    section = view.question.section
    return _(view.spec.sections[section]) if section and view.new_section else None


def label(option) -> str:
    return _(option.label)


def example_number(view: View) -> str:
    question = view.question
    sample = question.suggestions[len(question.suggestions) // 2] if question.suggestions \
        else 1500 if question.unit == "eur" else question.min or 0
    return format_number(sample, current_locale())


def problem(view: View, error: InvalidAnswer) -> str:
    """Why an answer was refused, and what to send instead."""
    params = error.params
    code = error.code
    if code == "empty" or code == "not_an_option":
        return how_to_answer(view)
    if code == "too_long":
        return _("That is {length} characters; please keep it to {limit}.",
                 length=params["length"], limit=params["limit"])
    if code == "not_a_number":
        return _("I need a number here, for example {example}.", example=example_number(view))
    if code == "ambiguous_number":
        first, second = (format_number(value, current_locale()) for value in params["readings"][:2])
        return _("Did you mean {first} or {second}? Please write the number again.",
                 first=first, second=second)
    if code == "not_whole":
        return _("Please give a whole number.")
    if code == "too_small":
        return _("Please give at least {limit}.", limit=quantity(params["unit"], params["limit"]))
    if code == "too_large":
        return _("Please give at most {limit}.", limit=quantity(params["unit"], params["limit"]))
    if code == "too_few_choices":
        return ngettext("Please choose at least {n} option.",
                        "Please choose at least {n} options.", params["limit"])
    if code == "too_many_choices":
        return ngettext("You can choose at most {n} option.",
                        "You can choose at most {n} options.", params["limit"])
    if code == "exclusive_option":
        option = view.question.option(params["option"])
        return _("“{option}” cannot be combined with other choices.", option=label(option))
    if code == "not_optional":
        return _("This question cannot be skipped.")
    raise ValueError(f"no text for problem {code!r}")


def how_to_answer(view: View) -> str:
    question = view.question
    if question.kind == "choice":
        return _("Please choose one of the options.")
    if question.kind == "multi":
        return _("Please choose from the options, then confirm with Done.")
    if question.kind == "number":
        return _("Please send a number, for example {example}.", example=example_number(view))
    return _("Please write a short answer.")
