"""Messages to someone other than the sender, in their own language, never the sender's problem.

An owner told that a consultant accepted, a consultant told of a client's
decision, sent her digest or told of lost access: if such a message cannot be delivered, the person
whose action caused it is not shown an error. A recipient who blocked the bot
is noted as such.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.app import Services, users
from bot.i18n import _, use_locale
from bot.render.clients import person
from bot.telegram.send import send_text

log = logging.getLogger(__name__)


async def tell(bot: Bot, services: Services, user_id: int, message: str, terms: Mapping[str, str] | None = None,
               owed: bool = False, **params: object) -> None:
    """Send `message` (a catalog id, filled with `params`, and with `terms`: catalog ids translated
    as well) to `user_id` in their language. An `owed` message (sent from the outbox) that fails in a way
    Telegram may get over is raised, and sent again later."""
    await tell_written(bot, services, user_id,
                       lambda: _(message, **params, **{key: _(term) for key, term in (terms or {}).items()}), owed)


async def tell_written(bot: Bot, services: Services, user_id: int, write: Callable[[], str],
                       owed: bool = False) -> bool:
    """Send what `write` composes in the language of `user_id`; False when Telegram could not be reached (worth
    trying again later: raised instead when `owed`), True when it was delivered or never will be (blocked,
    refused)."""
    with use_locale(users.writes_in(services, user_id)):
        text = write()
    try:
        await send_text(bot, user_id, text)
    except Forbidden:
        users.blocked_by(services, user_id)
    except BadRequest as error:
        log.warning("Message to user %s refused: %s", user_id, error)
    except TelegramError as error:
        if owed:
            raise
        log.warning("Could not write to user %s: %s", user_id, error)
        return False
    return True


def name_of(services: Services, user_id: int) -> str:
    """The first name the user goes by on Telegram, as others are shown it."""
    return person(users.name_of(services, user_id))
