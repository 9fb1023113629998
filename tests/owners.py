"""Any complete assessment an owner can give, for property tests: a random walk through the questionnaire.

Every option of every question can be drawn ("I don't know" and "none of these" included), every
optional question can be skipped, figures fall on the method's thresholds as often as anywhere else,
and the business is in any of the supported countries (which decides, for one, whether XING is offered).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from bot.advisor import DERIVED
from bot.engine.dialogue import Dialogue
from bot.i18n.markets import MARKETS
from bot.spec import Kind, Question, Spec

# Figures the method's rules turn on (hours, shares, staff, amounts), drawn as often as any other.
THRESHOLDS = (0, 0.5, 1, 2, 2.5, 3, 4, 19, 20, 50, 51, 79, 80, 81, 100)


_DIALOGUES: dict[int, Dialogue] = {}  # one machine per spec, built once (specs are not hashable)


def dialogue(spec: Spec) -> Dialogue:
    if id(spec) not in _DIALOGUES:
        _DIALOGUES[id(spec)] = Dialogue(spec, DERIVED)
    return _DIALOGUES[id(spec)]


# Free texts do not weigh in the verdict: a few, accents included, are enough.
TEXTS = st.sampled_from(["Boucherie Martin", "Salon Müller", "Plus de clients réguliers", "8 Anfragen im Monat"])


@cache
def _figure(question: Question) -> st.SearchStrategy[float]:
    low, high = question.min or 0, min(question.max or 10**7, 10**7)
    steps = st.integers(int(low), int(high)) if question.integer else \
        st.integers(int(low * 2), int(high * 2)).map(lambda halves: halves / 2 if halves % 2 else halves // 2)
    edges = [value for value in THRESHOLDS if low <= value <= high and (not question.integer or value == int(value))]
    return st.one_of(steps, st.sampled_from(edges)) if edges else steps


@cache
def _choices(question: Question, options: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """A choice among the options shown, built once per question and options (building strategies is slow)."""
    if question.kind is Kind.CHOICE:
        return st.sampled_from(options)
    exclusive = [option for option in options if question.is_exclusive(option)]
    plain = [option for option in options if option not in exclusive]
    most = min(len(plain), question.max_choices or len(plain))
    several = st.lists(st.sampled_from(plain), min_size=1, max_size=most, unique=True)
    return st.one_of(several, st.sampled_from(exclusive).map(lambda option: [option])) if exclusive else several


def owners(spec: Spec, countries: tuple[str, ...] = MARKETS) -> st.SearchStrategy[dict[str, Any]]:
    """The answers of one finished assessment, as the engine stores them (the country as its context)."""
    walk = dialogue(spec)

    @st.composite
    def owner(draw: st.DrawFn) -> dict[str, Any]:
        return _walk(draw, spec, walk, countries)

    return owner()


def _walk(draw: st.DrawFn, spec: Spec, walk: Dialogue, countries: tuple[str, ...]) -> dict[str, Any]:
    answers: dict[str, Any] = {"country": draw(st.sampled_from(countries))}
    state = spec.start
    while not spec.questions[state].is_end:
        question = spec.questions[state]
        if question.optional and draw(st.integers(0, 3)) == 0:
            value = None
        elif question.kind in (Kind.CHOICE, Kind.MULTI):
            value = draw(_choices(question, tuple(option.id for option in question.visible_options(answers))))
        elif question.kind is Kind.NUMBER:
            value = draw(_figure(question))
        else:
            value = draw(TEXTS)
        answers[state] = value
        state = walk.route(state, answers)
    return answers
