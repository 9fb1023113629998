"""A year of check-ins per headline, played through the real bot with the product's own clock and a restart:
every reminder's local day and hour (never a Sunday or a public holiday), the decisions at six and nine calendar
months, and the word each advice opens with.

Go: a French butcher, monthly on Fridays at 9:00, who asks once to be reminded tomorrow (a Friday before the
8th of May). Only for part: a Bavarian painter, every two weeks on Mondays at 8:00 (Easter Monday comes on the
Tuesday). Mandatory: a Zurich online shop in francs, monthly on Thursdays at 10:00 (Ascension comes on the Friday).
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from answers import BUTCHER_TYPED
from cases import PAINTER, PET_SELLER
from play import DIALOG, answer_directly, reminders, say, sweep

from bot.app import checkins, verdicts
from bot.i18n import use_currency, use_locale
from bot.i18n.markets import Market, regions
from bot.render.questions import FIRST_CHECKIN, label
from bot.render.verdict import day_name
from bot.telegram.callbacks import Action

pytest_plugins = ["bot_fixtures"]

CONTINUE, CHANGE, REEVALUATE = "continue", "change", "reevaluate"
ICONS = {"▶️": CONTINUE, "🔧": CHANGE, "🎯": REEVALUATE}  # the first line of an advice: its icon and its word


def typed(case: dict) -> dict[str, str]:
    """An owner of tests/cases.py as they type their answers (the butcher's for what the case leaves open)."""
    return {**BUTCHER_TYPED, **{key: ", ".join(value) if isinstance(value, list) else str(value)
                                for key, value in case.items() if value is not None}}


@dataclass(frozen=True)
class Story:
    language: str  # the catalog the owner reads
    country: str
    region: str | None
    answers: dict[str, str]
    headline: str
    every: str
    weekday: int
    hour: str  # the hour button's label
    figures: dict[str, str]  # typed at every check-in; every other figure is skipped
    reminders: list[tuple[date, int]]  # every reminder's local day and hour
    advice: list[str]  # the word of each check-in's advice
    decisions: list[tuple[int, date]]  # the point and the local day it was asked and taken
    restart_after: int  # check-ins done before the bot is stopped and started again
    snooze: date | None = None  # the day of a reminder answered "remind me tomorrow"
    holidays_seen: list[date] = field(default_factory=list)  # a beat that fell on a public holiday


def monthly(*days: str, hour: int) -> list[tuple[date, int]]:
    return [(date.fromisoformat(day), hour) for day in days]


GO = Story(
    "fr", "FR", None, BUTCHER_TYPED, "go", "monthly", 4, "9\u00a0h",
    {"followers_1": "150", "followers_2": "90", "leads": "5", "customers": "3", "hours": "16", "money": "50"},
    monthly("2027-02-05", "2027-03-05", "2027-04-02", "2027-05-07", "2027-05-10", "2027-06-04", "2027-07-02",
            "2027-08-06", "2027-09-03", "2027-10-01", "2027-11-05", "2027-12-03", "2028-01-07", hour=9),
    [CONTINUE] * 12, [(6, date(2027, 8, 6)), (9, date(2027, 11, 5))], restart_after=3,
    snooze=date(2027, 5, 7), holidays_seen=[date(2027, 5, 8)])
PARTIAL = Story(
    "de", "DE", "BY", typed(PAINTER), "partial", "biweekly", 0, "08:00",
    {"leads": "1", "customers": "0", "hours": "4", "money": "25"},
    monthly("2027-01-18", "2027-02-01", "2027-02-15", "2027-03-01", "2027-03-15", "2027-03-30", "2027-04-12",
            "2027-04-26", "2027-05-10", "2027-05-24", "2027-06-07", "2027-06-21", "2027-07-05", "2027-07-19",
            "2027-08-02", "2027-08-16", "2027-08-30", "2027-09-13", "2027-09-27", "2027-10-11", "2027-10-25",
            "2027-11-08", "2027-11-22", "2027-12-06", "2027-12-20", "2028-01-03", hour=8),
    [CONTINUE] * 12 + [CHANGE] * 14, [(6, date(2027, 7, 5)), (9, date(2027, 10, 11))], restart_after=8,
    holidays_seen=[date(2027, 3, 29)])
MANDATORY = Story(
    "de_CH", "CH", "ZH", {**typed(PET_SELLER), "kpis": "enquiries, engagement, revenue",
                          "business_name": "Tierbedarf Huber", "customer_value": "Fr. 40.–"},
    "mandatory", "monthly", 3, "10:00",
    {"leads": "0", "customers": "0", "hours": "30", "money": "50"},
    monthly("2027-02-04", "2027-03-04", "2027-04-01", "2027-05-07", "2027-06-03", "2027-07-01", "2027-08-05",
            "2027-09-02", "2027-10-07", "2027-11-04", "2027-12-02", "2028-01-06", hour=10),
    [CONTINUE] * 6 + [REEVALUATE] * 6, [(6, date(2027, 8, 5)), (9, date(2027, 10, 7))], restart_after=5,
    holidays_seen=[date(2027, 5, 6)])


@pytest.mark.parametrize("story", [GO, PARTIAL, MANDATORY], ids=["go-fr", "partial-de", "mandatory-ch"])
async def test_a_year_of_check_ins(launch, clock, story):
    market = Market(story.country, story.region)
    assert story.region is None or story.region in regions(story.country)
    zone = ZoneInfo(market.timezone)
    stack = AsyncExitStack()
    bot = await stack.enter_async_context(launch(conclude=quick_verdict, clock=clock))
    owner = bot.user(story.language[:2])
    owner.language = story.language
    bot.services.store.set_market(owner.id, story.country, story.region)
    try:
        await choose_rhythm(bot, owner, story)
        verdict = verdicts.latest(bot.services, owner.id).verdict
        assert (verdict.headline, verdict.currency) == (story.headline, market.currency)  # francs in Zurich
        sent, advice, checked_in, snoozed = [], [], 0, 0
        while len(sent) < len(story.reminders):
            clock.now = bot.services.store.schedule(owner.id).next_due_at
            await sweep(bot)
            sent.append(clock.now.astimezone(zone))
            assert len(reminders(owner)) == len(sent) - snoozed, f"no reminder on {sent[-1]}"
            if sent[-1].date() == story.snooze:  # the reminder then says when the next one comes
                await owner.click("⏰ " + say(story.language, "Remind me tomorrow"))
                snoozed += 1
                continue
            advice.append(await check_in(bot, owner, story))
            checked_in += 1
            if checked_in == story.restart_after:  # the bot stops and starts again: nothing is lost
                await stack.aclose()
                bot = await stack.enter_async_context(launch(conclude=quick_verdict, clock=clock))
                owner.settle = bot.processed.wait
        assert [(moment.date(), moment.hour) for moment in sent] == story.reminders
        assert not any(moment.weekday() == 6 or market.is_holiday(moment.date()) for moment in sent)
        assert all(market.is_holiday(day) for day in story.holidays_seen)
        assert advice == story.advice
        assert [(d.milestone, d.decided_at.date()) for d in checkins.decisions(bot.services, owner.id)] == \
            story.decisions
        first = say(story.language, FIRST_CHECKIN)
        assert [m.text for m in owner.messages()].count(first) == 1
    finally:
        await stack.aclose()


def quick_verdict(services, user_id, view):
    """The real verdict, stored and shown, without drawing its chart and report (a year is long enough)."""
    return verdicts.Conclusion(verdicts.conclude(services, user_id, view).messages)


async def choose_rhythm(bot, owner, story: Story) -> None:
    """The assessment up to its last question, then the rhythm, weekday and hour chosen by buttons."""
    with use_currency(Market(story.country).currency):  # as the bot starts an owner's assessment
        answer_directly(bot.services, owner.id, story.answers, until="checkins", language=story.language)
    await owner.send("/start")
    with use_locale(story.language):
        await owner.click(label(bot.services.specs[DIALOG].questions["checkins"].option(story.every)))
        await owner.click(day_name(story.weekday))
    await owner.click(story.hour)


async def check_in(bot, owner, story: Story) -> str:
    """The check-in from the reminder's button, the story's figures typed and the rest skipped; the advice's
    word, after the decision when one is asked (the owner follows the advice)."""
    await owner.click("▶️ " + say(story.language, "Start the check-in"))
    skip = say(story.language, "Skip") + " ⏭️"
    before = len(owner.messages())
    while not (view := bot.services.engine.view(owner.id, checkins.DIALOG)).finished:
        figure = story.figures.get(view.question.id)
        await (owner.send(figure) if figure is not None else owner.click(skip))
    shown = owner.messages()[before:]
    end = [m.text for m in shown].index(say(story.language, "Thank you! Here is where you stand."))
    word = ICONS[next(icon for icon in ICONS if shown[end + 1].text.startswith(icon))]
    decision = next((m for m in shown[end:] if any(data.startswith(f"{Action.DECISION}:") for _l, data in m.buttons)),
                    None)
    if decision is not None:
        await owner.press(next(data for _l, data in decision.buttons if data.endswith(word)), decision)
    return word
