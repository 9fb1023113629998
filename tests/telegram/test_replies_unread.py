"""Telegram's replies we never read are not turned into objects: an answer's edit of the question it closes,
and the next question sent (of which only its id and date are kept)."""

from __future__ import annotations

from answers import BUTCHER_TYPED
from client import eventually
from play import answer_directly, play
from telegram import Message

from bot.i18n import use_locale
from bot.render.questions import label

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


async def test_the_verdict_s_chart_and_report_go_out_without_telegram_s_replies_read(bot, monkeypatch):
    owner = bot.user("fr")
    answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="checkins")
    await owner.send("/start")
    files_read = []
    de_json = Message.de_json.__func__
    monkeypatch.setattr(Message, "de_json", classmethod(
        lambda cls, data, bot=None: files_read.append({"photo", "document"} & data.keys()) or de_json(cls, data, bot)))
    with use_locale("fr"):
        await owner.click(label(bot.services.specs[DIALOG].questions["checkins"].option("monthly")))
    await eventually(lambda: any(message.kind == "document" for message in owner.messages()))
    photo, report = (message for message in owner.messages() if message.kind in ("photo", "document"))
    assert photo.content.startswith(b"\x89PNG") and report.content.startswith(b"%PDF")
    assert photo.quiet and report.quiet and photo.text and report.text, "quietly, with their captions"
    assert not any(files_read), "no reply to a file read"
