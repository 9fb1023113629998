"""The real `advisor telegram` process: killed mid-assessment it resumes; a bad token is one clear line."""

from __future__ import annotations

import signal
from contextlib import closing
from pathlib import Path

from answers import BUTCHER_TYPED
from client import eventually
from fake_api import TOKEN
from play import DIALOG, answer_directly, play, question_on_screen

from bot.app import Services
from bot.config import Settings
from bot.i18n import _, use_locale
from bot.telegram.run import run_telegram

pytest_plugins = ["bot_fixtures"]

WELCOME_BACK = "Welcome back! Let's carry on where we stopped."


async def test_a_killed_bot_resumes_each_conversation_where_it_was(fake, bot_process, db_path):
    with closing(Services.open(db_path)) as services:
        spec = services.specs[DIALOG]
        # Marie answered most questions on an earlier day (straight through the engine, to save time).
        answer_directly(services, 5001, BUTCHER_TYPED, until="content", language="fr")
    bot_process.start()
    marie, hans = bot_process.user("fr", user_id=5001), bot_process.user("de")

    await marie.send("/start")
    await eventually(lambda: len(marie.messages()) >= 2)  # the greeting and the question (a loaded machine
    with use_locale("fr"):                                 # may pause between the two longer than settling)
        assert marie.messages()[-2].text == _(WELCOME_BACK)
    assert question_on_screen(marie, spec).id == "content"
    await hans.send("/start")
    await play(hans, spec, BUTCHER_TYPED, until="revenue")
    await play(marie, spec, BUTCHER_TYPED, until="timeslot")

    assert bot_process.kill(signal.SIGKILL) == -signal.SIGKILL
    bot_process.start()

    before = len(hans.messages()), len(marie.messages())
    await hans.send("/start")
    await marie.send("/start")
    await eventually(lambda: len(hans.messages()) >= before[0] + 2 and len(marie.messages()) >= before[1] + 2)
    with use_locale("de"):
        assert hans.messages()[-2].text == _(WELCOME_BACK)
    assert question_on_screen(hans, spec).id == "revenue"
    assert question_on_screen(marie, spec).id == "timeslot"
    await play(marie, spec, BUTCHER_TYPED)
    await eventually(lambda: "document" in [message.kind for message in marie.messages()])

    with closing(Services.open(db_path)) as services:
        view = services.engine.view(5001, DIALOG)
        assert view.finished and view.answers["content"] == ["offers", "team", "news"]
        assert view.answers["checkins"] == "monthly"
    assert bot_process.kill(signal.SIGTERM) == 0  # a clean stop on SIGTERM
    assert TOKEN not in bot_process.log and "Traceback" not in bot_process.log


def test_a_rejected_token_is_one_clear_line_and_a_failing_exit(bot_process):
    assert bot_process.start(token="123:not-the-right-token").wait() == 2
    log = bot_process.log
    assert log.strip().splitlines()[-1] == "advisor: Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN."
    assert "Traceback" not in log and "not-the-right-token" not in log


def test_a_missing_token_is_one_clear_line(capsys):
    assert run_telegram(Settings(token=None), services=None) == 2
    assert capsys.readouterr().err == "advisor: TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather.\n"


def test_a_database_that_was_lost_or_may_be_is_warned_about_at_start(bot_process, db_path):
    Path(f"{db_path}-wal").write_bytes(b"")  # the log of an earlier run, whose database file is gone
    assert bot_process.start(token="123:not-the-right-token").wait() == 2
    warnings = [line for line in bot_process.log.splitlines() if " WARNING bot.storage: " in line]
    temporary = db_path.resolve().is_relative_to("/tmp")  # where pytest puts its files, unless told otherwise
    assert len(warnings) == 1 + temporary, bot_process.log
    if temporary:
        assert f"the database {db_path} may be lost at the next restart (it is under /tmp)" in warnings[0]
    assert f"but {db_path.name}-wal from an earlier run is beside it" in warnings[-1]
