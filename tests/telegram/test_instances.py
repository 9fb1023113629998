"""Several instances of the bot on one database: each update handled once, in order per chat, by whichever
instance holds the chat; a dead instance's update taken over by another; a standby that polls once the poller
died; and on SQLite, a second process refused."""

from __future__ import annotations

import asyncio
import itertools
import signal
import time
from contextlib import closing
from datetime import timedelta

import pytest
from answers import BUTCHER_TYPED
from bot_fixtures import BotProcess
from client import eventually
from fake_api import FakeTelegram
from play import DIALOG, answer_directly
from telegram import Update

from bot.app import Services, inbox
from bot.i18n import use_locale
from bot.render.values import wording
from bot.storage import StorageError
from bot.telegram.inbox import RENEW_EVERY
from bot.telegram.run import inbox_of, operations_of

pytest_plugins = ["bot_fixtures"]

ON_POSTGRESQL = pytest.mark.parametrize("bot_database", ["postgresql"], indirect=True)
TYPED = ["staff", "revenue", "private_share"]  # three questions in a row answered by typing a figure
_update_ids = itertools.count(900_001)


def settled_at(database: str, user_id: int, until: str) -> None:
    with closing(Services.open(database)) as services:
        answer_directly(services, user_id, BUTCHER_TYPED, until=until, language="fr")


@ON_POSTGRESQL
async def test_two_instances_fed_one_chat_s_answers_in_turn_apply_each_once_in_order(launch, bot_database):
    async with launch() as first, launch() as second:
        owner = first.user("fr")
        spec = first.services.specs[DIALOG]
        settled_at(bot_database, owner.id, until=TYPED[0])
        # Behind a load balancer, the owner's three answers reach the instances in turn, one right after another.
        for instance, question in zip((first, second, first), TYPED, strict=True):
            body = {"update_id": next(_update_ids), **owner.message_update(BUTCHER_TYPED[question])}
            body["message"]["date"] += 5  # typed once its question showed (an earlier one answers an earlier question)
            await instance.application.update_queue.put(Update.de_json(body, instance.application.bot))
        await eventually(lambda: asked(owner, spec)[-1:] == ["customer_age"])
        await asyncio.sleep(0.5)  # time for an answer applied twice, or a question asked twice, to show
        view = first.services.engine.view(owner.id, DIALOG)
        assert [view.stored[question] for question in TYPED] == [17, 1_000_000, 95]
        history = first.services.store.answer_history(view.conversation.id)
        assert [row["question"] for row in history if row["question"] in TYPED] == TYPED  # once each, in order
        assert asked(owner, spec) == ["revenue", "private_share", "customer_age"]  # each next question, once


def asked(owner, spec) -> list[str]:
    """The questions the bot's messages to the owner ask, in order."""
    with use_locale(owner.language):
        by_text = {wording(question): question.id for question in spec.questions.values()}
    return [by_text[line] for message in owner.messages() for line in message.text.splitlines() if line in by_text]


@pytest.fixture
def processes(fake, bot_database, tmp_path):
    """Two `advisor telegram` processes on one database, started by the test; none left running after it."""
    started = [BotProcess(fake, bot_database, tmp_path / f"bot-{number}.log") for number in (1, 2)]
    try:
        yield started
    finally:
        for process in started:
            process.stop()


async def poller_and_standby(processes: list[BotProcess]) -> tuple[BotProcess, BotProcess]:
    first, second = processes
    first.start()
    await eventually(lambda: "this process is the poller" in first.log)
    second.start()
    await eventually(lambda: "Standing by: another process polls" in second.log)
    return first, second


def push(fake: FakeTelegram, owner, text: str) -> dict:
    return fake.push(owner.message_update(text))


@ON_POSTGRESQL
async def test_the_update_a_killed_instance_was_handling_is_handled_by_the_other_once(fake, processes,
                                                                                      bot_database):
    poller, standby = await poller_and_standby(processes)
    owner = poller.user("fr")
    settled_at(bot_database, owner.id, until="staff")
    fake.slow("sendMessage", 30, chat_id=owner.id)  # the next question takes long to send: the poller is at it
    push(fake, owner, BUTCHER_TYPED["staff"])
    with closing(Services.open(bot_database)) as services:
        spec = services.specs[DIALOG]
        await eventually(lambda: services.engine.view(owner.id, DIALOG).question.id == "revenue")  # applied
        await asyncio.sleep(0.5)  # and the next question on its way
        assert poller.kill(signal.SIGKILL) == -signal.SIGKILL
        killed_at = time.monotonic()
        fake.heal()
        await eventually(lambda: asked(owner, spec)[-1:] == ["revenue"], timeout=30)
        print(f"\nthe killed instance's update handled by the other {time.monotonic() - killed_at:.1f} s "
              "after the kill")
        view = services.engine.view(owner.id, DIALOG)
        history = services.store.answer_history(view.conversation.id)
        assert [row["question"] for row in history].count("staff") == 1  # applied once
        assert services.store.unhandled_updates() == []
    assert asked(owner, spec) == ["revenue"]
    assert "Traceback" not in standby.log


