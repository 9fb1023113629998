"""Nothing owed is left unsent: the real `advisor telegram` process killed between the last answer and the
verdict sends it after the restart, once, with nobody writing again; a /restart gets the verdict first."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from contextlib import closing

import pytest
from answers import BUTCHER_TYPED
from client import eventually
from play import DIALOG, answer_directly, checkin_with_note, progress_pattern, say, with_verdict
from test_sharing_bot import invitation, linked, six_months_on

from bot.app import Services, checkins, consultants, outbox, schedules
from bot.engine import Skip
from bot.i18n import use_locale
from bot.i18n.unicode import isolated
from bot.render import verdict_texts
from bot.render.progress import DECIDED, decision_question
from bot.storage import StorageError
from bot.telegram import outbox as sending
from bot.telegram.reminders import SWEEP as REMINDERS
from bot.telegram.reminders import TIME_FOR_A_CHECKIN

pytest_plugins = ["bot_fixtures"]

HEADLINE = say("fr", verdict_texts.HEADLINES["go"])
RESTART_QUESTION = "Start a new assessment? Your verdict of {date} stays in your history, and your answers " \
                   "are offered again."
KILLS = int(os.environ.get("ADVISOR_OUTBOX_KILLS", "30"))  # the kill loop; more for a longer measurement


def verdicts_shown(owner) -> int:
    """How many verdict summaries the owner's chat shows."""
    return sum(HEADLINE in message.text for message in owner.messages())


def reported(owner) -> bool:
    """Whether the owner's chat shows the PDF report, the verdict's last file."""
    return any(message.kind == "document" for message in owner.messages())


def finished(db_path, owner) -> bool:
    with closing(Services.open(db_path)) as services:
        return services.engine.view(owner.id, DIALOG).finished


def at_the_last_question(db_path, owners) -> None:
    with closing(Services.open(db_path)) as services:
        for owner in owners:
            answer_directly(services, owner.id, BUTCHER_TYPED, until="checkins")


async def killed_after_the_last_answer(fake, bot_process, db_path, owner) -> None:
    """The owner's last answer is stored, and the process dies before the verdict goes out (Telegram holds
    back its answer to the first message after the answer, the thank-you, until the process is dead)."""
    fake.slow("sendMessage", 4, chat_id=owner.id)
    fake.push(owner.message_update(BUTCHER_TYPED["checkins"]))
    await eventually(lambda: finished(db_path, owner))
    bot_process.kill(signal.SIGKILL)
    fake.heal()
    assert verdicts_shown(owner) == 0


async def test_a_kill_between_the_last_answer_and_the_verdict_sends_it_after_the_restart_once(
        fake, bot_process, db_path):
    owner = bot_process.user("fr")
    at_the_last_question(db_path, [owner])
    bot_process.start()
    await killed_after_the_last_answer(fake, bot_process, db_path, owner)

    started = time.monotonic()
    bot_process.start()  # and the owner writes nothing
    await eventually(lambda: verdicts_shown(owner) == 1, timeout=20)
    print(f"verdict shown {time.monotonic() - started:.1f} s after the restart")
    await eventually(lambda: reported(owner), timeout=60)
    await asyncio.sleep(1)
    assert verdicts_shown(owner) == 1
    assert not any(progress_pattern("fr").search(message.text) for message in owner.messages())


async def test_a_restart_sent_first_gets_the_verdict_then_the_restart_question(fake, bot_process, db_path):
    owner = bot_process.user("fr")
    at_the_last_question(db_path, [owner])
    bot_process.start()
    await killed_after_the_last_answer(fake, bot_process, db_path, owner)

    bot_process.start()
    await owner.send("/restart")
    asked = say("fr", RESTART_QUESTION, date="DATE").split("DATE")[0]

    def texts() -> list[str]:
        return [message.text for message in owner.messages()]

    await eventually(lambda: any(text.startswith(asked) for text in texts()))
    restart = next(index for index, text in enumerate(texts()) if text.startswith(asked))
    verdict = next(index for index, text in enumerate(texts()) if HEADLINE in text)
    assert verdict < restart and verdicts_shown(owner) == 1


