"""A conventional python-telegram-bot peer on the same traffic: what a typical bot would cost.

One `ConversationHandler` with one state per question of the assessment,
built from the same spec and routed by its rules. It does not check answers:
it keeps the typed text in `user_data` and moves on, replying with the next
question and its inline keyboard (one Bot API call per answer), or, in the
variant that tidies up as we do, first editing the question just answered
(two calls). `PicklePersistence` holds the same number of owners as our
pre-filled SQLite file, with answers of a similar size, and is flushed either
as PTB does by default (every 60 s: what was acknowledged in the last minute
is lost on a crash) or after every update (`Application.update_persistence()`).
With PTB's default `on_flush=False`, a flush writes the whole file once per
owner, chat and conversation changed since the last one; with 10,000 owners
one write takes a good part of a second, so the durable variant runs a short
sample (one owner's first answers) and the periodic flush is reported as the
cost of one write rather than run.
"""

from __future__ import annotations

import asyncio
import gettext
import html
import shutil
import time
import warnings
from collections.abc import Callable, Coroutine, Iterator, Mapping
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    Defaults,
    ExtBot,
    MessageHandler,
    PicklePersistence,
    filters,
)

from bot.bench.recording import RecordingRequest
from bot.bench.traffic import FIRST_OWNER, figures, replay
from bot.paths import dialogs_dir, locales_dir
from bot.spec import Question, Spec, load_specs

NAME = "assessment"
SHOWN = "question_message"  # user_data key: the id of the question on screen


def load_assessment() -> Spec:
    return load_specs(dialogs_dir())[NAME]


class Typed(Mapping):
    """The typed answers as the spec's rules read them: option ids for choices, numbers for figures.

    Read only where a rule or an option's condition asks (the peer keeps text)."""

    def __init__(self, spec: Spec, texts: dict[str, str]):
        self.spec, self.texts = spec, texts

    def __getitem__(self, key: str) -> Any:
        text, question = self.texts[key], self.spec.questions[key]
        try:
            if question.kind == "number":
                return float(text.replace(" ", "").replace(",", "."))
            if question.kind in ("choice", "multi"):
                options = question.visible_options(self)
                picked = [options[int(part) - 1].id for part in text.split(",")]
                return picked[0] if question.kind == "choice" else picked
        except (ValueError, IndexError):
            return None
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)


Context = ContextTypes.DEFAULT_TYPE
State = object  # a question id, or ConversationHandler.END


def _memory(context: Context) -> dict[str, Any]:
    assert context.user_data is not None  # a private chat's update always has a user
    return context.user_data


class Peer:
    """The peer's handlers, bound to the spec; `edit` makes it also edit the question answered."""

    def __init__(self, spec: Spec, edit: bool):
        self.spec, self.edit = spec, edit
        self.catalogs = {language: gettext.translation("messages", locales_dir(), languages=[language])
                         for language in ("fr", "de")}

    def handler(self) -> ConversationHandler[Context]:
        states: dict[object, list[BaseHandler[Update, Context, State]]] = {
            question.id: [MessageHandler(filters.TEXT & ~filters.COMMAND, self.typed(question)),
                          CallbackQueryHandler(self.pressed(question))]
            for question in self.spec.questions.values() if not question.is_end}
        with warnings.catch_warnings():  # per_message=False with a CallbackQueryHandler: as intended here
            warnings.simplefilter("ignore")
            return ConversationHandler(entry_points=[CommandHandler("start", self.start)], states=states,
                                       fallbacks=[CommandHandler("start", self.start)],
                                       name=NAME, persistent=True)

    async def start(self, update: Update, context: Context) -> State:
        _memory(context)["answers"] = {}
        return await self.ask(update, context, self.spec.questions[self.spec.start])

    def typed(self, question: Question) -> Callable[[Update, Context], Coroutine[Any, Any, State]]:
        async def answered(update: Update, context: Context) -> State:
            assert update.effective_message is not None
            text = update.effective_message.text or ""
            _memory(context).setdefault("answers", {})[question.id] = text
            return await self.move_on(update, context, question, text)
        return answered

    def pressed(self, question: Question) -> Callable[[Update, Context], Coroutine[Any, Any, State]]:
        async def answered(update: Update, context: Context) -> State:
            query = update.callback_query
            assert query is not None
            await query.answer()
            value = (query.data or "").partition(":")[2]
            _memory(context).setdefault("answers", {})[question.id] = value
            return await self.move_on(update, context, question, value)
        return answered

    async def move_on(self, update: Update, context: Context, question: Question, given: str) -> State:
        memory = _memory(context)
        answers = Typed(self.spec, memory["answers"])
        target = next(rule.goto for rule in question.next if rule.when.holds(answers))
        shown = memory.get(SHOWN)
        if self.edit and shown is not None:
            _ = self.catalogs[self.language(update)].gettext
            await context.bot.edit_message_text(
                f"{html.escape(_(question.text))}\n<b>→ {html.escape(given)}</b>", self.chat(update), shown)
        return await self.ask(update, context, self.spec.questions[target])

    async def ask(self, update: Update, context: Context, question: Question) -> State:
        memory = _memory(context)
        _ = self.catalogs[self.language(update)].gettext
        lines = [f"<b>{html.escape(_(question.text))}</b>"]
        if question.hint:
            lines.append(html.escape(_(question.hint)))
        message = await context.bot.send_message(self.chat(update), "\n".join(lines),
                                                 reply_markup=self.keyboard(question, memory, _))
        memory[SHOWN] = message.message_id
        return ConversationHandler.END if question.is_end else question.id

    def keyboard(self, question: Question, memory: dict[str, Any],
                 _: Callable[[str], str]) -> InlineKeyboardMarkup | None:
        rows = []
        if question.kind in ("choice", "multi"):
            options = question.visible_options(Typed(self.spec, memory["answers"]))
            rows += [[InlineKeyboardButton(_(option.label), callback_data=f"{question.id}:{n}")]
                     for n, option in enumerate(options, start=1)]
            if question.kind == "multi":
                rows.append([InlineKeyboardButton(_("Done"), callback_data=f"{question.id}:done")])
        elif question.kind == "number" and question.suggestions:
            rows.append([InlineKeyboardButton(f"{value:g}", callback_data=f"{question.id}:{value:g}")
                         for value in question.suggestions])
        if question.id != self.spec.start and not question.is_end:
            rows.append([InlineKeyboardButton("⬅️ " + _("Back"), callback_data=f"{question.id}:back")])
        return InlineKeyboardMarkup(rows) if rows else None

    @staticmethod
    def chat(update: Update) -> int:
        assert update.effective_chat is not None
        return update.effective_chat.id

    @staticmethod
    def language(update: Update) -> str:
        user = update.effective_user
        return "de" if user is not None and (user.language_code or "").startswith("de") else "fr"


