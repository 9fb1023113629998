"""Sharing with consultants and the owner's data rights, at the storage level."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from storage_checks import rows_naming

from bot.app import Services, sharing
from bot.storage import Schedule, SqliteStore

NOW = datetime(2027, 2, 1, 10, tzinfo=UTC)
OWNER, CONSULTANT, STRANGER = 101, 202, 303


@pytest.fixture
def store():
    store = SqliteStore(None, clock=lambda: NOW)
    for user in (OWNER, CONSULTANT, STRANGER):
        store.ensure_user(user, language="fr")
    yield store
    store.close()


@pytest.fixture
def services(store):
    return Services(store=store, specs={}, engine=None)


def test_invitation_token_is_long_random_single_use_and_stored_hashed(store, services):
    payload = sharing.invite(services, OWNER, NOW)
    assert payload.startswith("c_") and len(payload) <= 64
    assert all(ch.isalnum() or ch in "_-" for ch in payload)
    assert len(payload) - 2 >= 32  # 24 random bytes = 192 bits
    stored = store.execute("SELECT * FROM invitations").rows
    assert payload.removeprefix("c_") not in str(stored)
    assert sharing.accept(services, payload, CONSULTANT, NOW) == OWNER
    assert sharing.can_view(services, CONSULTANT, OWNER)
    assert sharing.accept(services, payload, STRANGER, NOW) is None
    assert not sharing.can_view(services, STRANGER, OWNER)


@pytest.mark.parametrize("tamper", ["expired", "revoked", "invented", "truncated", "own"])
def test_unusable_tokens_all_get_the_same_neutral_answer(store, services, tamper):
    payload = sharing.invite(services, OWNER, NOW)
    when, who = NOW, CONSULTANT
    if tamper == "expired":
        when = NOW + timedelta(days=7, seconds=1)
    elif tamper == "revoked":
        [invitation] = sharing.open_invitations(services, OWNER, NOW)
        assert sharing.cancel_invitation(services, OWNER, invitation.id)
    elif tamper == "invented":
        payload = "c_" + "A" * 32
    elif tamper == "truncated":
        payload = payload[:-1]
    else:
        who = OWNER
    assert sharing.preview(services, payload, who, when) is None
    assert sharing.accept(services, payload, who, when) is None
    assert store.clients_of(who) == []


def test_revoking_a_consultant_takes_effect_at_once_and_is_audited(store, services):
    sharing.accept(services, sharing.invite(services, OWNER, NOW), CONSULTANT, NOW)
    assert store.unlink(OWNER, CONSULTANT, actor_id=OWNER)
    assert not sharing.can_view(services, CONSULTANT, OWNER)
    actions = [row["action"] for row in store.audit_log(OWNER)]
    assert actions == ["invite", "link", "unlink"]


def test_many_consultants_and_many_owners(store, services):
    store.ensure_user(404, language="de")
    for consultant in (CONSULTANT, 404):
        sharing.accept(services, sharing.invite(services, OWNER, NOW), consultant, NOW)
    sharing.accept(services, sharing.invite(services, STRANGER, NOW), CONSULTANT, NOW)
    assert {link.consultant_id for link in store.consultants_of(OWNER)} == {CONSULTANT, 404}
    assert {link.owner_id for link in store.clients_of(CONSULTANT)} == {OWNER, STRANGER}


def test_delete_erases_everything_about_the_user(store, services):
    conversation = store.start_conversation(OWNER, "assessment", 1, "sector")
    store.save_step(conversation, state="staff", path=("sector",), answer=("sector", "food"))
    store.add_verdict(OWNER, conversation.id, "1.0", "go", {"headline": "go"})
    store.save_schedule(Schedule(OWNER, every="weekly", weekday=0, hour=9, timezone="Europe/Paris", week_of_month=1,
                                 status="active", next_due_at=NOW, period_due_at=NOW, last_sent_at=None))
    sharing.accept(services, sharing.invite(services, OWNER, NOW), CONSULTANT, NOW)
    sharing.invite(services, OWNER, NOW)
    exported = store.export_user(OWNER)
    assert exported["conversations"][0]["answers"][0]["value"] == "food"
    assert "token_hash" not in str(exported)
    store.delete_user(OWNER)
    assert set(rows_naming(store, OWNER).values()) == {0}
    assert store.execute("SELECT count(*) FROM answers").rows == [(0,)]
    # The deletion is recorded, without naming whose data it was.
    assert store.audit_log(OWNER) == []
    assert store.execute("SELECT action FROM audit WHERE action = 'delete_user'").rows == [("delete_user",)]
    # The consultant's own account stays.
    assert store.user(CONSULTANT) is not None


def test_open_invitations_are_those_still_usable_and_each_can_be_cancelled_alone(store, services):
    spent, cancelled, kept = (sharing.invite(services, OWNER, NOW) for _ in range(3))
    sharing.invite(services, OWNER, NOW - timedelta(days=8))  # expired a day ago
    sharing.invite(services, STRANGER, NOW)  # someone else's
    sharing.accept(services, spent, CONSULTANT, NOW)
    first, second = sharing.open_invitations(services, OWNER, NOW)
    assert not sharing.cancel_invitation(services, STRANGER, second.id)  # not theirs to cancel
    assert sharing.cancel_invitation(services, OWNER, first.id)
    assert not sharing.cancel_invitation(services, OWNER, first.id)  # cancelled already
    assert sharing.open_invitations(services, OWNER, NOW) == [second]
    assert sharing.preview(services, cancelled, STRANGER, NOW) is None
    assert sharing.preview(services, kept, STRANGER, NOW) == OWNER
