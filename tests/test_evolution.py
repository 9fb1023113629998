"""A questionnaire change never loses, reopens or forces anything, on a real SQLite file.

Owners answer the shipped assessment (its current version); then the spec changes and
the advisor starts again on the same file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from answers import BUTCHER_TYPED

from bot.advisor import DERIVED
from bot.app import Services, verdicts
from bot.engine import Engine, Text
from bot.i18n import use_locale
from bot.paths import dialogs_dir
from bot.spec import load_spec
from bot.storage import Store

ASSESSMENT = "assessment"
SHIPPED = (dialogs_dir() / "assessment.yaml").read_text(encoding="utf-8")
NEW_OPTIONAL = """  founded:
    section: profile
    type: number
    text: In which year was the business founded?
    min: 1800
    max: 2100
    optional: true
    next: revenue
"""
NEW_REQUIRED = NEW_OPTIONAL.replace("    optional: true\n", "")


def changed(tmp_path: Path, question: str) -> dict:
    """The next version: `question` inserted between `staff` and `revenue`."""
    version = load_spec(dialogs_dir() / "assessment.yaml").version
    text = SHIPPED.replace(f"version: {version}", f"version: {version + 1}", 1)
    staff = text.index("  staff:\n")
    staff_next = text.index("    next: revenue\n", staff)
    text = text[:staff_next] + "    next: founded\n" + text[staff_next + len("    next: revenue\n"):]
    text = text.replace("  revenue:\n", question + "  revenue:\n", 1)
    path = tmp_path / "v2" / "assessment.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return {ASSESSMENT: load_spec(path)}


def answer_until(engine: Engine, user: int, until: str | None) -> None:
    with use_locale("fr"):
        while not (view := engine.view(user, ASSESSMENT)).finished and view.question.id != until:
            engine.handle(user, ASSESSMENT, Text(BUTCHER_TYPED[view.question.id]))


@pytest.fixture
def before(tmp_path):
    """Three owners on the shipped version: one finished (with a verdict), one at question 10, one at the second."""
    store = Store(tmp_path / "db.sqlite3")
    specs = {ASSESSMENT: load_spec(dialogs_dir() / "assessment.yaml")}
    services = Services(store, specs, Engine(store, specs, DERIVED))
    for user, until in ((1, None), (2, "networks_now"), (3, "staff")):
        store.ensure_user(user, language="fr")
        answer_until(services.engine, user, until)
    finished = services.engine.view(1, ASSESSMENT)
    with use_locale("fr"):
        verdicts.conclude(services, 1, finished)
    states = {user: services.engine.view(user, ASSESSMENT) for user in (1, 2, 3)}
    store.close()
    return tmp_path / "db.sqlite3", states


@pytest.mark.parametrize("question", [NEW_OPTIONAL, NEW_REQUIRED], ids=["optional", "required"])
def test_a_finished_assessment_stays_finished_with_every_answer(before, tmp_path, question):
    db, was = before
    store = Store(db)
    specs = changed(tmp_path, question)
    services = Services(store, specs, Engine(store, specs, DERIVED))
    view = services.engine.view(1, ASSESSMENT)
    assert view.finished and view.conversation.path == was[1].conversation.path
    stored = verdicts.latest(services, 1)
    assert stored is not None and stored.answers == was[1].answers


def test_a_new_optional_question_is_not_forced_on_owners_in_progress(before, tmp_path):
    db, was = before
    store = Store(db)
    engine = Engine(store, changed(tmp_path, NEW_OPTIONAL), DERIVED)
    further = engine.view(2, ASSESSMENT)
    assert further.question.id == "networks_now" and further.answers == was[2].answers
    at_staff = engine.view(3, ASSESSMENT)
    assert at_staff.question.id == "staff"
    with use_locale("fr"):
        step = engine.handle(3, ASSESSMENT, Text(BUTCHER_TYPED["staff"]))
    assert step.view.question.id == "founded"  # not yet passed: asked, and may be skipped


def test_a_new_required_question_is_asked_and_nothing_else_is_lost(before, tmp_path):
    db, was = before
    store = Store(db)
    engine = Engine(store, changed(tmp_path, NEW_REQUIRED), DERIVED)
    view = engine.view(2, ASSESSMENT)
    assert view.question.id == "founded" and view.answers == {"sector": "food", "staff": 17}
    with use_locale("fr"):
        step = engine.handle(2, ASSESSMENT, Text("1987"))
    # Every later answer is still there, offered again as the earlier answer.
    assert step.view.question.id == "revenue" and step.view.previous == was[2].answers["revenue"]
    assert {key: value for key, value in store.answers(view.conversation.id).items() if key != "founded"} \
        == was[2].stored
