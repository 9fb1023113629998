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

from bot.app.services import Services
from bot.storage import Invitation

PREFIX = "c_"
VALID_DAYS = 7


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def invite(services: Services, owner_id: int, now: datetime, days: int = VALID_DAYS) -> str:
    """A new single-use payload for `https://t.me/<bot>?start=<payload>`."""
    token = secrets.token_urlsafe(24)
    services.store.add_invitation(owner_id, _hash(token), now + timedelta(days=days))
    return PREFIX + token


def link_for(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


def held(payload: str) -> str:
    """What may be kept of a payload while its invitation is shown, and accepted by: its hash, as stored."""
    return _hash(payload.removeprefix(PREFIX))


def _usable(services: Services, token_hash: str, consultant_id: int, now: datetime) -> Invitation | None:
    """The invitation behind a payload's hash if this user may still accept it (not its own owner)."""
    invitation = services.store.open_invitation(token_hash, now)
    return invitation if invitation is not None and invitation.owner_id != consultant_id else None


def preview(services: Services, payload: str, consultant_id: int, now: datetime) -> int | None:
    """The inviting owner, if this payload can be accepted by this user."""
    invitation = _usable(services, held(payload), consultant_id, now)
    return invitation.owner_id if invitation else None


def accept(services: Services, payload: str, consultant_id: int, now: datetime) -> int | None:
    """Link the consultant to the inviting owner; the owner's id, or None."""
    return accept_held(services, held(payload), consultant_id, now)


def accept_held(services: Services, token_hash: str, consultant_id: int, now: datetime) -> int | None:
    """`accept`, by what was `held` of the payload while the invitation was shown."""
    invitation = _usable(services, token_hash, consultant_id, now)
    if invitation is None:
        return None
    services.store.ensure_user(consultant_id)
    if not services.store.use_invitation(invitation.id, invitation.owner_id, consultant_id):
        return None
    return invitation.owner_id


def can_view(services: Services, consultant_id: int, owner_id: int) -> bool:
    """The one check in front of every consultant read of an owner's data."""
    return services.store.link(owner_id, consultant_id) is not None


def consultants(services: Services, owner_id: int) -> list[int]:
    """Who can see the owner's results, in the order they accepted."""
    return [link.consultant_id for link in services.store.consultants_of(owner_id)]


def clients(services: Services, consultant_id: int) -> list[int]:
    """Whose results the consultant can see now, in the order they accepted."""
    return [link.owner_id for link in services.store.clients_of(consultant_id)]


def revoke(services: Services, owner_id: int, consultant_id: int) -> bool:
    """Take the consultant's access away at once; False if they had none."""
    return services.store.unlink(owner_id, consultant_id, actor_id=owner_id)


def open_invitations(services: Services, owner_id: int, now: datetime) -> list[Invitation]:
    """The owner's invitation links that still work, oldest first."""
    return services.store.open_invitations(owner_id, now)


def cancel_invitation(services: Services, owner_id: int, invitation_id: int) -> bool:
    """Make one of the owner's invitation links unusable; False if it no longer worked anyway."""
    return services.store.revoke_invitation(owner_id, invitation_id)
