"""One `transitions` machine per dialogue spec, built once and shared by all conversations.

The machine is the dialogue's only routing: each question's branching rules
are the conditional `advance` transitions leaving its state, tried in order.
A move fires `advance` on a `Move`, a throw-away model made for that one
input, so no model is ever shared or re-pointed (the machine is built with
`model=None`; a model need not be added to be moved by an event). The
progress estimate asks the same transitions which way they would go, without
firing them: a walk of ~35 questions fired one by one would cost ~0.5 ms on
every question shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

from transitions import Machine

from bot.spec import Question, Spec, SpecError

Answers = Mapping[str, Any]
Rule = Callable[[Answers], bool]  # a branching rule's condition, as the machine holds it
Derivation = Callable[[Answers], str]  # works out one of a spec's derived values from the answers so far
ADVANCE = "advance"


class Derived(Mapping[str, Any]):
    """The answers, plus the spec's derived values, each worked out once, when a rule first reads it."""

    def __init__(self, answers: Answers, derivations: Mapping[str, Derivation]) -> None:
        self._answers, self._derivations, self._worked_out = answers, derivations, dict[str, str]()

    def __getitem__(self, key: str) -> Any:
        if key not in self._derivations:
            return self._answers[key]
        if key not in self._worked_out:
            self._worked_out[key] = self._derivations[key](self._answers)
        return self._worked_out[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._answers)

    def __len__(self) -> int:
        return len(self._answers)


class Move:
    """The model one input moves: it only holds the state (the answers come with the event)."""

    def __init__(self, state: str) -> None:
        self.state = state


def machine_config(spec: Spec) -> dict[str, Any]:
    """The spec as `Machine(**config)` takes it: one `advance` transition per branching rule."""
    return {
        "states": list(spec.questions),
        "initial": spec.start,
        "transitions": [
            {"trigger": ADVANCE, "source": question.id, "dest": rule.goto, "conditions": [rule.when.holds]}
            for question in spec.questions.values()
            for rule in question.next
        ],
        "auto_transitions": False,
    }


def mermaid(spec: Spec) -> str:
    """The dialogue's flow as a Mermaid state diagram, drawn by transitions itself."""
    from transitions.extensions.diagrams import GraphMachine

    model = Move(spec.start)
    GraphMachine(model=model, graph_engine="mermaid", title=spec.name, show_conditions=False,
                 **machine_config(spec))
    return str(model.get_graph().draw(None))  # type: ignore[attr-defined]


_LEFT_KEPT = 4096  # counts of questions left kept per dialogue (a few hundred bytes each)


def _read_on_the_way(spec: Spec, state: str) -> set[str]:
    """The answers (and derived values) that the rules of `state` and of every question after it test."""
    read: set[str] = set()
    seen, ahead = set(), [state]
    while ahead:
        question = spec.questions[ahead.pop()]
        if question.id in seen:
            continue
        seen.add(question.id)
        for rule in question.next:
            read.update(test.question for test in rule.when.tests)
            ahead.append(rule.goto)
    return read


def _hashable(value: Any) -> Any:
    """An answer as part of a key: a selection's order does not matter to a rule."""
    return frozenset(value) if isinstance(value, (list, tuple, set)) else value


class Dialogue:
    def __init__(self, spec: Spec, derivations: Mapping[str, Derivation] | None = None):
        """`derivations` work out the values the spec's `derived` names (every one must be there)."""
        self.spec = spec
        self.derivations = {key: rule for key, rule in (derivations or {}).items() if key in spec.derived}
        missing = set(spec.derived) - set(self.derivations)
        if missing:
            raise SpecError(spec.path, None, f"no rule works out the derived {sorted(missing)}")
        self.machine = Machine(model=None, **machine_config(spec))
        self._advance = self.machine.events[ADVANCE]
        self._read_from = {state: tuple(sorted(_read_on_the_way(spec, state))) for state in spec.questions}
        self._left: dict[tuple[Any, ...], int] = {}

    def _known(self, answers: Answers) -> Answers:
        return Derived(answers, self.derivations) if self.derivations else answers

    def question(self, state: str) -> Question:
        return self.spec.questions[state]

    def route(self, state: str, answers: Answers) -> str:
        """The state that follows `state` once `answers` are known: the machine's move."""
        move = Move(state)
        self._advance.trigger(move, self._known(answers))
        return move.state

    def _way(self, state: str, answers: Answers) -> str:
        """Where `advance` would lead from `state`: its first transition whose conditions all hold."""
        for transition in self._advance.transitions[state]:
            if all(cast(Rule, condition.func)(answers) == condition.target for condition in transition.conditions):
                return str(transition.dest)
        raise LookupError(f"no way on from {state!r}")  # the spec loader makes the last rule unconditional

    def remaining(self, state: str, answers: Answers) -> int:
        """How many questions are probably left from `state` on, this one included.

        Answers not given yet match no condition, so the walk follows each
        question's default way. The walk reads only the few answers the rules
        ahead test, so its count is kept by `state` and those answers: owners
        at the same question with the same answers to them share it, and each
        question shown is spared a walk of up to ~40 states.
        """
        answers = self._known(answers)
        key = (state, *(_hashable(answers.get(question)) for question in self._read_from[state]))
        if (count := self._left.get(key)) is None:
            if len(self._left) >= _LEFT_KEPT:
                self._left.clear()
            count = self._left[key] = self._walk(state, answers)
        return count

    def _walk(self, state: str, answers: Answers) -> int:
        count, seen = 0, set()
        while not self.question(state).is_end and state not in seen:
            seen.add(state)
            count += 1
            state = self._way(state, answers)
        return count
