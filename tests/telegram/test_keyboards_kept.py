"""A question's buttons are kept per question, position and language (owners at the same question share
them), and are still each owner's own: their language, their country's options, their picks so far."""

from __future__ import annotations

import pytest
from answers import BUTCHER_TYPED
from conftest import ENGINES
from play import answer_directly, say

from bot.i18n import use_locale
from bot.render.questions import label

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES[:1], indirect=True)


async def test_owners_at_the_same_question_each_see_their_own_buttons(bot):
    french, german, neighbour = bot.user("fr"), bot.user("de"), bot.user("fr")
    for owner in (french, german, neighbour):
        answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="networks_now", language=owner.language)
        await owner.send("/start")
    assert say("fr", "Done") in french.keyboard().labels and "XING" not in french.keyboard().labels
    assert say("de", "Done") in german.keyboard().labels and "XING" in german.keyboard().labels  # in DE only

    await french.click("Facebook")
    assert "✅ Facebook" in french.keyboard().labels
    for other in (german, neighbour):  # the same question shown again, after the French owner's pick
        await other.send("/start")
        assert "Facebook" in other.keyboard().labels and "✅ Facebook" not in other.keyboard().labels
    await neighbour.click("Facebook")
    await neighbour.click("Instagram")
    assert {"✅ Facebook", "✅ Instagram"} <= set(neighbour.keyboard().labels)
    assert "✅ Instagram" not in french.keyboard().labels


async def test_owners_offered_other_options_at_the_same_place_see_their_own(bot):
    """A butcher and a hairdresser, both in French, at the same step: each is offered their trade's factors."""
    butcher, salon = bot.user("fr"), bot.user("fr")
    answer_directly(bot.services, butcher.id, BUTCHER_TYPED, until="success_factors")
    answer_directly(bot.services, salon.id, {**BUTCHER_TYPED, "sector": "beauty"}, until="success_factors")
    for owner in (butcher, salon):
        await owner.send("/start")
        view = bot.services.engine.view(owner.id, "assessment")
        with use_locale("fr_FR"):
            offered = [label(option) for option in view.options]
        assert owner.keyboard().labels[:len(offered)] == offered
    assert butcher.keyboard().labels != salon.keyboard().labels
