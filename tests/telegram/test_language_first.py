"""The language first, then the country: before them, whatever is sent leads back to that question."""

from __future__ import annotations

import pytest
from fake_api import Shown
from play import DIALOG, question_on_screen

from bot.engine import Position
from bot.telegram.callbacks import Action, encode
from bot.telegram.keyboards import ENDONYMS

pytest_plugins = ["bot_fixtures"]

LANGUAGES = [ENDONYMS["fr"], ENDONYMS["de"]]
# An answer button to the first question, as a message from an earlier day (or a forged one) carries it.
STALE_ANSWER = encode(Action.PICK, Position("sector", 0), "food")


async def act(owner, action: str, prompt: Shown) -> None:
    if action == "stale button":
        await owner.press(STALE_ANSWER, prompt)
    else:
        await owner.send(action)


ACTIONS = ["/back", "/status", "/restart", "/verdict", "/checkin", "/help", "1", "Boucherie", "stale button"]


@pytest.mark.parametrize("action", ACTIONS)
async def test_before_a_language_anything_sent_brings_the_language_question(bot, action):
    owner = bot.user("en", settled=False)
    await owner.send("/start")
    await act(owner, action, owner.last_message())

    assert owner.last_message().labels == LANGUAGES
    assert bot.services.store.user(owner.id).language is None
    assert bot.services.store.visit(owner.id).conversations == {}  # no questionnaire opened


@pytest.mark.parametrize("action", ACTIONS)
async def test_after_the_language_anything_sent_brings_the_country_question_then_the_first(bot, action):
    owner = bot.user("en", settled=False)
    await owner.send("/start")
    await owner.click(ENDONYMS["de"])
    owner.language = "de"
    await act(owner, action, owner.last_message())

    assert owner.last_message().labels[0] == "✅ Deutschland"
    assert bot.services.store.visit(owner.id).conversations == {}
    await owner.click("✅ Deutschland")
    await owner.click("Berlin")
    assert question_on_screen(owner, bot.services.specs[DIALOG]).id == "sector"
