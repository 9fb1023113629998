"""The adapter's small parts: button data, message splitting, escaping, secrets in logs, retries, ordering."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import datetime

import pytest
from answers import BUTCHER_TYPED
from fake_api import TOKEN, html_to_text, utf16_length
from hypothesis import given
from hypothesis import strategies as st
from telegram import Chat, Message, Update
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut
from telegram.ext import CommandHandler

from bot.app import Services
from bot.config import Settings
from bot.engine import Back, Position
from bot.i18n import use_locale
from bot.telegram.callbacks import MAX_BYTES, Action, Press, decode, encode
from bot.telegram.commands import COMMANDS
from bot.telegram.layout import question_html
from bot.telegram.logs import MASK, RedactSecrets, protect_secrets
from bot.telegram.retry import RetryingRateLimiter
from bot.telegram.run import build_application
from bot.telegram.send import split_text
from bot.telegram.updates import PerChatUpdates

BACK, DONE, LANGUAGE, NUMBER, PICK, RESTART, SKIP, TOGGLE = (
    Action.BACK, Action.DONE, Action.LANGUAGE, Action.NUMBER, Action.PICK, Action.RESTART, Action.SKIP, Action.TOGGLE)
ids = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)


# ------------------------------------------------------------------ button data
def test_every_button_of_every_dialogue_fits_in_64_bytes(specs):
    """Telegram refuses longer data; the longest ids at a late step must still fit."""
    late = 9999
    for spec in specs.values():
        for question in spec.questions.values():
            at = Position(question.id, late)
            for action in (DONE, SKIP, BACK):
                assert decode(encode(action, at)) == Press(action, at)
            for option in question.options:
                assert decode(encode(PICK, at, option.id)) == Press(PICK, at, option.id)
            for value in question.suggestions:
                assert decode(encode(NUMBER, at, str(value))) is not None


@given(action=st.sampled_from([PICK, TOGGLE]), step=st.integers(0, 9999), state=ids, option=ids)
def test_button_data_round_trips(action, step, state, option):
    data = encode(action, Position(state, step), option)
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == Press(action, Position(state, step), option)


def test_data_too_long_for_telegram_is_refused_when_the_button_is_made():
    with pytest.raises(ValueError):
        encode(PICK, Position("s" * 40, 1), "o" * 30)


@pytest.mark.parametrize("forged", [
    None, "", "pk", "pk:", "pk:1:sector", "pk:x:sector:food", "pk:-1:sector:food", "pk:1:Sector:food",
    "pk:1:sector:food:extra", "pk:١:sector:food", "nb:1:staff:1e9", "nb:1:staff:-3", "rs:1:sector:maybe",
    "lg:en", "lg:", "zz:1:sector:food", "pk:1:sector:" + "a" * 70, "pk:1:sector:fo od", "dn:1:sector:x",
    "rm:later", "rh:daily", "wd:weekly:7", "hr:weekly:0:24", "hr:weekly:0:09", "cl:0", "cl:" + "0" * 9,
    "cl:" + "A" * 10, "ac:", "in:maybe", "er:", "nt:" + "0" * 10, "nt:" + "0" * 10 + ":maybe", "sc:start", "iv:all",
    "cl:c_token", "p:1:sector:food", "l:de", "PK:1:sector:food",
])
def test_forged_or_garbled_data_decodes_to_nothing(forged):
    assert decode(forged) is None


@given(st.text(max_size=80))
def test_decoding_anything_never_fails_and_only_accepts_what_it_could_have_made(data):
    press = decode(data)
    if press is not None:
        assert encode(press.action, press.at, press.value) == data


def test_language_buttons_carry_only_a_supported_language():
    assert decode(encode(LANGUAGE, value="de")) == Press(LANGUAGE, None, "de")
    assert decode(encode(RESTART, Position("sector", 0), "yes")) == Press(RESTART, Position("sector", 0), "yes")


# --------------------------------------------------------------- splitting, escaping
def test_a_short_text_is_one_message():
    assert split_text("Bonjour\nHallo") == ["Bonjour\nHallo"]


def test_long_texts_are_cut_at_line_breaks():
    paragraphs = [f"{number} " + "x" * 1500 for number in range(7)]
    pieces = split_text("\n".join(paragraphs))
    assert all(len(piece) <= 4096 for piece in pieces)
    assert "\n".join(pieces) == "\n".join(paragraphs)
    assert [piece.split("\n") for piece in pieces] == [paragraphs[0:2], paragraphs[2:4], paragraphs[4:6],
                                                       paragraphs[6:]]


def test_a_line_too_long_for_one_message_is_cut_at_spaces_then_anywhere():
    words = split_text("mot " * 2000)
    assert all(utf16_length(piece) <= 4096 and not piece.startswith(" ") for piece in words)
    assert "".join(split_text("x" * 9000)) == "x" * 9000


def test_the_limit_counts_what_telegram_counts():
    """Emoji outside the basic plane count twice in Telegram's 4096 (UTF-16 code units)."""
    pieces = split_text("😀" * 3000)
    assert [len(piece) for piece in pieces] == [2048, 952]


