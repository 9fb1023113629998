"""Owing what fell due, batch after batch, until none is left: a sweep reads a bounded batch (an indexed read of
what is due) and owes each item with a conditional claim; what another instance claimed first is no longer due at
the next read, so several instances sweeping at once share the work and each item is owed once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Due = TypeVar("Due")


def owe_all(read: Callable[[int], list[Due]], owe: Callable[[Due], bool], limit: int = 500) -> int:
    """Owe each item `read(limit)` finds due, reading again while a batch was full; how many this sweep owed."""
    owed = 0
    while batch := read(limit):
        owed += sum(owe(item) for item in batch)
        if len(batch) < limit:
            break
    return owed
