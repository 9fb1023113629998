"""Random sequences of what owners do on Telegram never break the bot (Hypothesis).

Typed answers and garbage, stickers, commands, buttons from the current
question, from older messages and forged ones: every update gets an answer,
no apology for an internal error is ever sent, and what is stored stays
valid for its question.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from bot_fixtures import Processed, RunningBot
from fake_api import TOKEN, FakeTelegram
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update
from telegram.ext import TypeHandler

from bot.app import Services
from bot.config import Settings
from bot.engine.inputs import is_valid
from bot.i18n import _, use_locale
from bot.telegram.errors import SORRY
from bot.telegram.run import build_application, running

TEXTS = st.one_of(
    st.text(max_size=30), st.just("x" * 5000), st.just("🙂"), st.integers(-5, 60).map(str),
    st.sampled_from(["1 500", "1.500", "1,5", "oui", "ja", "2, 3", "0"]),
)
COMMANDS = st.sampled_from(["/start", "/back", "/status", "/help", "/language", "/restart", "/verdict",
                            "/kpis", "/checkin", "/share", "/clients", "/nothing"])
ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("type"), TEXTS),
    st.tuples(st.just("command"), COMMANDS),
    st.tuples(st.just("tap"), st.integers(0, 30)),
    st.tuples(st.just("old tap"), st.integers(0, 200)),
    st.tuples(st.just("forged"), st.text(max_size=64)),
    st.tuples(st.just("sticker"), st.none()),
), min_size=5, max_size=25)


async def act(bot: RunningBot, owner, action) -> None:
    kind, value = action
    if kind == "type" or kind == "command":
        await owner.send(value)
    elif kind == "sticker":
        await owner.send_content(sticker={"file_id": "s", "file_unique_id": "s", "type": "regular",
                                          "width": 1, "height": 1, "is_animated": False, "is_video": False})
    else:
        with_buttons = [message for message in owner.messages() if message.buttons]
        if not with_buttons:
            await owner.send("/start")
            return
        if kind == "tap":
            message = with_buttons[-1]
            await owner.press(message.buttons[value % len(message.buttons)][1], message)
        elif kind == "old tap":
            message = with_buttons[value % len(with_buttons)]
            await owner.press(message.buttons[value % len(message.buttons)][1], message)
        else:
            await owner.press(value, with_buttons[-1])


def replies(fake: FakeTelegram) -> list:
    """What the bot sent or did in the chat (polling for updates does not count)."""
    return [call for call in fake.calls if call.method != "getUpdates"]


async def scenario(actions, language: str) -> None:
    fake = FakeTelegram().start()
    folder = Path(tempfile.mkdtemp())
    services = Services.open(folder / "db.sqlite3")
    try:
        settings_ = Settings(token=TOKEN, api_base_url=fake.url, db_path=folder / "db.sqlite3")
        application = build_application(settings_, services, rate_limited=False)
        processed = Processed()
        application.add_handler(TypeHandler(Update, processed.mark), group=99)
        async with running(application, settings_):
            bot = RunningBot(fake, services, application, processed)
            owner = bot.user(language)
            await owner.send("/start")
            for action in actions:
                answered_before = len(replies(fake))
                await act(bot, owner, action)
                assert len(replies(fake)) > answered_before, f"no answer to {action}"
                with use_locale(language):
                    assert _(SORRY) not in [message.text for message in owner.messages()]
                view = services.engine.view(owner.id, "assessment")
                given_so_far = {}
                for state in view.conversation.path:
                    question = view.spec.questions[state]
                    assert is_valid(question, view.answers[state], given_so_far), (state, view.answers[state])
                    given_so_far[state] = view.answers[state]
    finally:
        services.close()
        fake.stop()


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(actions=ACTIONS, language=st.sampled_from(["fr", "de"]))
def test_random_owner_behaviour_never_breaks_the_bot(actions, language):
    asyncio.run(scenario(actions, language))