@pytest.mark.slow
async def test_a_kill_loop_over_finished_assessments_leaves_no_owner_without_a_verdict(fake, bot_process, db_path):
    """An owner sends their last answer; the process is killed at a random moment (before, while or after the
    verdict goes out; every other time once the answer is stored, while Telegram holds back its answer to
    the next message, so that the kill falls between the answer stored and the verdict sent), restarted, and
    nobody writes again. Over KILLS kills, every owner gets their verdict, shown at most twice (once more for
    the kill their answer lived through)."""
    rng = random.Random(20261207)
    owners = [bot_process.user("fr", user_id=9000 + n) for n in range(KILLS)]
    at_the_last_question(db_path, owners)
    bot_process.start()
    await eventually(lambda: fake.requests("getUpdates"))
    owed_at_a_kill = 0
    for kill, owner in enumerate(owners):
        if kill % 2:  # killed once the answer is stored, while Telegram holds back the next message
            fake.slow("sendMessage", 2, chat_id=owner.id)
            fake.push(owner.message_update(BUTCHER_TYPED["checkins"]))
            await eventually(lambda owner=owner: finished(db_path, owner))
        else:
            fake.push(owner.message_update(BUTCHER_TYPED["checkins"]))
            await asyncio.sleep(rng.uniform(0.02, 0.6))
        bot_process.kill(signal.SIGKILL)
        fake.heal()
        owed_at_a_kill += finished(db_path, owner) and not verdicts_shown(owner)
        bot_process.start()
        await eventually(lambda owner=owner: verdicts_shown(owner) and reported(owner), timeout=30)  # then idle
    await asyncio.sleep(1)
    shown = [verdicts_shown(owner) for owner in owners]
    print(f"{KILLS} kills, {len(owners)} finished assessments, {owed_at_a_kill} killed between the last answer "
          f"and the verdict: {shown.count(0)} without a verdict, {sum(count - 1 for count in shown)} verdicts "
          "shown twice")
    assert 0 not in shown and max(shown) <= 2


@pytest.mark.parametrize("method, shown_once", [("sendMessage", "verdict"), ("sendPhoto", "chart"),
                                                ("sendDocument", "report")])
async def test_a_failed_send_of_the_verdict_or_its_files_is_retried_after_a_restart(
        fake, bot_process, db_path, method, shown_once):
    """Telegram fails every try of one part (the summary, the chart or the report) until the process is
    killed; after the restart that part goes out, and what had gone out before it is not sent again."""
    owner = bot_process.user("fr")
    at_the_last_question(db_path, [owner])
    bot_process.start()
    fake.fail(method, 500, times=10_000, chat_id=owner.id)
    fake.push(owner.message_update(BUTCHER_TYPED["checkins"]))
    await eventually(lambda: any(call.method == method for call in fake.refused))
    bot_process.kill(signal.SIGKILL)
    fake.heal()

    bot_process.start()
    await eventually(lambda: [message.kind for message in owner.messages()].count("document") == 1, timeout=30)
    await asyncio.sleep(1)
    kinds = [message.kind for message in owner.messages()]
    assert verdicts_shown(owner) == 1 and kinds.count("photo") == 1 and kinds.count("document") == 1, shown_once


