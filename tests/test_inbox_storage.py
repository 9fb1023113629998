"""The inbox on both engines, shared by two instances (two stores on one database): each update kept once,
each chat held by one instance at a time and taken over only once its lease ran out, each update handled once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlite_utils import Database

from bot.storage import SqliteStore, open_store
from bot.storage.postgres_schema import MIGRATIONS
from bot.storage.sqlite_schema import migrations

NOW = datetime(2026, 6, 1, 8, tzinfo=UTC)
LEASE = timedelta(seconds=15)
CHAT, OTHER_CHAT = 7_000_000_001, 42


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    @property
    def stale(self) -> datetime:
        return self.now - LEASE


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def instances(database, clock):
    """Two instances' stores on one database, on one clock."""
    stores = [open_store(database, clock=clock) for _ in range(2)]
    yield stores
    for store in stores:
        store.close()


def update(update_id: int) -> dict:
    return {"update_id": update_id, "message": {"text": f"answer {update_id}"}}


def received(store, *update_ids: int, chat: int = CHAT) -> None:
    for update_id in update_ids:
        assert store.receive_update(update_id, chat, chat, update(update_id))


def ids(kept) -> list[int]:
    return [one.update_id for one in kept]


def test_an_update_delivered_again_to_another_instance_is_dropped_even_once_handled(instances, clock):
    a, b = instances
    assert a.receive_update(11, CHAT, CHAT, update(11))
    assert not b.receive_update(11, CHAT, CHAT, update(11))  # Telegram posted it again, to the other instance
    [kept] = a.claim_updates(CHAT, "a", clock.stale)
    assert (kept.update_id, kept.body, kept.takeovers) == (11, update(11), 0)
    assert a.update_handled(11, CHAT, "a", clock.stale) == []
    assert not b.receive_update(11, CHAT, CHAT, update(11))  # handled: still known, never handled twice
    assert a.unhandled_updates() == [] and b.claim_updates(CHAT, "b", clock.stale) == []
    clock.now += timedelta(hours=25)  # Telegram redelivers for a day at most: the id can go
    assert a.forget_updates(clock.now - timedelta(hours=24)) == 1


def test_a_chat_claimed_by_one_instance_is_not_given_to_another_until_its_lease_is_stale(instances, clock):
    a, b = instances
    received(a, 1, 2)
    received(b, 5, chat=OTHER_CHAT)
    assert ids(a.claim_updates(CHAT, "a", clock.stale)) == [1, 2]
    received(b, 3)  # the chat's next update reaches the other instance
    assert b.claim_updates(CHAT, "b", clock.stale) == []  # a holds the chat: left to it
    assert b.waiting_chats(clock.stale, 10) == [OTHER_CHAT]  # nor does the sweep offer it
    clock.now += LEASE / 2
    a.renew_updates("a", [CHAT])  # a is alive and at work
    clock.now += LEASE / 2 + timedelta(seconds=1)
    assert b.claim_updates(CHAT, "b", clock.stale) == []
    clock.now += LEASE  # a died: its claim is stale, b takes the chat over, oldest first
    assert b.waiting_chats(clock.stale, 10) == [CHAT, OTHER_CHAT]
    taken = b.claim_updates(CHAT, "b", clock.stale)
    assert ids(taken) == [1, 2, 3]
    assert [one.takeovers for one in taken] == [1, 0, 0]  # the one a was handling counts its holder's death
    assert a.update_holders(clock.stale) == ["b"]


def test_the_holder_keeps_its_chat_from_one_update_to_the_next_and_each_is_handled_once(instances, clock):
    a, b = instances
    received(a, 1)
    assert ids(a.claim_updates(CHAT, "a", clock.stale)) == [1]
    received(b, 2)
    assert b.claim_updates(CHAT, "b", clock.stale) == []
    assert ids(a.update_handled(1, CHAT, "a", clock.stale)) == [2]  # handled, and the next one is a's too
    assert b.claim_updates(CHAT, "b", clock.stale) == []
    assert a.update_handled(2, CHAT, "a", clock.stale) == []
    assert a.unhandled_updates() == [] and b.waiting_chats(clock.stale, 10) == []
    received(b, 3)  # the chat has nothing in hand any more: whichever instance receives it, takes it
    assert ids(b.claim_updates(CHAT, "b", clock.stale)) == [3]


