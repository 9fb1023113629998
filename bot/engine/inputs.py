"""What a user can send to a dialogue, and how a typed answer is read and checked.

Every rejection is an `InvalidAnswer` with a language-neutral code and the
figures needed to explain it; the front-end turns it into a localized text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from bot.i18n import current_locale, pgettext
from bot.i18n.numbers import AmbiguousNumber, NotANumber, parse_number
from bot.i18n.unicode import clean, visible
from bot.spec import Kind, Option, Question


@dataclass(frozen=True)
class Position:
    """Where the dialogue stood when a button was shown: its state and step number."""

    state: str
    step: int


@dataclass(frozen=True)
class Text:
    text: str
    at: Position | None = None


@dataclass(frozen=True)
class Pick:
    option: str
    at: Position | None = None


@dataclass(frozen=True)
class Toggle:
    option: str
    at: Position | None = None


@dataclass(frozen=True)
class Done:
    at: Position | None = None


@dataclass(frozen=True)
class Skip:
    at: Position | None = None


@dataclass(frozen=True)
class Back:
    at: Position | None = None


@dataclass(frozen=True)
class Same:
    """Last time's answer to the question, in a re-assessment ("same as last time")."""

    at: Position | None = None


@dataclass(frozen=True)
class Restart:
    pass


Input = Text | Pick | Toggle | Done | Skip | Back | Same | Restart


class Problem(StrEnum):
    """Why a typed answer or a button was refused (the front-end explains it)."""

    AMBIGUOUS_NUMBER = "ambiguous_number"
    EMPTY = "empty"
    EXCLUSIVE_OPTION = "exclusive_option"
    NOT_A_NUMBER = "not_a_number"
    NOT_AN_OPTION = "not_an_option"
    NOT_OPTIONAL = "not_optional"
    NOT_WHOLE = "not_whole"
    STALE = "stale"
    TOO_FEW_CHOICES = "too_few_choices"
    TOO_LARGE = "too_large"
    TOO_LONG = "too_long"
    TOO_MANY_CHOICES = "too_many_choices"
    TOO_SMALL = "too_small"


