"""Drive one conversation one input at a time: restore, check, move, persist.

The engine knows nothing of Telegram or the console: front-ends turn what a
user did into an `Input` and render the `Step` they get back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any

from bot.engine.dialogue import Derivation, Dialogue
from bot.engine.inputs import (
    Back,
    Done,
    Input,
    InvalidAnswer,
    Pick,
    Position,
    Problem,
    Restart,
    Same,
    Skip,
    Text,
    Toggle,
    check_selection,
    is_valid,
    read_answer,
)
from bot.i18n import current_currency
from bot.spec import MONEY_UNITS, Kind, Option, Question, Spec
from bot.storage import ConversationRecord, Earlier, Receipt, Snapshot, Storage


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
    dialogue: Dialogue = field(repr=False, compare=False)
    # In a re-assessment: the conversation it re-assesses, and its answer to this question if still valid.
    earlier: Earlier | None = field(default=None, repr=False, compare=False)
    default: Any = None

    @cached_property
    def total(self) -> int:
        """About how many questions the whole dialogue will have on this path (never fewer than the step:
        at the end, the step counts past the last question)."""
        path = self.conversation.path
        return max(len(path) + self.dialogue.remaining(self.conversation.state, self.answers), self.step)

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


class Status(StrEnum):
    """What one input did."""

    ACCEPTED = "accepted"
    FINISHED = "finished"  # the answer completed the dialogue
    INVALID = "invalid"
    STALE = "stale"  # a button from another moment
    TOGGLED = "toggled"
    BACK = "back"
    AT_START = "at_start"
    RESTARTED = "restarted"
    ALREADY_FINISHED = "already_finished"  # only Back or Restart reopen a finished dialogue
    DUPLICATE = "duplicate"  # this message was applied before


REDELIVERY_WINDOW = timedelta(hours=24)  # how long Telegram may deliver an update again
# The statuses after which the dialogue shows another question (or its end).
MOVED = frozenset({Status.ACCEPTED, Status.FINISHED, Status.BACK})


@dataclass(frozen=True)
class Step:
    """The outcome of one input."""

    status: Status
    view: View
    problem: InvalidAnswer | None = field(default=None)

    @property
    def moved(self) -> bool:
        return self.status in MOVED


@dataclass(frozen=True)
class Known:
    """What a front-end already read for this input: the open conversation (None: there is none)
    and the last update applied for the user. The engine then reads nothing more."""

    snapshot: Snapshot | None
    last_receipt: Receipt | None
    read: object = None  # when both were read (`Storage.unchanged_since`)


# The context values a conversation gets when the engine starts it, by user and dialogue.
Starting = Callable[[int, str], dict[str, Any]]


class Engine:
    def __init__(self, store: Storage, specs: dict[str, Spec], derivations: Mapping[str, Derivation] | None = None,
                 starting: Starting | None = None):
        """`derivations`: the rules that work out the values specs may branch on (see `Spec.derived`);
        `starting`: the context values of a conversation the engine starts by itself (the owner's country)."""
        self.store = store
        self.dialogues = {name: Dialogue(spec, derivations) for name, spec in specs.items()}
        self.starting = starting or (lambda user_id, dialog: {})

    def view(self, user_id: int, dialog: str, known: Snapshot | None = None) -> View:
        """The user's current conversation on `dialog` (`known` if already read), started if there is none."""
        record, stored, earlier = self._restore(user_id, dialog, known)
        return self._view(record, stored, earlier)

    def restart(self, user_id: int, dialog: str, context: dict[str, Any] | None = None,
                earlier: Earlier | None = None) -> View:
        """A fresh conversation on `dialog`, given the values its spec expects as context; with `earlier`,
        a re-assessment that offers that finished conversation's answers again."""
        dialogue = self.dialogues[dialog]
        record = self.store.start_conversation(user_id, dialog, dialogue.spec.version, dialogue.spec.start,
                                               context=context or {}, currency=current_currency(),
                                               defaults_from=earlier.id if earlier else None)
        return self._view(record, dict(context or {}), earlier)

    def handle(self, user_id: int, dialog: str, event: Input, receipt: int | None = None,
               known: Known | None = None) -> Step:
        """Apply one input; on any rejection nothing stored changes.

        `receipt` is the id of the message that carried the input (Telegram's
        update id, which only grows). It is stored with the input's effect, so
        the same message delivered again after a crash is not applied twice.
        `known` is what was already read for this input, if anything. Typed
        text is read in the current locale; a conversation started here takes the current currency.

        With a receipt, the input is applied under the user's lock, to the
        conversation and last receipt read again after taking it: two
        instances that both took the message to be theirs (one's lease ran
        out under a slow handler) apply it once, and a later message never
        from the state before an earlier one. What `known` says spares that
        transaction for a message seen to be a repeat already, and the
        reading again when the store can tell that nothing at all was
        committed since it was read (SQLite: one process, and the answer's
        transaction follows its arrival straight away).
        """
        if receipt is None:
            return self._handle(user_id, dialog, event, known.snapshot if known else self._read(user_id, dialog))
        if known is not None and self._repeats(receipt, known.last_receipt):
            return Step(Status.DUPLICATE, self.view(user_id, dialog, known.snapshot))
        with self.store.transaction():
            self.store.lock_user(user_id)
            if known is not None and self.store.unchanged_since(known.read):
                snapshot, last = known.snapshot, known.last_receipt
            else:
                now = self.store.visit(user_id)
                snapshot, last = now.conversations.get(dialog), now.user.receipt if now.user else None
            if self._repeats(receipt, last):
                return Step(Status.DUPLICATE, self.view(user_id, dialog, snapshot))
            step = self._handle(user_id, dialog, event, snapshot)
            self.store.record_receipt(user_id, receipt)
        return step

    def _repeats(self, receipt: int, last: Receipt | None) -> bool:
        """Whether update `receipt` was applied before: at or below the last id, while that is recent.

        Telegram keeps an update for redelivery at most a day, and after a week
        with no update at all it starts its ids afresh, possibly lower: an old
        last receipt says nothing about a new id.
        """
        if last is None or receipt > last.update_id or last.at is None:
            return False
        return self.store.clock() - last.at < REDELIVERY_WINDOW

    def _handle(self, user_id: int, dialog: str, event: Input, known: Snapshot | None) -> Step:
        if isinstance(event, Restart):
            known = known or self._read(user_id, dialog)
            return Step(Status.RESTARTED, self.restart(user_id, dialog, self._context(user_id, dialog, known),
                                                       self._reassessed(known)))
        view = self.view(user_id, dialog, known)
        if view.finished and not isinstance(event, Back):
            return Step(Status.ALREADY_FINISHED, view)
        at = getattr(event, "at", None)
        if at is not None and at != view.position:
            return Step(Status.STALE, view)
        if isinstance(event, Back):
            return self._back(view)
        try:
            if isinstance(event, Toggle):
                return Step(Status.TOGGLED, self._toggle(view, event.option))
            return self._accept(view, self._value(view, event))
        except InvalidAnswer as problem:
            if problem.code is Problem.STALE:
                return Step(Status.STALE, view)
            return Step(Status.INVALID, view, problem)

    # ---------------------------------------------------------------- moves
    def _value(self, view: View, event: Input) -> Any:
        question = view.question
        if isinstance(event, Skip):
            if not question.optional:
                raise InvalidAnswer(Problem.NOT_OPTIONAL)
            return None
        if isinstance(event, Pick):
            if question.kind is not Kind.CHOICE or event.option not in {o.id for o in view.options}:
                raise InvalidAnswer(Problem.STALE)
            return event.option
        if isinstance(event, Done):
            if question.kind is not Kind.MULTI:
                raise InvalidAnswer(Problem.STALE)
            return check_selection(question, list(view.selection))
        if isinstance(event, Text):
            return read_answer(question, event.text, view.answers)
        if isinstance(event, Same):
            if view.default is None:  # none offered (any more): a button from another conversation
                raise InvalidAnswer(Problem.STALE)
            return list(view.default) if isinstance(view.default, list) else view.default
        raise InvalidAnswer(Problem.STALE)

    def _toggle(self, view: View, option_id: str) -> View:
        question = view.question
        option = question.option(option_id)
        if question.kind is not Kind.MULTI or option not in view.options:
            raise InvalidAnswer(Problem.STALE)
        selection = list(view.selection)
        if option_id in selection:
            selection.remove(option_id)
        elif option.exclusive:
            selection = [option_id]
        else:
            selection = [chosen for chosen in selection if not question.is_exclusive(chosen)]
            if question.max_choices is not None and len(selection) >= question.max_choices:
                raise InvalidAnswer(Problem.TOO_MANY_CHOICES, limit=question.max_choices)
            selection.append(option_id)
        record = self.store.save_step(view.conversation, state=view.conversation.state,
                                      path=view.conversation.path, draft=tuple(selection),
                                      resume_at=view.conversation.resume_at)
        return self._view(record, view.stored, view.earlier)

    def _accept(self, view: View, value: Any) -> Step:
        """Store the answer and move on: to the next question, or, when a spec change sent the owner
        back to answer a new question first, on to where they were (past what they answered already)."""
        record = view.conversation
        dialogue = self.dialogues[record.spec]
        answers = {**view.answers, record.state: value}
        stored = {**view.stored, record.state: value}
        path = [*record.path, record.state]
        following = dialogue.route(record.state, answers)
        resume = record.resume_at
        if resume is not None:
            following = self._walk(dialogue, following, answers, stored, path, until=resume)
            if following == resume or dialogue.question(following).is_end:
                resume = None
        finished = dialogue.question(following).is_end
        record = self.store.save_step(
            record, state=following, path=tuple(path),
            draft=self._draft_for(dialogue.question(following), stored),
            answer=(record.state, value), finished=finished, resume_at=resume)
        return Step(Status.FINISHED if finished else Status.ACCEPTED, self._view(record, stored, view.earlier))

    def _back(self, view: View) -> Step:
        """Return to the previous question; on a finished dialogue this reopens the last one."""
        record, spec = view.conversation, self.dialogues[view.conversation.spec].spec
        path = record.path
        while path and path[-1] not in spec.questions:  # answered on an earlier version, since removed
            path = path[:-1]
        if not path:
            return Step(Status.AT_START, view)
        previous = path[-1]
        question = spec.questions[previous]
        record = self.store.save_step(record, state=previous, path=path[:-1],
                                      draft=self._draft_for(question, view.stored), resume_at=record.resume_at)
        return Step(Status.BACK, self._view(record, view.stored, view.earlier))

    @staticmethod
    def _draft_for(question: Question, answers: dict[str, Any]) -> tuple[str, ...] | None:
        """A multiple choice starts from the user's earlier picks, if any (those it still offers)."""
        if question.kind is not Kind.MULTI:
            return None
        earlier = answers.get(question.id)
        return Engine._offered(question, earlier) if isinstance(earlier, list) else ()

    @staticmethod
    def _offered(question: Question, codes: Any) -> tuple[str, ...]:
        """The codes (read as this version has them) that are options of `question`."""
        return tuple(code for code in question.carry(list(codes)) if question.option(code) is not None)

    def _context(self, user_id: int, dialog: str, known: Snapshot | None) -> dict[str, Any]:
        """The context of the user's current conversation, carried into a restart."""
        known = known or self._read(user_id, dialog)
        if known is None:
            return {}
        return {key: known.answers[key] for key in self.dialogues[dialog].spec.context if key in known.answers}

    @staticmethod
    def _reassessed(known: Snapshot | None) -> Earlier | None:
        """What a restart offers again: a finished conversation's answers, or those the one set aside offered."""
        if known is None:
            return None
        record = known.record
        return Earlier.of(record, known.answers) if record.finished else known.earlier

    # --------------------------------------------------------- restoring
    def _read(self, user_id: int, dialog: str) -> Snapshot | None:
        """The user's open conversation on `dialog` and its answers, as storage has them (None: there is none)."""
        record = self.store.active_conversation(user_id, dialog)
        if record is None:
            return None
        earlier = self.store.earlier(record.defaults_from) if record.defaults_from is not None else None
        return Snapshot(record, self.store.answers(record.id), earlier)

    def _restore(self, user_id: int, dialog: str, known: Snapshot | None
                 ) -> tuple[ConversationRecord, dict[str, Any], Earlier | None]:
        """The conversation, its latest answers and what it offers again, read unless `known`, started if none."""
        dialogue = self.dialogues[dialog]
        known = known or self._read(user_id, dialog)
        if known is None:
            context = self.starting(user_id, dialog)
            return self.store.start_conversation(user_id, dialog, dialogue.spec.version, dialogue.spec.start,
                                                 context=context, currency=current_currency()), dict(context), None
        record, stored = known.record, known.answers
        assert record.spec == dialog
        spec = dialogue.spec
        if record.spec_version != spec.version or record.state not in spec.questions \
                or (spec.renames and spec.carry(stored) != stored):  # renamed without a new version
            return (*self._replay(record, stored, dialogue), known.earlier)
        return record, stored, known.earlier

    def _replay(self, record: ConversationRecord, stored: dict[str, Any],
                dialogue: Dialogue) -> tuple[ConversationRecord, dict[str, Any]]:
        """Carry a conversation begun on another version of the spec over to this one; nothing is lost.

        Answers stored under an id or with option codes that the spec now
        declares replaced (`replaces:`) are read as today's, and stored again
        so (the rows they were read from stay). A finished conversation stays
        finished, with its path and answers as they were (its verdict was made
        from them). One in progress is walked again from the start over its
        stored answers: it resumes where the owner was, or earlier at a
        question they must now answer (a new required one, or one whose answer
        no longer fits); once that is answered, they go on from where they
        were (`resume_at`), past what they had answered. A new optional
        question is passed by, not forced on them. Answers to questions the spec no longer has stay stored.
        """
        spec = dialogue.spec
        carried = spec.carry(stored)
        renamed = {key: value for key, value in carried.items() if key not in stored or stored[key] != value}
        with self.store.transaction():
            self.store.carry_answers(record.id, renamed)
            if record.finished:
                end = record.state if record.state in spec.questions and spec.questions[record.state].is_end \
                    else next(question.id for question in spec.questions.values() if question.is_end)
                path = tuple(spec.current_id(state) for state in record.path)
                return self.store.save_step(record, state=end, path=path, finished=True,
                                            spec_version=spec.version), carried
            target = spec.current_id(record.resume_at or record.state)
            path_now: list[str] = []
            answers = {key: carried[key] for key in spec.context if key in carried}
            state = self._walk(dialogue, spec.start, answers, carried, path_now, until=target,
                               passed={spec.current_id(state) for state in record.path})
            question = dialogue.question(state)
            if state == target and record.draft is not None and question.kind is Kind.MULTI:
                draft: tuple[str, ...] | None = self._offered(question, record.draft)  # a choice under way
            else:
                draft = self._draft_for(question, carried)
            resume = target if state != target and target in spec.questions and not question.is_end else None
            return self.store.save_step(record, state=state, path=tuple(path_now), draft=draft,
                                        finished=question.is_end, spec_version=spec.version,
                                        resume_at=resume), carried

    @staticmethod
    def _walk(dialogue: Dialogue, state: str, answers: dict[str, Any], stored: Mapping[str, Any],
              path: list[str], until: str, passed: set[str] | frozenset[str] = frozenset()) -> str:
        """From `state` on, pass every question a stored answer still answers (adding it to `answers`
        and `path`) and every new optional one (not answered, not passed before), up to `until`: the
        state returned is where the owner goes on, a question they must answer (again) or an end."""
        seen: set[str] = set()
        while not dialogue.question(state).is_end and state != until and state not in seen:
            seen.add(state)
            question = dialogue.question(state)
            if question.id in stored and is_valid(question, stored[question.id], answers):
                answers[question.id] = stored[question.id]
                path.append(state)
            elif not (question.optional and question.id not in stored and question.id not in passed):
                break  # to be answered (again): a new required question, or an answer that no longer fits
            state = dialogue.route(state, answers)
        return state

    def _view(self, record: ConversationRecord, stored: dict[str, Any], earlier: Earlier | None = None) -> View:
        """Where `record` stands, given its latest answers (and, re-assessing, the conversation it re-assesses)."""
        dialogue = self.dialogues[record.spec]
        context = {key: stored[key] for key in dialogue.spec.context if key in stored}
        answers = context | Snapshot(record, stored).on_path
        question = dialogue.question(record.state)
        return View(
            conversation=record, spec=dialogue.spec, question=question,
            options=question.visible_options(answers), answers=answers,
            previous=stored.get(record.state), step=len(record.path) + 1, stored=stored, dialogue=dialogue,
            earlier=earlier, default=self._default(dialogue.spec, question, record, earlier, answers),
        )

    @staticmethod
    def _default(spec: Spec, question: Question, record: ConversationRecord, earlier: Earlier | None,
                 answers: Mapping[str, Any]) -> Any:
        """Last time's answer to `question`, as this version reads it, if it is still a valid answer now
        (None: nothing to offer, a skipped answer, or an amount given in another currency)."""
        if earlier is None or question.is_end:
            return None
        value = spec.carry(earlier.on_path).get(question.id)
        if value is None or (question.unit in MONEY_UNITS and earlier.currency != record.currency):
            return None
        return value if is_valid(question, value, answers) else None
