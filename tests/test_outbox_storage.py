"""The outbox on both engines: owed with the change that owes it, claimed by one sender, kept in order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from bot.storage import Schedule, SqliteStore, open_store
from bot.storage.outbox import CONCLUSION, FOLLOW_UP, REMINDER
from bot.storage.sqlite_schema import migrations

NOW = datetime(2026, 6, 1, 8, tzinfo=UTC)
LEASE = timedelta(seconds=15)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(any_store, clock):
    any_store.clock = clock
    return any_store


def stale(clock: Clock) -> datetime:
    return clock.now - LEASE


def finished(store, user_id: int) -> int:
    store.ensure_user(user_id, language="fr")
    conversation = store.start_conversation(user_id, "assessment", 1, "checkins")
    store.save_step(conversation, state="done", path=("checkins",), answer=("checkins", "monthly"), finished=True)
    return conversation.id


def test_the_answer_that_finishes_owes_the_conclusion_in_its_own_transaction(store, clock):
    conversation_id = finished(store, 7)
    [owed] = store.claim_owed(7, "a", stale(clock))
    assert (owed.user_id, owed.kind, owed.ref, owed.outcome, owed.parts) == (7, CONCLUSION, conversation_id, None, 0)
    assert store.visit(7).owed
    store.mark_sent(owed.id)
    assert not store.visit(7).owed and store.claim_owed(7, "a", stale(clock)) == []


def test_a_finished_conversation_carried_over_to_a_new_spec_owes_nothing_again(store, clock):
    finished(store, 7)
    [owed] = store.claim_owed(7, "a", stale(clock))
    store.mark_sent(owed.id)
    done = store.visit(7).conversations["assessment"].record
    store.save_step(done, state="done", path=done.path, finished=True, spec_version=2)  # as the engine replays it
    assert not store.visit(7).owed


def test_one_sender_holds_a_chat_until_its_lease_runs_out_and_rows_come_oldest_first(store, clock):
    first, second = finished(store, 7), finished(store, 7)
    finished(store, 8)
    assert store.owing(stale(clock), 10) == [7, 8]
    assert [owed.ref for owed in store.claim_owed(7, "a", stale(clock))] == [first, second]
    assert store.claim_owed(7, "b", stale(clock)) == []  # a's claim is live
    assert store.owing(stale(clock), 10) == [8]
    clock.now += LEASE + timedelta(seconds=1)  # a died: its claim is stale, b takes the chat over
    assert [owed.ref for owed in store.claim_owed(7, "b", stale(clock))] == [first, second]
    store.release(7, "b")
    assert store.owing(stale(clock), 10) == [7, 8]
    store.claim_owed(8, "c", stale(clock))
    assert store.holders(stale(clock)) == ["c"]
    store.release_all("c")  # c is known to be dead: its chats are free at once
    assert store.holders(stale(clock)) == [] and store.owing(stale(clock), 10) == [7, 8]


def test_a_reminder_or_follow_up_due_is_owed_once_however_many_sweeps_find_it(store, clock, database):
    second = open_store(database, clock=clock)  # another process, on the same data
    try:
        store.ensure_user(7, language="fr")
        store.save_schedule(Schedule(7, every="weekly", weekday=0, hour=9, timezone="Europe/Paris", week_of_month=1,
                                     status="active", next_due_at=NOW, period_due_at=NOW, last_sent_at=None))
        conversation_id = finished(store, 7)
        verdict = store.add_verdict(7, conversation_id, "1", "not_now", {}, NOW)
        [due] = store.due_schedules(NOW)
        [seen_by_first], [seen_by_second] = store.due_follow_ups(NOW), second.due_follow_ups(NOW)
        later = NOW + timedelta(weeks=1)
        assert store.owe_reminder(due, later, later, 1) and not second.owe_reminder(due, later, later, 1)
        assert store.owe_follow_up(seen_by_first) and not second.owe_follow_up(seen_by_second)
        owed = store.claim_owed(7, "a", stale(clock))
        assert [(row.kind, row.ref) for row in owed] == [(CONCLUSION, conversation_id), (REMINDER, 7),
                                                         (FOLLOW_UP, verdict.id)]
        assert store.schedule(7).next_due_at == later and store.schedule(7).unanswered == 1
    finally:
        second.close()


def test_migration_15_owes_the_verdict_of_a_finished_assessment_left_without_one(tmp_path):
    path = tmp_path / "db.sqlite3"
    db = Database(path)
    migrations.apply(db, stop_before="m015_outbox")
    for user_id in (7, 8):
        db["users"].insert({"id": user_id, "language": "fr", "created_at": NOW.isoformat(), "country": "FR"})
        db["conversations"].insert({"id": user_id, "user_id": user_id, "spec": "assessment", "spec_version": 4,
                                    "state": "done", "path": '["checkins"]', "started_at": NOW.isoformat(),
                                    "updated_at": NOW.isoformat(), "finished_at": NOW.isoformat(),
                                    "currency": "EUR"})
    db["verdicts"].insert({"user_id": 8, "conversation_id": 8, "advisor_version": "1", "headline": "go",
                           "data": "{}", "created_at": NOW.isoformat()})
    db.close()

    store = SqliteStore(path)
    [owed] = store.claim_owed(7, "a", NOW)
    assert (owed.kind, owed.ref) == (CONCLUSION, 7)
    assert store.claim_owed(8, "a", NOW) == []
    store.close()
