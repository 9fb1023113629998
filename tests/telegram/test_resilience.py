"""Crashes and crowds: a bot killed at random moments loses nothing, and 50 owners at once never mix."""

from __future__ import annotations

import asyncio
import random
import signal
from contextlib import closing

from answers import BUTCHER_TYPED, stored_answers, typed_lines
from play import DIALOG, give, question_on_screen

from bot.app import Services, verdicts
from bot.app.conclusions import Conclusion

pytest_plugins = ["bot_fixtures"]


async def test_random_kills_lose_no_acknowledged_answer(fake, bot_process, db_path):
    """SIGKILL at random moments, many times: every answer the bot acknowledged is kept, and it finishes."""
    rng = random.Random(20261123)
    with closing(Services.open(db_path)) as services:
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
        with closing(Services.open(db_path)) as services:
            stored = services.engine.view(owner.id, DIALOG).answers
        assert set(acknowledged) <= set(stored), "an acknowledged answer was lost"
        bot_process.start()
        await owner.send("/start")
    assert kills >= 5
    with closing(Services.open(db_path)) as services:
        view = services.engine.view(owner.id, DIALOG)
    # Finished, and messages delivered again after a crash were not applied twice (to a later question).
    assert view.finished and view.answers == stored_answers(BUTCHER_TYPED)


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