@ON_POSTGRESQL
async def test_the_update_a_frozen_instance_holds_is_taken_over_once_its_lease_ran_out(fake, processes,
                                                                                        bot_database):
    """A process that stops answering but does not die (stopped, or on a machine cut off) is not seen dead:
    its chat is taken over once its claim is no longer renewed, after the lease."""
    poller, standby = await poller_and_standby(processes)
    owner = poller.user("de")
    settled_at(bot_database, owner.id, until="staff")
    fake.slow("sendMessage", 60, chat_id=owner.id)
    push(fake, owner, BUTCHER_TYPED["staff"])
    with closing(Services.open(bot_database)) as services:
        spec = services.specs[DIALOG]
        await eventually(lambda: services.engine.view(owner.id, DIALOG).question.id == "revenue")
        await asyncio.sleep(0.5)
        poller.process.send_signal(signal.SIGSTOP)  # frozen with the update in its hands
        frozen_at = time.monotonic()
        try:
            fake.heal()
            await eventually(lambda: asked(owner, spec)[-1:] == ["revenue"], timeout=40)
            seconds = time.monotonic() - frozen_at
            print(f"\nthe frozen instance's update taken over {seconds:.1f} s after it froze (lease 15 s)")
            assert seconds >= 10  # not before its claim went stale
            view = services.engine.view(owner.id, DIALOG)
            assert [row["question"] for row in services.store.answer_history(view.conversation.id)].count(
                "staff") == 1
        finally:
            assert poller.kill(signal.SIGKILL) == -signal.SIGKILL
    assert "Traceback" not in standby.log


@ON_POSTGRESQL
async def test_the_standby_polls_within_seconds_of_the_poller_s_death(fake, processes, bot_database):
    poller, standby = await poller_and_standby(processes)
    owner = poller.user("de")
    settled_at(bot_database, owner.id, until="staff")
    assert poller.kill(signal.SIGKILL) == -signal.SIGKILL
    killed_at = time.monotonic()
    push(fake, owner, BUTCHER_TYPED["staff"])
    with closing(Services.open(bot_database)) as services:
        spec = services.specs[DIALOG]
        await eventually(lambda: asked(owner, spec)[-1:] == ["revenue"], timeout=30)
    seconds = time.monotonic() - killed_at
    print(f"\npolling failover: the standby answered {seconds:.1f} s after the poller was killed")
    assert "this process is the poller" in standby.log
    assert standby.kill(signal.SIGTERM) == 0 and "Traceback" not in standby.log


def test_a_second_bot_on_one_sqlite_file_refuses_to_start_with_one_line(processes, db_path):
    first, second = processes
    first.start()
    deadline = time.monotonic() + 30
    while "Bot running" not in first.log:
        assert time.monotonic() < deadline and first.process.poll() is None, first.log
        time.sleep(0.1)
    assert second.start().wait() == 2
    assert second.log.strip().splitlines() == [
        f"advisor: another advisor bot is already running on the database {db_path} (it holds {db_path}.lock); "
        "stop it first, or use PostgreSQL (DATABASE_URL) to run several"]
    assert first.process.poll() is None  # the first one goes on
    assert first.kill(signal.SIGKILL) == -signal.SIGKILL
    restarted = BotProcess(first.fake, str(db_path), second.log_path.with_name("bot-3.log")).start()
    try:  # killed outright, the first left nothing behind that stops a new start
        deadline = time.monotonic() + 30
        while "Bot running" not in restarted.log:
            assert time.monotonic() < deadline and restarted.process.poll() is None, restarted.log
            time.sleep(0.1)
    finally:
        restarted.stop()


async def test_a_stopping_instance_releases_the_chats_it_holds_for_another_to_take_at_once(launch):
    async with launch() as bot:
        stranger = bot.user("fr")
        services, holder = bot.services, inbox_of(bot.application).holder
        assert inbox.receive(services, 77, stranger.id, stranger.id, {"update_id": 77})
        assert [kept.update_id for kept in inbox.claim(services, stranger.id, holder)] == [77]  # in its hands
        assert inbox.waiting(services) == []
    with closing(Services.open(bot.services.store.where)) as services:
        assert inbox.waiting(services) == [stranger.id]  # no lease to wait out


