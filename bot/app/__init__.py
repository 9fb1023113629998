"""The advisor's use cases: what the front-ends (Telegram, console, command line) may ask for.

Front-ends call only this layer; it drives the engine (dialogues), the
advisor (judgement) and storage (memory), and hands back typed records and
conclusions to render. `Services` holds the shared parts; `Caller` is one
incoming request's sender, resolved once.
"""

from bot.app.callers import Caller, Sender, arrive
from bot.app.services import Services

__all__ = ["Caller", "Sender", "Services", "arrive"]
