"""A person chatting with the bot through the fake Bot API, so tests read like transcripts.

    await marie.send("/start")
    await marie.click("Commerce alimentaire (boucher, boulanger, traiteur)")
    assert marie.last_message().labels[-1] == "⬅️ Retour"

Each action queues one update and returns once the bot has dealt with it
(`settle` says how that is known: in-process, from the application itself;
for a bot in another process, from the fake server falling quiet).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable

from fake_api import BOT_USER, FakeTelegram, Shown

Settle = Callable[[dict], Awaitable[None]]
_ids = itertools.count(10_000)


class TelegramUser:
    def __init__(self, fake: FakeTelegram, settle: Settle, user_id: int, language_code: str | None,
                 first_name: str = "Marie"):
        self.fake, self.settle, self.id = fake, settle, user_id
        self.language_code, self.first_name = language_code, first_name
        self.language = language_code  # the language the bot should answer in
        self.last_query: str | None = None
        self.last_update: dict | None = None  # the latest update sent, with its update_id

    # ------------------------------------------------------------- actions
    async def send(self, text: str, chat: dict | None = None) -> None:
        """Type and send `text` (a command if it starts with '/')."""
        await self._push(self.message_update(text, chat))

    def message_update(self, text: str, chat: dict | None = None) -> dict:
        """The update Telegram makes of `text` sent by this user (without its update_id)."""
        message = self._message(chat, text=text)
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"message": message}

    async def send_content(self, **content) -> None:
        """Send something other than text: photo=[…], sticker={…}, voice={…}, location={…}."""
        await self._push({"message": self._message(None, **content)})

    async def edit(self, text: str) -> None:
        """Change a message sent earlier."""
        await self._push({"edited_message": {**self._message(None, text=text), "edit_date": int(time.time())}})

    async def click(self, label: str, message: Shown | None = None) -> None:
        """Press the button labelled `label` on the latest message with buttons (or on `message`)."""
        message = message or self.keyboard()
        data = dict(message.buttons).get(label)
        assert data is not None, f"no button {label!r} in {message.labels}"
        await self.press(data, message)

    async def press(self, data: str, message: Shown | None = None) -> None:
        """Press a button with this callback data, as a forged or outdated client could."""
        await self._push(self.press_update(data, message))

    def press_update(self, data: str, message: Shown | None = None) -> dict:
        """The update Telegram makes of a press on a button with this callback data (without its update_id)."""
        message = message or self.keyboard()
        self.last_query = str(next(_ids))
        return {"callback_query": {"id": self.last_query, "from": self._person(), "chat_instance": f"c{self.id}",
                                   "data": data, "message": message.as_api()}}

    async def block(self, blocked: bool = True) -> None:
        """Block (or unblock) the bot in the Telegram app."""
        statuses = ("member", "kicked") if blocked else ("kicked", "member")
        await self._push({"my_chat_member": {
            "chat": self._chat(), "from": self._person(), "date": int(time.time()),
            "old_chat_member": {"user": BOT_USER, "status": statuses[0], "until_date": 0},
            "new_chat_member": {"user": BOT_USER, "status": statuses[1], "until_date": 0}}})

    # ------------------------------------------------------------- what the user sees
    def messages(self) -> list[Shown]:
        return self.fake.messages(self.id)

    def last_message(self) -> Shown:
        return self.messages()[-1]

    def keyboard(self) -> Shown:
        """The latest message that still has buttons."""
        return next(message for message in reversed(self.messages()) if message.buttons)

    def notice(self) -> str | None:
        """The short notice shown for the last button press (None if there was none)."""
        return self.fake.notices.get(self.last_query)

    # ------------------------------------------------------------- updates
    async def _push(self, update: dict) -> None:
        self.last_update = self.fake.push(update)
        await self.settle(self.last_update)

    def _person(self) -> dict:
        person = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        return {**person, "language_code": self.language_code} if self.language_code else person

    def _chat(self) -> dict:
        return {"id": self.id, "type": "private", "first_name": self.first_name}

    def _message(self, chat: dict | None, **content) -> dict:
        return {"message_id": next(_ids), "date": int(time.time()), "chat": chat or self._chat(),
                "from": self._person(), **content}


async def eventually(check: Callable[[], bool], timeout: float = 30) -> None:
    """Wait until `check()` holds, for what a bot in another process does in its own time."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)
