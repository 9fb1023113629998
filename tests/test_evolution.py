"""A questionnaire change never loses, reopens or forces anything, on a real SQLite file and on PostgreSQL.

Owners answer the shipped assessment (its current version); then the spec changes and
the advisor starts again on the same file.
"""

from __future__ import annotations

import pytest
from evolution import ASSESSMENT, NEW_OPTIONAL, NEW_REQUIRED, in_question, inserted, new_version, owners, services_on

from bot.app import verdicts
from bot.app.checks import problems
from bot.engine import Back, Text
from bot.i18n import use_locale

# `website_by` becomes `site_keeper`, its option `agency` becomes `outside`, and the option
# `facebook` of the multiple choice `customer_networks` becomes `meta`.
RENAMES = (
    in_question("website", "goto: website_by", "goto: site_keeper"),
    in_question("website_by", "", "    replaces: website_by\n"),
    in_question("website_by", "      agency: An agency or freelancer\n",
                "      outside:\n        label: An agency or freelancer\n        replaces: agency\n"),
    ("", "\n  website_by:\n", "\n  site_keeper:\n"),
    in_question("customer_networks", "      facebook: Facebook\n",
                "      meta:\n        label: Facebook\n        replaces: facebook\n"),
)


@pytest.fixture
def before(database):
    """Three owners on the shipped version: one finished (with a verdict), one at question 10, one at the second
    (in a SQLite file, then in PostgreSQL)."""
    return database, owners(database, {1: None, 2: "networks_now", 3: "staff"})


@pytest.mark.parametrize("question", [NEW_OPTIONAL, NEW_REQUIRED], ids=["optional", "required"])
def test_a_finished_assessment_stays_finished_with_every_answer(before, tmp_path, question):
    db, was = before
    services = services_on(db, new_version(tmp_path / "v2", *inserted(question)))
    view = services.engine.view(1, ASSESSMENT)
    assert view.finished and view.conversation.path == was[1].conversation.path
    stored = verdicts.latest(services, 1)
    assert stored is not None and stored.answers == was[1].answers


def test_a_new_optional_question_is_not_forced_on_owners_in_progress(before, tmp_path):
    db, was = before
    engine = services_on(db, new_version(tmp_path / "v2", *inserted(NEW_OPTIONAL))).engine
    further = engine.view(2, ASSESSMENT)
    assert further.question.id == "networks_now" and further.answers == was[2].answers
    at_staff = engine.view(3, ASSESSMENT)
    assert at_staff.question.id == "staff"
    with use_locale("fr"):
        step = engine.handle(3, ASSESSMENT, Text("17"))
    assert step.view.question.id == "founded"  # not yet passed: asked, and may be skipped


def test_a_new_required_question_is_asked_and_nothing_else_is_lost(before, tmp_path):
    db, was = before
    services = services_on(db, new_version(tmp_path / "v2", *inserted(NEW_REQUIRED)))
    view = services.engine.view(2, ASSESSMENT)
    assert view.question.id == "founded" and view.answers == {"sector": "food", "staff": 17}
    services.close()
    services = services_on(db, services.specs)  # the resume point is stored: a restart in between changes nothing
    with use_locale("fr"):
        step = services.engine.handle(2, ASSESSMENT, Text("1987"))
    # Back where the owner was, past the questions already answered, every answer still there.
    assert step.view.question.id == "networks_now" and step.view.answers == {**was[2].answers, "founded": 1987}
    assert step.view.conversation.path[:3] == ("sector", "staff", "founded") and step.view.step == was[2].step + 1
    stored = services.store.answers(view.conversation.id)
    assert {key: value for key, value in stored.items() if key != "founded"} == was[2].stored
    assert step.view.conversation.resume_at is None


def test_after_a_new_required_question_an_owner_before_it_goes_on_as_usual(before, tmp_path):
    db, _ = before
    engine = services_on(db, new_version(tmp_path / "v2", *inserted(NEW_REQUIRED))).engine
    with use_locale("fr"):
        assert engine.handle(3, ASSESSMENT, Text("17")).view.question.id == "founded"
        assert engine.handle(3, ASSESSMENT, Text("1987")).view.question.id == "revenue"


