"""Several webhook instances on one PostgreSQL behind a round-robin proxy, against real processes:
one killed again and again, or all restarted one by one, while twenty owners answer.

Telegram's side is the fake Bot API posting to the proxy as Telegram posts to a
webhook (a chat's next update once the post before it returned, a failed post
tried again). What is asserted is what owners would notice: every answer they
sent is stored, once, under its question and in the order sent; each ends with
the next question on screen; no error message; few repeated messages.
"""

from __future__ import annotations

import asyncio
import random
import signal
import statistics
import time
from contextlib import closing
from typing import Any

import pytest
from answers import BUTCHER_TYPED, typed_lines
from client import eventually
from instances import Cluster, Outcome, Owner, answer, kills_wanted, outcome, owners, shown
from play import DIALOG

from bot.app import Services
from bot.i18n import use_locale
from bot.render.questions import label

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.slow

OWNERS = 20
INSTANCES = 3
STOP_WAIT = 60  # seconds a stopping instance may take (its drain has a bound of its own, DRAIN_TIMEOUT)


@pytest.fixture
def cluster(fake, pg_url, tmp_path):
    running = Cluster(fake, pg_url, tmp_path, INSTANCES)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def spec(pg_url):
    with closing(Services.open(pg_url)) as services:
        return services.specs[DIALOG]


def paced(rng: random.Random, events: dict[str, int], planned: int, think: tuple[float, float]):
    """A person's pace (`think` seconds between answers), held back so that the `planned` events (kills,
    restarts) fall all through the assessment rather than after the owners are done."""
    answers = len(typed_lines(BUTCHER_TYPED)) - 1  # every question but the last, STOP

    async def pace(owner: Owner) -> None:
        await asyncio.sleep(rng.uniform(*think))
        while events["done"] < len(owner.sent) * planned // answers:
            await asyncio.sleep(0.05)
    return pace


async def while_owners_answer(cluster: Cluster, database: str, spec, first_id: int, planned: int,
                              disturb) -> tuple[list[Owner], Outcome, float, Any]:
    """The instances started, twenty owners answering while `disturb(events, owners)` runs (counting in
    events["done"] each of the `planned` things it does); the owners, what they saw, the seconds it all took,
    and what `disturb` returned."""
    rng = random.Random(first_id)
    everyone = owners(cluster.instances[0], OWNERS, first_id)
    await cluster.start()
    events = {"done": 0}
    pace = paced(rng, events, planned, think=(0, 0.3))
    started = time.monotonic()
    result, *_ = await asyncio.gather(disturb(events, everyone), *(answer(owner, spec, pace) for owner in everyone))
    assert events["done"] == planned
    return everyone, outcome(database, spec, everyone), time.monotonic() - started, result


async def test_an_instance_killed_again_and_again_loses_no_answer_and_keeps_each_chat_in_order(
        fake, cluster, pg_url, spec):
    """One instance SIGKILLed at random moments (ADVISOR_INSTANCE_KILLS times, 10 by default), restarted after
    each, while twenty owners answer: no answer lost or misplaced, each chat in order, each owner shown their
    next question, at most one repeated message per owner per kill (one that came while the owner waited)."""
    rng = random.Random(20261207)
    kills = kills_wanted()
    waits: list[float] = []  # seconds from a kill to the next question of an owner waiting for it then

    async def waited(owner: Owner, since: float) -> None:
        while owner.waiting_since is not None and owner.waiting_since <= since:
            await asyncio.sleep(0.02)
        waits.append(time.monotonic() - since)

    async def kill_loop(done: dict[str, int], everyone: list[Owner]) -> list[float]:
        restarts, watchers = [], []
        for _ in range(kills):
            await asyncio.sleep(rng.uniform(0, 1.0))
            instance = rng.choice(cluster.instances)
            instance.kill(signal.SIGKILL)
            killed_at = time.monotonic()
            caught = [owner for owner in everyone if owner.waiting_since is not None]
            for owner in caught:
                owner.caught += 1
            watchers += [asyncio.create_task(waited(owner, killed_at)) for owner in caught]
            done["done"] += 1
            cluster.launch(instance)
            restarts.append(await cluster.up(instance))
        await asyncio.gather(*watchers)
        return restarts

    everyone, seen, seconds, restarts = await while_owners_answer(cluster, pg_url, spec, 8000, kills, kill_loop)
    print(f"\n{INSTANCES} instances, {OWNERS} owners, {kills} kills in {seconds:.0f} s: "
          f"{seen.figures}; seconds from a kill to the next question of an owner waiting for it then: "
          f"median {statistics.median(waits or [0]):.2f}, max {max(waits or [0]):.2f} ({len(waits)} owners); "
          f"a killed instance up again after {statistics.median(restarts):.1f} s (median); "
          f"posts {len(fake.posts)} for {fake.confirmed - 1} updates; proxy skipped {cluster.proxy.skipped}")
    seen.assert_every_answer_kept()
    # A kill repeats at most the one message an owner was waiting for then.
    assert all(seen.repeats[owner.id] <= owner.caught for owner in everyone)


