"""The console chat end to end: the real `advisor chat` process, answers piped on stdin."""

from __future__ import annotations

import subprocess
import sys

import pytest
from answers import BUTCHER_TYPED, typed_lines
from pypdf import PdfReader

from bot.i18n import _, use_locale
from bot.paths import dialogs_dir
from bot.render import verdict_texts as texts
from bot.spec import load_spec
from bot.storage import Store

SPEC = load_spec(dialogs_dir() / "assessment.yaml")


def chat(tmp_path, lines, *args):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(tmp_path / "db.sqlite3"), "chat", "--out",
         str(tmp_path / "out"), *args],
        input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("language", ["fr", "de"])
def test_whole_assessment_in_the_console(tmp_path, language):
    output = chat(tmp_path, typed_lines(BUTCHER_TYPED, language), "--lang", language)
    with use_locale(language):
        assert _(SPEC.questions["sector"].text) in output
        assert _(SPEC.questions["checkins"].text) in output
        assert _(texts.HEADLINES["go"]) in output
        assert _("Your plan in four steps") in output
    pdf_path = next((tmp_path / "out").glob("*.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    with use_locale(language):
        assert _(texts.HEADLINES["go"]).split(":")[0] in text
        assert "€" in text
    png = next((tmp_path / "out").glob("*.png")).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    store = Store(tmp_path / "db.sqlite3")
    verdict = store.latest_verdict(-1)
    assert verdict["headline"] == "go" and verdict["data"]["version"] == verdict["advisor_version"]
    store.close()


def test_console_resumes_after_quitting_and_switches_language(tmp_path):
    first = chat(tmp_path, ["1", "17", "/quit"], "--lang", "fr")
    with use_locale("fr"):
        assert _(SPEC.questions["revenue"].text) in first
    second = chat(tmp_path, ["/language de"])
    with use_locale("de"):
        assert _(SPEC.questions["revenue"].text) in second
        assert _("From now on I will write in English.") in second


def test_bad_input_in_the_console_is_explained_and_the_question_repeated(tmp_path):
    output = chat(tmp_path, ["", "42", "🙂", "x" * 5000, "1", "-4", "2,5"], "--lang", "de")
    with use_locale("de"):
        assert output.count(_(SPEC.questions["sector"].text)) == 5
        assert _("Please choose one of the options.") in output
        assert _("Please give at least {limit}.", limit="1 Person") in output
        assert _("Please give a whole number.") in output
    store = Store(tmp_path / "db.sqlite3")
    assert store.db["answers"].count == 1
    store.close()
