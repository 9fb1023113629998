"""Each headline's outcome as the owner receives it over (fake) Telegram: messages, files, check-ins, follow-up."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from answers import BUTCHER_TYPED
from conftest import ENGINES
from play import DIALOG, answer_directly, say
from pypdf import PdfReader
from test_checkins_bot import sweep

from bot.app import verdicts
from bot.engine import Text
from bot.i18n import use_locale
from bot.render import verdict_texts as texts
from bot.render.follow_up import follow_up_message

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)  # both engines

NOT_NOW = {**BUTCHER_TYPED, "customer_age": "older", "locality": "village"}
NOT_READY = {**BUTCHER_TYPED, "horizon": "weeks", "revenue_gap": "yes"}
PLAN_TITLES = ("Your plan in four steps", "Once you are ready: your plan in four steps", "Time and money",
               "Figures to follow:")


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


async def test_not_now_gets_what_to_do_instead_no_plan_no_checkins_and_one_new_look_in_six_months(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("fr")
        answer_directly(bot.services, owner.id, NOT_NOW, until="objective_note", language="fr")
        await owner.send("/start")
        await owner.send(NOT_NOW["objective_note"])
        done = next(i for i, m in enumerate(owner.messages())
                    if m.text == say("fr", bot.services.specs[DIALOG].questions["done"].text))
        outcome = owner.messages()[done + 1:]
        summary, report = outcome
        assert summary.labels == [say("fr", "Why"), say("fr", "Instead")], "details, and no check-in days"
        assert report.kind == "document", "a report, and no chart"
        await owner.click(say("fr", "Instead"), summary)
        texts = "\n".join(m.text or "" for m in owner.messages()[done + 1:])
        assert say("fr", "What to do instead") in texts
        assert not any(say("fr", title) in texts for title in PLAN_TITLES)
        report_text = pdf_text(report.content)
        assert say("fr", "What to do instead") in report_text
        assert not any(say("fr", title) in report_text for title in PLAN_TITLES)

        await owner.send("/checkin")
        assert owner.last_message().text.startswith(say("fr", "Social media is not worth it for your business now, "
                                                          "so there are no figures to check. Send /restart if "
                                                          "your business has changed."))
        assert bot.services.store.schedule(owner.id) is None

        count = len(owner.messages())
        clock.advance(weeks=26, days=-1)
        await sweep(bot)
        assert len(owner.messages()) == count, "not before six months"
        clock.advance(days=1, hours=12)
        await sweep(bot)
        await sweep(bot)
        stored = verdicts.latest(bot.services, owner.id)
        with use_locale("fr"):
            expected = "⏰ " + follow_up_message(stored.verdict)
        assert [m.text for m in owner.messages()[count:]] == [expected], "sent once"
        assert "/restart" in expected


async def test_not_ready_is_asked_about_its_fixes_after_four_weeks_and_has_no_checkins_yet(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("de")
        answer_directly(bot.services, owner.id, NOT_READY, until="kpis", language="de")
        with use_locale("de"):
            step = bot.services.engine.handle(owner.id, DIALOG, Text(NOT_READY["kpis"]))
        assert step.view.finished and "checkins" not in step.view.answers, "no rhythm is asked before ready"
        verdicts.conclude(bot.services, owner.id, step.view)
        await owner.send("/checkin")
        assert owner.last_message().text == say(
            "de", "Check-ins start once you are ready: first fix what the tests found, then send /restart to "
                  "take the assessment again.")
        clock.advance(weeks=4, hours=12)
        await sweep(bot)
        message = owner.last_message().text
        assert message.startswith("⏰ ")
        points = [line for line in message.splitlines() if line.startswith("• ")]
        assert points == [f"• {say('de', texts.REASONS[code])}" for code in ("expects_quick_results", "revenue_gap")], \
            "the check asks about exactly the points to fix"
        assert clock.now - verdicts.latest(bot.services, owner.id).created_at >= timedelta(weeks=4)
