"""The console chat end to end: the real `advisor chat` process, answers piped on stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from answers import BUTCHER_TYPED, typed_lines
from pypdf import PdfReader
from storage_checks import rows_naming, verdict_count

from bot.i18n import _, use_locale
from bot.i18n.numbers import format_date
from bot.paths import dialogs_dir
from bot.render import verdict_texts as texts
from bot.render.values import answer, wording
from bot.spec import load_spec
from bot.storage import SqliteStore, open_store

SPEC = load_spec(dialogs_dir() / "assessment.yaml")


def words_of(text):
    """Text with every run of spaces made one (PDF text extraction spaces words loosely)."""
    return " ".join(text.split())


def words(pdf):
    return words_of(" ".join(page.extract_text() for page in pdf.pages))


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
    text = words(PdfReader(pdf_path))
    with use_locale(language):
        assert words_of(_(texts.HEADLINES["go"])) in text
        assert words_of(_(SPEC.questions["sector"].text)) in text
        assert "€" in text
    png = next((tmp_path / "out").glob("*.png")).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    store = SqliteStore(tmp_path / "db.sqlite3")
    verdict = store.latest_verdict(-1)
    assert verdict.headline == "go" and verdict.data["version"] == verdict.advisor_version
    store.close()


def test_console_resumes_after_quitting_and_switches_language(tmp_path):
    first = chat(tmp_path, ["1", "17", "/quit"], "--lang", "fr")
    with use_locale("fr"):
        assert wording(SPEC.questions["revenue"]) in first
    second = chat(tmp_path, ["/language de"])
    with use_locale("de"):
        assert wording(SPEC.questions["revenue"]) in second
        assert _("From now on I will write in English.") in second


def test_bad_input_in_the_console_is_explained_and_the_question_repeated(tmp_path):
    output = chat(tmp_path, ["", "42", "🙂", "x" * 5000, "1", "-4", "2,5"], "--lang", "de")
    with use_locale("de"):
        assert output.count(_(SPEC.questions["sector"].text)) == 5
        assert _("Please choose one of the options.") in output
        assert _("Please give at least {limit}.", limit="1\u00a0Person") in output
        assert _("Please give a whole number.") in output
    store = SqliteStore(tmp_path / "db.sqlite3")
    # the country (where the business is) and the one valid answer
    assert store.execute("SELECT count(*) FROM answers").rows == [(2,)]
    store.close()


def advisor(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "bot", "--db", str(tmp_path / "db.sqlite3"), *args],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)


def test_operator_export_report_and_delete(tmp_path):
    chat(tmp_path, typed_lines(BUTCHER_TYPED, "fr"), "--lang", "fr")
    exported = advisor(tmp_path, "export", "--user", "-1")
    assert exported.returncode == 0 and '"headline": "go"' in exported.stdout
    report = advisor(tmp_path, "report", "--user", "-1", "--lang", "de", "--out", str(tmp_path / "r.pdf"))
    assert report.returncode == 0
    text = words(PdfReader(tmp_path / "r.pdf"))
    with use_locale("de"):
        assert words_of(_("Your answers")) in text
    assert advisor(tmp_path, "delete", "--user", "-1").returncode == 2
    assert advisor(tmp_path, "delete", "--user", "-1", "--yes").returncode == 0
    store = SqliteStore(tmp_path / "db.sqlite3")
    assert set(rows_naming(store, -1).values()) == {0}
    store.close()
    assert advisor(tmp_path, "export", "--user", "-1").returncode == 1


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_not_now_owner_is_asked_no_plan_questions_and_gets_no_plan_in_the_chat_or_the_report(tmp_path, language):
    answers = {**BUTCHER_TYPED, "customer_age": "older", "locality": "village"}
    lines = typed_lines(answers, language)
    assert len(lines) < 15, "the tests, the four steps and the KPIs are skipped"
    output = chat(tmp_path, lines, "--lang", language)
    report = words(PdfReader(next((tmp_path / "out").glob("*.pdf"))))
    assert not list((tmp_path / "out").glob("*.png"))
    with use_locale(language):
        for text in (output, report):
            assert words_of(_(texts.HEADLINES["not_now"])) in words_of(text)
            assert words_of(_("What to do instead")) in words_of(text)
            for title in ("Your plan in four steps", "Time and money", "Figures to follow:", "Check-ins: {rhythm}.",
                          "Check-ins: I go through your figures with you {rhythm}."):
                assert words_of(_(title)).split("{")[0].strip() not in words_of(text)


def test_changing_an_answer_after_finishing_gives_a_new_verdict(tmp_path):
    chat(tmp_path, typed_lines(BUTCHER_TYPED, "fr"), "--lang", "fr")
    # Reopened, the stored verdict is shown as it was (not decided again); /back reopens the last question.
    output = chat(tmp_path, ["/back", "4"])  # checkins: "No, thank you"
    with use_locale("fr"):
        assert _(texts.HEADLINES["go"]) in output
        assert _(SPEC.questions["checkins"].text) in output
    store = SqliteStore(tmp_path / "db.sqlite3")
    assert verdict_count(store, -1) == 2
    assert store.latest_verdict(-1).data["follow_up"]["rhythm"] == "no"
    store.close()


def test_a_new_assessment_after_the_verdict_keeps_last_time_s_answer_on_enter(tmp_path):
    lines = typed_lines(BUTCHER_TYPED, "fr")
    chat(tmp_path, lines, "--lang", "fr")
    # /restart, then Enter alone on every question but the staff count, typed anew.
    output = chat(tmp_path, ["/restart", "", "20", *[""] * (len(lines) - 2)])
    store = SqliteStore(tmp_path / "db.sqlite3")
    # The owner's day in France, as the verdict shows it (after 23:00 UTC in winter, already the next one).
    date = format_date(store.nth_verdict(-1, 1).created_at.astimezone(ZoneInfo("Europe/Paris")).date(), "fr_FR")
    with use_locale("fr_FR"):
        assert _("Last time: {answer}", answer=answer(SPEC.questions["staff"], 17)) + " " + \
            _("(Enter alone keeps it)") in output
        assert _("Compared with your first assessment of {date}", date=date) in output
    first, second = store.finished_conversations(-1, "assessment")
    assert second.defaults_from == first.id
    assert store.answers(second.id) == {**store.answers(first.id), "staff": 20}
    assert verdict_count(store, -1) == 2
    store.close()


def test_the_whole_assessment_in_the_console_on_postgresql(tmp_path, pg_url):
    """DATABASE_URL set: the console keeps everything in PostgreSQL, and nothing in a file."""
    env = {**os.environ, "DATABASE_URL": pg_url}
    env.pop("ADVISOR_DB", None)
    result = subprocess.run([sys.executable, "-m", "bot", "chat", "--lang", "fr", "--out", str(tmp_path / "out")],
                            input="\n".join(typed_lines(BUTCHER_TYPED, "fr")) + "\n", capture_output=True,
                            text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    with use_locale("fr"):
        assert _(texts.HEADLINES["go"]) in result.stdout
    store = open_store(pg_url)
    assert store.latest_verdict(-1).headline == "go"
    store.close()
    assert not (tmp_path / "data").exists()
