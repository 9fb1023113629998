"""Owners give consultants read access to their results, and take it back.

An invitation is a Telegram deep link carrying a random token (192 bits,
URL-safe, within the 64 characters a /start payload may hold). Only the
token's SHA-256 hash is stored. Every token that cannot be used (expired,
revoked, spent, invented) gets the same answer: None.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from bot.storage import iso

PREFIX = "c_"
VALID_DAYS = 7


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def invite(store, owner_id: int, now: datetime, days: int = VALID_DAYS) -> str:
    """A new single-use payload for `https://t.me/<bot>?start=<payload>`."""
    token = secrets.token_urlsafe(24)
    store.add_invitation(owner_id, _hash(token), iso(now + timedelta(days=days)))
    return PREFIX + token


def link_for(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


def _usable(store, payload: str, consultant_id: int, now: datetime) -> dict | None:
    """The invitation behind `payload` if this user may still accept it (not its own owner)."""
    invitation = store.open_invitation(_hash(payload.removeprefix(PREFIX)), iso(now))
    return invitation if invitation is not None and invitation["owner_id"] != consultant_id else None


def preview(store, payload: str, consultant_id: int, now: datetime) -> int | None:
    """The inviting owner, if this payload can be accepted by this user."""
    invitation = _usable(store, payload, consultant_id, now)
    return invitation["owner_id"] if invitation else None


def accept(store, payload: str, consultant_id: int, now: datetime) -> int | None:
    """Link the consultant to the inviting owner; the owner's id, or None."""
    invitation = _usable(store, payload, consultant_id, now)
    if invitation is None:
        return None
    store.ensure_user(consultant_id)
    if not store.use_invitation(invitation["id"], invitation["owner_id"], consultant_id):
        return None
    return invitation["owner_id"]


def can_view(store, consultant_id: int, owner_id: int) -> bool:
    """The one check in front of every consultant read of an owner's data."""
    return store.link(owner_id, consultant_id) is not None
