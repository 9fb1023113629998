"""Whatever an owner types, at any kind of question, is answered with that question's own re-ask (Hypothesis).

Digit runs up to 100,000 long, mixed scripts, control and invisible characters
are typed at a choice, a multiple choice, a figure and a free text of the real
assessment, against the real bot: no apology for an internal error, nothing
invalid stored, and either the answer is taken or the same question is asked
again. One bot serves every example (it runs on a loop of its own), each
example with a new owner.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from typing import Any

import pytest
from answers import BUTCHER_TYPED
from bot_fixtures import RunningBot, launcher
from fake_api import FakeTelegram
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from play import DIALOG, answer_directly, question_on_screen, say

from bot.engine.inputs import is_valid
from bot.telegram.errors import NOT_SAVED, SORRY

# A question of each kind the assessment asks, in the butcher's path.
AT_KIND = {"choice": "sector", "multi": "networks_now", "number": "staff", "text": "business_name"}

DIGIT_RUNS = st.builds(lambda digit, length: digit * length, st.sampled_from("0123456789"),
                       st.integers(1, 100_000))
HOSTILE = st.one_of(
    DIGIT_RUNS,
    st.builds(lambda before, digits, after: before + digits + after, st.text(max_size=5), DIGIT_RUNS,
              st.text(max_size=5)),
    st.text(min_size=1, max_size=200),  # every script, control and invisible characters included
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]), min_size=1, max_size=50),
    st.lists(DIGIT_RUNS, min_size=2, max_size=4).map(", ".join),
)


class Loop:
    """An event loop on a thread of its own, for a bot that outlives each Hypothesis example."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=120)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[tuple[Loop, RunningBot]]:
    fake = FakeTelegram().start()
    loop = Loop()
    started = launcher(fake, str(tmp_path_factory.mktemp("hostile") / "advisor.sqlite3"))(rate_limited=False)
    try:
        yield loop, loop.run(started.__aenter__())
    finally:
        loop.run(started.__aexit__(None, None, None))
        loop.close()
        fake.stop()


async def type_at(bot: RunningBot, kind: str, language: str, text: str) -> None:
    owner = bot.user(language)
    question_id = AT_KIND[kind]
    answer_directly(bot.services, owner.id, BUTCHER_TYPED, until=question_id, language=language)
    spec = bot.services.specs[DIALOG]
    await owner.send(text)

    shown = [message.text for message in owner.messages()]
    assert say(language, SORRY) not in shown and say(language, NOT_SAVED) not in shown
    view = bot.services.engine.view(owner.id, DIALOG)
    # judged as the engine judges: with the conversation's context (the owner's country shows XING or not)
    given_so_far: dict[str, Any] = {key: view.answers[key] for key in spec.context if key in view.answers}
    for state in view.conversation.path:
        assert is_valid(spec.questions[state], view.answers[state], given_so_far), state
        given_so_far[state] = view.answers[state]
    if view.question.id == question_id:  # refused: said why, then the same question again
        assert len(shown) >= 2 and question_on_screen(owner, spec).id == question_id
    else:  # taken (a text, say): it is what was stored
        assert view.conversation.path[-1] == question_id


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(kind=st.sampled_from(sorted(AT_KIND)), language=st.sampled_from(["fr", "de"]), text=HOSTILE)
@example(kind="choice", language="fr", text="9" * 100_000)  # before: "something went wrong" from 4,301 digits
@example(kind="multi", language="de", text="1, " + "2" * 100_000)
@example(kind="number", language="fr", text="1" * 100_000)
@example(kind="text", language="de", text="\u202e" + "7" * 100_000)
def test_anything_typed_at_any_kind_of_question_gets_that_question_again_or_is_taken(live, kind, language, text):
    loop, bot = live
    loop.run(type_at(bot, kind, language, text))
