"""The storage interface's contract, held on both engines: what is written reads back the same, typed, in UTC.

Every test runs on SQLite and on a real PostgreSQL (`any_store`, tests/conftest.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from storage_checks import NAMING_NOBODY, rows_naming

from bot.storage import Schedule, StorageError, open_store

NOW = datetime(2027, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
OWNER, CONSULTANT = 7_000_000_001, 42  # Telegram's ids pass 2**31


@pytest.fixture
def store(any_store):
    any_store.clock = lambda: NOW
    any_store.ensure_user(OWNER, language="fr", name="Marie")
    return any_store


def schedule(due: datetime, user_id: int = OWNER, status: str = "active") -> Schedule:
    return Schedule(user_id, every="weekly", weekday=0, hour=9, timezone="Europe/Paris", week_of_month=1,
                    status=status, next_due_at=due, period_due_at=due, last_sent_at=None)


def test_a_user_reads_back_with_aware_utc_times_to_the_second(store):
    user = store.user(OWNER)
    assert (user.language, user.name, user.country) == ("fr", "Marie", None)
    assert user.created_at == NOW.replace(microsecond=0) and user.created_at.tzinfo is not None
    assert store.ensure_user(OWNER, language="de").language == "fr"  # kept once set
    assert store.user(123) is None


def test_typed_user_writes(store):
    store.set_language(OWNER, "de")
    store.set_market(OWNER, "CH", "ZH")
    store.set_timezone(OWNER, "Europe/Zurich")
    store.set_blocked(OWNER, NOW.astimezone(timezone(timedelta(hours=2))))
    user = store.user(OWNER)
    assert (user.language, user.country, user.region, user.timezone) == ("de", "CH", "ZH", "Europe/Zurich")
    assert user.blocked_at == NOW.replace(microsecond=0) and user.blocked_at.utcoffset() == timedelta(0)
    store.returned(OWNER, "Marie-Claire")
    assert (store.user(OWNER).name, store.user(OWNER).blocked_at) == ("Marie-Claire", None)


def test_an_answer_its_move_and_its_receipt_are_read_back_in_one_visit(store):
    conversation = store.start_conversation(OWNER, "assessment", 3, "sector", context={"country": "FR"})
    with store.transaction():
        moved = store.save_step(conversation, state="staff", path=("sector",), answer=("sector", "food"))
        store.record_receipt(OWNER, 501)
    assert moved.updated_at == NOW.replace(microsecond=0)
    visit = store.visit(OWNER)
    snapshot = visit.conversations["assessment"]
    assert snapshot.record == moved
    assert snapshot.answers == {"country": "FR", "sector": "food"}
    assert visit.user.receipt.update_id == 501 and visit.user.receipt.at == NOW.replace(microsecond=0)
    assert store.answers(conversation.id) == {"country": "FR", "sector": "food"}


def test_a_failed_transaction_stores_nothing_of_it(store):
    conversation = store.start_conversation(OWNER, "assessment", 3, "sector")
    with pytest.raises(StorageError), store.transaction():
        store.save_step(conversation, state="staff", path=("sector",), answer=("sector", "food"))
        store.save_schedule(schedule(NOW, user_id=999))  # no such user: refused
    assert store.answers(conversation.id) == {}
    assert store.active_conversation(OWNER, "assessment").state == "sector"


def test_multiple_choices_drafts_latest_answers_and_re_assessments(store):
    first = store.start_conversation(OWNER, "assessment", 3, "networks")
    first = store.save_step(first, state="networks", path=(), draft=("facebook",))
    assert store.visit(OWNER).conversations["assessment"].record.draft == ("facebook",)
    store.save_step(first, state="done", path=("networks",), answer=("networks", ["facebook", "xing"]),
                    finished=True)
    store.carry_answers(first.id, {"networks": ["facebook", "linkedin"]})  # read anew, the old row kept
    assert store.answers(first.id) == {"networks": ["facebook", "linkedin"]}
    assert [row["value"] for row in store.answer_history(first.id)] == [["facebook", "xing"], ["facebook", "linkedin"]]
    second = store.start_conversation(OWNER, "assessment", 3, "networks", defaults_from=first.id)
    earlier = store.visit(OWNER).conversations["assessment"].earlier
    assert (earlier.id, earlier.path, earlier.answers) == (first.id, ("networks",), {"networks": ["facebook",
                                                                                                   "linkedin"]})
    assert store.earlier(first.id) == earlier
    assert [record.id for record in store.finished_conversations(OWNER, "assessment")] == [first.id]
    assert store.conversation(second.id).defaults_from == first.id


def test_a_new_conversation_abandons_the_unfinished_one(store):
    old = store.start_conversation(OWNER, "checkin", 2, "posts")
    new = store.start_conversation(OWNER, "checkin", 2, "posts", currency="CHF")
    assert store.active_conversation(OWNER, "checkin").id == new.id != old.id
    assert store.active_conversation(OWNER, "checkin").currency == "CHF"
    store.set_currency(new.id, "EUR")
    assert store.conversation(new.id).currency == "EUR"


def test_verdicts_in_order_and_their_one_follow_up(store):
    conversation = store.start_conversation(OWNER, "assessment", 3, "sector")
    first = store.add_verdict(OWNER, conversation.id, "1.0", "go", {"headline": "go", "é": 1.5},
                              follow_up_due_at=NOW + timedelta(days=28))
    assert store.latest_verdict(OWNER) == first and first.data == {"headline": "go", "é": 1.5}
    assert store.due_follow_ups(NOW + timedelta(days=27)) == []
    assert [record.id for record in store.due_follow_ups(NOW + timedelta(days=28))] == [first.id]
    assert store.owe_follow_up(first) and not store.owe_follow_up(first)
    assert store.due_follow_ups(NOW + timedelta(days=40)) == []
    second = store.add_verdict(OWNER, conversation.id, "1.0", "not_now", {})
    assert (store.verdict_number(second), store.nth_verdict(OWNER, 1), store.nth_verdict(OWNER, 3)) == (2, first, None)


def test_a_decision_is_taken_once_per_point_of_each_plan(store):
    conversation = store.start_conversation(OWNER, "assessment", 3, "sector")
    verdict = store.add_verdict(OWNER, conversation.id, "1.0", "go", {})
    assert store.record_decision(OWNER, verdict.id, 6, "continue", "adjust")
    assert not store.record_decision(OWNER, verdict.id, 6, "continue", "continue")
    assert store.record_decision(OWNER, verdict.id, 9, "continue", "continue")
    assert [(d.milestone, d.chosen) for d in store.decisions(OWNER)] == [(6, "adjust"), (9, "continue")]


def test_schedules_due_by_time_whatever_zone_they_were_given_in(store):
    paris = timezone(timedelta(hours=1))
    store.save_schedule(schedule((NOW + timedelta(minutes=30)).astimezone(paris)))
    store.ensure_user(8)
    store.save_schedule(schedule(NOW - timedelta(minutes=5), user_id=8))
    assert [s.user_id for s in store.due_schedules(NOW)] == [8]
    assert [s.user_id for s in store.due_schedules(NOW + timedelta(hours=1))] == [8, OWNER]
    store.set_schedule_status(8, "paused")
    assert [s.user_id for s in store.due_schedules(NOW + timedelta(hours=1))] == [OWNER]
    beat = NOW + timedelta(days=7)
    store.set_schedule_due(OWNER, beat, sent_at=NOW)
    saved = store.schedule(OWNER)
    assert (saved.next_due_at, saved.last_sent_at) == (beat.replace(microsecond=0), NOW.replace(microsecond=0))
    assert saved.period_due_at == (NOW + timedelta(minutes=30)).replace(microsecond=0)  # left as it was
    store.save_schedule(schedule(beat, status="stopped"))  # replaced whole
    assert store.schedule(OWNER).status == "stopped" and store.schedule(OWNER).last_sent_at is None


def test_invitations_links_and_their_audit(store):
    store.ensure_user(CONSULTANT, language="de")
    store.add_invitation(OWNER, "hash-1", NOW + timedelta(days=7))
    invitation = store.open_invitation("hash-1", NOW)
    assert invitation.owner_id == OWNER and invitation.expires_at == (NOW + timedelta(days=7)).replace(microsecond=0)
    assert store.open_invitation("hash-1", NOW + timedelta(days=8)) is None  # expired
    assert store.use_invitation(invitation.id, OWNER, CONSULTANT)
    assert not store.use_invitation(invitation.id, OWNER, CONSULTANT)  # spent
    store.set_notify(OWNER, CONSULTANT, True)
    assert store.link(OWNER, CONSULTANT).notify and store.clients_of(CONSULTANT)[0].owner_id == OWNER
    store.add_invitation(OWNER, "hash-2", NOW + timedelta(days=7))
    second = store.open_invitation("hash-2", NOW)
    assert store.revoke_invitation(OWNER, second.id) and store.open_invitation("hash-2", NOW) is None
    assert not store.revoke_invitation(OWNER, second.id)  # already taken back
    assert store.unlink(OWNER, CONSULTANT, actor_id=OWNER) and store.consultants_of(OWNER) == []
    assert [entry["action"] for entry in store.audit_log(OWNER)] == [
        "invite", "link", "notify_on", "invite", "revoke_invitation", "unlink"]


def test_an_export_is_plain_data_and_a_deletion_leaves_no_row_naming_the_user(store):
    store.ensure_user(CONSULTANT)
    conversation = store.start_conversation(OWNER, "assessment", 3, "sector")
    store.save_step(conversation, state="staff", path=("sector",), answer=("sector", "food"))
    store.add_verdict(OWNER, conversation.id, "1.0", "go", {"headline": "go"})
    store.save_schedule(schedule(NOW))
    store.add_invitation(OWNER, "hash-1", NOW + timedelta(days=7))
    store.use_invitation(store.open_invitation("hash-1", NOW).id, OWNER, CONSULTANT)
    store.receive_update(9001, OWNER, OWNER, {"update_id": 9001, "message": {"text": "Marie's secret"}})
    store.keep_in_memory(OWNER, "erase_question", 77)
    exported = store.export_user(OWNER)
    assert exported["chat_memory"] == [
        {"key": "erase_question", "value": 77, "updated_at": "2027-03-01T09:30:15+00:00"}]
    assert exported["user"]["created_at"] == "2027-03-01T09:30:15+00:00"
    assert exported["conversations"][0]["answers"][0]["value"] == "food"
    assert exported["schedule"]["next_due_at"] == "2027-03-01T09:30:15+00:00"
    assert "hash-1" not in str(exported)
    store.delete_user(OWNER)
    assert set(rows_naming(store, OWNER).values()) == {0}
    assert store.unhandled_updates() == []
    assert store.user(CONSULTANT) is not None


def test_a_deletion_is_checked_on_every_table_that_can_name_a_user(store):
    """A table added without its line in `rows_naming` (and in the erasure) fails here."""
    tables = store.execute("SELECT name FROM sqlite_master WHERE type = 'table'" if store.engine == "sqlite" else
                           "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").rows
    assert {name for (name,) in tables} - NAMING_NOBODY == set(rows_naming(store, OWNER))


def test_a_chats_memory_is_read_with_the_visit_replaced_by_key_and_dropped(store):
    assert store.visit(OWNER).memory == {} and store.chat_memory(OWNER) == {}
    store.keep_in_memory(OWNER, "question", [41, 1_800_000_000])
    store.keep_in_memory(OWNER, "clients", [[41, [OWNER, CONSULTANT]]])
    store.keep_in_memory(OWNER, "question", [42, 1_800_000_060])
    store.keep_in_memory(CONSULTANT, "question", [7, 1_800_000_000])
    assert store.visit(OWNER).memory == {"question": [42, 1_800_000_060], "clients": [[41, [OWNER, CONSULTANT]]]}
    store.drop_from_memory(OWNER, "question")
    assert store.chat_memory(OWNER) == {"clients": [[41, [OWNER, CONSULTANT]]]}
    assert store.chat_memory(CONSULTANT) == {"question": [7, 1_800_000_000]}


def test_stored_values_count_the_latest_answers_of_conversations_still_read(store):
    conversation = store.start_conversation(OWNER, "assessment", 3, "sector")
    store.save_step(conversation, state="staff", path=("sector",), answer=("sector", "food"))
    store.save_step(conversation, state="staff", path=("sector",), answer=("sector", "crafts"))
    assert [(v.spec, v.question, v.value, v.count) for v in store.stored_values()] == [
        ("assessment", "sector", "crafts", 1)]


def test_a_store_reopened_reads_what_was_written_and_migrates_nothing_twice(database):
    store = open_store(database, clock=lambda: NOW)
    store.ensure_user(OWNER, language="de")
    assert store.migrate() == []
    store.close()
    reopened = open_store(database)
    assert reopened.user(OWNER).language == "de"
    reopened.close()


def test_the_backlog_counts_what_waits_and_dates_the_oldest_update(store):
    empty = store.backlog(NOW)
    assert (empty.inbox, empty.oldest_received, empty.outbox, empty.reminders_due) == (0, None, 0, 0)
    store.clock = lambda: NOW - timedelta(hours=1)
    store.receive_update(10, OWNER, OWNER, {"update_id": 10})
    store.clock = lambda: NOW
    store.receive_update(11, OWNER, OWNER, {"update_id": 11})
    store.clock = lambda: NOW + timedelta(minutes=1)
    store.receive_update(12, OWNER, OWNER, {"update_id": 12})
    assert [kept.update_id for kept in store.claim_updates(OWNER, "here", NOW)] == [10, 11, 12]
    store.update_handled(10, OWNER, "here", NOW)  # handled: its id stays a day, it waits no more
    store.ensure_user(CONSULTANT)
    store.save_schedule(schedule(NOW - timedelta(hours=1)))
    store.save_schedule(schedule(NOW + timedelta(hours=1), user_id=CONSULTANT))  # not due yet
    store.owe(OWNER, "reminder", OWNER)
    backlog = store.backlog(NOW)
    assert (backlog.inbox, backlog.oldest_received, backlog.outbox, backlog.reminders_due) == (
        2, NOW.replace(microsecond=0), 1, 1)


# Where each engine records the migrations applied, and how to forget the last one or add one from a newer version.
FORGET_LAST = {"sqlite": "DELETE FROM _sqlite_migrations WHERE rowid = "
                         "(SELECT max(rowid) FROM _sqlite_migrations WHERE name != 'm999_newer')",
               "postgresql": "DELETE FROM schema_migrations WHERE version = "
                             "(SELECT max(version) FROM schema_migrations WHERE version < 999)"}
ADD_NEWER = {"sqlite": "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                       "VALUES ('advisor', 'm999_newer', '2027-03-01')",
             "postgresql": "INSERT INTO schema_migrations VALUES (999, 'newer', now())"}


def test_the_schema_is_current_with_every_known_migration_applied_even_beside_newer_ones(store):
    assert store.schema_current()
    store.execute(ADD_NEWER[store.engine])  # a newer version's release step migrated further: still current
    assert store.schema_current()
    store.execute(FORGET_LAST[store.engine])
    assert not store.schema_current()
