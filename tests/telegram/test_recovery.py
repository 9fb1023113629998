"""An assessment finished just before a crash still gets its verdict: no owner is left without one."""

from __future__ import annotations

import pytest
from answers import BUTCHER_TYPED
from conftest import ENGINES
from play import answer_directly, say

from bot.engine import Text
from bot.i18n import _, use_locale
from bot.render import verdict_texts
from bot.render.questions import FIRST_CHECKIN

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)  # both engines

DIALOG = "assessment"


def finished_without_verdict(bot, owner) -> None:
    """The last answer stored, then the process stopped before the verdict was (the state a crash leaves)."""
    answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="checkins")
    with use_locale("fr"):
        step = bot.services.engine.handle(owner.id, DIALOG, Text(BUTCHER_TYPED["checkins"]))
    assert step.view.finished and bot.services.store.latest_verdict(owner.id) is None


def headline() -> str:
    with use_locale("fr"):
        return _(verdict_texts.HEADLINES["go"])


async def test_start_gives_the_missing_verdict_once(bot):
    owner = bot.user("fr")
    finished_without_verdict(bot, owner)
    await owner.send("/start")
    assert any(headline() in message.text for message in owner.messages())
    assert bot.services.store.latest_verdict(owner.id) is not None
    shown = len(owner.messages())
    await owner.send("/start")  # the second time it is there: the usual line
    assert len(owner.messages()) == shown + 1
    assert say("fr", "Send /verdict to see your verdict again, or /report for the PDF report.") \
        in owner.last_message().text


async def test_verdict_and_checkin_work_after_a_crash_at_the_last_answer(bot):
    owner = bot.user("fr")
    finished_without_verdict(bot, owner)
    await owner.send("/verdict")
    assert any(headline() in message.text for message in owner.messages())
    await owner.send("/checkin")
    assert say("fr", FIRST_CHECKIN) in [message.text for message in owner.messages()]
