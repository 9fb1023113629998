"""What a use case hands a front-end to show: texts to send in order, and files to attach."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.i18n import current_currency, current_locale, use_currency, use_locale
from bot.render import pool
from bot.render.document import Section


@dataclass(frozen=True)
class Attachment:
    """A file to send: its bytes, or a drawing that makes them when asked.

    Charts and PDFs take a good part of a second to draw, so they are drawn
    only when sent; the Telegram front-end has them drawn in the drawing pool.
    """

    filename: str
    source: bytes | Drawing
    kind: Literal["photo", "document"]
    caption: str = ""

    def render(self) -> bytes:
        """The file's bytes, drawn here and now if need be."""
        return self.source() if isinstance(self.source, Drawing) else self.source

    async def drawn(self) -> bytes:
        """The file's bytes, drawn in the drawing pool if need be, while the bot serves others."""
        return await pool.draw(self.source) if isinstance(self.source, Drawing) else self.source


@dataclass(frozen=True)
class Drawing:
    """`draw(*args)` in the locale and currency current when it was made; it pickles, so any process can draw it
    (`draw` a module's function)."""

    draw: Callable[..., bytes]
    args: tuple[Any, ...]
    locale: str
    currency: str

    def __call__(self) -> bytes:
        with use_locale(self.locale), use_currency(self.currency):
            return self.draw(*self.args)


def drawn_later(draw: Callable[..., bytes], *args: Any) -> Drawing:
    """`draw(*args)` deferred, in the language and currency that are current now."""
    return Drawing(draw, args, current_locale(), current_currency())


@dataclass(frozen=True)
class Conclusion:
    """Texts in order and files; a verdict also comes as sections, the first a summary whose buttons open
    the others (`details_of`: the owner's verdict number they belong to)."""

    messages: list[str]
    attachments: list[Attachment] = field(default_factory=list)
    sections: tuple[Section, ...] = ()
    details_of: int | None = None
