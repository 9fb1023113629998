"""The operator's command line: clear one-line errors, and the Procfile's release step and two process types."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def advisor(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "DATABASE_URL", "INSTANCES")} | env
    return subprocess.run([sys.executable, "-m", "bot", "--db", str(tmp_path / "db.sqlite3"), *args],
                          capture_output=True, text=True, timeout=120, env=environ, cwd=tmp_path)


def test_an_unknown_dialogue_is_named_with_the_ones_there_are(tmp_path):
    result = advisor(tmp_path, "diagram", "foo")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "advisor: no dialogue 'foo'; there are: assessment, checkin"


def test_the_web_process_refuses_to_start_without_a_webhook_url(tmp_path):
    result = advisor(tmp_path, "telegram", "--webhook", TELEGRAM_BOT_TOKEN="123:abc")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "WEBHOOK_URL" in result.stderr


def test_the_procfile_migrates_and_registers_the_webhook_on_release_serves_it_on_web_and_polls_on_worker():
    processes = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line)
    assert processes == {"release": "./advisor migrate && ./advisor webhook set", "web": "./advisor telegram --webhook",
                         "worker": "./advisor telegram"}


def test_a_webhook_on_postgresql_needs_its_secret_configured(tmp_path):
    """Several instances may serve it there: a secret made up at start would be known to one only."""
    result = advisor(tmp_path, "--db", "postgresql://advisor@127.0.0.1:9/none", "telegram", "--webhook",
                     TELEGRAM_BOT_TOKEN="123:abc", WEBHOOK_URL="https://advisor.example.org/hook")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "WEBHOOK_SECRET is not set" in result.stderr
    result = advisor(tmp_path, "telegram", TELEGRAM_BOT_TOKEN="123:abc", WEBHOOK_URL="https://advisor.example.org/hook",
                     DATABASE_URL="postgresql://advisor@127.0.0.1:9/none", WEBHOOK_SECRET="not secret!")
    assert result.returncode == 2 and result.stderr.strip() == \
        "advisor: WEBHOOK_SECRET may hold only letters, digits, _ and -, at most 256 of them."


def test_registering_a_webhook_needs_its_secret_and_one_not_asked_for_is_nothing_to_do(tmp_path):
    result = advisor(tmp_path, "webhook", "set", TELEGRAM_BOT_TOKEN="123:abc", WEBHOOK_URL="https://advisor.example.org/hook")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "WEBHOOK_SECRET is not set" in result.stderr
    polling = advisor(tmp_path, "webhook", "set")  # the release step of a deployment that polls
    assert polling.returncode == 0 and polling.stdout == "No WEBHOOK_URL: nothing to register (the bot polls).\n"


def test_an_unreadable_count_of_instances_is_one_line(tmp_path):
    result = advisor(tmp_path, "telegram", TELEGRAM_BOT_TOKEN="123:abc", INSTANCES="two")
    assert result.returncode == 2 and result.stderr == "advisor: INSTANCES must be a whole number of 1 or more, " \
                                                      "not 'two'.\n"
