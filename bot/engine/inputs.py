"""What a user can send to a dialogue, and how a typed answer is read and checked.

Every rejection is an `InvalidAnswer` with a language-neutral code and the
figures needed to explain it; the front-end turns it into a localized text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from bot.i18n.numbers import AmbiguousNumber, NotANumber, parse_number
from bot.spec import Option, Question


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
class Restart:
    pass


Input = Text | Pick | Toggle | Done | Skip | Back | Restart


class InvalidAnswer(ValueError):
    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SEPARATORS = re.compile(r"[,;\s]+")


def clean_text(text: str) -> str:
    """Normalized Unicode without control characters, trimmed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


def read_answer(question: Question, text: str, answers: Mapping[str, Any], locale: str,
                label_of=lambda option: option.label) -> Any:
    """The value a typed `text` stands for as an answer to `question`.

    `label_of` gives an option's label in the user's language, so owners may
    type the label instead of its number.
    """
    text = clean_text(text)
    if not text:
        raise InvalidAnswer("empty")
    if question.kind == "text":
        if len(text) > question.max_length:
            raise InvalidAnswer("too_long", limit=question.max_length, length=len(text))
        return text
    if question.kind == "number":
        return read_number(question, text, locale)
    options = question.visible_options(answers)
    if question.kind == "choice":
        return _match_option(text, options, label_of).id
    parts = [part for part in _SEPARATORS.split(text) if part] if _looks_numbered(text) \
        else [part.strip() for part in text.split(",") if part.strip()]
    chosen: list[str] = []
    for part in parts:
        option_id = _match_option(part, options, label_of).id
        if option_id not in chosen:
            chosen.append(option_id)
    return check_selection(question, chosen)


def _looks_numbered(text: str) -> bool:
    return all(part.isdigit() for part in _SEPARATORS.split(text) if part)


def _match_option(text: str, options: list[Option], label_of) -> Option:
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(options):
            return options[number - 1]
        raise InvalidAnswer("not_an_option", count=len(options))
    wanted = text.casefold()
    for option in options:
        if wanted in (option.id.casefold(), label_of(option).casefold()):
            return option
    raise InvalidAnswer("not_an_option", count=len(options))


def read_number(question: Question, text: str, locale: str) -> int | float:
    try:
        value = parse_number(text, locale)
    except AmbiguousNumber as error:
        raise InvalidAnswer("ambiguous_number", readings=error.readings) from None
    except NotANumber:
        raise InvalidAnswer("not_a_number") from None
    return check_number(question, value)


def check_number(question: Question, value: Decimal | int | float) -> int | float:
    value = Decimal(value)
    if question.integer and value != value.to_integral_value():
        raise InvalidAnswer("not_whole")
    if question.min is not None and value < Decimal(str(question.min)):
        raise InvalidAnswer("too_small", limit=question.min, unit=question.unit)
    if question.max is not None and value > Decimal(str(question.max)):
        raise InvalidAnswer("too_large", limit=question.max, unit=question.unit)
    return int(value) if value == value.to_integral_value() else float(value)


def check_selection(question: Question, chosen: list[str]) -> list[str]:
    """A multiple choice as submitted: counts and exclusive options respected."""
    exclusive = [option_id for option_id in chosen if question.option(option_id).exclusive]
    if exclusive and len(chosen) > 1:
        raise InvalidAnswer("exclusive_option", option=exclusive[0])
    if len(chosen) < question.min_choices:
        raise InvalidAnswer("too_few_choices", limit=question.min_choices)
    if question.max_choices is not None and len(chosen) > question.max_choices:
        raise InvalidAnswer("too_many_choices", limit=question.max_choices)
    return chosen


def is_valid(question: Question, value: Any, answers: Mapping[str, Any]) -> bool:
    """Whether a stored `value` is still an acceptable answer to `question`."""
    if value is None:
        return question.optional
    visible = {option.id for option in question.visible_options(answers)}
    try:
        if question.kind == "choice":
            return value in visible
        if question.kind == "multi":
            return (isinstance(value, list) and set(value) <= visible
                    and check_selection(question, value) == value)
        if question.kind == "number":
            return isinstance(value, (int, float)) and not isinstance(value, bool) \
                and check_number(question, value) == value
        if question.kind == "text":
            return isinstance(value, str) and 0 < len(value) <= question.max_length
    except InvalidAnswer:
        return False
    return False
