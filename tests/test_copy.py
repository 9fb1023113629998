"""Moving a deployment: `advisor copy --to postgresql://…` copies a real file the product built, verified.

The file holds an owner with a verdict, check-ins, a decision, a schedule and a consultant; one halfway
through the assessment; an update not yet handled. After the copy, `advisor export` says the same of
every user on both sides.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from evolution import answer_until
from test_checkins import BUTCHER, START, check_in, finished_assessment

from bot.app import Services, checkins, schedules, sharing
from bot.cli import main
from bot.storage import copy as copying

OWNER, HALFWAY, CONSULTANT = 1, 2, 3


@pytest.fixture
def built(tmp_path):
    """A SQLite file made through the use cases, as the bot makes it."""
    path = tmp_path / "advisor.sqlite3"
    now = [START]
    services = Services.open(path, clock=lambda: now[0])
    services.store.ensure_user(OWNER, language="fr", name="Zéphyrine")
    plan = finished_assessment(services, BUTCHER)
    now[0] = START + timedelta(days=200)
    check_in(services, hours="100", leads="1")
    assert checkins.decide(services, OWNER, plan.number, 6, "reevaluate") is not None
    schedules.set_rhythm(services, OWNER, "monthly", 0, 9, now[0])
    services.store.ensure_user(CONSULTANT, language="de", name="Jörg")
    sharing.accept(services, sharing.invite(services, OWNER, now[0]), CONSULTANT, now[0])
    services.store.ensure_user(HALFWAY, language="fr")
    answer_until(services.engine, HALFWAY, "revenue")
    services.store.receive_update(900, HALFWAY, HALFWAY, {"update_id": 900, "message": {"text": "1 500"}})
    services.close()
    return path


def advisor(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def exports(capsys, database: str) -> dict[int, dict]:
    return {user: json.loads(advisor(capsys, "--db", database, "export", "--user", str(user))[1])
            for user in (OWNER, HALFWAY, CONSULTANT)}


def test_a_copy_holds_everything_and_every_export_reads_the_same(built, pg_url, capsys):
    status, out, err = advisor(capsys, "--db", str(built), "copy", "--to", pg_url)
    assert status == 0, err
    lines = out.splitlines()
    assert len(lines) == len(copying.TABLES) + 1 and lines[-1].endswith("verified")
    assert "answers: " in out and "decisions: 1 rows" in out and "inbox: 1 rows" in out
    original, copied = exports(capsys, str(built)), exports(capsys, pg_url)
    assert copied == original
    assert original[OWNER]["decisions"] and original[OWNER]["consultants"] and original[OWNER]["schedule"]
    assert original[HALFWAY]["conversations"][0]["finished_at"] is None
    # The copy goes on as the bot: new rows get new ids, the owner is found as they were.
    services = Services.open(pg_url)
    assert services.store.visit(HALFWAY).conversations["assessment"].record.state == "revenue"
    assert services.store.start_conversation(OWNER, "checkin", 1, "hours").id > max(
        conversation["id"] for conversation in original[OWNER]["conversations"])
    services.close()


def test_a_target_that_holds_data_is_refused_without_force(built, pg_url, capsys):
    assert advisor(capsys, "--db", str(built), "copy", "--to", pg_url)[0] == 0
    status, out, err = advisor(capsys, "--db", str(built), "copy", "--to", pg_url)
    assert status == 2 and out == "" and err.count("\n") == 1 and "--force" in err
    assert advisor(capsys, "--db", str(built), "copy", "--to", pg_url, "--force")[0] == 0
    assert exports(capsys, pg_url) == exports(capsys, str(built))


def test_an_interrupted_copy_leaves_the_target_empty_and_is_run_again(built, pg_url, capsys, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(copying, "_summary", interrupted)  # stopped after every table was written, before the commit
        with pytest.raises(KeyboardInterrupt):
            main(["--db", str(built), "copy", "--to", pg_url])
    assert advisor(capsys, "--db", pg_url, "export", "--user", str(OWNER))[0] == 1  # no such user: nothing kept
    assert advisor(capsys, "--db", str(built), "copy", "--to", pg_url)[0] == 0
    assert exports(capsys, pg_url) == exports(capsys, str(built))
