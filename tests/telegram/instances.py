"""Several `advisor telegram --webhook` processes on one PostgreSQL, behind a round-robin proxy, and
owners answering the assessment through them at once: what the multi-instance tests share.

The fake Bot API posts each update to the proxy as Telegram posts to a load
balancer's address; the proxy hands it to the next instance that takes the
connection. Every instance has its own port and the same WEBHOOK_SECRET.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from answers import BUTCHER_TYPED, stored_answers
from bot_fixtures import ADVISOR, ROOT, BotProcess, reply_key
from client import TelegramUser, eventually
from fake_api import TOKEN, FakeTelegram
from play import DIALOG, give, question_on_screen
from proxy import RoundRobin

from bot.app import Services
from bot.i18n import _, use_locale
from bot.render.values import wording
from bot.spec import Spec
from bot.telegram.errors import NOT_SAVED, SORRY

SECRET = "several-instances-secret_0123456789"
PATH = "/telegram/hook"
STOP = "checkins"  # the last question, left unanswered: twenty verdicts and their files are not what is tested
WAIT = 30.0  # seconds an owner waits for the next question before counting as left without it
STARTUP = 30.0  # seconds an instance may take to be up


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """`count` webhook instances on `database`, each on its own port, behind one round-robin proxy."""

    def __init__(self, fake: FakeTelegram, database: str, folder: Path, count: int):
        self.fake = fake
        ports = [free_port() for _ in range(count)]
        self.proxy = RoundRobin(ports).start()
        url = f"http://127.0.0.1:{self.proxy.port}{PATH}"
        self.database, self.url = database, url
        self.instances = [BotProcess(fake, database, folder / f"instance-{n}.log") for n in range(count)]
        self.ports = dict(zip(self.instances, ports, strict=True))

    def settings(self, instance: BotProcess | None = None) -> dict[str, str]:
        """The environment every instance shares (and `instance`'s own port)."""
        port = {"PORT": str(self.ports[instance])} if instance else {}
        return {"WEBHOOK_URL": self.url, "WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": "127.0.0.1", **port}

    def launch(self, instance: BotProcess) -> None:
        instance.start(**self.settings(instance))

    async def start(self) -> None:
        """Every instance up; the webhook registered (by the instances, or else by the deploy step)."""
        for instance in self.instances:
            self.launch(instance)
        for instance in self.instances:
            await self.up(instance)
        if self.fake.hook is None:
            deploy = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": self.fake.url,
                      "DATABASE_URL": self.database, **self.settings()}
            subprocess.run([ADVISOR, "webhook", "set"], cwd=ROOT, env=deploy, check=True, capture_output=True)
        assert self.fake.hook is not None and self.fake.hook.secret == SECRET

    async def up(self, instance: BotProcess) -> float:
        """Wait until the instance is ready for traffic (its /readyz, or its port answering at all);
        the seconds it took."""
        started = time.monotonic()
        port = self.ports[instance]
        while not await asyncio.to_thread(ready, port):
            assert instance.process is not None and instance.process.poll() is None, instance.log[-3000:]
            assert time.monotonic() - started < STARTUP, "an instance did not come up"
            await asyncio.sleep(0.05)
        return time.monotonic() - started

    def stop(self) -> None:
        for instance in self.instances:
            instance.stop()
        self.proxy.stop()


def ready(port: int) -> bool:
    """Whether the instance on `port` takes traffic: /readyz says so, or (before it had one) the port answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/readyz")
        return connection.getresponse().status in (200, 404)
    except OSError:
        return False
    finally:
        connection.close()


@dataclass
class Owner:
    """An owner answering the butcher's assessment through the instances, and what they saw."""

    user: TelegramUser
    sent: list[str] = field(default_factory=list)  # the questions answered, in the order the answers were sent
    waiting_since: float | None = None  # an answer sent, the next question not yet on screen
    caught: int = 0  # kills that came while the owner waited so
    left_waiting: str | None = None  # the question the owner waited for the next one after, in vain

    @property
    def id(self) -> int:
        return self.user.id


def owners(process: BotProcess, count: int, first_id: int) -> list[Owner]:
    """`count` owners who gave their country already, half writing in French, half in German; each action
    waits until the bot replied to it (from whichever instance)."""
    made = []
    for n in range(count):
        user = process.user("fr" if n % 2 else "de", user_id=first_id + n)
        owner = Owner(user)
        user.settle = replied(process.fake)
        made.append(owner)
    return made


def replied(fake: FakeTelegram):
    async def settle(update: dict) -> None:
        await eventually(lambda: fake.replied(update["update_id"], reply_key(update)), timeout=WAIT)
    return settle


