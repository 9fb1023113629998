"""Telegram's replies we never read are not turned into objects: an answer's edit of the question it closes,
and the next question sent (of which only its id and date are kept)."""

from __future__ import annotations

from answers import BUTCHER_TYPED
from play import play
from telegram import Message

pytest_plugins = ["bot_fixtures"]

DIALOG = "assessment"


async def test_a_typed_answer_reads_only_the_owner_s_message_and_not_telegram_s_replies(bot, monkeypatch):
    owner = bot.user("fr")
    await owner.send("/start")
    await play(owner, bot.services.specs[DIALOG], BUTCHER_TYPED, until="revenue")  # a number question, typed
    read = []
    de_json = Message.de_json.__func__
    monkeypatch.setattr(Message, "de_json", classmethod(lambda cls, data, bot=None: read.append(data["from"]["is_bot"])
                                                       or de_json(cls, data, bot)))
    await owner.send("1 000 000")
    assert "revenue" in bot.services.engine.view(owner.id, DIALOG).conversation.path
    assert read and not any(read), "the owner's own message read, and no message of the bot's Telegram sent back"
    assert owner.messages()[-1].buttons, "the next question is shown, with its buttons"
