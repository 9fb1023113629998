"""How a command that talks to Telegram ends: what went wrong as one line on stderr, and an exit status.

A rejected token is the operator's to fix (2); Telegram refusing a call, or a
Bot API that cannot be reached, is said in Telegram's own words (1). The token
never appears in what is printed.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any

from telegram.error import BadRequest, InvalidToken, NetworkError

from bot.config import Settings
from bot.telegram.logs import redact

NO_TOKEN = "advisor: TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather."


def against_telegram(settings: Settings, main: Coroutine[Any, Any, object]) -> int:
    """Run `main` to its end; its exit status."""
    try:
        asyncio.run(main)
    except InvalidToken:
        print("advisor: Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN.", file=sys.stderr)
        return 2
    except BadRequest as error:  # a BadRequest is a NetworkError to PTB, but Telegram did answer: say what
        print(redact(f"advisor: Telegram refused: {error.message}", _secrets(settings)), file=sys.stderr)
        return 1
    except NetworkError as error:
        print(redact(f"advisor: cannot reach the Bot API at {settings.api_base_url}: {error}", _secrets(settings)),
              file=sys.stderr)
        return 1
    return 0


def _secrets(settings: Settings) -> tuple[str, ...]:
    return tuple(secret for secret in (settings.token, settings.webhook_secret) if secret)
