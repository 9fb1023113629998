"""The shape of a dialogue spec once loaded: questions, options, branching rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

Answers = Mapping[str, Any]


class Kind(StrEnum):
    """How a question is answered (the spec's `type`)."""

    CHOICE = "choice"
    MULTI = "multi"
    NUMBER = "number"
    TEXT = "text"
    END = "end"


KINDS = tuple(Kind)
CHOOSING = (Kind.CHOICE, Kind.MULTI)  # kinds answered with options


MONEY_UNITS = frozenset({"money", "money_month", "money_hour"})

@dataclass(frozen=True)
class Test:
    """One test on one earlier answer: `in` a set of codes, or a numeric bound."""

    question: str
    any_of: frozenset[str] | None = None
    none_of: frozenset[str] | None = None
    min: float | None = None
    max: float | None = None
    answered: bool | None = None

    def holds(self, answers: Answers) -> bool:
        value = answers.get(self.question)
        if self.answered is not None and (value is not None) != self.answered:
            return False
        if value is None:
            return self.answered is False
        codes = set(value) if isinstance(value, (list, tuple, set, frozenset)) else {value}
        if self.any_of is not None and not codes & self.any_of:
            return False
        if self.none_of is not None and codes & self.none_of:
            return False
        if self.min is not None and not (isinstance(value, (int, float)) and value >= self.min):
            return False
        return self.max is None or (isinstance(value, (int, float)) and value <= self.max)


@dataclass(frozen=True)
class Condition:
    """All of its tests must hold (an empty condition always holds)."""

    tests: tuple[Test, ...] = ()

    def holds(self, answers: Answers) -> bool:
        return all(test.holds(answers) for test in self.tests)


ALWAYS = Condition()


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    exclusive: bool = False
    show_if: Condition = ALWAYS
    replaces: tuple[str, ...] = ()  # codes this option had on earlier versions of the spec
    context: str = ""  # the msgctxt its label is translated in: its question's id (the first earlier id if renamed)


@dataclass(frozen=True)
class Rule:
    goto: str
    when: Condition = ALWAYS


@dataclass(frozen=True)
class Question:
    """One state of the dialogue: what is asked, how it is answered, where it leads."""

    id: str
    kind: Kind
    text: str
    label: str | None = None  # the question named in a few words, where an answer is quoted
    section: str | None = None
    hint: str | None = None
    options: tuple[Option, ...] = ()
    optional: bool = False
    unit: str | None = None  # how its figure reads: a MONEY_UNITS one is an amount in its conversation's currency
    min: float | None = None
    max: float | None = None
    integer: bool = False
    suggestions: tuple[float, ...] = ()
    max_length: int = 300
    min_choices: int = 1
    max_choices: int | None = None
    next: tuple[Rule, ...] = ()
    replaces: tuple[str, ...] = ()  # ids this question had on earlier versions of the spec

    @property
    def is_end(self) -> bool:
        return self.kind is Kind.END

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)

    def is_exclusive(self, option_id: str) -> bool:
        """Whether choosing this option rules out every other one ("none of these")."""
        option = self.option(option_id)
        return option is not None and option.exclusive

    def visible_options(self, answers: Answers) -> list[Option]:
        return [option for option in self.options if option.show_if.holds(answers)]

    def current_code(self, code: str) -> str:
        """The option code as this version has it (an earlier code its option `replaces` is read as it)."""
        return next((option.id for option in self.options if code in option.replaces), code)

    def carry(self, value: Any) -> Any:
        """A stored answer with the earlier option codes it may hold read as today's (in lists too)."""
        if not any(option.replaces for option in self.options):
            return value
        if isinstance(value, str):
            return self.current_code(value)
        if isinstance(value, list):
            return list(dict.fromkeys(self.current_code(code) if isinstance(code, str) else code
                                      for code in value))
        return value


@dataclass(frozen=True)
class Spec:
    name: str
    version: int
    path: Path
    start: str
    questions: Mapping[str, Question]
    sections: Mapping[str, str] = field(default_factory=dict)
    title: str = ""
    # Values given when a conversation starts (not asked), by key -> kind of value;
    # conditions may test them and texts may show them as {key}.
    context: Mapping[str, str] = field(default_factory=dict)
    # Values worked out from the answers so far by a rule the application registers, by key -> the
    # codes it can take; branching rules may test them like answers (never shown, never stored).
    derived: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Question ids (`question`) and option codes (`question.option`) that earlier versions stored
    # and this one deliberately no longer asks: their stored answers are kept, and read by nothing.
    retired: frozenset[str] = frozenset()

    @cached_property
    def renames(self) -> bool:
        """Whether any question or option `replaces` an earlier id."""
        return any(question.replaces or any(option.replaces for option in question.options)
                   for question in self.questions.values())

    def current_id(self, question_id: str) -> str:
        """The question id as this version has it (an earlier id a question `replaces` is read as it)."""
        if question_id in self.questions:
            return question_id
        return next((question.id for question in self.questions.values() if question_id in question.replaces),
                    question_id)

    def carry(self, stored: Mapping[str, Any]) -> dict[str, Any]:
        """Stored answers read on this version: an answer kept under an id or with option codes that a
        question or option now `replaces` is read under today's id and codes. Nothing is dropped, and an
        answer given under today's id wins over one under an earlier id."""
        carried = dict(stored)
        for question in self.questions.values():
            if question.id not in carried:
                earlier = next((old for old in question.replaces if old in stored), None)
                if earlier is None:
                    continue
                carried[question.id] = stored[earlier]
            carried[question.id] = question.carry(carried[question.id])
        return carried

    def messages(self) -> list[tuple[str, str | None, str]]:
        """Every translatable text of the spec, with the state it belongs to and its msgctxt (an
        option label is translated in the context of its question; other texts have none)."""
        found: list[tuple[str, str | None, str]] = [("(title)", None, self.title)] if self.title else []
        found += [(f"(section {key})", None, text) for key, text in self.sections.items()]
        for question in self.questions.values():
            found += [(question.id, None, text) for text in (question.text, question.label, question.hint) if text]
            found += [(question.id, option.context, option.label) for option in question.options]
        return found
