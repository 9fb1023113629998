"""Messages to someone other than the sender, in their own language, never the sender's problem.

An owner told that a consultant accepted, a consultant told of a client's
check-in or of lost access: if such a message cannot be delivered, the person
whose action caused it is not shown an error. A recipient who blocked the bot
is noted as such.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

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
    with use_locale(users.writes_in(services, user_id)):
        text = _(message, **params, **{key: _(term) for key, term in (terms or {}).items()})
    try:
        await send_text(bot, user_id, text)
    except Forbidden:
        users.blocked_by(services, user_id)
    except TelegramError as error:
        if owed and not isinstance(error, BadRequest):
            raise
        log.warning("Could not write to user %s: %s", user_id, error)


def name_of(services: Services, user_id: int) -> str:
    """The first name the user goes by on Telegram, as others are shown it."""
    return person(users.name_of(services, user_id))
