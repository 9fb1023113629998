"""The caller's dialogues: where they stand, and what one input does.

The engine is given what arrival already read (the open conversation and
the last update applied), so an answer costs one read and one write
transaction.
"""

from __future__ import annotations

from bot.app.callers import Caller
from bot.app.services import Services
from bot.engine import Input, Known, Step, View


def current(services: Services, caller: Caller, dialog: str | None = None) -> View:
    """The question waiting in the caller's active dialogue (or `dialog`), started if none is open."""
    dialog = dialog or caller.dialog
    return services.engine.view(caller.id, dialog, caller.snapshot(dialog))


def has_begun(caller: Caller, dialog: str | None = None) -> bool:
    """Whether the caller has an open conversation on their active dialogue (or `dialog`)."""
    return caller.snapshot(dialog) is not None


def apply(services: Services, caller: Caller, event: Input, receipt: int | None = None,
          dialog: str | None = None) -> Step:
    """Apply one input to the caller's active dialogue (or `dialog`); `receipt` identifies the message."""
    dialog = dialog or caller.dialog
    known = Known(caller.snapshot(dialog), caller.user.receipt, caller.read)
    return services.engine.handle(caller.id, dialog, event, receipt=receipt, known=known)