def test_the_resume_point_holds_through_back_and_a_second_new_question(before, tmp_path):
    db, was = before
    second = NEW_REQUIRED.replace("founded", "owners").replace("In which year was the business founded?",
                                                               "How many owners are there?")
    edits = (*inserted(NEW_REQUIRED), in_question("founded", "next: revenue", "next: owners"),
             ("", "  revenue:\n", second.replace("1800", "1").replace("2100", "9") + "  revenue:\n"))
    engine = services_on(db, new_version(tmp_path / "v2", *edits)).engine
    with use_locale("fr"):
        assert engine.view(2, ASSESSMENT).question.id == "founded"
        assert engine.handle(2, ASSESSMENT, Back()).view.question.id == "staff"
        assert engine.handle(2, ASSESSMENT, Text("17")).view.question.id == "founded"
        assert engine.handle(2, ASSESSMENT, Text("1987")).view.question.id == "owners"
        step = engine.handle(2, ASSESSMENT, Text("2"))
    assert step.view.question.id == "networks_now" and step.view.answers == {**was[2].answers, "founded": 1987,
                                                                             "owners": 2}


@pytest.fixture
def renamed(database, tmp_path):
    """Owners finished, past the renamed questions, at one, and ticking a renamed option; then the renames."""
    db = database
    was = owners(db, {1: None, 2: "networks_now", 3: "website_by", 4: "customer_networks"},
                 drafts={4: ("facebook", "instagram")})
    specs = new_version(tmp_path / "v2", *RENAMES)
    return db, was, specs


def test_answers_under_a_renamed_question_or_option_are_read_as_the_new_ones(renamed):
    db, was, specs = renamed
    services = services_on(db, specs)
    engine = services.engine
    finished = engine.view(1, ASSESSMENT)
    assert finished.finished and "site_keeper" in finished.conversation.path
    stored = verdicts.latest(services, 1)
    assert stored is not None and stored.answers["site_keeper"] == "outside"
    assert stored.answers["customer_networks"] == ["meta", "instagram"] and "website_by" not in stored.answers
    further = engine.view(2, ASSESSMENT)
    assert further.question.id == "networks_now" and further.answers["site_keeper"] == "outside"
    assert engine.view(3, ASSESSMENT).question.id == "site_keeper"
    ticking = engine.view(4, ASSESSMENT)
    assert ticking.question.id == "customer_networks" and ticking.selection == ("meta", "instagram")
    services.close()
    again = services_on(db, specs)  # read again on the new version: the same, carried once
    assert again.engine.view(2, ASSESSMENT).answers == further.answers
    assert verdicts.latest(again, 1) == stored


def test_a_rename_is_read_even_when_the_version_was_not_raised(renamed, tmp_path):
    db, was, _ = renamed
    specs = new_version(tmp_path / "same", *RENAMES, bump=False)
    for _ in range(2):  # carried once, then read as stored
        services = services_on(db, specs)
        view = services.engine.view(2, ASSESSMENT)
        assert view.question.id == "networks_now" and view.answers["site_keeper"] == "outside"
        history = services.store.answer_history(view.conversation.id)
        assert [row["value"] for row in history if row["question"] == "site_keeper"] == ["outside"]
        services.close()


def test_renaming_keeps_the_rows_stored_under_the_old_ids(renamed):
    db, was, specs = renamed
    services = services_on(db, specs)
    services.engine.view(2, ASSESSMENT)
    history = services.store.export_user(2)["conversations"][0]["answers"]
    assert [row["value"] for row in history if row["question"] == "website_by"] == ["agency"]
    assert [row["value"] for row in history if row["question"] == "site_keeper"] == ["outside"]


def test_check_accepts_the_stored_answers_when_renames_are_declared(renamed, tmp_path):
    db, _, _ = renamed
    assert problems(tmp_path / "v2", db) == []


def test_check_names_stored_ids_and_codes_the_spec_lost(renamed, tmp_path):
    db, _, _ = renamed
    undeclared = [change for change in RENAMES if "replaces" not in change[2]]
    undeclared.append(in_question("customer_networks", "      facebook: Facebook\n",
                                  "      meta: Facebook\n"))
    new_version(tmp_path / "v3", *undeclared)
    found = problems(tmp_path / "v3", db)
    # Undeclared, the rename also leaves the question's option labels without a translation in their
    # context (the question's id): said apart, as missing translations.
    untranslated = [line for line in found if "state 'site_keeper': no " in line and " translation for " in line]
    assert len(untranslated) == 8, found
    found = [line for line in found if line not in untranslated]
    assert any("under question 'website_by'" in line for line in found), found
    assert any("'customer_networks' stored with option 'facebook'" in line for line in found), found
    assert all(line.startswith(f"{db}: ") for line in found) and len(found) == 2, found
