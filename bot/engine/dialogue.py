"""One `transitions` machine per dialogue spec, built once and shared by all conversations.

A conversation is not kept as a machine model between inputs: its state and
answers live in storage. To route one answer, the machine's single cursor is
set to the stored state and fires `advance`, whose conditional transitions are
the spec's branching rules, tried in order. Following the library's advice,
the machine is never rebuilt per user, and no model is added per input.
"""

from __future__ import annotations

from typing import Any, Mapping

from transitions import Machine

from bot.spec import Question, Spec


class _Cursor:
    """The one model the machine moves: a state and the answers its conditions read."""

    def __init__(self) -> None:
        self.answers: Mapping[str, Any] = {}


def machine_config(spec: Spec) -> dict[str, Any]:
    """The spec as `Machine(**config)` takes it: one `advance` transition per branching rule."""
    return {
        "states": list(spec.questions),
        "initial": spec.start,
        "transitions": [
            {
                "trigger": "advance",
                "source": question.id,
                "dest": rule.goto,
                "conditions": [lambda event, when=rule.when: when.holds(event.model.answers)],
            }
            for question in spec.questions.values()
            for rule in question.next
        ],
        "auto_transitions": False,
        "send_event": True,
    }


def mermaid(spec: Spec) -> str:
    """The dialogue's flow as a Mermaid state diagram, drawn by transitions itself."""
    from transitions.extensions.diagrams import GraphMachine

    model = _Cursor()
    GraphMachine(model=model, graph_engine="mermaid", title=spec.name, show_conditions=False,
                 **machine_config(spec))
    return model.get_graph().draw(None)


class Dialogue:
    def __init__(self, spec: Spec):
        self.spec = spec
        self._cursor = _Cursor()
        self.machine = Machine(model=self._cursor, **machine_config(spec))

    def question(self, state: str) -> Question:
        return self.spec.questions[state]

    def route(self, state: str, answers: Mapping[str, Any]) -> str:
        """The state that follows `state` once `answers` are known."""
        cursor = self._cursor
        cursor.answers = answers
        self.machine.set_state(state, model=cursor)
        cursor.advance()
        return cursor.state
