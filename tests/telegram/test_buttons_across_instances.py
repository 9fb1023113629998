"""A button works whichever instance of the bot it reaches: what it refers to is in the database, not in a process.

Each test shows a message with buttons on one application and presses a button
on a second one, started on the same database after the first stopped (as
after a restart, or behind a load balancer): the erasure asked to confirm, the
invitation shown, the lists of clients and of consultants, the question on
screen. The last has both instances running, each chat's updates posted to
them in turn, as by a round-robin load balancer. Before, all of it lived in python-telegram-bot's per-process
`user_data`/`chat_data`, and every one of these buttons was dead there.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import httpx
import pytest
from answers import BUTCHER_TYPED
from client import TelegramUser
from conftest import ENGINES
from play import play, say, with_verdict
from test_webhook import SECRET, free_port

from bot.app import sharing
from bot.i18n.unicode import isolated
from bot.render import clients
from bot.telegram.webhook import HEADER

if TYPE_CHECKING:
    from bot_fixtures import RunningBot

pytest_plugins = ["bot_fixtures"]
both_engines = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)

DIALOG = "assessment"


def again(bot, user):
    """The same person, their next update handled by `bot`."""
    return bot.user(user.language_code, user_id=user.id, settled=False, first_name=user.first_name)


@both_engines
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


@both_engines
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


@both_engines
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


@both_engines
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


class Balanced(TelegramUser):
    """A person whose updates a round-robin load balancer posts to the running instances' webhooks in turn."""

    def __init__(self, instances: list[tuple[RunningBot, str]], user_id: int, language_code: str, **details):
        super().__init__(instances[0][0].fake, settle=None, user_id=user_id, language_code=language_code, **details)
        self.turns = itertools.cycle(instances)

    async def _push(self, update: dict) -> None:
        instance, url = next(self.turns)
        self.last_update = update = {"update_id": next(_update_ids), **update}
        async with httpx.AsyncClient() as http:
            assert (await http.post(url, json=update, headers={HEADER: SECRET})).status_code == 200
        await instance.processed.wait(update)


_update_ids = itertools.count(1)


@pytest.mark.parametrize("bot_database", ["postgresql"], indirect=True)
async def test_two_instances_serving_one_chat_in_turn_answer_every_button_the_other_showed(launch):
    """Both running, on one PostgreSQL, each update going to the other instance than the one before."""
    ports = [free_port(), free_port()]
    urls = [f"http://127.0.0.1:{port}/telegram/hook" for port in ports]
    async with launch(webhook_url=urls[0], webhook_secret=SECRET, listen="127.0.0.1", port=ports[0]) as first, \
            launch(webhook_url=urls[1], webhook_secret=SECRET, listen="127.0.0.1", port=ports[1]) as second:
        instances = [(first, urls[0]), (second, urls[1])]
        owner = Balanced(instances, 7001, "fr", first_name="Marie")
        first.services.store.ensure_user(owner.id, language="fr", name="Marie")
        first.services.store.set_market(owner.id, "FR", None)
        spec = first.services.specs[DIALOG]
        await owner.send("/start")
        await play(owner, spec, BUTCHER_TYPED, until="revenue")  # each answer on the other instance
        assert [message for message in owner.messages() if message.buttons] == [owner.last_message()]
        await owner.send("/delete")
        await owner.click(say("fr", "Yes, delete everything"))
        assert first.services.store.user(owner.id) is None