def test_replay_at_start_skips_what_a_live_instance_holds_and_takes_what_a_stopped_one_released(instances, clock):
    a, b = instances
    received(a, 1)
    received(a, 2, chat=OTHER_CHAT)
    a.claim_updates(CHAT, "a", clock.stale)
    assert b.waiting_chats(clock.stale, 10) == [OTHER_CHAT]  # b starting: only the chat nobody holds
    assert ids(b.claim_updates(OTHER_CHAT, "b", clock.stale)) == [2]
    a.release_updates("a")  # a stops: what it held is free at once, not after the lease
    assert b.waiting_chats(clock.stale, 10) == [CHAT]
    assert [one.takeovers for one in b.claim_updates(CHAT, "b", clock.stale)] == [0]  # released, not died on


def test_an_update_its_holders_died_on_three_times_is_given_up(instances, clock):
    a, _b = instances
    received(a, 1, 2)
    for holder in ("a", "b", "c", "d"):
        taken = a.claim_updates(CHAT, holder, clock.stale)
        clock.now += LEASE + timedelta(seconds=1)
    assert [one.takeovers for one in taken] == [3, 0]
    a.give_up_update(1)
    assert a.unhandled_updates() == [2] and not a.receive_update(1, CHAT, CHAT, update(1))


KEPT_BEFORE = [  # updates kept by a version before the claims: a private chat's and a group's
    (31, CHAT, {"update_id": 31, "message": {"chat": {"id": CHAT, "type": "private"}, "text": "17"}}),
    (32, CHAT, {"update_id": 32, "callback_query": {"id": "9", "message": {"chat": {"id": -100, "type": "group"}}}}),
]


def test_sqlite_migration_16_keeps_every_update_left_unhandled_in_its_chat(tmp_path, clock):
    path = tmp_path / "db.sqlite3"
    db = Database(path)
    migrations.apply(db, stop_before="m016_inbox_claims")
    for update_id, user_id, body in KEPT_BEFORE:
        db["inbox"].insert({"update_id": update_id, "user_id": user_id, "body": json.dumps(body),
                            "received_at": NOW.isoformat(), "starts": 1})
    db.close()
    store = SqliteStore(path, clock=clock)
    assert_kept_in_their_chats(store, clock)
    store.close()


def test_postgresql_migration_16_keeps_every_update_left_unhandled_in_its_chat(pg_url, clock):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(b"CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
                     b"applied_at timestamptz NOT NULL)")
        ours = [name for name, _sql in MIGRATIONS].index("inbox_claims")
        for version, (name, sql) in enumerate(MIGRATIONS[:ours], start=1):
            conn.execute(sql.encode())
            conn.execute("INSERT INTO schema_migrations VALUES (%s, %s, now())", [version, name])
        for update_id, user_id, body in KEPT_BEFORE:
            conn.execute("INSERT INTO inbox (update_id, user_id, body, received_at, starts) "
                         "VALUES (%s, %s, %s, now(), 1)", [update_id, user_id, json.dumps(body)])
    store = open_store(pg_url, clock=clock)
    assert store.migrated[0] == "inbox_claims"
    assert_kept_in_their_chats(store, clock)
    store.close()


def assert_kept_in_their_chats(store, clock) -> None:
    assert store.unhandled_updates() == [31, 32]
    assert store.waiting_chats(clock.stale, 10) == [CHAT, -100]
    assert [(kept.update_id, kept.body) for kept in store.claim_updates(-100, "a", clock.stale)] == [
        (32, KEPT_BEFORE[1][2])]


def test_a_holder_renews_the_chats_it_is_at_work_on_and_its_claim_on_another_runs_out(instances, clock):
    a, b = instances
    received(a, 1)
    received(a, 2, chat=OTHER_CHAT)
    a.claim_updates(CHAT, "a", clock.stale)
    a.claim_updates(OTHER_CHAT, "a", clock.stale)  # then a lost track of it (its update's marking failed)
    for _ in range(4):  # past the lease
        clock.now += LEASE / 3
        a.renew_updates("a", [CHAT])
    assert b.waiting_chats(clock.stale, 10) == [OTHER_CHAT]
    assert ids(b.claim_updates(OTHER_CHAT, "b", clock.stale)) == [2]
    assert b.claim_updates(CHAT, "b", clock.stale) == []
