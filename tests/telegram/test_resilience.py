"""Crashes and crowds: a bot killed at random moments loses nothing and leaves no one waiting; 50 owners never mix.

Each runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
from contextlib import closing

import pytest
from answers import BUTCHER_TYPED, stored_answers, typed_lines
from client import eventually
from conftest import ENGINES
from play import DIALOG, answer_directly, give, question_on_screen

from bot.app import Services, verdicts
from bot.app.conclusions import Conclusion
from bot.i18n import use_locale
from bot.render.values import wording

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)


async def test_random_kills_lose_no_acknowledged_answer(fake, bot_process, bot_database):
    """SIGKILL at random moments, many times: every answer the bot acknowledged is kept, and it finishes."""
    rng = random.Random(20261123)
    with closing(Services.open(bot_database)) as services:
        spec = services.specs[DIALOG]
    owner = bot_process.user("fr")
    acknowledged: dict[str, str] = {}
    kills = 0
    bot_process.start()
    await owner.send("/start")
    while True:
        for _ in range(rng.randint(1, 4)):
            question = question_on_screen(owner, spec)
            if question.is_end:
                break
            await give(owner, question, BUTCHER_TYPED[question.id])
            acknowledged[question.id] = BUTCHER_TYPED[question.id]
        question = question_on_screen(owner, spec)
        if question.is_end:
            break
        # One more answer is on its way when the process dies: it may or may not be kept.
        fake.push(owner.message_update(BUTCHER_TYPED[question.id]))
        await asyncio.sleep(rng.uniform(0, 0.15))
        bot_process.kill(signal.SIGKILL)
        kills += 1
        with closing(Services.open(bot_database)) as services:
            stored = services.engine.view(owner.id, DIALOG).answers
        assert set(acknowledged) <= set(stored), "an acknowledged answer was lost"
        bot_process.start()
        await owner.send("/start")
    assert kills >= 5
    with closing(Services.open(bot_database)) as services:
        view = services.engine.view(owner.id, DIALOG)
    # Finished, and messages delivered again after a crash were not applied twice (to a later question).
    assert view.finished and view.answers == {"country": "FR", **stored_answers(BUTCHER_TYPED)}


def texts_only(services, user_id, view) -> Conclusion:
    """The verdict's texts without its files: the crowd test is about who gets what, not about PDFs."""
    return Conclusion(verdicts.conclude(services, user_id, view).messages)


async def test_fifty_owners_at_once_each_get_only_their_own_answers_and_verdict(launch):
    # Telegram's own sending limit (30 messages a second) would make this a test of patience:
    # the rate limiter is off here, as in the benchmark; its retries are tested in test_faults.
    async with launch(conclude=texts_only, rate_limited=False) as bot:
        owners = [bot.user("fr" if n % 2 else "de") for n in range(50)]
        notes = {owner.id: f"Objectif n° {n:02d} de cette entreprise" for n, owner in enumerate(owners)}

        async def one(owner):
            await owner.send("/start")
            answers = {**BUTCHER_TYPED, "staff": str(2 + owners.index(owner)), "objective_note": notes[owner.id]}
            for line in typed_lines(answers, owner.language):
                await owner.send(line)

        await asyncio.gather(*(one(owner) for owner in owners))
        for n, owner in enumerate(owners):
            view = bot.services.engine.view(owner.id, DIALOG)
            assert view.finished and view.answers["staff"] == 2 + n
            shown = "\n".join(message.text for message in owner.messages())
            assert notes[owner.id] in shown
            assert not any(note in shown for other, note in notes.items() if other != owner.id)
            assert bot.services.store.latest_verdict(owner.id).conversation_id == view.conversation.id


OWNERS = 20


async def kill_with_a_batch_queued(fake, bot_process, bot_database, owners, rng, held: bool) -> tuple[int, int]:
    """Each owner types their answer; the process is killed, `held` while Telegram's flood control holds back
    every reply to the batch, else at a random moment; restarted, nobody writes again. How many owners then
    lack their next question, and how many questions were shown twice."""
    with closing(Services.open(bot_database)) as services:
        spec = services.specs[DIALOG]
        before = {owner.id: services.engine.view(owner.id, DIALOG).question.id for owner in owners}
    with use_locale("fr"):
        texts = [wording(question) for question in spec.questions.values()]

    def shown_twice() -> int:
        return sum(max(0, sum(text in message.text for message in owner.messages()) - 1)
                   for owner in owners for text in texts)

    already = shown_twice()
    if held:
        fake.fail("sendMessage", 429, retry_after=5, times=len(owners), description="Too Many Requests: retry after 5")
    batch = [fake.push(owner.message_update(BUTCHER_TYPED[before[owner.id]])) for owner in owners]
    if held:  # fetched and confirmed to Telegram, but none handled to the end
        await eventually(lambda: fake.confirmed > batch[-1]["update_id"] and fake.refused)
    else:
        await asyncio.sleep(rng.uniform(0, 0.3))
    bot_process.kill(signal.SIGKILL)
    fake.heal()
    fake.refused.clear()
    bot_process.start()
    with closing(Services.open(bot_database)) as services:
        def shown_next(owner) -> bool:
            current = services.engine.view(owner.id, DIALOG).question.id
            return current != before[owner.id] and bool(owner.messages()) \
                and question_on_screen(owner, spec).id == current
        with contextlib.suppress(AssertionError):
            await eventually(lambda: all(shown_next(owner) for owner in owners), timeout=10)
        stuck = sum(not shown_next(owner) for owner in owners)
    return stuck, shown_twice() - already


async def test_updates_fetched_but_not_handled_at_a_kill_are_handled_after_it_once(fake, bot_process, bot_database):
    """SIGKILL with a whole batch queued (python-telegram-bot has confirmed it to Telegram, which will not send
    it again): after the restart, with nobody writing again, every owner gets their next question, once."""
    rng = random.Random(20261202)
    owners = [bot_process.user("fr", user_id=7000 + n) for n in range(OWNERS)]
    with closing(Services.open(bot_database)) as services:
        for owner in owners:
            answer_directly(services, owner.id, BUTCHER_TYPED, until="staff")
    bot_process.start()
    figures = [await kill_with_a_batch_queued(fake, bot_process, bot_database, owners, rng, held=kill % 2 == 0)
               for kill in range(6)]
    assert [stuck for stuck, _twice in figures] == [0] * 6
    assert [twice for _stuck, twice in figures[::2]] == [0] * 3  # held back: nothing had been shown
    assert all(twice <= OWNERS for _stuck, twice in figures)  # at a random moment: at most one per owner
