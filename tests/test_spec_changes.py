"""Every kind of questionnaire change, for owners at every stage, on a real SQLite file and on PostgreSQL.

A file is made with the shipped assessment: one owner finished (with a verdict), one
before the changes (at `staff`), one after them (at `listening`), and one ticking a
multiple choice (`networks_now`, two options ticked, not yet submitted). Then each
change below is made as a new version of the spec and the advisor reopens a copy of
that file with it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from answers import BUTCHER_TYPED
from conftest import ENGINES
from evolution import (
    ASSESSMENT,
    NEW_OPTIONAL,
    NEW_REQUIRED,
    SHIPPED,
    in_question,
    inserted,
    new_version,
    owners,
    services_on,
)

from bot.app import verdicts
from bot.app.checks import problems
from bot.engine import Restart, Same, Status, Text
from bot.i18n import use_locale
from bot.storage import is_url

FINISHED, BEFORE, AFTER, TICKING = 1, 2, 3, 4
POSITIONS = {FINISHED: None, BEFORE: "staff", AFTER: "listening", TICKING: "networks_now"}
TICKED = ("facebook", "instagram")
WEBSITE_BY = SHIPPED[SHIPPED.index("  website_by:\n"):SHIPPED.index("  networks_now:\n")]
WEBSITE_RULES = "    next:\n      - when: {website: none}\n        goto: networks_now\n      - goto: website_by\n"


def retire(*items: str) -> tuple[str, str, str]:
    return "", "start: sector\n", f"start: sector\nretired: [{', '.join(items)}]\n"


# Each change, as edits of the shipped spec.
CHANGES = {
    "add optional": inserted(NEW_OPTIONAL),
    "add required": inserted(NEW_REQUIRED),
    "remove question": (in_question("website", WEBSITE_RULES, "    next: networks_now\n"), ("", WEBSITE_BY, ""),
                        retire("website_by")),
    "rename question": (in_question("website", "goto: website_by", "goto: site_keeper"),
                        ("", "\n  website_by:\n", "\n  site_keeper:\n    replaces: website_by\n")),
    "remove option": (in_question("website", "      static: Yes, a static one that rarely changes\n", ""),
                      retire("website.static")),
    # Owners with 95 % private customers are now asked about their business customers too.
    "change rule": (in_question("customer_age", "{private_share: {max: 80}}", "{private_share: {max: 95}}"),),
}


@dataclass(frozen=True)
class Then:
    """Where an owner is after the change; then, having typed `typed`, where they go on."""

    at: str
    typed: str | None = None
    goes_on: str | None = None
    ticked: tuple[str, ...] | None = None  # the ticks of a multiple choice under way, where one is shown


# Where each owner is after each change (a finished owner stays finished in every case).
EXPECTED = {
    "add optional": {BEFORE: Then("staff", "17", "founded"), AFTER: Then("listening"),
                     TICKING: Then("networks_now", ticked=TICKED)},
    "add required": {BEFORE: Then("staff", "17", "founded"), AFTER: Then("founded", "1987", "listening"),
                     TICKING: Then("founded", "1987", "networks_now", ticked=())},
    "remove question": {BEFORE: Then("staff"), AFTER: Then("listening"), TICKING: Then("networks_now", ticked=TICKED)},
    "rename question": {BEFORE: Then("staff"), AFTER: Then("listening"), TICKING: Then("networks_now", ticked=TICKED)},
    # The stored answer no longer fits: asked again, then on to where the owner was.
    "remove option": {BEFORE: Then("staff"), AFTER: Then("website", "interactive", "listening"),
                      TICKING: Then("website", "interactive", "networks_now", ticked=())},
    "change rule": {BEFORE: Then("staff"), AFTER: Then("b2b_customers", "few_known", "listening"),
                    TICKING: Then("b2b_customers", "few_known", "networks_now", ticked=())},
}


@pytest.fixture(scope="module", params=ENGINES)
def shipped(request, tmp_path_factory):
    """The database made with the shipped spec (a SQLite file, or a PostgreSQL database), and where each
    owner stood."""
    if request.param == "sqlite":
        db: str | Path = tmp_path_factory.mktemp("shipped") / "db.sqlite3"
    else:
        db = request.getfixturevalue("postgres").create_database("shipped")
    return db, owners(db, POSITIONS, drafts={TICKING: TICKED})


def copy_of(shipped_db: str | Path, folder: Path, request) -> str | Path:
    """A copy of the shipped database: the file copied, or a PostgreSQL database made from it as a template."""
    if is_url(shipped_db):
        return request.getfixturevalue("postgres").create_database("reopened", template="shipped")
    db = folder / "db.sqlite3"
    shutil.copy(shipped_db, db)
    return db


@pytest.fixture(params=sorted(CHANGES))
def reopened(request, shipped, tmp_path):
    """A copy of the database, reopened on the changed spec: (change, services, where owners were, rows before)."""
    db = copy_of(shipped[0], tmp_path, request)
    specs = new_version(tmp_path / "spec", *CHANGES[request.param])
    services = services_on(db, specs)
    rows = {user: _rows(services, user) for user in POSITIONS}
    yield request.param, services, shipped[1], rows
    services.close()


def _rows(services, user: int) -> list[tuple]:
    return [(row["question"], repr(row["value"]), row["answered_at"])
            for conversation in services.store.export_user(user)["conversations"] for row in conversation["answers"]]


@pytest.mark.parametrize("user", [BEFORE, AFTER, TICKING], ids=["before", "after", "ticking"])
def test_an_owner_in_progress_goes_on_where_the_change_lets_them(reopened, user):
    change, services, was, _ = reopened
    expected = EXPECTED[change][user]
    view = services.engine.view(user, ASSESSMENT)
    assert view.question.id == expected.at and not view.finished
    if expected.typed is not None:
        with use_locale("fr"):
            view = services.engine.handle(user, ASSESSMENT, Text(expected.typed)).view
        assert view.question.id == expected.goes_on
    if expected.ticked is not None:
        assert view.selection == expected.ticked
    renamed = {"website_by": "site_keeper"} if change == "rename question" else {}
    kept = {renamed.get(key, key): value for key, value in was[user].answers.items() if key != expected.at}
    # Every answer that still counts on the new path is there, as given (but the one asked again).
    assert {key: value for key, value in view.answers.items() if key in kept} == \
        {key: value for key, value in kept.items() if key in view.answers}


def test_a_finished_owner_stays_finished_with_their_verdict_and_answers(reopened):
    change, services, was, _ = reopened
    view = services.engine.view(FINISHED, ASSESSMENT)
    assert view.finished
    stored = verdicts.latest(services, FINISHED)
    assert stored is not None
    if change == "rename question":
        assert stored.answers.pop("site_keeper") == was[FINISHED].answers["website_by"]
        assert stored.answers == {key: value for key, value in was[FINISHED].answers.items() if key != "website_by"}
    else:
        assert stored.answers == was[FINISHED].answers


def test_no_stored_answer_is_destroyed_and_a_removed_question_is_still_exported(reopened):
    change, services, _, rows = reopened
    for user in POSITIONS:
        services.engine.view(user, ASSESSMENT)
        assert set(rows[user]) <= set(_rows(services, user)), change
    if change == "remove question":
        exported = services.store.export_user(AFTER)["conversations"][0]["answers"]
        assert [row["value"] for row in exported if row["question"] == "website_by"] == ["agency"]


def test_advisor_check_accepts_the_file_with_the_declared_change(reopened, tmp_path, request):
    change, services, _, _ = reopened
    db = tmp_path / "db.sqlite3" if services.store.engine == "sqlite" else \
        request.getfixturevalue("postgres").url("reopened")
    assert [line for line in problems(tmp_path / "spec", db) if line.startswith(str(db))] == [], change


def test_a_new_assessment_offers_last_time_s_answers_only_where_they_still_answer(reopened):
    """After the change the finished owner starts again: each answer of last time that still fits its
    question (read under a renamed id too) is offered; one whose option is gone is not, nor taken."""
    change, services, was, _ = reopened
    engine, earlier = services.engine, was[FINISHED].answers
    view = engine.handle(FINISHED, ASSESSMENT, Restart()).view
    offered, typed = {}, {**BUTCHER_TYPED, "founded": "1987", "website": "interactive", "b2b_customers": "few_known"}
    with use_locale("fr"):
        while not view.finished:
            question = view.question.id
            offered[question] = view.default
            if view.default is None:
                assert engine.handle(FINISHED, ASSESSMENT, Same(view.position)).status is Status.STALE
                view = engine.handle(FINISHED, ASSESSMENT, Text(typed[question])).view
            else:
                view = engine.handle(FINISHED, ASSESSMENT, Same(view.position)).view
    assert offered["sector"] == "food" and offered["staff"] == 17
    renamed = {"site_keeper": "website_by"} if change == "rename question" else {}
    assert all(value == earlier[renamed.get(question, question)] for question, value in offered.items()
               if value is not None)
    if change == "remove option":
        assert offered["website"] is None  # "static" is retired: not offered, though the butcher gave it
    if change == "rename question":
        assert offered["site_keeper"] == earlier["website_by"]
