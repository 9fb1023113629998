"""A typed answer goes to the question it answers: a late reply or a repeat never fills the next question."""

from __future__ import annotations

import asyncio
import time

from answers import BUTCHER_TYPED
from play import play, say

pytest_plugins = ["bot_fixtures"]

DIALOG = "assessment"
EARLIER = "That answer belongs to an earlier question."


async def test_a_reply_to_an_earlier_question_is_not_taken_for_the_current_one(bot):
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="staff")
    sector_question = owner.messages()[-2]  # answered, its buttons gone; the staff question is below it
    await play(owner, spec, BUTCHER_TYPED, until="revenue")
    await owner.send_content(text="8", reply_to_message={
        "message_id": sector_question.message_id, "date": int(time.time()), "chat": owner._chat(),
        "from": {"id": 1, "is_bot": True, "first_name": "Advisor"}, "text": "…"})
    assert say("fr", EARLIER) in [message.text for message in owner.messages()[-3:]]
    assert bot.services.engine.view(owner.id, DIALOG).question.id == "revenue"
    assert bot.services.engine.view(owner.id, DIALOG).answers["staff"] == 17


async def test_a_message_written_before_the_question_was_sent_is_not_its_answer(bot):
    owner = bot.user("de")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="revenue")
    await owner.send_content(text="8", date=int(time.time()) - 120)  # typed two minutes ago, delivered late
    assert say("de", EARLIER) in [message.text for message in owner.messages()[-3:]]
    view = bot.services.engine.view(owner.id, DIALOG)
    assert view.question.id == "revenue" and "revenue" not in view.stored
    await owner.send("1 000 000")  # the answer typed now is taken
    assert "revenue" in bot.services.engine.view(owner.id, DIALOG).conversation.path


async def test_an_answer_typed_to_a_question_then_asked_again_is_taken(bot):
    """The question on screen asked once more (a repeat after a crash, or another instance taking an update
    over): an answer the owner typed to its first showing answers it (before, it was refused as belonging to
    an earlier question, and the owner had to type it again)."""
    owner = bot.user("fr")
    spec = bot.services.specs[DIALOG]
    await owner.send("/start")
    await play(owner, spec, BUTCHER_TYPED, until="revenue")
    typed_at = int(time.time())
    await asyncio.sleep(1.1)  # Telegram dates messages to the second: the question is asked again a second later
    await owner.send("/start")  # welcome back, and the revenue question again
    await owner.send_content(text="1 000 000", date=typed_at)
    assert say("fr", EARLIER) not in [message.text for message in owner.messages()]
    assert "revenue" in bot.services.engine.view(owner.id, DIALOG).conversation.path
