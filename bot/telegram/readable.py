"""Updates the bot cannot read are skipped, logged once by their id and nothing else.

python-telegram-bot reads a fetched batch as a whole: one update it cannot read
(a field of a shape it does not expect) fails the batch, which is then logged
with its whole content (names, messages) and fetched again, for ever, while no
one is answered. So the request that fetches updates reads each one first, and
puts a bare update in place of one that cannot be read: its id alone, which
confirms it to Telegram and which no handler answers.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]


class ReadableUpdates(HTTPXRequest):
    """The request getUpdates is sent with."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        answer = HTTPXRequest.parse_json_payload(payload)
        if isinstance(answer.get("result"), list):
            answer["result"] = [readable(update) for update in answer["result"]]
        return answer


def readable(update: JSONDict) -> JSONDict:
    """The update as Telegram sent it if it can be read, else its id alone (logged: its id and the error's kind)."""
    try:
        Update.de_json(update, None)
    except Exception as error:  # whatever python-telegram-bot raises on a shape it does not expect
        log.error("Skipped update %s: it could not be read (%s)", update.get("update_id"), type(error).__name__)
        return {"update_id": update["update_id"]}
    return update
