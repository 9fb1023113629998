"""Three real `advisor telegram` processes on one PostgreSQL sweep 1,000 due reminders; one is SIGKILLed mid-sweep
while it holds owners' reminders. Each owner gets their reminder once: an instance sends one chat at a time, so at
most the one message in flight at the kill could repeat (Telegram took it, the killed process never marked it sent).
ADVISOR_SWEEP_INSTANCES=1 times the sweep of one instance alone."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from contextlib import closing
from datetime import timedelta

from client import eventually
from fake_api import FakeTelegram

from bot.app.outbox import LEASE
from bot.storage import Schedule, open_store, utc_now

pytest_plugins = ["bot_fixtures"]

OWNERS = range(7_000_001, 7_001_001)  # 1,000 owners, each with a reminder due
WITHIN = 60  # seconds for all of them, across the instances, the kill included
INSTANCES = int(os.environ.get("ADVISOR_SWEEP_INSTANCES", "3"))  # 1: the sweep's time alone, nothing killed


def due_reminders(database: str) -> None:
    """1,000 weekly schedules, each due an hour ago, written straight into the store."""
    due = utc_now() - timedelta(hours=1)
    with closing(open_store(database)) as store:
        store.import_schedules([Schedule(user_id, every="weekly", weekday=due.weekday(), hour=9,
                                         timezone="Europe/Berlin", week_of_month=1, status="active", next_due_at=due,
                                         period_due_at=due, last_sent_at=None) for user_id in OWNERS])


def reminders_received(fake: FakeTelegram) -> Counter[int]:
    """How many messages each owner received."""
    return Counter(call.params["chat_id"] for call in fake.requests("sendMessage")
                   if call.params["chat_id"] in OWNERS)


def holding(database: str) -> set[int]:
    """The pids of the processes holding owners' reminders now (claimed, not yet marked sent)."""
    with closing(open_store(database)) as store:
        return {int(sender.split(":")[1]) for sender in store.holders(utc_now() - LEASE)}


def still_owed(database: str) -> int:
    with closing(open_store(database)) as store:
        return len(store.owing(utc_now() + timedelta(days=1), 10_000))


def sweep_seconds(fake: FakeTelegram) -> float:
    """From the first reminder Telegram took to the last."""
    moments = [call.at for call in fake.requests("sendMessage") if call.params["chat_id"] in OWNERS]
    return max(moments) - min(moments)


async def test_three_instances_send_each_due_reminder_once_though_one_is_killed_mid_sweep(fake, pg_url, bot_processes):
    due_reminders(pg_url)
    started = time.monotonic()
    instances = [bot_processes.start(pg_url) for _ in range(INSTANCES)]
    victim, sent_at_kill = None, 0
    if INSTANCES > 1:
        await eventually(lambda: sum(reminders_received(fake).values()) >= 200, timeout=WITHIN)
        await eventually(lambda: holding(pg_url) & {instance.process.pid for instance in instances}, timeout=WITHIN)
        victim = next(instance for instance in instances if instance.process.pid in holding(pg_url))
        assert victim.kill(signal.SIGKILL) == -signal.SIGKILL
        sent_at_kill = sum(reminders_received(fake).values())

    await eventually(lambda: len(reminders_received(fake)) == len(OWNERS), timeout=WITHIN)
    took = time.monotonic() - started
    await eventually(lambda: still_owed(pg_url) == 0, timeout=10)
    received = reminders_received(fake)
    repeats = sum(count - 1 for count in received.values())
    killed = f"one SIGKILLed after {sent_at_kill} went out" if victim else "none killed"
    print(f"1,000 due reminders, {INSTANCES} instance(s), {killed}: swept in {sweep_seconds(fake):.1f} s (first "
          f"reminder to last; {took:.1f} s from the first start), {repeats} sent twice")
    assert set(received) == set(OWNERS) and repeats <= 1, received.most_common(3)
    with closing(open_store(pg_url)) as store:
        assert store.due_schedules(utc_now()) == [] and not store.holders(utc_now() - LEASE)
    assert all("Traceback" not in instance.log for instance in instances if instance is not victim)