@given(st.text(alphabet="ab \n😀é", max_size=300), st.integers(4, 40))
def test_splitting_keeps_every_character_and_every_piece_fits(text, limit):
    pieces = split_text(text, limit)
    assert all(piece.strip() and utf16_length(piece) <= limit for piece in pieces)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_user_text_inside_a_question_is_shown_as_typed(player):
    nasty = "<b>Tom & Jerry</b> </i> <script>alert('x')</script> 5 < 6"
    player.answer(**{question: typed for question, typed in BUTCHER_TYPED.items() if question != "target_text"})
    player.send(nasty)
    view = player.send(Back()).view
    assert view.question.id == "target_text"
    with use_locale("fr"):
        shown = html_to_text(question_html(view))  # raises where Telegram could not parse it
    assert nasty in shown


# ------------------------------------------------------------------ secrets in logs
def test_the_token_and_the_webhook_secret_never_reach_the_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets(TOKEN, "hook-secret", None))
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        logger.warning("webhook secret hook-secret set")
        try:
            raise RuntimeError(f"could not reach https://api.telegram.org/bot{TOKEN}/sendMessage")
        except RuntimeError:
            logger.exception("sending failed")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert TOKEN not in written and "hook-secret" not in written
    assert "Traceback" in written
    assert f"RuntimeError: could not reach https://api.telegram.org/bot{MASK}/sendMessage" in written


def test_http_request_logs_are_silenced_and_root_handlers_redact():
    root, httpx_logger = logging.getLogger(), logging.getLogger("httpx")
    handler, level = logging.StreamHandler(io.StringIO()), httpx_logger.level
    root.addHandler(handler)
    try:
        protect_secrets(TOKEN)
        assert httpx_logger.getEffectiveLevel() == logging.WARNING
        assert any(isinstance(f, RedactSecrets) for f in handler.filters)
    finally:
        root.removeHandler(handler)
        httpx_logger.setLevel(level)


# ------------------------------------------------------------------ retries
def scripted(*outcomes):
    """A Bot API call that fails or answers as scripted, counting its calls."""
    remaining = list(outcomes)

    async def call(*args, **kwargs):
        call.count += 1
        outcome = remaining.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    call.count = 0
    return call


async def send_through(limiter, call):
    return await limiter.process_request(callback=call, args=(), kwargs={}, endpoint="sendMessage",
                                         data={"chat_id": 1}, rate_limit_args=None)


async def test_timeouts_and_network_errors_are_retried_with_backoff():
    call = scripted(TimedOut(), NetworkError("Bad Gateway"), {"message_id": 1})
    assert await send_through(RetryingRateLimiter(backoff=0.01), call) == {"message_id": 1}
    assert call.count == 3


@pytest.mark.parametrize("refusal", [BadRequest("Bad Request: chat not found"),
                                     Forbidden("Forbidden: bot was blocked by the user")])
async def test_refusals_are_final(refusal):
    call = scripted(refusal, {"message_id": 1})
    with pytest.raises(type(refusal)):
        await send_through(RetryingRateLimiter(backoff=0.01), call)
    assert call.count == 1


async def test_a_network_that_stays_down_is_given_up_on():
    call = scripted(*[NetworkError("down")] * 4)
    with pytest.raises(NetworkError):
        await send_through(RetryingRateLimiter(network_retries=3, backoff=0.01), call)
    assert call.count == 4


# ------------------------------------------------------------------ wiring
def test_every_command_the_bot_answers_is_in_the_menu_and_back(store, specs, engine):
    application = build_application(Settings(token=TOKEN), Services(store, specs, engine))
    answered = {command for handler in application.handlers[0] if isinstance(handler, CommandHandler)
                for command in handler.commands}
    assert answered == {name for name, _description in COMMANDS}


# ------------------------------------------------------------------ ordering
async def test_one_chat_is_answered_in_order_while_other_chats_go_ahead():
    processor, events = PerChatUpdates(), []

    def update(chat_id: int) -> Update:
        return Update(chat_id, message=Message(1, datetime.now(), Chat(chat_id, Chat.PRIVATE)))

    async def handle(name: str, seconds: float) -> None:
        events.append(f"{name} starts")
        await asyncio.sleep(seconds)
        events.append(f"{name} ends")

    await asyncio.gather(processor.process_update(update(1), handle("first of chat 1", 0.05)),
                         processor.process_update(update(1), handle("second of chat 1", 0)),
                         processor.process_update(update(2), handle("chat 2", 0)))
    assert events.index("first of chat 1 ends") < events.index("second of chat 1 starts")
    assert events.index("chat 2 ends") < events.index("first of chat 1 ends")
