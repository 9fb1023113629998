"""A button works whichever instance of the bot it reaches: what it refers to is in the database, not in a process.

Each test shows a message with buttons on one application and presses a button
on a second one, started on the same database after the first stopped (as
after a restart, or behind a load balancer): the erasure asked to confirm, the
invitation shown, the lists of clients and of consultants, the question on
screen. Before, all of it lived in python-telegram-bot's per-process
`user_data`/`chat_data`, and every one of these buttons was dead there.
"""

from __future__ import annotations

import pytest
from answers import BUTCHER_TYPED
from conftest import ENGINES
from play import play, say, with_verdict

from bot.app import sharing
from bot.i18n.unicode import isolated
from bot.render import clients

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)  # both engines

DIALOG = "assessment"


def again(bot, user):
    """The same person, their next update handled by `bot`."""
    return bot.user(user.language_code, user_id=user.id, settled=False, first_name=user.first_name)


async def test_an_erasure_asked_on_one_instance_is_confirmed_on_another(launch):
    async with launch() as first:
        owner = first.user("fr")
        await owner.send("/start")
        await owner.send("/delete")
    async with launch() as second:
        await again(second, owner).click(say("fr", "Yes, delete everything"))
        assert second.services.store.user(owner.id) is None
        assert owner.last_message().text == say(
            "fr", "Everything I stored about you is deleted. If you write to me again, we start from scratch.")
        assert second.services.store.chat_memory(owner.id) == {}  # erased with the rest


async def test_an_invitation_shown_on_one_instance_is_accepted_on_another(launch):
    async with launch() as first:
        owner, consultant = first.user("fr", first_name="Marie"), first.user("de")
        with_verdict(first.services, owner)
        payload = sharing.invite(first.services, owner.id, first.services.now())
        await consultant.send(f"/start {payload}")
        assert payload[2:] not in str(first.services.store.chat_memory(consultant.id))  # only its hash is kept
    async with launch() as second:
        await again(second, consultant).click("✅ " + say("de", "Accept"))
        assert second.services.store.link(owner.id, consultant.id) is not None
        assert consultant.last_message().text == say(
            "de", "Done: you can now see the results of {name}. Send /clients to open them.", name=isolated("Marie"))


async def test_lists_shown_on_one_instance_answer_their_buttons_on_another(launch):
    async with launch() as first:
        owner = first.user("fr", first_name="Marie")
        consultant = first.user("de", first_name="Hans")
        with_verdict(first.services, owner)
        now = first.services.now()
        sharing.accept(first.services, sharing.invite(first.services, owner.id, now), consultant.id, now)
        await consultant.send("/clients")
        listing = consultant.last_message()
        await owner.send("/share")
    async with launch() as second:
        consultant, owner = again(second, consultant), again(second, owner)
        before = len(consultant.messages())
        await consultant.click(f"1. {isolated('Marie')}", listing)
        assert say("de", clients.HEADLINES["go"]) in consultant.messages()[before].text  # her file, opened
        await owner.click(say("fr", "Revoke access of {name}", name=isolated("Hans")))
        assert owner.notice() == say("fr", "{name} can no longer see your results.", name=isolated("Hans"))
        assert second.services.store.link(owner.id, consultant.id) is None


async def test_the_question_on_screen_is_known_to_the_instance_that_takes_the_answer(launch):
    async with launch() as first:
        owner = first.user("de")
        spec = first.services.specs[DIALOG]
        await owner.send("/start")
        await play(owner, spec, BUTCHER_TYPED, until="staff")
    async with launch() as second:
        owner = again(second, owner)
        await play(owner, spec, BUTCHER_TYPED, until="revenue")
        with_buttons = [message for message in owner.messages() if message.buttons]
        assert with_buttons == [owner.last_message()]  # the question left on the first lost its buttons
