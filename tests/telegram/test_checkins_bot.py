"""Check-ins over (fake) Telegram: the schedule by buttons, reminders from the sweep, the check-in itself, /kpis."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from answers import BUTCHER_TYPED
from client import eventually
from conftest import ENGINES
from play import DIALOG, answer_directly, past_checkin, reminders, say, sweep, with_verdict

from bot.advisor.progress import Progress
from bot.app import checkins, schedules, verdicts
from bot.engine import Skip, Text
from bot.i18n import _, use_locale
from bot.render.progress import CHOICES, DECIDED, decision_question, history_message, progress_line
from bot.render.questions import label
from bot.render.schedule import moment_text, schedule_text
from bot.telegram.schedule_handlers import ZONE_EXAMPLES

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)  # both engines


def quick_verdict(services, user_id, view):
    """The real verdict, stored and shown, without drawing its chart and report (to keep tests fast)."""
    return verdicts.Conclusion(verdicts.conclude(services, user_id, view).messages)


def same_as_last(owner, message=None) -> list[str]:
    """The "same as last time" button of the question on screen, if it has one."""
    prefix = say(owner.language, "Same as last time: {figure}", figure="")
    return [text for text in (message or owner.keyboard()).labels if text.startswith(prefix)]


# ------------------------------------------------------------------ the schedule
async def test_after_the_verdict_the_owner_picks_day_and_hour_and_sees_the_next_date(launch, clock):
    async with launch(conclude=quick_verdict, clock=clock) as bot:
        owner = bot.user("fr")
        answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="checkins")
        await owner.send("/start")
        with use_locale("fr"):
            await owner.click(label(bot.services.specs[DIALOG].questions["checkins"].option("monthly")))
        assert owner.last_message().text == say("fr", "Which day of the week suits you for the check-ins?")
        await owner.click("Mercredi")
        assert "(Fuseau horaire\u00a0: heure de Paris\u00a0;" in owner.last_message().text
        await owner.click("18\u00a0h")

        row = bot.services.store.schedule(owner.id)
        assert (row.every, row.weekday, row.hour, row.status) == ("monthly", 2, 18, "active")
        wednesday = datetime(2027, 2, 10, 17, tzinfo=UTC)  # 18:00 in Paris, a full month after the verdict
        assert row.next_due_at == wednesday
        confirmation = owner.last_message()
        assert not confirmation.buttons
        with use_locale("fr"):
            assert schedule_text(row) in confirmation.text
            assert moment_text(wednesday, "Europe/Paris") == "mercredi 10 février 2027 à 18\u00a0h"
        assert "mercredi 10 février 2027 à 18\u00a0h" in confirmation.text
        assert "le deuxième mercredi du mois à 18\u00a0h" in confirmation.text


async def test_checkins_command_sets_pauses_resumes_and_stops(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("de")
        await owner.send("/checkins")
        assert say("de", "No regular check-ins are planned.") in owner.last_message().text
        await owner.click("Alle zwei Wochen")
        await owner.click("Freitag")
        await owner.click("09:00")
        assert bot.services.store.schedule(owner.id).timezone == "Europe/Berlin"
        assert "Freitag, 22. Januar 2027 um 09:00" in owner.last_message().text  # two full weeks on

        await owner.send("/checkins")
        menu = owner.last_message()
        assert "alle zwei Wochen am Freitag um 09:00" in menu.text
        await owner.click("⏸️ " + say("de", "Pause"))
        assert bot.services.store.schedule(owner.id).status == "paused"
        assert owner.last_message().message_id == menu.message_id  # the menu changed in place
        assert "⏸️ " + say("de", "Pause") not in owner.last_message().labels
        await owner.click("▶️ " + say("de", "Resume"))
        assert bot.services.store.schedule(owner.id).status == "active"
        await owner.click("⏹️ " + say("de", "Stop"))
        assert bot.services.store.schedule(owner.id).status == "stopped"
        assert say("de", "No regular check-ins are planned.") in owner.last_message().text
        clock.advance(weeks=3)
        await sweep(bot)
        assert reminders(owner) == []


async def test_timezone_by_city_or_zone_and_a_clear_answer_to_garbage(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("fr")
        await owner.send("/checkins")
        await owner.click("Chaque semaine")
        await owner.click("Lundi")
        await owner.click("9\u00a0h")
        await owner.send("/timezone")
        assert "Votre fuseau horaire\u00a0: heure de Paris." in owner.last_message().text

        await owner.send("/timezone Genève")
        assert bot.services.store.user(owner.id).timezone == "Europe/Zurich"
        assert "Nouveau fuseau horaire\u00a0: heure de Zurich." in owner.last_message().text
        await owner.send("/timezone America/Montreal")
        row = bot.services.store.schedule(owner.id)
        assert (row.timezone, row.weekday, row.hour) == ("America/Montreal", 0, 9)
        assert row.next_due_at == datetime(2027, 1, 11, 14, tzinfo=UTC)

        await owner.send("/timezone Atlantis du Nord")
        answer = owner.last_message().text
        assert answer.startswith(say("fr", "I do not know the time zone “{name}”.", name="Atlantis du Nord"))
        assert say("fr", ZONE_EXAMPLES) in answer
        assert bot.services.store.user(owner.id).timezone == "America/Montreal"


# ------------------------------------------------------------------ reminders
async def test_a_due_reminder_is_sent_once_even_when_it_fell_due_while_the_bot_was_down(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("de")
        with_verdict(bot.services, owner)
        due = schedules.set_rhythm(bot.services, owner.id, "weekly", 0, 9, clock.now)  # next Monday, 09:00
        await sweep(bot)
        assert reminders(owner) == []

    clock.now = due + timedelta(hours=5)  # it fell due while the bot was stopped
    async with launch(clock=clock) as bot:
        # The first sweep runs by itself right after the start.
        await eventually(lambda: bot.services.store.schedule(owner.id).last_sent_at is not None, timeout=10)
        await sweep(bot)
        [reminder] = reminders(owner)
        with use_locale("de"):
            assert reminder.labels == ["▶️ " + _("Start the check-in"), "⏰ " + _("Remind me tomorrow"),
                                       "⏭️ " + _("Skip this period")]

    async with launch(clock=clock) as bot:
        await sweep(bot)
        assert len(reminders(owner)) == 1
        next_due = bot.services.store.schedule(owner.id).next_due_at
        assert next_due == due + timedelta(weeks=1)


async def test_remind_tomorrow_then_skip_this_period(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("fr")
        with_verdict(bot.services, owner)
        due = schedules.set_rhythm(bot.services, owner.id, "weekly", 0, 9, clock.now)
        clock.now = due
        await sweep(bot)
        await owner.click("⏰ " + say("fr", "Remind me tomorrow"))
        assert owner.last_message().text == "Entendu, je vous le rappelle le mardi 12 janvier 2027 à 9\u00a0h."
        assert not owner.last_message().buttons

        clock.now = due + timedelta(hours=23)
        await sweep(bot)
        assert len(reminders(owner)) == 0  # the first one now reads as snoozed
        clock.now = due + timedelta(days=1, minutes=1)
        await sweep(bot)
        assert len(reminders(owner)) == 1

        await owner.click("⏭️ " + say("fr", "Skip this period"))
        following = due + timedelta(weeks=1)
        with use_locale("fr"):
            when = moment_text(following, "Europe/Paris")
        assert owner.last_message().text == say("fr", "Fine, let's skip this one. Next check-in: {when}.", when=when)
        clock.now = due + timedelta(days=6)
        await sweep(bot)
        assert len(reminders(owner)) == 0
        assert bot.services.store.schedule(owner.id).next_due_at == following


async def test_a_blocked_owner_gets_no_more_reminders_and_is_offered_them_back(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("de")
        with_verdict(bot.services, owner)
        due = schedules.set_rhythm(bot.services, owner.id, "weekly", 0, 9, clock.now)
        bot.fake.fail("sendMessage", 403, chat_id=owner.id, description="Forbidden: bot was blocked by the user")
        clock.now = due
        await sweep(bot)
        assert bot.services.store.schedule(owner.id).status == "blocked"
        assert bot.services.store.user(owner.id).blocked_at
        clock.advance(weeks=2)
        await sweep(bot)
        assert len(bot.fake.refused) == 1 and owner.messages() == []  # not tried again

        await owner.send("/start")  # back again
        assert bot.services.store.user(owner.id).blocked_at is None
        await owner.click("▶️ " + say("de", "Resume reminders"))
        row = bot.services.store.schedule(owner.id)
        assert row.status == "active" and row.next_due_at > clock.now
        await sweep(bot)
        assert reminders(owner) == []


# ------------------------------------------------------------------ the check-in
async def test_a_whole_check_in_from_the_reminder_with_same_as_last_time(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("fr")
        with_verdict(bot.services, owner)
        clock.advance(days=30)
        past_checkin(bot.services, owner, followers_1="120", interactions_1="30", leads="2", hours="10")
        due = schedules.set_rhythm(bot.services, owner.id, "monthly", 0, 9, clock.now)
        clock.now = due
        await sweep(bot)
        await owner.click("▶️ " + say("fr", "Start the check-in"))
        posts = owner.last_message()
        assert say("fr", "How many posts did you publish since {since}, on all networks together?",
                   since="3 février 2027") in posts.text, "the period named: since the last check-in"
        await owner.send("20")

        first = owner.last_message()
        assert say("fr", "How many followers do you have on {network_1} today?", network_1="Facebook") in first.text
        assert same_as_last(owner) == [say("fr", "Same as last time: {figure}", figure="120")]
        await owner.click(same_as_last(owner)[0])
        await owner.click(same_as_last(owner, first)[0], first)  # a second tap on it changes nothing
        assert owner.notice() == say("fr", "That answer belongs to an earlier question.")
        assert same_as_last(owner) == [say("fr", "Same as last time: {figure}", figure="30")]
        await owner.send("1 500")  # interactions, typed the French way
        assert same_as_last(owner) == []  # skipped last time
        await owner.click(say("fr", "Skip") + " ⏭️")
        for typed in ("80", "12", "1"):  # followers, interactions and messages on Instagram
            await owner.send(typed)
        assert same_as_last(owner) == [say("fr", "Same as last time: {figure}", figure="2")]  # enquiries
        await owner.click(same_as_last(owner)[0])
        # new customers, the share of returning ones (the butcher's verdict follows them), revenue, hours, money
        for typed in ("1", "30", "900", "9,5", "40", "La promo du samedi a bien marché"):
            await owner.send(typed)

        done = bot.services.store.finished_conversations(owner.id, checkins.DIALOG)[-1]
        answers = bot.services.store.answers(done.id)
        assert (answers["followers_1"], answers["interactions_1"], answers["messages_1"]) == (120, 1500, None)
        assert (answers["followers_2"], answers["leads"], answers["hours"], answers["revenue"]) == (80, 2, 9.5, 900)
        assert (answers["returning"], answers["posts"]) == (30, 20)
        texts = [message.text for message in owner.messages()]
        end = texts.index(say("fr", "Thank you! Here is where you stand."))
        advice, chart = owner.messages()[end + 1:]
        with use_locale("fr"):
            assert any(say("fr", text) in advice.text for _icon, text in CHOICES.values())
            # The first share of returning customers given: the starting point, set beside its target.
            returning = progress_line(Progress("returning", None, None, 5, "half_year"))
        assert returning in advice.text and "+5 points en six mois" in returning
        assert chart.kind == "photo" and chart.content.startswith(b"\x89PNG")
        await owner.send("/kpis")
        history = next(message.text for message in reversed(owner.messages())
                       if message.text.startswith(say("fr", "Your check-ins:")))
        assert say("fr", "Share of returning customers") + "\u00a0: 30\u00a0%" in history
        # The answered questions keep their text, network included, and the answer.
        assert any(text.startswith(say("fr", "How many followers do you have on {network_1} today?",
                                       network_1="Facebook")) and text.endswith("→ 120") for text in texts)
        # Afterwards typed text is not read as a check-in answer any more.
        await owner.send("/status")
        assert say("fr", "Your assessment is complete. Type /restart to start a new one.") in \
            owner.last_message().text


async def test_checkin_needs_a_verdict(bot):
    owner = bot.user("de")
    await owner.send("/checkin")
    assert owner.last_message().text == say(
        "de", "A check-in compares your figures with your plan, so it needs your verdict first. "
              "Send /start to finish the assessment.")
    assert bot.services.store.active_conversation(owner.id, checkins.DIALOG) is None


async def test_a_not_now_verdict_has_no_checkin_and_the_owner_is_told_why(bot):
    owner = bot.user("fr")
    answers = {**BUTCHER_TYPED, "customer_age": "older", "locality": "village"}
    answer_directly(bot.services, owner.id, answers, until="objective_note", language="fr")
    view = bot.services.engine.handle(owner.id, DIALOG, Text(answers["objective_note"])).view
    assert view.finished and "goal" not in view.answers, "a weak fit skips the tests and the plan"
    verdicts.conclude(bot.services, owner.id, view)
    assert verdicts.latest(bot.services, owner.id).verdict.headline == "not_now"
    await owner.send("/checkin")
    assert owner.last_message().text == say(
        "fr", "Social media is not worth it for your business now, so there are no figures to check. "
              "Send /restart if your business has changed.")
    assert bot.services.store.active_conversation(owner.id, checkins.DIALOG) is None


async def test_kpis_sends_history_chart_and_csv(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("de")
        with_verdict(bot.services, owner)
        await owner.send("/kpis")
        assert owner.last_message().text == say("de", "There is no check-in yet. Send /checkin to do the first one.")
        for followers, note in (("100", None), ("130", "Ostern lief gut")):
            clock.advance(days=30)
            past_checkin(bot.services, owner, followers_1=followers, followers_2="40", leads="1", hours="8", note=note)

        await owner.send("/kpis")
        text, standing, chart, table = owner.messages()[-4:]
        with use_locale("de"):
            assert text.text == history_message(checkins.history(bot.services, owner.id))
            assert standing.text.startswith("Stand des Plans bei der Zwischenbilanz vom 5. März 2027:")
            assert "⏳ Neue Follower: 30,4 pro Monat (Ziel 40 pro Monat)" in standing.text  # 30 more in 30 days
        assert "130" in text.text and "Ostern lief gut" in text.text
        assert chart.kind == "photo" and chart.content.startswith(b"\x89PNG")
        assert (table.kind, table.filename) == ("document", "zwischenbilanzen.csv")
        rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
        assert [(row["Datum"], row["Follower auf Netzwerk 1"], row["Notiz"]) for row in rows] == [
            ("2027-02-03", "100", ""), ("2027-03-05", "130", "Ostern lief gut")]


async def test_at_six_months_the_checkin_ends_with_the_owner_s_decision_taken_once(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("fr")
        with_verdict(bot.services, owner)
        clock.advance(days=100)
        past_checkin(bot.services, owner, leads="2", customers="1", hours="30")
        await owner.send("/checkin")
        assert checkins.decision_due(bot.services, owner.id) is None, "no decision before six months"
        clock.advance(days=100)  # about six and a half months since the verdict
        view = bot.services.engine.view(owner.id, checkins.DIALOG)
        with use_locale("fr"):
            while view.question.id != "note":
                view = bot.services.engine.handle(owner.id, checkins.DIALOG, Skip(view.position)).view
        await owner.send("Une bonne semaine")
        question = owner.last_message()
        due = checkins.decision_due(bot.services, owner.id)
        with use_locale("fr"):
            assert due is not None and due.milestone == 6
            assert question.text == decision_question(6, due.advised, due.started)
            assert "votre plan du 4 janvier 2027" in question.text
            assert question.labels == [_(DECIDED[choice]) + " (6 mois)"
                                       for choice in ("continue", "change", "reevaluate")]
        await owner.click(say("fr", DECIDED["change"]) + " (6 mois)", question)
        await owner.press(question.buttons[0][1], question)  # a second tap, on another choice: nothing changes
        assert owner.notice() == say("fr", "Already decided at {months} months: {choice}.", months=6,
                                     choice=say("fr", DECIDED["change"]))
        [decision] = checkins.decisions(bot.services, owner.id)
        assert (decision.milestone, decision.chosen, decision.advised) == (6, "change", due.advised)
        assert checkins.decision_due(bot.services, owner.id) is None
        await owner.send("/kpis")
        with use_locale("fr"):
            assert any(m.text and m.text.startswith(_("Your decisions:")) for m in owner.messages()[-4:])


async def finish_check_in(bot, owner, note: str):
    """A check-in started with /checkin, its figures skipped up to the note, which the owner types."""
    await owner.send("/checkin")
    view = bot.services.engine.view(owner.id, checkins.DIALOG)
    with use_locale(owner.language):
        while view.question.id != "note":
            view = bot.services.engine.handle(owner.id, checkins.DIALOG, Skip(view.position)).view
    await owner.send(note)


async def test_a_late_tap_on_the_six_month_question_decides_six_months_not_nine(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("de")
        with_verdict(bot.services, owner)
        clock.advance(days=185)
        await finish_check_in(bot, owner, "Sommerpause")
        six = owner.last_message()
        clock.advance(days=95)
        await finish_check_in(bot, owner, "Herbst")
        nine = owner.last_message()
        with use_locale("de"):
            assert "6 Monate seit dem Start Ihres Plans vom 4. Januar 2027" in six.text
            assert "9 Monate seit dem Start Ihres Plans vom 4. Januar 2027" in nine.text
            label = _("{choice} ({months} months)", choice=_(DECIDED["continue"]), months=9)
        await owner.click(label, nine)
        await owner.click(say("de", "{choice} ({months} months)", choice=say("de", DECIDED["change"]), months=6), six)
        assert sorted((d.milestone, d.chosen) for d in checkins.decisions(bot.services, owner.id)) == [
            (6, "change"), (9, "continue")], "each tap decided the point its question named"
