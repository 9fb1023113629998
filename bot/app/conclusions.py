"""What a use case hands a front-end to show: texts to send in order, and files to attach."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.i18n import current_locale, use_locale
from bot.render.document import Section


@dataclass(frozen=True)
class Attachment:
    """A file to send: its bytes, or a function that draws them when asked.

    Charts and PDFs take a good part of a second to draw, so they are drawn
    only when sent, and the Telegram front-end does it on a worker thread.
    """

    filename: str
    source: bytes | Callable[[], bytes]
    kind: Literal["photo", "document"]
    caption: str = ""

    def render(self) -> bytes:
        return self.source() if callable(self.source) else self.source


def drawn_later(draw: Callable[..., bytes], *args: Any) -> Callable[[], bytes]:
    """`draw(*args)` deferred, in the language that is current now."""
    language = current_locale()

    def run() -> bytes:
        with use_locale(language):
            return draw(*args)

    return run


def once(draw: Callable[[], bytes]) -> Callable[[], bytes]:
    """`draw`, run at most once however often it is asked for (a chart serves the photo and the PDF)."""
    drawn: list[bytes] = []
    lock = threading.Lock()  # files are drawn on worker threads

    def run() -> bytes:
        with lock:
            if not drawn:
                drawn.append(draw())
            return drawn[0]

    return run


@dataclass(frozen=True)
class Conclusion:
    """Texts in order and files; a verdict also comes as sections, the first a summary whose buttons open
    the others (`details_of`: the owner's verdict number they belong to)."""

    messages: list[str]
    attachments: list[Attachment] = field(default_factory=list)
    sections: tuple[Section, ...] = ()
    details_of: int | None = None
