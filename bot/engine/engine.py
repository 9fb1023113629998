"""Drive one conversation one input at a time: restore, check, move, persist.

The engine knows nothing of Telegram or the console: front-ends turn what a
user did into an `Input` and render the `Step` they get back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bot.engine.dialogue import Dialogue
from bot.engine.inputs import (
    Back, Done, Input, InvalidAnswer, Pick, Position, Restart, Skip, Text, Toggle,
    check_selection, is_valid, read_answer,
)
from bot.spec import Option, Question, Spec
from bot.storage import ConversationRecord, Store


@dataclass(frozen=True)
class View:
    """Where a conversation stands: the question to show and what is known so far."""

    conversation: ConversationRecord
    spec: Spec
    question: Question
    options: list[Option]
    answers: dict[str, Any]
    previous: Any
    step: int
    stored: dict[str, Any] = field(repr=False)  # latest answers, on the path or not

    @cached_property
    def total(self) -> int:
        """About how many questions the whole dialogue will have on this path."""
        path = self.conversation.path
        return len(path) + self.spec.remaining(self.conversation.state, self.answers)

    @property
    def finished(self) -> bool:
        return self.conversation.finished

    @property
    def new_section(self) -> bool:
        """Whether this question opens a section (so its heading is shown)."""
        path = self.conversation.path
        return not path or self.spec.questions[path[-1]].section != self.question.section

    @property
    def position(self) -> Position:
        return Position(self.conversation.state, len(self.conversation.path))

    @property
    def selection(self) -> tuple[str, ...]:
        return self.conversation.draft or ()


@dataclass(frozen=True)
class Step:
    """The outcome of one input.

    status: accepted, finished (the answer completed the dialogue), invalid,
    stale (a button from another moment), toggled, back, at_start, restarted,
    already_finished (only Back or Restart reopen a finished dialogue),
    duplicate (this message was applied before).
    """

    status: str
    view: View
    problem: InvalidAnswer | None = field(default=None)


class Engine:
    def __init__(self, store: Store, specs: dict[str, Spec]):
        self.store = store
        self.dialogues = {name: Dialogue(spec) for name, spec in specs.items()}

    def view(self, user_id: int, dialog: str) -> View:
        """The user's current conversation on `dialog`, started if there is none."""
        return self._view(self._conversation(user_id, dialog))

    def restart(self, user_id: int, dialog: str, context: dict[str, Any] | None = None) -> View:
        """A fresh conversation on `dialog`, given the values its spec expects as context."""
        dialogue = self.dialogues[dialog]
        record = self.store.start_conversation(user_id, dialog, dialogue.spec.version, dialogue.spec.start,
                                               context=context or {})
        return self._view(record)

    def handle(self, user_id: int, dialog: str, event: Input, locale: str, label_of=None,
               receipt: int | None = None) -> Step:
        """Apply one input; on any rejection nothing stored changes.

        `receipt` is the id of the message that carried the input (Telegram's
        update id, which only grows). It is stored with the input's effect, so
        the same message delivered again after a crash is not applied twice.
        """
        if receipt is None:
            return self._handle(user_id, dialog, event, locale, label_of)
        last = self.store.last_receipt(user_id)
        if last is not None and receipt <= last:
            return Step("duplicate", self.view(user_id, dialog))
        with self.store.transaction():
            step = self._handle(user_id, dialog, event, locale, label_of)
            self.store.record_receipt(user_id, receipt)
        return step

    def _handle(self, user_id: int, dialog: str, event: Input, locale: str, label_of) -> Step:
        if isinstance(event, Restart):
            return Step("restarted", self.restart(user_id, dialog, self._context(user_id, dialog)))
        record = self._conversation(user_id, dialog)
        view = self._view(record)
        if view.finished and not isinstance(event, Back):
            return Step("already_finished", view)
        at = getattr(event, "at", None)
        if at is not None and at != view.position:
            return Step("stale", view)
        if isinstance(event, Back):
            return self._back(view)
        try:
            if isinstance(event, Toggle):
                return Step("toggled", self._toggle(view, event.option))
            return self._accept(view, self._value(view, event, locale, label_of))
        except InvalidAnswer as problem:
            status = "stale" if problem.code == "stale" else "invalid"
            return Step(status, view, problem if status == "invalid" else None)

    # ---------------------------------------------------------------- moves
    def _value(self, view: View, event: Input, locale: str, label_of) -> Any:
        question = view.question
        if isinstance(event, Skip):
            if not question.optional:
                raise InvalidAnswer("not_optional")
            return None
        if isinstance(event, Pick):
            if question.kind != "choice" or event.option not in {o.id for o in view.options}:
                raise InvalidAnswer("stale")
            return event.option
        if isinstance(event, Done):
            if question.kind != "multi":
                raise InvalidAnswer("stale")
            return check_selection(question, list(view.selection))
        if isinstance(event, Text):
            kwargs = {"label_of": label_of} if label_of else {}
            return read_answer(question, event.text, view.answers, locale, **kwargs)
        raise InvalidAnswer("stale")

    def _toggle(self, view: View, option_id: str) -> View:
        question = view.question
        option = question.option(option_id)
        if question.kind != "multi" or option not in view.options:
            raise InvalidAnswer("stale")
        selection = list(view.selection)
        if option_id in selection:
            selection.remove(option_id)
        elif option.exclusive:
            selection = [option_id]
        else:
            selection = [chosen for chosen in selection if not question.option(chosen).exclusive]
            if question.max_choices is not None and len(selection) >= question.max_choices:
                raise InvalidAnswer("too_many_choices", limit=question.max_choices)
            selection.append(option_id)
        record = self.store.save_step(view.conversation, state=view.conversation.state,
                                      path=view.conversation.path, draft=tuple(selection))
        return self._view(record, view.stored)

    def _accept(self, view: View, value: Any) -> Step:
        record = view.conversation
        dialogue = self.dialogues[record.spec]
        answers = {**view.answers, record.state: value}
        following = dialogue.route(record.state, answers)
        finished = dialogue.question(following).is_end
        stored = {**view.stored, record.state: value}
        record = self.store.save_step(
            record, state=following, path=record.path + (record.state,),
            draft=self._draft_for(dialogue.question(following), stored),
            answer=(record.state, value), finished=finished)
        return Step("finished" if finished else "accepted", self._view(record, stored))

    def _back(self, view: View) -> Step:
        """Return to the previous question; on a finished dialogue this reopens the last one."""
        record = view.conversation
        if not record.path:
            return Step("at_start", view)
        previous = record.path[-1]
        question = self.dialogues[record.spec].question(previous)
        record = self.store.save_step(record, state=previous, path=record.path[:-1],
                                      draft=self._draft_for(question, view.stored))
        return Step("back", self._view(record, view.stored))

    @staticmethod
    def _draft_for(question: Question, answers: dict[str, Any]) -> tuple[str, ...] | None:
        """A multiple choice starts from the user's earlier picks, if any."""
        if question.kind != "multi":
            return None
        earlier = answers.get(question.id)
        return tuple(earlier) if isinstance(earlier, list) else ()

    def _context(self, user_id: int, dialog: str) -> dict[str, Any]:
        """The context of the user's current conversation, carried into a restart."""
        record = self.store.active_conversation(user_id, dialog)
        if record is None:
            return {}
        stored = self.store.answers(record.id)
        return {key: stored[key] for key in self.dialogues[dialog].spec.context if key in stored}

    # --------------------------------------------------------- restoring
    def _conversation(self, user_id: int, dialog: str) -> ConversationRecord:
        dialogue = self.dialogues[dialog]
        record = self.store.active_conversation(user_id, dialog)
        if record is None:
            return self.store.start_conversation(user_id, dialog, dialogue.spec.version, dialogue.spec.start)
        if record.spec_version != dialogue.spec.version or record.state not in dialogue.spec.questions:
            return self._replay(record, dialogue)
        return record

    def _replay(self, record: ConversationRecord, dialogue: Dialogue) -> ConversationRecord:
        """Carry a conversation begun on another version of the spec over to this one.

        The stored answers are replayed from the start while they remain valid;
        the conversation resumes at the first question without a valid answer.
        """
        stored = self.store.answers(record.id)
        state, path = dialogue.spec.start, []
        answers = {key: stored[key] for key in dialogue.spec.context if key in stored}
        while not dialogue.question(state).is_end:
            question = dialogue.question(state)
            if question.id not in stored or not is_valid(question, stored[question.id], answers):
                break
            answers[question.id] = stored[question.id]
            path.append(state)
            state = dialogue.route(state, answers)
        return self.store.save_step(
            record, state=state, path=tuple(path), draft=self._draft_for(dialogue.question(state), stored),
            finished=dialogue.question(state).is_end and record.finished,
            spec_version=dialogue.spec.version)

    def _view(self, record: ConversationRecord, stored: dict[str, Any] | None = None) -> View:
        """The view of `record`; `stored` (its latest answers) is read unless already known."""
        dialogue = self.dialogues[record.spec]
        stored = self.store.answers(record.id) if stored is None else stored
        answers = {key: stored.get(key) for key in dialogue.spec.context}
        answers.update((state, stored.get(state)) for state in record.path)
        question = dialogue.question(record.state)
        step = len(record.path) + 1
        return View(
            conversation=record, spec=dialogue.spec, question=question,
            options=question.visible_options(answers), answers=answers,
            previous=stored.get(record.state), step=step, stored=stored,
        )
