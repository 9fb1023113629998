"""A button means one person or one outcome: double taps and stale lists never reach someone else."""

from __future__ import annotations

import pytest
from conftest import ENGINES
from play import say, with_verdict
from storage_checks import rows_naming
from test_sharing_bot import invitation

from bot.i18n.unicode import isolated
from bot.telegram.taps import DEAD_BUTTON

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)  # both engines


async def owner_with_two_consultants(bot):
    owner = bot.user("fr", first_name=isolated("Marie"))
    carl, dora = bot.user("de", first_name=isolated("Carl")), bot.user("de", first_name=isolated("Dora"))
    with_verdict(bot.services, owner)
    for consultant in (carl, dora):
        await consultant.send(f"/start {await invitation(owner)}")
        await consultant.click("✅ " + say("de", "Accept"))
    await owner.send("/share")
    return owner, carl, dora, owner.keyboard()


async def test_a_double_tap_on_revoke_takes_access_from_that_consultant_only(bot):
    owner, carl, dora, access = await owner_with_two_consultants(bot)
    revoke_carl = dict(access.buttons)[say("fr", "Revoke access of {name}", name=isolated("Carl"))]
    await owner.press(revoke_carl, access)
    await owner.press(revoke_carl, access)  # the second tap of a double tap, on the same message
    assert owner.notice() == say("fr", DEAD_BUTTON)
    store = bot.services.store
    assert store.link(owner.id, carl.id) is None and store.link(owner.id, dora.id) is not None


async def test_a_list_that_could_not_be_updated_still_names_the_right_people(bot):
    owner, carl, dora, access = await owner_with_two_consultants(bot)
    buttons = dict(access.buttons)
    await owner.press(buttons[say("fr", "Revoke access of {name}", name=isolated("Carl"))], access)
    # The old keyboard (as if its edit had failed): Dora's button still means Dora.
    await owner.press(buttons[say("fr", "Revoke access of {name}", name=isolated("Dora"))], access)
    store = bot.services.store
    assert store.link(owner.id, dora.id) is None and owner.notice() == say(
        "fr", "{name} can no longer see your results.", name=isolated("Dora"))


async def test_a_double_tap_on_news_leaves_them_on(bot):
    owner, carl, _dora, _access = await owner_with_two_consultants(bot)
    await carl.send("/clients")
    await carl.click(f"1. {isolated('Marie')}")
    offer = carl.keyboard()
    yes = dict(offer.buttons)["🔔 " + say("de", "Yes, tell me")]
    await carl.press(yes, offer)
    await carl.press(yes, offer)
    assert bot.services.store.link(owner.id, carl.id).notify is True


async def test_a_double_tap_on_delete_everything_does_not_bring_the_user_back(bot):
    owner = bot.user("fr", first_name=isolated("Marie"))
    with_verdict(bot.services, owner)
    await owner.send("/delete")
    question = owner.keyboard()
    erase = dict(question.buttons)[say("fr", "Yes, delete everything")]
    await owner.press(erase, question)
    await owner.press(erase, question)
    assert owner.notice() == say("fr", DEAD_BUTTON)
    assert bot.services.store.user(owner.id) is None
    assert set(rows_naming(bot.services.store, owner.id).values()) == {0}


async def test_a_press_delivered_twice_is_applied_once_and_the_next_question_shown_once(bot):
    owner = bot.user("fr")
    spec = bot.services.specs["assessment"]
    await owner.send("/start")
    sector = owner.keyboard()
    await owner.click(sector.labels[0])
    press = owner.last_update
    path = bot.services.engine.view(owner.id, "assessment").conversation.path
    bot.fake.redeliver(press)  # the same update, with the same update id, once more
    await owner.send("/status")  # the chat's updates are handled in order: once this is answered, so was that
    assert bot.services.engine.view(owner.id, "assessment").conversation.path == path
    staff = say("fr", spec.questions["staff"].text)
    assert sum(staff in message.text and bool(message.buttons) for message in owner.messages()) == 1