async def test_a_rolling_restart_is_not_seen_by_owners(fake, cluster, pg_url, spec):
    """Each instance in turn stopped with SIGTERM, restarted, and waited for before the next, twice round,
    while twenty owners answer: not one error message, lost answer, dead button or repeated message."""
    rng = random.Random(20261208)
    rounds = 2

    async def roll(restarted: dict[str, int], _everyone: list[Owner]) -> list[tuple[float, int]]:
        stops = []
        for instance in [*cluster.instances] * rounds:
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            stopping = time.monotonic()
            instance.process.send_signal(signal.SIGTERM)
            status = await asyncio.to_thread(instance.wait, STOP_WAIT)
            stops.append((time.monotonic() - stopping, status))
            cluster.launch(instance)
            await cluster.up(instance)
            restarted["done"] += 1
        return stops

    _everyone, seen, seconds, stops = await while_owners_answer(cluster, pg_url, spec, 9000, rounds * INSTANCES, roll)
    print(f"\n{INSTANCES} instances, {OWNERS} owners, {rounds * INSTANCES} restarts in {seconds:.0f} s: "
          f"{seen.figures}; SIGTERM to exit: max {max(seconds for seconds, _ in stops):.1f} s, "
          f"exit statuses {sorted({code for _, code in stops})}")
    assert all(code == 0 for _, code in stops)
    seen.assert_every_answer_kept()
    assert sum(seen.repeats.values()) == 0


async def test_a_press_taken_over_from_a_killed_instance_shows_the_next_question(fake, pg_url, tmp_path, spec):
    """The instance handling a press dies after storing the answer, before the next question went out; the
    other instance, which showed the question pressed on, takes the press over: the owner gets the next
    question (before, that instance believed its question still on screen, and showed nothing)."""
    cluster = Cluster(fake, pg_url, tmp_path, 2)  # the proxy's first post goes to the first instance, the next to
    try:                                           # the second
        [owner] = owners(cluster.instances[0], 1, first_id=9500)
        await cluster.start()
        await owner.user.send("/start")
        await eventually(lambda: shown(owner, spec) == "sector")
        fake.slow("editMessageText", 10, chat_id=owner.id)  # the second instance, closing the question pressed on
        with use_locale(owner.user.language):
            data = dict(owner.user.keyboard().buttons)[label(spec.questions["sector"].option("food"))]
        fake.push(owner.user.press_update(data))
        with closing(Services.open(pg_url)) as services:
            await eventually(lambda: services.engine.view(owner.id, DIALOG).question.id != "sector")
            cluster.instances[1].kill(signal.SIGKILL)
            expected = services.engine.view(owner.id, DIALOG).question.id
        await eventually(lambda: shown(owner, spec) == expected, timeout=10)
    finally:
        cluster.stop()