class InvalidAnswer(ValueError):
    def __init__(self, code: Problem, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


_SEPARATORS = re.compile(r"[,;\s]+")


def read_answer(question: Question, text: str, answers: Mapping[str, Any]) -> Any:
    """The value a typed `text` stands for as an answer to `question`.

    Numbers are read the current locale's way; an option may be typed as its
    number or as its label in the current language.
    """
    text = clean(text)
    if not visible(text):  # nothing typed, or only invisible characters
        raise InvalidAnswer(Problem.EMPTY)
    return _READERS[question.kind](question, text, answers)


def _read_text(question: Question, text: str, answers: Mapping[str, Any]) -> str:
    if len(text) > question.max_length:
        raise InvalidAnswer(Problem.TOO_LONG, limit=question.max_length, length=len(text))
    return text


def _read_choice(question: Question, text: str, answers: Mapping[str, Any]) -> str:
    return _match_option(text, question.visible_options(answers)).id


def _read_multi(question: Question, text: str, answers: Mapping[str, Any]) -> list[str]:
    options = question.visible_options(answers)
    parts = [part for part in _SEPARATORS.split(text) if part] if _looks_numbered(text) \
        else [part.strip() for part in text.split(",") if part.strip()]
    chosen: list[str] = []
    for part in parts:
        option_id = _match_option(part, options).id
        if option_id not in chosen:
            chosen.append(option_id)
    return check_selection(question, chosen)


def _read_number(question: Question, text: str, answers: Mapping[str, Any]) -> int | float:
    return read_number(question, text)


def _nothing_to_read(question: Question, text: str, answers: Mapping[str, Any]) -> Any:
    raise InvalidAnswer(Problem.STALE)  # the dialogue is over: no question is waiting for an answer


_READERS = {Kind.TEXT: _read_text, Kind.CHOICE: _read_choice, Kind.MULTI: _read_multi,
            Kind.NUMBER: _read_number, Kind.END: _nothing_to_read}


def _digits(text: str) -> bool:
    """Only ASCII digits, the ones French and German write ("²" or "٣" is no option number)."""
    return text.isascii() and text.isdigit()


def _looks_numbered(text: str) -> bool:
    return all(_digits(part) for part in _SEPARATORS.split(text) if part)


def _match_option(text: str, options: list[Option]) -> Option:
    if _digits(text):
        # Compared as text first: Python refuses to read an integer of more than 4,300 digits.
        significant = text.lstrip("0") or "0"
        number = int(significant) if len(significant) <= len(str(len(options))) else 0
        if 1 <= number <= len(options):
            return options[number - 1]
        raise InvalidAnswer(Problem.NOT_AN_OPTION, count=len(options))
    wanted = text.casefold()
    for option in options:
        if wanted in (option.id.casefold(), pgettext(option.context, option.label).casefold()):
            return option
    raise InvalidAnswer(Problem.NOT_AN_OPTION, count=len(options))


def read_number(question: Question, text: str) -> int | float:
    """A typed figure, read the current locale's way and checked against the question's bounds."""
    try:
        value = parse_number(text, current_locale())
    except AmbiguousNumber as error:
        raise InvalidAnswer(Problem.AMBIGUOUS_NUMBER, readings=error.readings) from None
    except NotANumber:
        raise InvalidAnswer(Problem.NOT_A_NUMBER) from None
    return check_number(question, value)


def check_number(question: Question, value: Decimal | int | float) -> int | float:
    value = Decimal(value)
    if question.integer and value != value.to_integral_value():
        raise InvalidAnswer(Problem.NOT_WHOLE)
    if question.min is not None and value < Decimal(str(question.min)):
        raise InvalidAnswer(Problem.TOO_SMALL, limit=question.min, unit=question.unit)
    if question.max is not None and value > Decimal(str(question.max)):
        raise InvalidAnswer(Problem.TOO_LARGE, limit=question.max, unit=question.unit)
    return int(value) if value == value.to_integral_value() else float(value)


def check_selection(question: Question, chosen: list[str]) -> list[str]:
    """A multiple choice as submitted: counts and exclusive options respected."""
    exclusive = [option_id for option_id in chosen if question.is_exclusive(option_id)]
    if exclusive and len(chosen) > 1:
        raise InvalidAnswer(Problem.EXCLUSIVE_OPTION, option=exclusive[0])
    if len(chosen) < question.min_choices:
        raise InvalidAnswer(Problem.TOO_FEW_CHOICES, limit=question.min_choices)
    if question.max_choices is not None and len(chosen) > question.max_choices:
        raise InvalidAnswer(Problem.TOO_MANY_CHOICES, limit=question.max_choices)
    return chosen


def is_valid(question: Question, value: Any, answers: Mapping[str, Any]) -> bool:
    """Whether a stored `value` is still an acceptable answer to `question`."""
    if value is None:
        return question.optional
    try:
        return _STILL_VALID[question.kind](question, value, answers)
    except InvalidAnswer:
        return False


def _visible(question: Question, answers: Mapping[str, Any]) -> set[str]:
    return {option.id for option in question.visible_options(answers)}


def _valid_choice(question: Question, value: Any, answers: Mapping[str, Any]) -> bool:
    return value in _visible(question, answers)


def _valid_multi(question: Question, value: Any, answers: Mapping[str, Any]) -> bool:
    return (isinstance(value, list) and set(value) <= _visible(question, answers)
            and check_selection(question, value) == value)


def _valid_number(question: Question, value: Any, answers: Mapping[str, Any]) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and check_number(question, value) == value


def _valid_text(question: Question, value: Any, answers: Mapping[str, Any]) -> bool:
    return isinstance(value, str) and 0 < len(value) <= question.max_length


def _never(question: Question, value: Any, answers: Mapping[str, Any]) -> bool:
    return False  # nothing answers the end of a dialogue


_STILL_VALID = {Kind.CHOICE: _valid_choice, Kind.MULTI: _valid_multi, Kind.NUMBER: _valid_number,
                Kind.TEXT: _valid_text, Kind.END: _never}
