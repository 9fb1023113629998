"""Two instances that both take one owner's message to be theirs (a lease ran out under a slow handler) apply it
once, and a later message to the conversation as the earlier one left it: the answer's transaction takes the
owner's lock, then reads the conversation and the last receipt again (both engines; the race on PostgreSQL)."""

from __future__ import annotations

import threading
import time

import pytest

from bot.advisor import DERIVED
from bot.engine import Engine, Known, Text
from bot.i18n import use_locale
from bot.storage import open_store

ASSESSMENT = "assessment"
OWNER = 7_000_000_001


@pytest.fixture
def instances(database, specs):
    """Two instances' engines on one database, and what both read on the message's arrival."""
    stores = [open_store(database) for _ in range(2)]
    stores[0].ensure_user(OWNER, language="fr")
    engines = [Engine(store, specs, DERIVED) for store in stores]
    engines[0].view(OWNER, ASSESSMENT)  # the assessment begun: its first question on screen
    yield engines
    for store in stores:
        store.close()


def arrival(engine: Engine) -> Known:
    visit = engine.store.visit(OWNER)
    return Known(visit.conversations.get(ASSESSMENT), visit.user.receipt, visit.read)


def handle(engine: Engine, text: str, receipt: int, known: Known) -> str:
    with use_locale("fr"):
        return engine.handle(OWNER, ASSESSMENT, Text(text), receipt=receipt, known=known).status


def test_a_message_both_instances_handle_is_applied_once_and_the_next_one_after_it(instances):
    a, b = instances
    known = arrival(a)  # both read the owner before either applied anything
    assert handle(a, "food", 41, known) == "accepted"
    assert handle(b, "food", 41, known) == "duplicate"  # the same message, on the other instance
    assert handle(b, "17", 42, known) == "accepted"  # the next one answers the next question
    view = a.view(OWNER, ASSESSMENT)
    assert view.answers == {"sector": "food", "staff": 17} and view.question.id == "revenue"
    assert [row["question"] for row in a.store.answer_history(view.conversation.id)] == ["sector", "staff"]


def test_two_instances_applying_one_message_at_the_same_moment_apply_it_once(instances):
    a, b = instances
    if a.store.engine != "postgresql":
        pytest.skip("one SQLite file has one bot process: no second instance to race with")
    known = arrival(a)
    record_receipt = a.store.record_receipt

    def slowly(user_id: int, update_id: int) -> None:  # a's transaction holds on, the answer written, uncommitted
        time.sleep(0.5)
        record_receipt(user_id, update_id)

    a.store.record_receipt = slowly
    statuses: list[str] = []
    first = threading.Thread(target=lambda: statuses.append(handle(a, "food", 41, known)))
    first.start()
    time.sleep(0.2)  # b starts while a's transaction is open
    statuses.append(handle(b, "food", 41, known))
    first.join()
    assert sorted(statuses) == ["accepted", "duplicate"]
    view = b.view(OWNER, ASSESSMENT)
    assert [row["question"] for row in b.store.answer_history(view.conversation.id)] == ["sector"]


def test_a_message_another_process_applied_since_its_arrival_here_is_not_applied_again(instances):
    """b read the owner on arrival; a applied the same message before b's transaction began (on SQLite,
    a second process on the file: the console, a command): b finds it applied under the lock."""
    a, b = instances
    known = arrival(b)
    assert handle(a, "food", 41, arrival(a)) == "accepted"
    assert handle(b, "food", 41, known) == "duplicate"
    assert handle(b, "17", 42, known) == "accepted"
    view = b.view(OWNER, ASSESSMENT)
    assert [row["question"] for row in b.store.answer_history(view.conversation.id)] == ["sector", "staff"]


def test_what_arrival_read_is_trusted_only_while_nothing_was_committed_since(instances):
    a, b = instances
    store = a.store
    with store.transaction():
        trusted = store.unchanged_since(store.visit(OWNER).read)
    assert trusted is (store.engine == "sqlite")  # PostgreSQL always reads again: other instances write
    read = store.visit(OWNER).read
    store.record_receipt(OWNER, 7)  # this connection wrote since
    with store.transaction():
        assert not store.unchanged_since(read)
    read = store.visit(OWNER).read
    b.store.record_receipt(OWNER, 8)  # another connection did
    with store.transaction():
        assert not store.unchanged_since(read)
    with b.store.transaction():
        assert not b.store.unchanged_since(store.visit(OWNER).read)  # read by another connection
