"""Lists shown with one button per entry (a consultant's clients, an owner's consultants).

A button carries a token that stands for its person, never their id and
never a position: a double tap, or a tap on a list whose message could not
be updated, reaches the same person or no one (a position would reach
whoever moved into that place). The tokens are keyed hashes of the ids with
a secret made at start. The ids behind a message's buttons stay in the
user's in-memory data, under that message's id, so a button pressed on
another message, a forged token or a list shown before a restart finds
nothing: a dead button. Handlers still check access before reading
anything: a list only says what was shown, not what is allowed now.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

KEEP = 5  # lists remembered per kind and user; the buttons of older ones go dead
_SECRET = secrets.token_bytes(16)  # new at each start: the lists are forgotten then anyway
TOKEN = "[0-9a-f]{10}"  # what a button's value looks like (see callbacks.py)


def token(kind: str, entry: int) -> str:
    """The token a button carries for `entry` of a list of `kind`."""
    return hmac.new(_SECRET, f"{kind}:{entry}".encode(), hashlib.sha256).hexdigest()[:10]


def remember(memory: dict[str, Any], kind: str, message_id: int, ids: list[int]) -> None:
    """Note which ids the buttons of message `message_id` stand for (the message's list, replacing any before)."""
    shown: dict[int, list[int]] = memory.setdefault(kind, {})
    shown.pop(message_id, None)
    shown[message_id] = list(ids)
    while len(shown) > KEEP:
        del shown[next(iter(shown))]


def recall(memory: dict[str, Any], kind: str, message_id: int, pressed: str) -> int | None:
    """The id whose token was pressed, if message `message_id` still lists it."""
    ids: list[int] = memory.get(kind, {}).get(message_id, [])
    return next((entry for entry in ids if hmac.compare_digest(token(kind, entry), pressed)), None)