async def test_a_stopping_instance_takes_no_new_update_and_leaves_its_chats_to_another(launch, fake):
    async with launch() as bot:
        owner, stranger = bot.user("fr"), bot.user("de")
        services, queue = bot.services, inbox_of(bot.application)
        held = Update.de_json({"update_id": 81, **owner.message_update("/help")}, bot.application.bot)
        assert inbox.receive(services, 81, owner.id, owner.id, held.to_dict())
        assert [kept.update_id for kept in inbox.claim(services, owner.id, queue.holder)] == [81]
        operations_of(bot.application).draining = True  # SIGTERM came
        # Behind a load balancer the owners go on answering: another instance keeps what they send.
        for update_id, user in ((82, owner), (83, stranger)):
            assert inbox.receive(services, update_id, user.id, user.id,
                                 {"update_id": update_id, **user.message_update("/help")})
        assert queue.sweep() == 0  # the stranger's chat is left to another instance
        queue.done(held)  # the update in hand finished: the owner's next is not taken on
        await asyncio.sleep(0.3)
        assert fake.messages(owner.id) == [] and fake.messages(stranger.id) == []
        queue.release()
        assert sorted(inbox.waiting(services)) == sorted([owner.id, stranger.id])  # another instance takes both


async def test_an_update_whose_marking_failed_is_handled_again_after_the_lease_while_its_instance_is_busy(
        launch, fake, clock, monkeypatch):
    """Storage failed as the update was marked handled: its claim runs out, so that it is handled again (a repeat,
    not a loss), though the instance goes on renewing the claims of the chats it is busy with."""
    async with launch(clock=clock) as bot:
        owner, other = bot.user("fr"), bot.user("de")
        services, queue = bot.services, inbox_of(bot.application)
        marking, failed = services.store.update_handled, []

        def fails_once(*args):
            monkeypatch.setattr(services.store, "update_handled", marking)
            failed.append(args)
            raise StorageError("the database failed")

        monkeypatch.setattr(services.store, "update_handled", fails_once)
        await queue.put(Update.de_json({"update_id": 86, **owner.message_update("/help")}, bot.application.bot))
        await eventually(lambda: failed)  # answered, and not marked handled
        await queue.put(Update.de_json({"update_id": 87, **other.message_update("/help")}, bot.application.bot))
        for _ in range(4):  # the other chat in hand: this instance renews its claims, past the lease
            clock.advance(seconds=RENEW_EVERY)
            queue.renew()
        assert owner.id in inbox.waiting(services)  # the owner's chat is left to the next sweep, of any instance


async def test_an_update_put_off_by_flood_control_does_not_hold_up_a_drain_that_begins_meanwhile(launch, fake, caplog):
    """SIGTERM comes while an update waits out Telegram's flood control and another chat's update is in hand:
    the drain ends once that one is finished, and the update put off is left to the next instance."""
    async with launch(drain_timeout=4) as bot:
        owner, other = bot.user("fr"), bot.user("de")
        services, queue = bot.services, inbox_of(bot.application)
        put_off = Update.de_json({"update_id": 88, **owner.message_update("/help")}, bot.application.bot)
        assert inbox.receive(services, 88, owner.id, owner.id, put_off.to_dict())
        assert [kept.update_id for kept in inbox.claim(services, owner.id, queue.holder)] == [88]
        queue.later(put_off, 0.5)  # as the error handler does when flood control outlasted the retries,
        queue.done(put_off)  # then its handlers have run
        fake.slow("sendMessage", 1.5, chat_id=other.id)
        await queue.put(Update.de_json({"update_id": 89, **other.message_update("/help")}, bot.application.bot))
        await asyncio.sleep(0.2)  # the other chat's reply on its way; then SIGTERM
    assert [message.text for message in fake.messages(other.id)] and not fake.messages(owner.id)
    assert not [record for record in caplog.records if "unfinished" in record.getMessage()]
    with closing(Services.open(bot.services.store.where)) as services:
        assert inbox.waiting(services) == [owner.id]


async def test_a_chat_whose_poison_update_could_not_be_given_up_at_once_is_answered_again(launch, fake, clock,
                                                                                          monkeypatch):
    """The update three instances died on is to be given up, and the database fails for that one statement:
    the owner's next message is answered all the same (the update is given up then)."""
    async with launch(clock=clock) as bot:
        owner = bot.user("fr")
        services, queue = bot.services, inbox_of(bot.application)
        assert inbox.receive(services, 90, owner.id, owner.id, {"update_id": 90, **owner.message_update("/help")})
        for holder in ("gone-1", "gone-2", "gone-3", "gone-4"):  # each died on it, taken over after its lease
            services.store.claim_updates(owner.id, holder, clock.now + timedelta(days=1))
        clock.advance(seconds=20)
        giving_up, failed = services.store.give_up_update, []

        def fails_once(update_id):
            monkeypatch.setattr(services.store, "give_up_update", giving_up)
            failed.append(update_id)
            raise StorageError("the database failed")

        monkeypatch.setattr(services.store, "give_up_update", fails_once)
        queue.sweep()
        assert failed == [90]
        await owner.send("/help")
        await eventually(lambda: fake.messages(owner.id))
        assert inbox.unhandled(services) == []
