"""The consultant's digest and notices: when they come on her clock, and what they tell, over (fake) Telegram."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from play import past_checkin, say, with_verdict
from portfolios import portfolio_of
from test_sharing_bot import linked

from bot.app import Services, consultants, digests
from bot.i18n.unicode import isolated
from bot.telegram.news import SWEEP, WATCH
from bot.telegram.outbox import SWEEP as OWED

pytest_plugins = ["bot_fixtures"]


async def run(bot, name: str) -> None:
    """Run a job now, as the job queue does on its own."""
    [job] = bot.application.job_queue.get_jobs_by_name(name)
    await job.run(bot.application)


@pytest.mark.parametrize(("country", "every", "hour", "now", "due"), [
    # Weekly on Mondays at 9:00 in Berlin (8:00 UTC in winter): due right now, so the next Monday.
    ("DE", "weekly", 9, datetime(2027, 1, 4, 8, tzinfo=UTC), datetime(2027, 1, 11, 8, tzinfo=UTC)),
    # Easter Monday (29 March 2027) is a public holiday in Germany: the Tuesday, 9:00 summer time.
    ("DE", "weekly", 9, datetime(2027, 3, 23, 10, tzinfo=UTC), datetime(2027, 3, 30, 7, tzinfo=UTC)),
    # Daily at 8:00, asked on a Friday after 8:00: not on the weekend, the Monday.
    ("DE", "daily", 8, datetime(2027, 1, 8, 9, tzinfo=UTC), datetime(2027, 1, 11, 7, tzinfo=UTC)),
    # Daily in Paris on the eve of Ascension (Thursday 6 May 2027): the Friday.
    ("FR", "daily", 9, datetime(2027, 5, 5, 9, tzinfo=UTC), datetime(2027, 5, 7, 7, tzinfo=UTC)),
    # Daily in Zurich in the evening: the next morning, Swiss time.
    ("CH", "daily", 8, datetime(2027, 1, 5, 18, tzinfo=UTC), datetime(2027, 1, 6, 7, tzinfo=UTC)),
])
def test_a_digest_comes_at_her_hour_on_her_working_days(db_path, country, every, hour, now, due):
    services = Services.open(db_path, clock=lambda: now)
    try:
        services.store.ensure_user(7, language="fr" if country == "FR" else "de")
        services.store.set_market(7, country, None)
        assert digests.choose(services, 7, every, hour, now).next_due_at == due
    finally:
        services.close()


async def two_clients_with_news(bot, clock):
    """Marie and Paul, each with a verdict, share with Hans, who asked for news of both: a weekly digest, Mondays
    at 9:00 in Berlin."""
    marie, paul = bot.user("fr", first_name=isolated("Marie")), bot.user("fr", first_name=isolated("Paul"))
    consultant = bot.user("de", first_name=isolated("Hans"))
    for owner in (marie, paul):
        with_verdict(bot.services, owner)
        await linked(owner, consultant)
        consultants.set_news(bot.services, owner.id, consultant.id, True)
    digests.ensure(bot.services, consultant.id, clock.now)
    return marie, paul, consultant


async def test_the_digest_tells_what_changed_with_the_figures_once_in_the_consultant_s_words(launch, clock):
    async with launch(clock=clock) as bot:
        marie, paul, consultant = await two_clients_with_news(bot, clock)
        told = len(consultant.messages())
        clock.advance(days=1)  # Tuesday
        past_checkin(bot.services, marie, leads="3", customers="1", hours="6")
        clock.advance(days=5, hours=23, minutes=59)  # Monday 8:59 in Berlin: not yet
        await run(bot, SWEEP)
        assert len(consultant.messages()) == told
        clock.advance(minutes=1)
        await run(bot, SWEEP)
        [digest] = consultant.messages()[told:]
        assert digest.text.startswith("🗞 " + say("de", "What changed among your clients since {date}:",
                                                   date="4. Januar 2027"))
        assert isolated("Marie") in digest.text and isolated("Paul") not in digest.text
        assert say("de", "New: {news}", news="1 Zwischenbilanz") in digest.text
        assert say("de", "cost {cost} (planned {planned})", cost="210\xa0€",  # 6 h at 35 €
                   planned="164\xa0€") in digest.text
        await run(bot, SWEEP)  # sent once
        clock.advance(weeks=1)
        await run(bot, SWEEP)  # a week without news: no message
        assert len(consultant.messages()) == told + 1
        assert bot.services.store.digest(consultant.id).next_due_at == datetime(2027, 1, 25, 8, tzinfo=UTC)


async def test_a_digest_telegram_refused_tells_later_what_it_was_owed_for_and_the_next_one_the_rest(launch, clock):
    """The digest due on Monday cannot go out (Telegram down for her); Paul checks in on Tuesday; when it goes
    out, it tells Marie's check-in of last week only, and the next Monday's tells Paul's."""
    async with launch(clock=clock, rate_limited=False) as bot:
        marie, paul, consultant = await two_clients_with_news(bot, clock)
        told = len(consultant.messages())
        clock.advance(days=1)
        past_checkin(bot.services, marie, leads="3", customers="1", hours="6")
        clock.advance(days=6)  # Monday, 9:00 in Berlin
        bot.fake.fail("sendMessage", 500, times=10_000, chat_id=consultant.id)
        await run(bot, SWEEP)
        assert len(consultant.messages()) == told and bot.services.store.visit(consultant.id).owed
        clock.advance(days=1)
        past_checkin(bot.services, paul, leads="2", customers="1", hours="4")
        bot.fake.heal()
        await run(bot, OWED)
        [first] = consultant.messages()[told:]
        assert isolated("Marie") in first.text and isolated("Paul") not in first.text
        clock.advance(days=6)
        await run(bot, SWEEP)
        [_first, second] = consultant.messages()[told:]
        assert isolated("Paul") in second.text and isolated("Marie") not in second.text


async def test_a_decision_overdue_is_told_at_once_and_once(launch, clock):
    async with launch(clock=clock) as bot:
        consultant = bot.user("fr", first_name=isolated("Claire"))
        kinds = portfolio_of(bot.services, clock, consultant.id, 2)  # one overdue, one quiet
        for owner_id in kinds:
            consultants.set_news(bot.services, owner_id, consultant.id, True)
        await run(bot, WATCH)
        await run(bot, WATCH)
        assert bot.services.store.digest(consultant.id).every == "weekly"  # news asked for: a digest too
        [overdue] = consultant.messages()  # the quiet one is told when the reminders ask the owner
        assert overdue.text.startswith("⏰ " + say("fr", "The {months}-month decision of {name} is overdue.",
                                                   months=6, name=isolated("Client 01")))
        assert say("fr", "{months}-month decision overdue", months=6) in overdue.text


async def test_the_consultant_chooses_a_daily_digest_and_its_hour_by_buttons(launch, clock):
    async with launch(clock=clock) as bot:
        consultant = bot.user("fr", first_name=isolated("Claire"))
        await consultant.send("/digest")
        assert consultant.last_message().text == say("fr", "No digest: you hear only of decisions taken or overdue.")
        await consultant.click(say("fr", "Daily"))
        await consultant.click("8\xa0h")
        shown = consultant.last_message().text
        assert shown == say("fr", "Your digest comes {rhythm} ({zone}). Next one: {when}.",
                            rhythm=say("fr", "every working day at {time}", time="8\xa0h"), zone="Europe/Paris",
                            when="mardi 5 janvier 2027 à 8\xa0h")  # 9:00 in Paris on Monday the 4th is past 8:00
        await consultant.click(say("fr", "No digest"))
        assert bot.services.store.digest(consultant.id).every == "off"
