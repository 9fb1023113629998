"""`advisor check` reports every problem at once: specs, translations, and the code's reads of answers."""

from __future__ import annotations

import shutil
import subprocess
import sys

from bot.app.checks import problems
from bot.paths import dialogs_dir


def test_the_shipped_specs_and_code_agree():
    assert problems(dialogs_dir()) == []


def test_every_problem_is_reported_at_once(tmp_path):
    shutil.copytree(dialogs_dir(), tmp_path, dirs_exist_ok=True)
    assessment = tmp_path / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    # An option the advisor compares with is renamed, and one the check-in buttons need is dropped.
    text = text.replace('      never: "No"', '      nope: "No"')
    text = text.replace("      booking: Yes, they can book appointments online",
                        "      appointments: Yes, they can book appointments online")
    assessment.write_text(text, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("name: broken\nversion: 1\nstart: nowhere\nquestions: {}\n",
                                          encoding="utf-8")

    found = problems(tmp_path)

    assert any("broken.yaml" in line for line in found)
    assert any(line.startswith("bot/advisor/fit.py:") and "'listening' with unknown option 'never'" in line
               for line in found), found
    assert any("'sells_online' with unknown option 'booking'" in line for line in found), found
    # The renamed options keep their texts, so their translations are still found: no false alarm.
    assert not any("translation" in line for line in found), found


def test_the_command_exits_zero_on_the_shipped_specs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bot", "--db", str(tmp_path / "db.sqlite3"), "check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "every answer the code reads exists" in result.stdout


def test_the_command_checks_the_answers_stored_in_a_database(tmp_path):
    from evolution import owners

    db = tmp_path / "stored.sqlite3"
    owners(db, {1: None, 2: "networks_now"})
    result = subprocess.run([sys.executable, "-m", "bot", "check", "--db", str(db)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"every answer stored in {db} has its question and options" in result.stdout
    missing = subprocess.run([sys.executable, "-m", "bot", "check", "--db", str(tmp_path / "none.sqlite3")],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "no such database file" in missing.stderr
    assert not (tmp_path / "none.sqlite3").exists()


def test_a_postgresql_url_is_checked_and_never_shown_with_its_password(postgres, capsys):
    from bot.cli import main

    url = postgres.url().replace("postgres@", "postgres:secret-word@")  # the test server trusts, whatever it is
    postgres.empty()
    assert main(["check", "--db", url]) == 0
    out, err = capsys.readouterr()
    assert "secret-word" not in out + err and "postgres:***@" in out
