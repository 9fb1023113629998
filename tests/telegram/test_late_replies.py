"""A typed answer goes to the question it answers: a late reply or a repeat never fills the next question."""

from __future__ import annotations

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
