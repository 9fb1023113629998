"""Several instances sweeping one database at the same moment: each scheduled send is owed once, and each owed
message is held by one sender (on both engines; threads stand for the instances)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import Services, digests, schedules, verdicts
from bot.storage import Schedule
from bot.storage.outbox import DIGEST, FOLLOW_UP, OVERDUE, REMINDER

NOW = datetime(2026, 6, 1, 8, tzinfo=UTC)
LEASE = timedelta(seconds=15)
OWNERS = range(1, 121)


def instance(database: str) -> closing[Services]:
    return closing(Services.open(database, clock=lambda: NOW))


def at_once(database: str, work: list[Callable[[Services], Any]]) -> list[Any]:
    """Run each piece of work in an instance of its own (a thread, a store opened there), all released
    together once every one is open; what each returned."""
    start, results = threading.Barrier(len(work)), [None] * len(work)

    def run(index: int) -> None:
        with instance(database) as services:
            start.wait()
            results[index] = work[index](services)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def owed_rows(services: Services) -> Counter[tuple[str, int, int]]:
    """Every message owed, as (kind, chat, ref), counted."""
    found: Counter[tuple[str, int, int]] = Counter()
    for user_id in services.store.owing(NOW, 10_000):
        found.update((row.kind, row.user_id, row.ref) for row in services.store.claim_owed(user_id, "count", NOW))
    return found


def due_schedule(user_id: int) -> Schedule:
    return Schedule(user_id, every="weekly", weekday=0, hour=9, timezone="Europe/Paris", week_of_month=1,
                    status="active", next_due_at=NOW - timedelta(minutes=user_id), period_due_at=NOW, last_sent_at=None)


def test_reminders_due_are_all_owed_once_when_three_instances_sweep_at_once_in_batches(database):
    with instance(database) as services:
        services.store.import_schedules([due_schedule(user_id) for user_id in OWNERS])

        # batches of 25: each sweep reads again what is still due until none is
        counted = at_once(database, [lambda other: schedules.owe_reminders(other, NOW, limit=25)] * 3)

        assert sum(counted) == len(OWNERS)
        assert owed_rows(services) == Counter({(REMINDER, user_id, user_id): 1 for user_id in OWNERS})
        assert schedules.due(services, NOW) == []


def test_follow_ups_due_are_owed_once_when_three_instances_sweep_at_once(database):
    with instance(database) as services:
        store, verdict_ids = services.store, []
        for user_id in OWNERS:
            store.ensure_user(user_id, language="fr")
            conversation = store.start_conversation(user_id, "assessment", 1, "checkins")
            verdict_ids.append(store.add_verdict(user_id, conversation.id, "1", "not_now", {}, NOW).id)

        counted = at_once(database, [lambda other: verdicts.owe_follow_ups(other, NOW)] * 3)

        assert sum(counted) == len(OWNERS)
        assert owed_rows(services) == Counter({(FOLLOW_UP, user_id, verdict_id): 1
                                               for user_id, verdict_id in zip(OWNERS, verdict_ids, strict=True)})


def test_a_chat_owed_is_held_by_one_sender_when_three_claim_it_at_once(database):
    def claim_all(services: Services, sender: str) -> list[int]:
        return [row.id for user_id in OWNERS for row in services.store.claim_owed(user_id, sender, NOW - LEASE)]

    senders = ["instance 1", "instance 2", "instance 3"]
    with instance(database) as services:
        services.store.import_schedules([due_schedule(user_id) for user_id in OWNERS])
        schedules.owe_reminders(services, NOW)

        for _round in range(3):  # a race shows in one round or another
            claimed = at_once(database, [lambda other, sender=sender: claim_all(other, sender) for sender in senders])

            held = Counter(owed_id for ids in claimed for owed_id in ids)
            assert len(held) == len(OWNERS) and set(held.values()) == {1}, "a row held by two senders at once"
            for user_id in OWNERS:
                for sender in senders:
                    services.store.release(user_id, sender)


def test_digests_due_are_owed_once_with_where_their_news_start_when_three_instances_sweep_at_once(database):
    consultants = range(1, 41)
    with instance(database) as services:
        for consultant_id in consultants:
            services.store.ensure_user(consultant_id, language="de")
            services.store.save_digest(consultant_id, "weekly", 9, NOW - timedelta(minutes=consultant_id))

        counted = at_once(database, [lambda other: digests.owe_due(other, NOW)] * 3)

        assert sum(counted) == len(consultants)
        assert owed_rows(services) == Counter({(DIGEST, consultant_id, consultant_id): 1
                                               for consultant_id in consultants})
        owed = services.store.claim_owed(1, "count", NOW)  # as owed_rows claimed it
        assert [(row.since, row.created_at) for row in owed] == [(NOW - timedelta(minutes=1, weeks=1), NOW)]
        assert services.store.digest(1).last_sent_at == NOW  # the next digest's news start where these end
        assert digests.due(services, NOW) == []


def test_a_decision_overdue_is_owed_to_the_consultant_once_when_three_instances_find_it_at_once(database):
    with instance(database) as services:
        services.store.ensure_user(1, language="de")
        owed = at_once(database, [lambda other: other.store.owe_overdue(1, 7, "overdue:3:6")] * 3)
        assert sorted(owed) == [False, False, True]
        assert owed_rows(services) == Counter({(OVERDUE, 1, 7): 1})