async def answer(owner: Owner, spec: Spec, pace) -> None:
    """/start, then each question on screen with the butcher's answer, until STOP; `pace(owner)` is awaited
    before each answer. An owner left without their next question stops there (and says which)."""
    try:
        await owner.user.send("/start")
        await eventually(lambda: shown(owner, spec) is not None, timeout=WAIT)
        while (question := question_on_screen(owner.user, spec)).id != STOP:
            await pace(owner)
            owner.sent.append(question.id)
            owner.waiting_since = time.monotonic()
            await give(owner.user, question, BUTCHER_TYPED[question.id])
            await eventually(lambda: shown(owner, spec) not in (None, question.id), timeout=WAIT)
            owner.waiting_since = None
    except AssertionError:  # timed out waiting
        owner.left_waiting = owner.sent[-1] if owner.sent else "/start"
        owner.waiting_since = None


def shown(owner: Owner, spec: Spec) -> str | None:
    try:
        return question_on_screen(owner.user, spec).id
    except AssertionError:
        return None


@dataclass
class Outcome:
    """What the owners saw and what storage holds, once they stopped."""

    lost: dict[int, list[str]]  # answers sent and not stored, by owner
    wrong: dict[int, list[str]]  # answers stored under a question they were not sent for, or not as sent
    out_of_order: list[int]  # owners whose stored answers are not in the order sent
    without_next: list[int]  # owners not shown STOP at the end (or whose conversation is not there)
    repeats: dict[int, int]  # questions shown more than once, by owner
    apologies: int  # error messages shown to owners

    def assert_every_answer_kept(self) -> None:
        """Every answer stored once, under its question, in the order sent; every owner shown the next
        question; no error message."""
        assert not self.lost, f"answers sent and not stored, by owner: {self.lost}"
        assert not self.wrong, f"answers stored under the wrong question, by owner: {self.wrong}"
        assert not self.out_of_order, f"owners whose answers are not stored in the order sent: {self.out_of_order}"
        assert not self.without_next, f"owners left without their next question: {self.without_next}"
        assert self.apologies == 0, f"{self.apologies} error messages shown"

    @property
    def figures(self) -> str:
        return (f"answers lost {sum(map(len, self.lost.values()))}, wrong {sum(map(len, self.wrong.values()))}, "
                f"owners out of order {len(self.out_of_order)}, without their next question "
                f"{len(self.without_next)}, repeated messages {sum(self.repeats.values())} "
                f"(most for one owner {max(self.repeats.values(), default=0)}), error messages {self.apologies}")


def outcome(database: str, spec: Spec, everyone: list[Owner]) -> Outcome:
    lost: dict[int, list[str]] = {}
    wrong: dict[int, list[str]] = {}
    out_of_order, without_next, repeats, apologies = [], [], {}, 0
    expected = {language: stored_answers(BUTCHER_TYPED, language) for language in ("fr", "de")}
    services = Services.open(database)
    try:
        for owner in everyone:
            view = services.engine.view(owner.id, DIALOG)
            answered = [question for question in view.conversation.path if question in spec.questions]
            if missing := [question for question in owner.sent if question not in view.answers]:
                lost[owner.id] = missing
            if mismatched := [question for question in answered if question not in owner.sent
                              or view.answers[question] != expected[owner.user.language][question]]:
                wrong[owner.id] = mismatched
            if answered != owner.sent:
                out_of_order.append(owner.id)
            if owner.left_waiting or view.question.id != STOP or shown(owner, spec) != STOP:
                without_next.append(owner.id)
            repeats[owner.id] = shown_twice(owner, spec)
            apologies += sum(said(owner, text) for text in (SORRY, NOT_SAVED))
    finally:
        services.close()
    return Outcome(lost, wrong, out_of_order, without_next, repeats, apologies)


def shown_twice(owner: Owner, spec: Spec) -> int:
    """How many questions the owner was shown more than once (each extra showing counts)."""
    with use_locale(owner.user.language):
        texts = [wording(question) for question in spec.questions.values()]
    messages = owner.user.messages()
    return sum(max(0, sum(text in message.text for message in messages) - 1) for text in texts)


def said(owner: Owner, text: str) -> int:
    with use_locale(owner.user.language):
        sentence = _(text)
    return sum(sentence in message.text for message in owner.user.messages())


def kills_wanted() -> int:
    """How many times the kill loop kills an instance: ADVISOR_INSTANCE_KILLS, 10 by default (and in CI)."""
    return int(os.environ.get("ADVISOR_INSTANCE_KILLS", "10"))
