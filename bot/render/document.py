"""Content laid out once for every reader: sections of blocks of items.

The chat, the console, the consultant's view and the PDF report show the
same sections; only the layout differs: lines with emoji marks on a phone,
tables with drawn glyphs on paper. So what the owner reads in the chat and
on paper cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import _


class Mark(StrEnum):
    """What an item stands for, shown as an emoji in the chat and as a glyph on paper."""

    YES = "yes"  # recommended
    NO = "no"  # left aside
    PASSED = "passed"
    PARTIAL = "partial"
    FAILED = "failed"
    WARNING = "warning"
    GAINED = "gained"  # in a comparison: new since the first time
    GONE = "gone"  # in a comparison: no longer there


CHAT_MARKS = {Mark.YES: "👍", Mark.NO: "✋", Mark.PASSED: "✅", Mark.PARTIAL: "⚠️", Mark.FAILED: "❌",
              Mark.WARNING: "⚠️", Mark.GAINED: "➕", Mark.GONE: "➖"}


@dataclass(frozen=True)
class Item:
    """One point: its text, what it is about (`label`), a mark, a note in brackets, finer points under it."""

    text: str
    label: str | None = None
    mark: Mark | None = None
    note: str | None = None
    sub: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """Items under an optional title; `table` lays them out as rows (label | text) on paper."""

    items: tuple[Item, ...]
    title: str | None = None
    table: bool = False
    bullets: bool = True  # False: the items are plain sentences


@dataclass(frozen=True)
class Section:
    """A titled part of the content; `key` names it for the buttons that open it."""

    key: str
    title: str
    blocks: tuple[Block, ...]


def labelled(label: str, value: str) -> str:
    """'Label: value' with the colon your language uses (French puts a space before it)."""
    return _("{label}: {value}", label=label, value=value).rstrip()


def item_line(item: Item) -> str:
    """The item's label and text joined as the language writes it ('Label: text')."""
    return labelled(item.label, item.text) if item.label else item.text


def item_lines(item: Item, bullets: bool = True) -> list[str]:
    """An item as chat lines: its mark (or a bullet), label and text; the note and finer points indented."""
    lead = f"{CHAT_MARKS[item.mark]} " if item.mark else "• " if bullets else ""
    lines = [lead + item_line(item)]
    if item.note:
        lines.append(f"  {item.note}")
    lines += [f"   – {point}" for point in item.sub]
    return lines


def as_text(section: Section) -> str:
    """The section as one chat message: title, then each block (its title, then its items)."""
    lines = [section.title]
    for block in section.blocks:
        lines.append("")
        if block.title:
            lines.append(block.title)
        for item in block.items:
            lines += item_lines(item, block.bullets)
    return "\n".join(lines)