async def test_a_failed_check_in_advice_chart_and_decision_question_go_out_after_a_restart(launch, clock):
    """A check-in at six months owes the owner its advice, chart and decision question: Telegram refuses them
    all until the bot stops; after the restart each goes out, once."""
    async with launch(clock=clock, rate_limited=False) as bot:  # failures at once, not after retries
        owner, consultant = bot.user("fr", first_name="Marie"), bot.user("de", first_name="Hans")
        with_verdict(bot.services, owner)
        await six_months_on(bot, owner, consultant, clock)
        shown = len(owner.messages())
        for method in ("sendMessage", "sendPhoto"):
            bot.fake.fail(method, 500, times=10_000, chat_id=owner.id)
        await checkin_with_note(bot.services, owner, "Une bonne semaine")
        assert bot.services.store.visit(owner.id).owed

    bot.fake.heal()
    async with launch(clock=clock) as bot:
        due = checkins.decision_due(bot.services, owner.id)
        with use_locale("fr"):
            asked = decision_question(due.milestone, due.advised, due.started)
        await eventually(lambda: any(message.text == asked for message in owner.messages()))
        await asyncio.sleep(1)
        texts = [message.text for message in owner.messages()[shown:]]
        assert texts.count(asked) == 1 and [m.kind for m in owner.messages()[shown:]].count("photo") == 1
        assert not bot.services.store.visit(owner.id).owed


async def test_a_decision_s_confirmation_and_the_consultant_s_news_refused_go_out_after_a_restart(launch, clock):
    async with launch(clock=clock, rate_limited=False) as bot:
        owner, consultant = bot.user("fr", first_name="Marie"), bot.user("de", first_name="Hans")
        with_verdict(bot.services, owner)
        await six_months_on(bot, owner, consultant, clock)
        await checkin_with_note(bot.services, owner, "Une bonne semaine")
        question = owner.last_message()
        for chat in (owner, consultant):
            bot.fake.fail("sendMessage", 500, times=10_000, chat_id=chat.id)
        told = len(consultant.messages())
        await owner.click(say("fr", "{choice} ({months} months)", choice=say("fr", DECIDED["continue"]), months=6),
                          question)
        assert checkins.decisions(bot.services, owner.id) and bot.services.store.visit(owner.id).owed

    bot.fake.heal()
    async with launch(clock=clock) as bot:
        noted = say("fr", "Noted for {months} months: {choice}. You will find it in /kpis, with your figures.",
                    months=6, choice=say("fr", DECIDED["continue"]))

        def news() -> list[str]:
            return [message.text for message in consultant.messages()[told:] if message.text.startswith("✔️ ")]

        await eventually(lambda: len(news()) == 1)
        await asyncio.sleep(1)
        assert [message.text for message in owner.messages()].count(noted) == 1 and len(news()) == 1


async def test_a_decision_s_news_refused_to_one_consultant_goes_out_again_to_her_alone(launch, clock):
    """Claire and Hans asked for news of Marie; Telegram refuses Hans the news of her decision until the bot
    stops: after the restart he gets it, and Claire, who got it at once, does not get it again."""
    async with launch(clock=clock, rate_limited=False) as bot:
        owner, claire, hans = (bot.user("fr", first_name="Marie"), bot.user("fr", first_name="Claire"),
                               bot.user("de", first_name="Hans"))
        with_verdict(bot.services, owner)
        await linked(owner, claire)
        consultants.set_news(bot.services, owner.id, claire.id, True)
        await six_months_on(bot, owner, hans, clock)
        await checkin_with_note(bot.services, owner, "Une bonne semaine")
        told = {chat.id: len(chat.messages()) for chat in (claire, hans)}

        def news(consultant) -> int:
            return sum(message.text.startswith("✔️ ") for message in consultant.messages()[told[consultant.id]:])

        bot.fake.fail("sendMessage", 500, times=10_000, chat_id=hans.id)
        await owner.click(say("fr", "{choice} ({months} months)", choice=say("fr", DECIDED["continue"]), months=6),
                          owner.last_message())
        await eventually(lambda: news(claire) == 1)
        assert bot.services.store.visit(owner.id).owed

    bot.fake.heal()
    async with launch(clock=clock):
        await eventually(lambda: news(hans) == 1)
        await asyncio.sleep(1)
        assert news(claire) == 1 and news(hans) == 1


