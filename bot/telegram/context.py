"""One context per update: the sender resolved once, before any handler runs.

A handler in group -1 (`arrive`) sees every update first, as a middleware
would: for a private chat it resolves the `Caller` (one storage read: the
user, their language, their open dialogues, what their chat's buttons refer
to), sets the locale for the rest of the update, and leaves the caller and
the chat's memory on the callback context, which python-telegram-bot shares
across all handler groups of one update.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackContext, ExtBot

from bot.app import Caller, Sender, Services, arrive
from bot.app.callers import known_caller, language_of
from bot.i18n import DEFAULT_LANGUAGE, set_locale, supported
from bot.telegram.memory import ChatMemory
from bot.telegram.taps import dead


class AdvisorContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """python-telegram-bot's callback context, with the update's caller."""

    __slots__ = ("_caller", "_memory")

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 chat_id: int | None = None, user_id: int | None = None) -> None:
        super().__init__(application, chat_id, user_id)
        self._caller: Caller | None = None
        self._memory: ChatMemory | None = None

    @property
    def caller(self) -> Caller:
        """The sender of a private chat's update, as resolved on arrival."""
        if self._caller is None:
            raise RuntimeError("no caller: the update is not from a private chat")
        return self._caller

    @caller.setter
    def caller(self, caller: Caller) -> None:
        self._caller = caller

    @property
    def has_caller(self) -> bool:
        return self._caller is not None

    @property
    def memory(self) -> ChatMemory:
        """What the buttons of the update's chat refer to, kept in storage (memory.py); set on arrival."""
        if self._memory is None:
            raise RuntimeError("no chat memory: the update has no chat")
        return self._memory

    @memory.setter
    def memory(self, memory: ChatMemory) -> None:
        self._memory = memory


Callback = Callable[[Update, AdvisorContext], Coroutine[Any, Any, None]]


def sender_of(update: Update) -> Sender | None:
    user = update.effective_user
    return Sender(user.id, user.first_name, user.language_code) if user else None


def arrival(services: Services, owed: Callback) -> Callback:
    """The group -1 handler: resolve the caller of a private chat's update and use their language; if a
    message is still owed to them, send it first (`owed`), before this update is answered.

    A change of membership (blocked, unblocked) is not the user writing to us:
    it is noted by its own handler, without taking the user on.
    """

    async def on_arrival(update: Update, context: AdvisorContext) -> None:
        sender, chat = sender_of(update), update.effective_chat
        if chat is not None:
            context.memory = ChatMemory(services, chat.id)  # read if used (a caller's comes with the visit)
        if sender is None or update.my_chat_member is not None:
            return
        if chat is None or chat.type != ChatType.PRIVATE:
            set_locale(language_of(services, sender))
            return
        caller = arrive(services, sender) if update.callback_query is None else known_caller(services, sender)
        if caller is None:  # a button of a user we no longer know (erased a moment ago): dead, and nothing stored
            set_locale(supported(sender.language_code) or DEFAULT_LANGUAGE)
            await dead(update)
            return
        context.caller = caller
        context.memory = ChatMemory(services, chat.id, known=caller.memory)
        set_locale(caller.locale)
        if caller.owed:
            await owed(update, context)

    return on_arrival


def known_only(callback: Callback) -> Callback:
    """A button handler that runs only for a caller we know (arrival already answered the others)."""

    async def run(update: Update, context: AdvisorContext) -> None:
        if context.has_caller:
            await callback(update, context)

    return run
