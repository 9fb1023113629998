"""Random sequences of inputs never break the engine or lose what was stored (Hypothesis, stateful)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bot.advisor import DERIVED
from bot.engine import Back, Done, Engine, Pick, Position, Restart, Skip, Text, Toggle
from bot.engine.inputs import is_valid
from bot.i18n import use_locale
from bot.paths import dialogs_dir
from bot.spec import load_specs
from bot.storage import SqliteStore

SPECS = load_specs(dialogs_dir())
STATUSES = {"accepted", "finished", "invalid", "stale", "toggled", "back", "at_start", "restarted",
            "already_finished"}
GARBAGE = st.one_of(
    st.text(max_size=40), st.just(""), st.just("   "), st.just("x" * 5000), st.just("🙂🥩"),
    st.integers(-10**12, 10**12).map(str), st.sampled_from(["1.500", "1,5", "1 500 €", "-0", "NaN", "1e9"]),
)
USER = 1


class Conversations(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = tempfile.mkdtemp()
        self.path = Path(self.folder) / "random.sqlite3"
        self.store = SqliteStore(self.path)
        self.store.ensure_user(USER, language="fr")
        self.engine = Engine(self.store, SPECS, DERIVED)
        self.old_positions: list[Position] = []

    def teardown(self):
        self.store.close()

    def send(self, event, locale="fr"):
        view = self.engine.view(USER, "assessment")
        self.old_positions.append(view.position)
        with use_locale(locale):
            step = self.engine.handle(USER, "assessment", event)
        assert step.status in STATUSES
        if step.status == "invalid":
            assert step.problem is not None and step.view.conversation == view.conversation
        return step

    @rule(data=st.data(), locale=st.sampled_from(["fr", "de"]))
    def answer_validly(self, data, locale):
        view = self.engine.view(USER, "assessment")
        question = view.question
        if view.finished:
            return
        if question.kind == "choice":
            option = data.draw(st.sampled_from(view.options))
            self.send(Pick(option.id, view.position), locale)
        elif question.kind == "multi":
            plain = [o for o in view.options if not o.exclusive]
            most = min(len(plain), question.max_choices or len(plain))
            for option in data.draw(st.lists(st.sampled_from(plain), min_size=1, max_size=most, unique=True)):
                self.send(Toggle(option.id, view.position), locale)
            self.send(Done(self.engine.view(USER, "assessment").position), locale)
        elif question.kind == "number":
            value = data.draw(st.integers(int(question.min), int(min(question.max, 10**6))))
            self.send(Text(str(value)), locale)
        else:
            self.send(Text(data.draw(st.text(min_size=1, max_size=question.max_length).filter(str.strip))))

    @rule(text=GARBAGE, locale=st.sampled_from(["fr", "de"]))
    def type_anything(self, text, locale):
        self.send(Text(text), locale)

    @rule()
    def go_back(self):
        self.send(Back())

    @rule()
    def skip(self):
        self.send(Skip())

    @rule()
    def restart(self):
        assert self.send(Restart()).status == "restarted"

    @precondition(lambda self: self.old_positions)
    @rule(data=st.data(), option=st.text(max_size=20))
    def press_an_old_or_forged_button(self, data, option):
        position = data.draw(st.sampled_from(self.old_positions))
        before = self.engine.view(USER, "assessment")
        step = self.send(data.draw(st.sampled_from([Pick(option, position), Toggle(option, position),
                                                    Done(position), Skip(position)])))
        if position != before.position:  # a finished assessment says so to any press but back
            assert step.status == ("already_finished" if before.finished else "stale")
            assert step.view.conversation == before.conversation

    @invariant()
    def stored_answers_are_valid_for_their_question(self):
        view = self.engine.view(USER, "assessment")
        answers = {}
        for state in view.conversation.path:
            question = view.spec.questions[state]
            assert is_valid(question, view.answers[state], answers), (state, view.answers[state])
            answers[state] = view.answers[state]

    @invariant()
    def reopening_the_file_gives_the_same_conversation(self):
        before = self.engine.view(USER, "assessment")
        reopened = SqliteStore(self.path)
        after = Engine(reopened, SPECS, DERIVED).view(USER, "assessment")
        reopened.close()
        assert (after.conversation, after.answers, after.selection) == \
            (before.conversation, before.answers, before.selection)


TestConversations = Conversations.TestCase
TestConversations.settings = settings(max_examples=40, stateful_step_count=40, deadline=None,
                                      suppress_health_check=[HealthCheck.too_slow])
