"""The operator's command line: clear one-line errors, and the Procfile's release step and two process types."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def advisor(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL")} | env
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


def test_the_procfile_migrates_on_release_serves_a_webhook_on_web_and_polls_on_worker():
    processes = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line)
    assert processes == {"release": "./advisor migrate", "web": "./advisor telegram --webhook",
                         "worker": "./advisor telegram"}