async def test_a_reminder_refused_by_telegram_goes_out_after_a_restart_once(launch, clock):
    async with launch(clock=clock, rate_limited=False) as bot:
        owner = bot.user("fr")
        with_verdict(bot.services, owner)
        clock.now = schedules.set_rhythm(bot.services, owner.id, "weekly", 0, 9, clock.now)
        bot.fake.fail("sendMessage", 500, times=10_000, chat_id=owner.id)
        [job] = bot.application.job_queue.get_jobs_by_name(REMINDERS)
        await job.run(bot.application)
        assert bot.fake.refused and bot.services.store.visit(owner.id).owed

    bot.fake.heal()
    async with launch(clock=clock) as bot:
        reminder = "⏰ " + say("fr", TIME_FOR_A_CHECKIN)
        await eventually(lambda: any(message.text == reminder for message in owner.messages()))
        await asyncio.sleep(1)
        assert [message.text for message in owner.messages()].count(reminder) == 1


async def test_the_owner_s_notice_that_a_consultant_accepted_refused_goes_out_after_a_restart(launch, clock):
    async with launch(clock=clock, rate_limited=False) as bot:
        owner, consultant = bot.user("fr", first_name="Marie"), bot.user("de", first_name="Hans")
        with_verdict(bot.services, owner)
        payload = await invitation(owner)
        bot.fake.fail("sendMessage", 500, times=10_000, chat_id=owner.id)
        await consultant.send(f"/start {payload}")
        await consultant.click("✅ " + say("de", "Accept"))
        assert bot.services.store.visit(owner.id).owed

    bot.fake.heal()
    async with launch(clock=clock) as bot:
        accepted = say("fr", "{name} accepted your invitation and can now see your results. Send /share to see "
                             "who has access or to take it back.", name=isolated("Hans"))
        await eventually(lambda: any(message.text == accepted for message in owner.messages()))
        await asyncio.sleep(1)
        assert [message.text for message in owner.messages()].count(accepted) == 1


async def test_a_check_in_s_advice_refused_until_a_kill_goes_out_after_the_restart_once(fake, bot_process, db_path):
    owner = bot_process.user("fr")
    with closing(Services.open(db_path)) as services:
        with_verdict(services, owner)
        view = checkins.start(services, owner.id)
        with use_locale("fr"):
            while view.question.id != "note":
                view = services.engine.handle(owner.id, checkins.DIALOG, Skip(view.position)).view
    bot_process.start()
    fake.fail("sendPhoto", 500, times=10_000, chat_id=owner.id)  # the advice goes out, its chart does not
    fake.push(owner.message_update("Une semaine calme"))
    await eventually(lambda: any(call.method == "sendPhoto" for call in fake.refused))
    bot_process.kill(signal.SIGKILL)
    fake.heal()
    advice = [message.text for message in owner.messages() if message.kind == "text"][-1]

    bot_process.start()
    await eventually(lambda: any(message.kind == "photo" for message in owner.messages()))
    await asyncio.sleep(1)
    assert [message.text for message in owner.messages()].count(advice) == 1  # not sent again
    assert [message.kind for message in owner.messages()].count("photo") == 1


async def test_a_claim_renewal_the_database_refused_is_tried_again_while_the_verdict_goes_out(
        launch, monkeypatch):
    """A long send keeps its claim through a database hiccup: without renewals the lease would lapse mid-send
    and another instance send the verdict again."""
    renewals: list[str] = []
    renew = outbox.still_sending

    def hiccup_first(services, owed, sender):
        renewals.append("refused" if not renewals else "renewed")
        if len(renewals) == 1:
            raise StorageError("the database did not answer")
        return renew(services, owed, sender)

    monkeypatch.setattr(sending, "RENEW_EVERY", 0.05)
    monkeypatch.setattr(outbox, "still_sending", hiccup_first)
    async with launch() as bot:
        owner = bot.user("fr")
        answer_directly(bot.services, owner.id, BUTCHER_TYPED, until="checkins")
        bot.fake.slow("sendDocument", 0.5, chat_id=owner.id)
        await owner.send("3")  # the last answer: the verdict is owed, its PDF (the last part) sent slowly
        await eventually(lambda: any(message.kind == "document" for message in owner.messages()))
    assert renewals[0] == "refused" and renewals.count("renewed") >= 2
