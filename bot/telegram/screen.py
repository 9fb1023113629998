"""What one private chat shows, kept tidy as the dialogue moves.

Only the latest question keeps its buttons: once a question is shown, the
one shown before loses its keyboard (or, once answered, shows the answer in
its place). The id of that message, and Telegram's time of it, are kept in the
chat's memory (memory.py), so any instance finds them; one write per question
shown. An old keyboard that stays behind (the bot died before it noted the
question) is harmless because the engine refuses buttons from another moment.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial

from telegram import Bot, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError

from bot.app.conclusions import Attachment, Conclusion
from bot.engine import View
from bot.render.document import Section
from bot.telegram.context import AdvisorContext
from bot.telegram.keyboards import details_keyboard, question_keyboard_json
from bot.telegram.layout import question_html, section_html
from bot.telegram.memory import ChatMemory
from bot.telegram.send import escape, send_html, send_text, unread

log = logging.getLogger(__name__)

Part = Callable[[], Awaitable[object]]  # one message of several, sent when called
# The question on screen: its message, Telegram's own time of it (the same clock as the owner's messages), and
# where in which dialogue it asks.
_QUESTION = "question"


class Screen:
    def __init__(self, bot: Bot, chat_id: int, memory: ChatMemory):
        self.bot, self.chat_id, self.memory = bot, chat_id, memory

    @classmethod
    def of(cls, update: Update, context: AdvisorContext) -> Screen:
        """The screen of the update's chat: every update a handler answers comes from one."""
        chat = update.effective_chat
        if chat is None:
            raise ValueError(f"update {update.update_id} has no chat to show anything in")
        return cls(context.bot, chat.id, context.memory)

    async def say(self, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> Message:
        """Send plain text (escaped and split as needed)."""
        return await send_text(self.bot, self.chat_id, text, reply_markup)

    async def say_html(self, html: str, reply_markup: InlineKeyboardMarkup | None = None) -> Message:
        """Send a short message composed in HTML by the layout module."""
        return await self.bot.send_message(self.chat_id, html, reply_markup=reply_markup)

    async def ask(self, view: View, last: float | None = None, answered_html: str | None = None,
                  pressed: int | None = None) -> None:
        """Show the current question with its buttons (`last` time's figure as one); then the one before loses
        its own, showing the answer given if any (`close`). In that order, the chat always shows a question
        with buttons, even when the bot dies, or Telegram refuses a message, in between."""
        before = self.memory.get(_QUESTION) or (None, None, None)
        sent = await unread(self.bot, "sendMessage", chat_id=self.chat_id, text=question_html(view),
                            reply_markup=question_keyboard_json(view, last))
        asked_at = int(sent["date"])
        if before[2] == _where(view) and before[1] is not None:  # asked again (a repeat after a crash, another
            asked_at = min(asked_at, before[1])  # instance's takeover): what was typed to it since the first time
        self.memory.set(_QUESTION, [sent["message_id"], asked_at, _where(view)])  # answers it too
        await self._tidy(answered_html, before[0], pressed)

    def shows(self, view: View) -> bool:
        """Whether the question on screen is the view's (not if the bot failed, or died, before sending or
        noting it)."""
        shown = self.memory.get(_QUESTION)
        return shown is not None and shown[2] == _where(view)

    def answers_an_earlier_question(self, message: Message) -> bool:
        """Whether a typed message belongs to a question before the one on screen: a reply to another
        message of ours, or written before this question was sent (Telegram dates to the second)."""
        shown, asked_at, _asks = self.memory.get(_QUESTION) or (None, None, None)
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.is_bot and shown is not None \
                and reply.message_id != shown:
            return True
        return asked_at is not None and message.date.timestamp() < asked_at

    async def close(self, answered_html: str | None = None, pressed: int | None = None) -> None:
        """Take the buttons off the question on screen (and off `pressed`), showing the answer if given."""
        await self._tidy(answered_html, (self.memory.get(_QUESTION) or (None,))[0], pressed)
        self.memory.drop(_QUESTION)

    async def _tidy(self, answered_html: str | None, *shown: int | None) -> None:
        for message_id in dict.fromkeys(ident for ident in shown if ident is not None):
            try:
                await self.rewrite(message_id, answered_html)
            except TelegramError as error:  # timed out, flood limit spent…: the question asked matters more
                log.warning("Could not tidy message %s in chat %s: %s", message_id, self.chat_id, error)

    async def rewrite(self, message_id: int, html: str | None = None,
                      reply_markup: InlineKeyboardMarkup | None = None) -> None:
        """Replace a message's buttons (by default: none), and its text by `html` if given.

        A message that already reads so (a second tap), was deleted or is too
        old to edit is left as it is: tidying up is not worth an error.
        """
        try:
            if html:
                await unread(self.bot, "editMessageText", chat_id=self.chat_id, message_id=message_id, text=html,
                             reply_markup=reply_markup)
            else:
                await unread(self.bot, "editMessageReplyMarkup", chat_id=self.chat_id, message_id=message_id,
                             reply_markup=reply_markup)
        except BadRequest as error:
            log.debug("Left message %s as it was: %s", message_id, error)

    async def conclude(self, conclusion: Conclusion) -> None:
        """Send the conclusion's texts in order, then its files as a photo or a document."""
        for part in self.parts(conclusion):
            await part()

    def parts(self, conclusion: Conclusion) -> list[Part]:
        """The messages a conclusion is sent as, in order, each sent when called.

        A verdict comes folded: its summary alone, with a button per detail (the
        owner opens what they want), then its files, quietly, while a chat action
        shows they are on their way. The files are drawn side by side in the
        drawing pool, once other chats' waiting updates have had their turn:
        when many owners finish at once, every verdict's text goes out first.
        """
        bot, chat_id = self.bot, self.chat_id
        parts: list[Part] = []
        if conclusion.details_of is not None and conclusion.sections:
            summary, *details = conclusion.sections
            parts.append(partial(send_html, bot, chat_id, section_html(summary),
                                 details_keyboard(conclusion.details_of, [section.key for section in details])))
        else:
            parts += [partial(send_text, bot, chat_id, message) for message in conclusion.messages]
        drawings = _Drawings(conclusion.attachments)
        return parts + [partial(self._attach, drawings, index) for index in range(len(conclusion.attachments))]

    async def _attach(self, drawings: _Drawings, index: int) -> None:
        """Send file `index` of the conclusion once drawn (a failure stops the drawings not sent yet)."""
        attachment = drawings.attachments[index]
        try:
            action = ChatAction.UPLOAD_PHOTO if attachment.kind == "photo" else ChatAction.UPLOAD_DOCUMENT
            await self.bot.send_chat_action(self.chat_id, action)
            file = InputFile(await drawings.of(index), filename=attachment.filename)
            method, field = ("sendPhoto", "photo") if attachment.kind == "photo" else ("sendDocument", "document")
            await unread(self.bot, method, chat_id=self.chat_id, caption=escape(attachment.caption) or None,
                         disable_notification=True, **{field: file})
        except BaseException:
            drawings.cancel()
            raise

    async def detail(self, section: Section) -> None:
        """One section of a verdict, opened by its button: sent quietly, below the summary."""
        await send_html(self.bot, self.chat_id, section_html(section), quietly=True)


def _where(view: View) -> str:
    position = view.position
    return f"{view.spec.name}:{position.state}:{position.step}"


class _Drawings:
    """A conclusion's files, drawn side by side in the drawing pool from the first one asked for on (the files
    before it went out before a crash), once other chats' waiting updates have had their turn."""

    def __init__(self, attachments: list[Attachment]):
        self.attachments = attachments
        self._drawing: dict[int, asyncio.Future[bytes]] = {}

    async def of(self, index: int) -> bytes:
        if not self._drawing:
            await asyncio.sleep(0)  # the updates waiting meanwhile go first
            self._drawing = {later: asyncio.ensure_future(self.attachments[later].drawn())
                             for later in range(index, len(self.attachments))}
        return await self._drawing[index]

    def cancel(self) -> None:
        """Leave no drawing behind unwaited for."""
        for drawing in self._drawing.values():
            drawing.cancel()