def prefill(path: Path, count: int, typed: dict[str, str]) -> float:
    """A pickle file holding `count` owners who finished (typed answers, the id of the last question
    shown), written through PicklePersistence itself; its size in MB."""
    persistence = PicklePersistence(path, on_flush=True)
    persistence.set_bot(ExtBot("1:bench", request=RecordingRequest()))  # it pickles with the bot left out

    async def fill() -> None:
        for table in (persistence.get_user_data(), persistence.get_chat_data(), persistence.get_bot_data(),
                      persistence.get_conversations(NAME)):
            await table  # no file yet: each table starts empty, as for a new bot
        for n in range(count):
            await persistence.update_user_data(1_000_000 + n, {"answers": dict(typed), SHOWN: len(typed) + 1})
        await persistence.flush()

    asyncio.run(fill())
    return round(path.stat().st_size / 1e6, 2)


def application(spec: Spec, path: Path, request: RecordingRequest, edit: bool) -> Application:
    persistence = PicklePersistence(path)  # PTB's defaults: on_flush=False, update_interval=60
    application = (ApplicationBuilder().token("1:bench").request(request).persistence(persistence)
                   .defaults(Defaults(parse_mode=ParseMode.HTML)).build())
    application.add_handler(Peer(spec, edit).handler())
    return application


async def run_variant(spec: Spec, prefilled: Path, workdir: Path, name: str, updates: list[dict],
                      edit: bool, durable: bool, expect: tuple[int, str] | None = None) -> dict:
    """One peer variant on its own copy of the pre-filled file: its figures, keys prefixed `name`."""
    path = workdir / f"{name}.pickle"
    shutil.copyfile(prefilled, path)
    request = RecordingRequest()
    peer = application(spec, path, request, edit)
    async with peer:
        await peer.start()  # the periodic flush (every update_interval) runs as in production
        total, latencies = await replay(peer, updates, peer.update_persistence if durable else None)
        result = figures(f"{name}_", total, latencies)
        result[f"{name}_calls_per_update"] = round(request.calls / len(updates), 2)
        await peer.stop()
        # Untimed from here: shutting down flushes, which with on_flush=False writes the whole file
        # once per owner and conversation changed (minutes, for this traffic); once is enough.
        persistence = peer.persistence
        assert isinstance(persistence, PicklePersistence)
        persistence.on_flush = True
    if expect is not None:  # shutting down wrote every conversation's state: each owner is at the last question
        users, state = expect
        conversations = (persistence.conversations or {})[NAME]
        wrong = [user for user in range(FIRST_OWNER, FIRST_OWNER + users)
                 if conversations.get((user, user)) != state]
        if wrong:
            raise RuntimeError(f"the peer left {len(wrong)} owners elsewhere than at '{state}'")
    return result


async def file_write_ms(prefilled: Path, workdir: Path) -> float:
    """One write of the whole pre-filled file, as `update_user_data` makes for one changed owner
    (median of 3): a flush makes one per owner, chat and conversation changed since the last."""
    path = workdir / "peer-write.pickle"
    shutil.copyfile(prefilled, path)
    persistence = PicklePersistence(path)
    persistence.set_bot(ExtBot("1:bench", request=RecordingRequest()))
    await persistence.get_user_data()  # read the file, as the application does when it starts
    samples = []
    for n in range(3):
        started = time.perf_counter()
        await persistence.update_user_data(-1, {"answers": {}, SHOWN: n})
        samples.append((time.perf_counter() - started) * 1000)
    return round(sorted(samples)[1], 1)


def measure(workdir: Path, prefilled: int, lines: list[str], path: list[str], updates: list[dict],
            users: int, durable_updates: list[dict]) -> dict:
    """All four peer variants: one or two calls per answer, flushed every 60 s or after each update."""
    spec = load_assessment()
    file = workdir / "peer-prefilled.pickle"
    results = {"peer_pickle_mb": prefill(file, prefilled, dict(zip(path, lines, strict=True)))}
    for calls, edit in (("1call", False), ("2calls", True)):
        results.update(asyncio.run(run_variant(spec, file, workdir, f"peer_60s_{calls}", updates, edit,
                                               durable=False, expect=(users, path[-1]))))
    results["peer_each_updates"] = len(durable_updates)
    for calls, edit in (("1call", False), ("2calls", True)):
        results.update(asyncio.run(run_variant(spec, file, workdir, f"peer_each_{calls}", durable_updates,
                                               edit, durable=True)))
    results["peer_file_write_ms"] = asyncio.run(file_write_ms(file, workdir))
    return results
