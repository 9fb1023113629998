"""Lists shown with one button per entry (a consultant's clients, an owner's consultants).

A button carries a token that stands for its person, never their id and
never a position: a double tap, or a tap on a list whose message could not
be updated, reaches the same person or no one (a position would reach
whoever moved into that place). The tokens are keyed hashes of the ids, the
key derived from the bot's token: every instance of the bot makes and reads
the same ones, and nothing more has to be configured. The ids behind a
message's buttons are kept in the chat's memory (memory.py), under that
message's id, so a button pressed on another message or a forged token finds
nothing: a dead button. Handlers still check access before reading anything:
a list only says what was shown, not what is allowed now.
"""

from __future__ import annotations

import hashlib
import hmac

from bot.telegram.memory import ChatMemory

KEEP = 5  # lists remembered per kind and chat; the buttons of older ones go dead
TOKEN = "[0-9a-f]{10}"  # what a button's value looks like (see callbacks.py)
_PURPOSE = b"advisor list buttons"


class Lists:
    def __init__(self, bot_token: str):
        self._key = hmac.new(bot_token.encode(), _PURPOSE, hashlib.sha256).digest()

    def token(self, kind: str, entry: int) -> str:
        """The token a button carries for `entry` of a list of `kind`."""
        return hmac.new(self._key, f"{kind}:{entry}".encode(), hashlib.sha256).hexdigest()[:10]

    @staticmethod
    def remember(memory: ChatMemory, kind: str, message_id: int, ids: list[int]) -> None:
        """Note which ids the buttons of message `message_id` stand for (the message's list, replacing any
        before); the KEEP latest lists of a kind are kept."""
        shown = [entry for entry in memory.get(kind, []) if entry[0] != message_id]
        memory.set(kind, [*shown, [message_id, list(ids)]][-KEEP:])

    def recall(self, memory: ChatMemory, kind: str, message_id: int, pressed: str) -> int | None:
        """The id whose token was pressed, if message `message_id` still lists it."""
        ids: list[int] = next((ids for shown, ids in memory.get(kind, []) if shown == message_id), [])
        return next((entry for entry in ids if hmac.compare_digest(self.token(kind, entry), pressed)), None)
