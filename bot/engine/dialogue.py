"""One `transitions` machine per dialogue spec, built once and shared by all conversations.

A conversation is not kept as a machine model between inputs: for each move a
light cursor is added onto the machine at the stored state, fires `advance`
(whose conditional transitions are the spec's branching rules, tried in order),
and is removed again. Following the library's advice, the machine is never
rebuilt per user.
"""

from __future__ import annotations

from typing import Any, Mapping

from transitions import Machine

from bot.spec import Question, Spec


class _Cursor:
    """The model the machine moves: a state and the answers its conditions read."""

    def __init__(self, answers: Mapping[str, Any]):
        self.answers = answers


class Dialogue:
    def __init__(self, spec: Spec):
        self.spec = spec
        transitions = [
            {
                "trigger": "advance",
                "source": question.id,
                "dest": rule.goto,
                "conditions": [lambda event, when=rule.when: when.holds(event.model.answers)],
            }
            for question in spec.questions.values()
            for rule in question.next
        ]
        self.machine = Machine(
            model=None, states=list(spec.questions), initial=spec.start,
            transitions=transitions, auto_transitions=False, send_event=True,
        )

    def question(self, state: str) -> Question:
        return self.spec.questions[state]

    def route(self, state: str, answers: Mapping[str, Any]) -> str:
        """The state that follows `state` once `answers` are known."""
        return self._walk(state, answers, steps=1)[-1]

    def remaining(self, state: str, answers: Mapping[str, Any]) -> int:
        """How many questions are probably left from `state` on, this one included.

        Answers not given yet count as not matching any condition, so the
        estimate follows each rule list's default branch.
        """
        return len(self._walk(state, answers, steps=len(self.spec.questions))) - 1

    def _walk(self, state: str, answers: Mapping[str, Any], steps: int) -> list[str]:
        cursor = _Cursor(answers)
        self.machine.add_model(cursor, initial=state)
        try:
            visited = [state]
            while len(visited) <= steps and not self.spec.questions[cursor.state].is_end:
                cursor.advance()
                visited.append(cursor.state)
            return visited
        finally:
            self.machine.remove_model(cursor)
