"""Reminders over (fake) Telegram: an early /checkin moves the next one, the first check-in says it is the first,
and three unanswered reminders bring one question instead of a fourth (and news to the consultant)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from client import TelegramUser
from play import reminders, say, sweep, with_verdict

from bot.app import schedules
from bot.i18n import ngettext, use_locale
from bot.i18n.unicode import isolated
from bot.render.digest import WENT_QUIET
from bot.render.questions import FIRST_CHECKIN, GREETINGS
from bot.telegram.schedule_handlers import WHAT_NEXT

pytest_plugins = ["bot_fixtures"]


async def check_in(owner: TelegramUser) -> None:
    """A whole check-in through the bot, every figure skipped."""
    await owner.send("/checkin")
    skip = say(owner.language, "Skip") + " ⏭️"
    while skip in owner.last_message().labels:
        await owner.click(skip)
    await owner.send("—")  # the note: the check-in ends with the advice
    assert say(owner.language, "Thank you! Here is where you stand.") in [m.text for m in owner.messages()]


async def test_an_early_check_in_moves_the_next_reminder_a_full_week_on(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("fr")
        with_verdict(bot.services, owner)
        due = schedules.set_rhythm(bot.services, owner.id, "weekly", 3, 9, clock.now)  # Thursdays at 9:00
        clock.now = due - timedelta(days=2)  # Tuesday: the owner checks in before the reminder
        await check_in(owner)
        clock.now = due + timedelta(minutes=1)
        await sweep(bot)
        assert reminders(owner) == [], "two days after a check-in, no reminder"
        assert bot.services.store.schedule(owner.id).next_due_at == due + timedelta(weeks=1)
        assert due == datetime(2027, 1, 14, 8, tzinfo=UTC)
        clock.now = due + timedelta(weeks=1)
        await sweep(bot)
        assert len(reminders(owner)) == 1


async def test_the_first_check_in_says_it_counts_from_the_verdict(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("fr")
        with_verdict(bot.services, owner)
        clock.advance(days=30)
        await check_in(owner)
        shown = [m.text for m in owner.messages()]
        assert say("fr", FIRST_CHECKIN) in shown and say("fr", GREETINGS["checkin"]) not in shown
        # Every question counts from the verdict's day, none from a last check-in.
        asked = "\n".join(shown[:shown.index(say("fr", "Thank you! Here is where you stand."))])
        assert "depuis le 4 janvier 2027" in asked and "dernier" not in asked
        clock.advance(days=30)
        before = len(owner.messages())
        await check_in(owner)
        shown = [m.text for m in owner.messages()[before:]]
        assert say("fr", GREETINGS["checkin"]) in shown and say("fr", FIRST_CHECKIN) not in shown
        assert "depuis le 3 février 2027" in "\n".join(shown)


async def test_after_three_unanswered_reminders_the_owner_is_asked_once_and_the_consultant_told(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("fr", first_name="Marie")
        consultant = bot.user("de", first_name="Hans")
        with_verdict(bot.services, owner)
        store = bot.services.store
        store.add_invitation(owner.id, "hash", "2099-01-01T00:00:00+00:00")
        store.use_invitation(store.open_invitation("hash", "2027-01-01T00:00:00+00:00").id, owner.id, consultant.id)
        store.set_notify(owner.id, consultant.id, True)
        due = schedules.set_rhythm(bot.services, owner.id, "weekly", 0, 9, clock.now)
        for week in range(3):
            clock.now = due + timedelta(weeks=week)
            await sweep(bot)
        assert len(reminders(owner)) == 3 and consultant.messages() == []

        clock.now = due + timedelta(weeks=3)
        await sweep(bot)
        question = owner.last_message()
        assert len(reminders(owner)) == 3
        with use_locale("fr"):
            assert question.text == say("fr", WHAT_NEXT)
            assert question.labels == ["Chaque semaine", "Toutes les deux semaines", "Chaque mois",
                                       "⏸️ Pause", "⏹️ Arrêter"]
        [news] = consultant.messages()
        assert news.text.startswith("🔕 " + say("de", WENT_QUIET, name=isolated("Marie")) + "\n\n")
        assert news.text.startswith("🔕 " + isolated("Marie") + " hat auf die letzten drei Erinnerungen")
        with use_locale("de"):
            assert ngettext("{n} reminder unanswered", "{n} reminders unanswered", 3) in news.text  # and the figures

        for week in (4, 5, 6):  # nothing more until the owner answers
            clock.now = due + timedelta(weeks=week)
            await sweep(bot)
        assert owner.last_message() == question and len(consultant.messages()) == 1

        await owner.click("Toutes les deux semaines", question)  # another rhythm: reminders again
        await owner.click("Lundi")
        await owner.click("9\u00a0h")
        schedule = store.schedule(owner.id)
        assert (schedule.status, schedule.every, schedule.unanswered) == ("active", "biweekly", 0)
        clock.now = schedule.next_due_at
        await sweep(bot)
        assert len(reminders(owner)) == 4


async def test_the_question_in_german_and_a_pause_from_it(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("de")
        with_verdict(bot.services, owner)
        due = schedules.set_rhythm(bot.services, owner.id, "monthly", 2, 10, clock.now)
        for _ in range(4):
            clock.now = bot.services.store.schedule(owner.id).next_due_at
            await sweep(bot)
        question = owner.last_message()
        assert question.text.startswith("Sie haben auf meine letzten drei Erinnerungen nicht reagiert")
        assert len(reminders(owner)) == 3 and clock.now > due
        await owner.send("/checkins")
        assert owner.last_message().text.startswith(
            "Zwischenbilanzen jeden zweiten Mittwoch im Monat um 10:00 Uhr (Ortszeit Berlin): warten auf Ihre Wahl")
        await owner.click("⏸️ Pausieren", question)
        assert bot.services.store.schedule(owner.id).status == "paused"
        clock.advance(days=90)
        await sweep(bot)
        assert len(reminders(owner)) == 3
