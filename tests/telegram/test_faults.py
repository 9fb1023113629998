"""When Telegram misbehaves: rate limits, server errors, lost connections, blocked users, slowness, crashes."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from answers import BUTCHER_TYPED
from client import eventually
from play import DIALOG, answer_directly, progress_pattern, say, with_verdict

from bot.app import schedules, users
from bot.i18n import _, use_locale
from bot.render.questions import label
from bot.telegram.errors import SORRY

pytest_plugins = ["bot_fixtures"]


def greeted(owner) -> bool:
    """The owner got the greeting and the first question, each exactly once."""
    return [bool(message.buttons) for message in owner.messages()] == [False, True]


async def test_429_waits_as_long_as_telegram_asks_then_delivers(bot):
    owner = bot.user("fr")
    bot.fake.fail("sendMessage", 429, retry_after=1, chat_id=owner.id,
                  description="Too Many Requests: retry after 1")
    started = time.monotonic()
    await owner.send("/start")
    assert time.monotonic() - started >= 1
    assert greeted(owner)
    assert [call.method for call in bot.fake.refused] == ["sendMessage"]


@pytest.mark.parametrize("trouble", ["server error", "lost connection"])
async def test_server_errors_and_lost_connections_are_retried(bot, trouble):
    owner = bot.user("de")
    if trouble == "server error":
        bot.fake.fail("sendMessage", 500, times=2, chat_id=owner.id)
    else:
        bot.fake.drop("sendMessage", times=2, chat_id=owner.id)
    await owner.send("/start")
    assert greeted(owner)
    assert len(bot.fake.refused) == 2


async def test_polling_survives_a_failing_get_updates(bot, caplog):
    owner = bot.user("fr")
    bot.fake.fail("getUpdates", 502, description="Bad Gateway")
    await owner.send("/start")
    await owner.send("/status")  # fetched only once the failed poll was retried
    assert [call.method for call in bot.fake.refused] == ["getUpdates"]
    assert progress_pattern("fr").search(owner.last_message().text)
    assert any("Fetching updates failed" in record.getMessage() for record in caplog.records)


async def test_a_user_who_blocked_the_bot_is_marked_and_not_retried_while_others_carry_on(bot):
    gone, other = bot.user("fr"), bot.user("de")
    bot.fake.fail("sendMessage", 403, times=10, chat_id=gone.id,
                  description="Forbidden: bot was blocked by the user")
    await gone.send("/start")
    assert bot.services.store.user(gone.id).blocked_at
    assert len(bot.fake.refused) == 1  # neither retried nor followed by an apology
    await other.send("/start")
    assert greeted(other)
    assert bot.services.store.user(other.id).blocked_at is None


async def test_a_slow_chat_does_not_hold_up_the_others(bot):
    slow, quick = bot.user("fr"), bot.user("de")
    bot.fake.slow("sendMessage", 2, chat_id=slow.id)
    slow_start = asyncio.create_task(slow.send("/start"))
    await asyncio.sleep(0.1)  # the slow user's update is in first
    started = time.monotonic()
    await quick.send("/start")
    assert time.monotonic() - started < 1.5
    assert greeted(quick) and not slow.messages()
    await slow_start
    assert greeted(slow)


async def test_the_bot_starts_even_when_the_command_menu_is_refused(fake, launch, caplog):
    fake.fail("setMyCommands", 400, times=3, description="Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
    async with launch() as bot:
        owner = bot.user("fr")
        await owner.send("/start")
        assert greeted(owner)
    warnings = [record for record in caplog.records if "command menu" in record.getMessage()]
    assert len(warnings) == 3 and all(record.levelno == logging.WARNING for record in warnings)


async def test_a_failure_is_logged_once_with_its_traceback_and_the_owner_gets_a_kind_word(launch, caplog):
    def broken_verdict(services, user_id, view):
        raise RuntimeError("the chart renderer exploded")

    async with launch(conclude=broken_verdict) as bot:
        owner = bot.user("de")
        answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="checkins", language="de")
        await owner.send("/start")
        with use_locale("de"):
            await owner.click(label(bot.services.specs[DIALOG].questions["checkins"].option("monthly")))
            assert owner.last_message().text == _(SORRY)
        failures = [record for record in caplog.records if record.levelno >= logging.ERROR]
        assert len(failures) == 1
        assert "exploded" in str(failures[0].exc_info[1])
        assert bot.services.engine.view(owner.id, DIALOG).finished  # the answers are safe

        other = bot.user("fr")
        await other.send("/start")
        assert greeted(other)


async def test_a_tidy_up_edit_that_keeps_failing_does_not_hold_back_the_next_question(bot):
    owner = bot.user("fr")
    await owner.send("/start")
    bot.fake.drop("editMessageText", times=20, chat_id=owner.id)  # more than the retries: the edit gives up
    await owner.click(owner.keyboard().labels[0])  # answer the first question by its button
    staff = bot.services.specs["assessment"].questions["staff"]
    with use_locale("fr"):
        assert _(staff.text) in owner.last_message().text
    assert SORRY not in [message.text for message in owner.messages()]


async def test_replies_slower_than_usual_are_waited_for_and_never_shown_twice(bot):
    owners = [bot.user("fr") for _ in range(3)]
    for owner in owners:
        await owner.send("/start")
        bot.fake.slow("sendMessage", 5.5, chat_id=owner.id)  # Telegram answers the next question late
    await asyncio.gather(*(owner.click(owner.keyboard().labels[0]) for owner in owners))
    staff = say("fr", bot.services.specs["assessment"].questions["staff"].text)
    for owner in owners:
        assert [staff in message.text for message in owner.messages()].count(True) == 1
        assert say("fr", SORRY) not in [message.text for message in owner.messages()]


async def test_a_message_whose_answer_outlasts_the_wait_is_not_sent_again(launch):
    async with launch(read_timeout=1) as bot:
        owner = bot.user("de")
        await owner.send("/start")
        bot.fake.slow("sendMessage", 2, chat_id=owner.id)  # the next question arrives, its answer too late
        await owner.click(owner.keyboard().labels[0])
        await eventually(lambda: len(owner.messages()) == 3)
        await asyncio.sleep(1.5)  # time for a retry, were there one
        staff = say("de", bot.services.specs["assessment"].questions["staff"].text)
        assert [staff in message.text for message in owner.messages()] == [False, False, True]  # once, no apology


async def test_flood_control_outlasting_the_retries_keeps_the_answer_and_delivers_the_question_later(bot):
    owner = bot.user("fr")
    await owner.send("/start")
    bot.fake.fail("sendMessage", 429, retry_after=1, times=5, chat_id=owner.id,  # more than the 3 retries
                  description="Too Many Requests: retry after 1")
    await owner.click(owner.keyboard().labels[0])
    assert bot.services.engine.view(owner.id, DIALOG).question.id == "staff"  # the answer is kept
    staff = say("fr", bot.services.specs[DIALOG].questions["staff"].text)
    await eventually(lambda: staff in owner.last_message().text, timeout=15)
    await asyncio.sleep(0.5)
    texts = [message.text for message in owner.messages()]
    assert [staff in text for text in texts].count(True) == 1 and say("fr", SORRY) not in texts
    assert len(bot.fake.refused) == 5
    await owner.click(owner.keyboard().labels[0])  # and the owner carries on from there
    assert bot.services.engine.view(owner.id, DIALOG).question.id == "revenue"


async def test_an_update_that_cannot_be_read_is_skipped_and_logged_once_without_its_content(bot, caplog):
    stranger, owner = bot.user("fr", first_name="Zoé Secrète"), bot.user("de")
    unreadable = stranger.message_update("mon code secret 4711")
    unreadable["message"]["date"] = "yesterday"  # not the timestamp python-telegram-bot expects
    skipped = bot.fake.push(unreadable)
    await owner.send("/start")  # fetched behind it: answered all the same
    assert greeted(owner) and not stranger.messages()
    # Confirmed to Telegram, never fetched again: with the next fetch's offset, which a busy machine may delay.
    await eventually(lambda: bot.fake.confirmed > skipped["update_id"])
    said = [record.getMessage() + (record.exc_text or "") for record in caplog.records]
    assert sum(f"update {skipped['update_id']}" in line for line in said) == 1
    assert not any("Secrète" in line or "4711" in line for line in said)


async def test_an_update_flood_control_held_back_in_two_of_its_handlers_is_handled_again_once(launch, clock):
    """A /start greets, then offers the reminders back: flood control outlasts the retries of both, and the
    update is handled again once, so the owner sees the greeting and the offer once each."""
    async with launch(clock=clock) as bot:
        owner = bot.user("de")
        with_verdict(bot.services, owner)
        schedules.set_rhythm(bot.services, owner.id, "weekly", 0, 9, clock.now)
        users.blocked_by(bot.services, owner.id)  # reminders stopped while the owner had blocked the bot
        bot.fake.fail("sendMessage", 429, retry_after=1, times=8, chat_id=owner.id,  # both handlers' 1 + 3 retries
                      description="Too Many Requests: retry after 1")
        bot.fake.push(owner.message_update("/start"))
        await eventually(lambda: len(bot.fake.refused) == 8, timeout=20)
        offer = say("de", "While you had blocked me, I stopped your check-in reminders. Shall I start them again?")
        await eventually(lambda: any(offer in message.text for message in owner.messages()), timeout=10)
        await asyncio.sleep(1.5)  # time for a second handling, were there one
        assert [offer in message.text for message in owner.messages()].count(True) == 1
        assert len(owner.messages()) == 2  # the greeting, then the offer
