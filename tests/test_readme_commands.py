"""Every command README.md shows runs as shown, in a fresh folder and without a bot token.

The commands are read from the README itself: its shell blocks, its table of
operator commands and those its sentences quote. Each runs through a shell in an
empty folder where `./advisor` is the installed entry point (the wrapper's own
start is proved once, by the first run); the operator commands run on a
database that the console chat filled.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from answers import BUTCHER_TYPED, typed_lines

from bot.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
ENTRY_POINT = Path(sys.executable).parent / "advisor"
CONSOLE_USER = "-1"  # the console chat's own user id
# The test runner itself, with whatever arguments: run from inside its own run, it would never end.
RUNNER = "./run-tests"
# Other commands the README shows that this test does not run, each with why.
NOT_RUN = {
    "./advisor --build": "builds the deploy's pinned environment (tests/test_deploy.py)",
    "./advisor bench": "the two-minute measurement; its --smoke form runs",
    "./advisor bench --json bench.json": "the two-minute measurement; its --smoke form runs",
    "./advisor delete": "named in a sentence; its full form runs",
    "./advisor webhook info": "asks Telegram, with the bot's token (tests/telegram/test_registration.py)",
    "./advisor webhook delete": "asks Telegram, with the bot's token (tests/telegram/test_registration.py)",
    "./advisor backup": "named in a sentence; its full form runs",
    "./advisor bench --database postgresql://…": "the measurement beside PostgreSQL; tests/test_bench.py runs its "
                                                 "--smoke form on the test session's PostgreSQL",
    "./advisor bench --database postgresql://… --instances 2": "the measurement through instance processes; "
                                                               "tests/test_bench.py runs its --smoke form",
}
POSTGRESQL = "postgresql://…"  # a database URL the README leaves to the operator: the test session's own
SETTINGS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "DATABASE_URL", "DATABASE_POOL_SIZE", "ADVISOR_DB",
            "ADVISOR_NO_INSTALL",
            "ADVISOR_EPHEMERAL_DISK", "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT", "WEBHOOK_PORT", "WEBHOOK_LISTEN",
            "INSTANCES")


def shown_commands() -> list[str]:
    """The command lines of the README's shell blocks (comments dropped), then every other command it
    quotes (its operator table, its sentences), each once."""
    blocks = re.findall(r"^```sh\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)
    lines = [line.split(" #")[0].strip() for block in blocks for line in block.splitlines()]
    quoted = re.findall(r"`(\./(?:advisor|run-tests)[^`]*)`", README)
    return list(dict.fromkeys([line for line in lines if line] + quoted))


def runnable(command: str, folder: Path) -> str:
    """The command with its placeholders filled: optional parts given, FILE and ID made real."""
    command = re.sub(r"\[([^]]*)\]", r"\1", command)
    command = command.replace("--db FILE", f"--db {folder / 'data' / 'advisor.sqlite3'}")
    return command.replace("FILE", str(folder / "written")).replace("ID", CONSOLE_USER)


def environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in SETTINGS}


def run(command: str, folder: Path, answers: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    typed = "".join(f"{line}\n" for line in answers) if answers is not None else None
    return subprocess.run(["bash", "-c", command], cwd=folder, env=environment(), input=typed,
                          capture_output=True, text=True, timeout=240)


def succeeded(result: subprocess.CompletedProcess[str]) -> bool:
    return result.returncode == 0 and "Traceback" not in result.stderr + result.stdout


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A fresh folder where the README's first command, the real wrapper, was given a whole assessment."""
    folder = tmp_path_factory.mktemp("clone")
    return folder, run(str(ROOT / "advisor"), folder, typed_lines(BUTCHER_TYPED))


@pytest.fixture
def filled(first_run) -> Path:
    return first_run[0]


def test_the_readme_shows_the_commands_this_test_runs():
    commands = shown_commands()
    assert commands[:2] == ["./advisor", "./run-tests"]
    assert len([c for c in commands if c.startswith("./advisor ")]) >= 12
    assert set(NOT_RUN) <= set(commands), "a command left out here is one the README still shows"


def test_every_command_of_the_advisor_is_in_the_readme():
    subcommands = next(action for action in _parser()._actions if action.dest == "command").choices
    assert subcommands is not None
    assert [name for name in subcommands if f"./advisor {name}" not in README] == []


def test_the_first_command_opens_the_console_chat_and_ends_with_the_verdict_and_its_files(first_run):
    folder, result = first_run
    assert succeeded(result), result.stderr
    assert result.stdout.startswith("Bonjour") and "🟢" in result.stdout
    written = sorted((folder / "out").iterdir())
    assert [path.suffix for path in written] == [".pdf", ".png"]
    assert all(str(path.relative_to(folder)) in result.stdout for path in written)
    assert (folder / "data" / "advisor.sqlite3").exists()


@pytest.mark.parametrize("command", [c for c in shown_commands()
                                     if c not in NOT_RUN and c != "./advisor" and not c.startswith(RUNNER)])
def test_each_command_shown_runs_without_a_token(command, filled, tmp_path, request):
    """The console chat starts in an empty folder; an operator command finds the filled database (and a
    command to a PostgreSQL database, the test session's, emptied for it)."""
    folder = tmp_path / "clone"
    chat = " chat" in command
    if chat:
        folder.mkdir()
    else:
        shutil.copytree(filled / "data", folder / "data")
    (folder / "docs").mkdir()  # as in a clone, for `diagram ... > docs/assessment.mmd`
    (folder / "advisor").symlink_to(ENTRY_POINT)
    if POSTGRESQL in command:
        command = command.replace(POSTGRESQL, request.getfixturevalue("pg_url"))
    result = run(runnable(command, folder), folder, answers=["1", "17"] if chat else None)
    assert succeeded(result), result.stderr
