"""Send text that cannot break: HTML-escaped, and cut to fit Telegram's message size.

Every message goes out with parse_mode HTML (set once as a default), so any
text from users or catalogs is escaped before it is sent; only tags we write
ourselves reach Telegram as markup. Long plain texts are cut at line breaks
before escaping, so a cut never falls inside a tag or an entity.
"""

from __future__ import annotations

import html
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import MessageLimit, ParseMode

LIMIT = MessageLimit.MAX_TEXT_LENGTH  # 4096


def escape(text: str) -> str:
    """Text shown as written, whatever '<', '>' or '&' it holds."""
    return html.escape(text, quote=False)


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 code units, Telegram's measure."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def split_text(text: str, limit: int = LIMIT) -> list[str]:
    """Pieces of at most `limit`, cut at a line break, else at a space, else mid-word."""
    pieces = []
    rest = text.strip("\n")
    while rest:
        end = _fitting(rest, limit)
        if end == len(rest):
            pieces.append(rest)
            break
        cut = rest.rfind("\n", 0, end + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, end + 1)
        if cut <= 0:
            pieces.append(rest[:end])
            rest = rest[end:]
        else:
            pieces.append(rest[:cut])
            rest = rest[cut + 1:].lstrip("\n")
    return [piece for piece in pieces if piece.strip()]


async def send_text(bot: Bot, chat_id: int, text: str,
                    reply_markup: InlineKeyboardMarkup | None = None) -> Message:
    """Send plain text, in as many messages as it takes; buttons go with the last one."""
    *first, last = split_text(text) or [text]
    for piece in first:
        await bot.send_message(chat_id, escape(piece))
    return await bot.send_message(chat_id, escape(last), reply_markup=reply_markup)


async def send_html(bot: Bot, chat_id: int, html_text: str, reply_markup: InlineKeyboardMarkup | None = None,
                    quietly: bool = False) -> Message:
    """Send text already laid out as Telegram HTML (tags of ours, user text escaped), cut at line breaks."""
    *first, last = split_text(html_text) or [html_text]
    for piece in first:
        await bot.send_message(chat_id, piece, disable_notification=quietly)
    return await bot.send_message(chat_id, last, reply_markup=reply_markup, disable_notification=quietly)


async def unread(bot: Bot, method: str, **parameters: Any) -> Any:
    """Call Bot API `method` with HTML text or caption, and return Telegram's reply unread: a dict (or True).

    python-telegram-bot turns every reply into objects (a sent question and the
    keyboard Telegram echoes back: a quarter of an answer's time; a file's
    sizes and ids), whether we read them or not. An edit's reply is never
    read, nor a sent file's, and of a sent question only its id and date:
    those calls skip that. Errors are raised as by the library's own methods,
    uploads get its longer write timeout, and the rate limiter applies.
    """
    if {"text", "caption"} & parameters.keys():
        parameters["parse_mode"] = ParseMode.HTML
    return await bot._post(method, parameters)
