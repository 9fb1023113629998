"""A second assessment over (fake) Telegram: last time's answers offered, one tap each, the first one left as it was."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import ENGINES
from play import DIALOG, question_on_screen, say, with_verdict

from bot.app import verdicts
from bot.i18n import use_locale
from bot.i18n.numbers import format_date
from bot.render.values import answer

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)  # both engines

SAME = "↩️ "  # the button's mark, before its label


def without_files(services, user_id, view):
    """The real verdict, stored and shown with its detail buttons, without drawing its chart and report."""
    return replace(verdicts.conclude(services, user_id, view), attachments=[])


def same_button(owner) -> str:
    return SAME + say(owner.language, "Same as last time")


def rows_of(store, conversation_id: int) -> tuple[list, list, list]:
    """The conversation's row, its answers and its verdicts, exactly as stored."""
    return tuple(store.execute(sql, [conversation_id]).rows for sql in (
        "SELECT * FROM conversations WHERE id = ?", "SELECT * FROM answers WHERE conversation_id = ? ORDER BY id",
        "SELECT * FROM verdicts WHERE conversation_id = ? ORDER BY id"))


async def test_a_re_assessment_offers_last_time_s_answers_and_ends_compared_with_the_first(launch, clock):
    async with launch(conclude=without_files, clock=clock) as bot:
        owner = bot.user("fr")
        services, spec = bot.services, bot.services.specs[DIALOG]
        with_verdict(services, owner)
        first = services.store.active_conversation(owner.id, DIALOG)
        before = rows_of(services.store, first.id)
        first_answers = services.store.answers(first.id)
        clock.advance(days=200)

        await owner.send("/restart")
        with use_locale("fr_FR"):
            date = format_date(verdicts.latest(services, owner.id).created_at.date(), "fr_FR")
        assert owner.last_message().text == say(
            "fr", "Start a new assessment? Your verdict of {date} stays in your history, and your answers are "
                  "offered again.", date=date)
        await owner.click(say("fr", "Yes, start again"))

        shown = owner.keyboard()
        assert question_on_screen(owner, spec).id == "sector"
        with use_locale("fr_FR"):
            assert say("fr", "Last time: {answer}", answer=answer(spec.questions["sector"], "food")) in shown.text
        assert shown.labels[0] == same_button(owner)
        await owner.click(same_button(owner))
        assert question_on_screen(owner, spec).id == "staff"
        await owner.click(same_button(owner), shown)  # a second tap on the first question's button
        assert owner.notice() == say("fr", "That answer belongs to an earlier question.")
        assert question_on_screen(owner, spec).id == "staff"  # it answered nothing else

        asked = []
        while not services.engine.view(owner.id, DIALOG).finished:
            question = question_on_screen(owner, spec)
            asked.append(question.id)
            if question.id == "hours_plan":
                await owner.send("8")  # twice the hours of last time
            else:
                await owner.click(same_button(owner))
        assert {"staff", "success_factors", "customer_networks", "business_name", "checkins"} <= set(asked)

        second = services.store.active_conversation(owner.id, DIALOG)
        assert second.id != first.id and second.defaults_from == first.id
        assert services.store.answers(second.id) == {**first_answers, "hours_plan": 8}
        assert rows_of(services.store, first.id) == before, "the first assessment and its verdict are untouched"
        assert len(services.store.finished_conversations(owner.id, DIALOG)) == 2

        summary = next(message for message in reversed(owner.messages())
                       if say("fr", "Compared") in message.labels)
        await owner.click(say("fr", "Compared"), summary)
        compared = owner.last_message().text
        assert say("fr", "Compared with your first assessment of {date}", date=date) in compared
        assert "→" in compared  # the costs, now for eight hours a week


async def test_mid_assessment_restart_asks_as_before_and_offers_nothing(bot):
    owner = bot.user("de")
    await owner.send("/start")
    await owner.send("/restart")
    assert owner.last_message().text == say("de", "Start again from the beginning? Your answers so far will be "
                                                  "set aside.")
    await owner.click(say("de", "Yes, start again"))
    assert same_button(owner) not in owner.keyboard().labels
