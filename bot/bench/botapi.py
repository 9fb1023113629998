"""Telegram's answers to Bot API calls, built in one place.

Given a method and its parameters, `BotApi` returns the result Telegram would
return (a sent or edited Message, the bot's User, True) or refuses as Telegram
does. The benchmark answers its recording bot with it in process, and its
several instances over HTTP; the tests' fake server answers over HTTP with it
(both read a call's parameters with `parse_body`). So all speak the same Bot
API, and a change in what Telegram returns is made once.

By default it keeps each chat's messages as the user's phone shows them,
edits applied, and refuses what Telegram refuses: HTML that does not parse,
texts over 4096 characters, callback data over 64 bytes, edits that change
nothing. The benchmark turns both off (`keep=False, check=False`): an answer is
then built from the parameters alone, so neither its time nor its memory is
counted as the bot's.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = {"id": 1, "is_bot": True, "first_name": "Advisor", "username": "advisor_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
TEXT_LIMIT, NOTICE_LIMIT, CALLBACK_DATA_LIMIT = 4096, 200, 64
_TAG = re.compile(r"<(/?)(b|i)>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")

Files = dict[str, tuple[str, bytes]]  # form field -> (file name, content)
_JSON_PARAMS = {"reply_markup", "allowed_updates", "commands", "scope", "link_preview_options"}
_INT_PARAMS = {"chat_id", "message_id", "offset", "limit", "timeout", "max_connections"}


class ApiError(Exception):
    """A refusal, as Telegram sends it: HTTP status, description, and `retry_after` for 429."""

    def __init__(self, status: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after

    def body(self) -> dict:
        """The JSON body of the refusal."""
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def html_to_text(markup: str) -> str:
    """The text Telegram would show for `markup` sent with parse_mode HTML; refuses bad HTML."""
    shown: list[str] = []
    open_tags: list[str] = []
    index = 0
    while index < len(markup):
        char = markup[index]
        if char == "<":
            tag = _TAG.match(markup, index)
            if tag is None:
                raise ApiError(400, f"Bad Request: can't parse entities: unsupported tag at offset {index}")
            if tag[1] and (not open_tags or open_tags.pop() != tag[2]):
                raise ApiError(400, f"Bad Request: can't parse entities: unmatched end tag at offset {index}")
            if not tag[1]:
                open_tags.append(tag[2])
            index = tag.end()
        elif char == "&":
            entity = _ENTITY.match(markup, index)
            if entity is None:
                raise ApiError(400, f"Bad Request: can't parse entities: stray '&' at offset {index}")
            shown.append(html.unescape(entity[0]))
            index = entity.end()
        elif char == ">":
            raise ApiError(400, f"Bad Request: can't parse entities: stray '>' at offset {index}")
        else:
            shown.append(char)
            index += 1
    if open_tags:
        raise ApiError(400, "Bad Request: can't parse entities: unclosed tag")
    return "".join(shown)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Shown:
    """A message from the bot as the user sees it now."""

    message_id: int
    chat_id: int
    kind: str  # text, photo or document
    text: str = ""
    reply_markup: dict | None = None
    filename: str = ""
    content: bytes = b""
    quiet: bool = False  # sent without a notification
    sender: dict = field(default_factory=lambda: BOT_USER, repr=False, compare=False)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of every button, row after row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(button["text"], button.get("callback_data", "")) for row in rows for button in row]

    @property
    def labels(self) -> list[str]:
        return [text for text, _data in self.buttons]

    def as_api(self) -> dict:
        """The Message object Telegram returns for it."""
        message = {"message_id": self.message_id, "date": int(time.time()), "from": self.sender,
                   "chat": {"id": self.chat_id, "type": "private" if self.chat_id > 0 else "group"}}
        if self.kind == "text":
            message["text"] = self.text
        elif self.kind == "photo":
            message["photo"] = [{"file_id": f"p{self.message_id}", "file_unique_id": f"p{self.message_id}",
                                 "width": 640, "height": 480}]
        else:
            message["document"] = {"file_id": f"d{self.message_id}", "file_unique_id": f"d{self.message_id}",
                                   "file_name": self.filename}
        if self.reply_markup:
            message["reply_markup"] = self.reply_markup
        return message


class BotApi:
    """One bot's Bot API, without the HTTP: `respond(method, params, files)` is Telegram's answer."""

    def __init__(self, bot_user: dict = BOT_USER, keep: bool = True, check: bool = True):
        self.bot_user, self.keep, self.check = bot_user, keep, check
        self.chats: dict[int, list[Shown]] = {}  # what each chat shows (kept only if `keep`)
        self.notices: dict[str, str | None] = {}  # callback query id -> notice text (None: no text)
        self.commands: dict[str, list[dict]] = {}  # command menu by language code ("" for all)
        self.menu_buttons: dict[int, dict] = {}  # the menu button set for each chat
        self.webhook: dict = {}  # what setWebhook registered (deleteWebhook forgets it)
        self._next_message_id = 1
        self._methods: dict[str, Callable[[dict, Files], object]] = {
            "getMe": self._get_me, "deleteWebhook": self._delete_webhook, "setWebhook": self._set_webhook,
            "getWebhookInfo": self._webhook_info, "sendChatAction": self._true,
            "setMyCommands": self._set_my_commands, "answerCallbackQuery": self._answer_callback_query,
            "setChatMenuButton": self._set_chat_menu_button,
            "sendMessage": self._send_message, "sendPhoto": self._send_photo,
            "sendDocument": self._send_document, "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
        }

    def respond(self, method: str, params: dict, files: Files | None = None) -> tuple[int, dict]:
        """The HTTP status and JSON body Telegram would answer `method` called with `params`."""
        try:
            return 200, {"ok": True, "result": self.call(method, params, files or {})}
        except ApiError as error:
            return error.status, error.body()

    def call(self, method: str, params: dict, files: Files | None = None) -> object:
        """The result object of a successful call; ApiError as Telegram would refuse it."""
        answer = self._methods.get(method)
        if answer is None:
            raise ApiError(404, "Not Found")
        return answer(params, files or {})

    def messages(self, chat_id: int) -> list[Shown]:
        """Snapshots of the chat's messages as they are now (later edits do not change them)."""
        return [replace(shown) for shown in self.chats.get(chat_id, [])]

    # The methods ---------------------------------------------------------------------
    def _get_me(self, params: dict, files: Files) -> dict:
        return self.bot_user

    def _true(self, params: dict, files: Files) -> bool:
        return True

    def _set_webhook(self, params: dict, files: Files) -> bool:
        if not params.get("url", "").startswith(("https://", "http://127.0.0.1")):  # HTTPS, but for local tests
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = {key: params[key] for key in ("url", "max_connections", "allowed_updates") if key in params}
        return True

    def _delete_webhook(self, params: dict, files: Files) -> bool:
        self.webhook = {}
        return True

    def _webhook_info(self, params: dict, files: Files) -> dict:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0, **self.webhook}

    def _set_my_commands(self, params: dict, files: Files) -> bool:
        if self.keep:
            self.commands[params.get("language_code") or ""] = params["commands"]
        return True

    def _set_chat_menu_button(self, params: dict, files: Files) -> bool:
        button = params.get("menu_button") or {}
        if self.keep:
            self.menu_buttons[int(params["chat_id"])] = json.loads(button) if isinstance(button, str) else button
        return True

    def _answer_callback_query(self, params: dict, files: Files) -> bool:
        text = params.get("text")
        if self.check and text and utf16_length(text) > NOTICE_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        if self.check and self.keep and params["callback_query_id"] in self.notices:  # a press is answered once
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if self.keep:
            self.notices[params["callback_query_id"]] = text
        return True

    def _send_message(self, params: dict, files: Files) -> dict:
        return self._new(params, "text", text=self._text(params, "text")).as_api()

    def _send_photo(self, params: dict, files: Files) -> dict:
        return self._new_file(params, files, "photo").as_api()

    def _send_document(self, params: dict, files: Files) -> dict:
        return self._new_file(params, files, "document").as_api()

    def _edit_message_text(self, params: dict, files: Files) -> dict:
        shown = self._find(params)
        text, markup = self._text(params, "text"), self._markup(params)
        if self.check and self.keep and (text, markup) == (shown.text, shown.reply_markup):
            raise ApiError(400, "Bad Request: message is not modified")
        shown.text, shown.reply_markup = text, markup
        return shown.as_api()

    def _edit_message_reply_markup(self, params: dict, files: Files) -> dict:
        shown = self._find(params)
        markup = self._markup(params)
        if self.check and self.keep and markup == shown.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        shown.reply_markup = markup
        return shown.as_api()

    # Helpers -------------------------------------------------------------------------
    def _new(self, params: dict, kind: str, **content: Any) -> Shown:
        chat_id = params["chat_id"]
        quiet = str(params.get("disable_notification")).lower() == "true"
        shown = Shown(self._next_message_id, chat_id, kind, reply_markup=self._markup(params), quiet=quiet,
                      sender=self.bot_user, **content)
        self._next_message_id += 1
        if self.keep:
            self.chats.setdefault(chat_id, []).append(shown)
        return shown

    def _new_file(self, params: dict, files: Files, kind: str) -> Shown:
        if not files:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        filename, content = next(iter(files.values()))
        caption = params.get("caption") or ""
        caption = html_to_text(caption) if params.get("parse_mode") == "HTML" else caption
        return self._new(params, kind, filename=filename, content=content if self.keep else b"", text=caption)

    def _find(self, params: dict) -> Shown:
        """The message to edit; without kept chats, the message as the parameters describe it."""
        if not self.keep:
            return Shown(params.get("message_id", 0), params.get("chat_id", 0), "text", sender=self.bot_user)
        for shown in self.chats.get(int(params.get("chat_id") or 0), []):
            if shown.message_id == params.get("message_id"):
                return shown
        raise ApiError(400, "Bad Request: message to edit not found")

    def _text(self, params: dict, key: str) -> str:
        raw = params.get(key) or ""
        if not self.check:
            return raw
        text = html_to_text(raw) if params.get("parse_mode") == "HTML" else raw
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_length(text) > TEXT_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        return text

    def _markup(self, params: dict) -> dict | None:
        markup = params.get("reply_markup")
        if self.check:
            for row in (markup or {}).get("inline_keyboard", []):
                for button in row:
                    data = button.get("callback_data", "")
                    if not button.get("text") or not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup or None


def parse_body(content_type: str, body: bytes) -> tuple[dict, dict]:
    """Form fields (JSON-decoded where the Bot API expects JSON) and uploaded files."""
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        for part in message.iter_parts():
            name, filename = str(part.get_param("name", header="content-disposition")), part.get_filename()
            payload = part.get_payload(decode=True)
            content = payload if isinstance(payload, bytes) else b""
            if filename:
                files[name] = (filename, content)
            else:
                params[name] = content.decode()
    elif content_type.startswith("application/json"):
        params = json.loads(body or b"{}")
    else:
        params = dict(parse_qsl(body.decode(), keep_blank_values=True))
    for key in params.keys() & _JSON_PARAMS:
        if isinstance(params[key], str):
            params[key] = json.loads(params[key])
    for key in params.keys() & _INT_PARAMS:
        params[key] = int(params[key])
    return params, files
