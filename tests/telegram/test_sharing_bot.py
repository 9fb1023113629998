"""Sharing with a consultant and the owner's data rights over (fake) Telegram: an owner, a consultant, a stranger."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import ENGINES
from play import checkin_with_note, past_checkin, say, with_verdict
from storage_checks import rows_naming

from bot.app import consultants, sharing
from bot.i18n.numbers import format_date
from bot.i18n.unicode import isolated
from bot.render import clients, verdict_texts
from bot.render.progress import DECIDED
from bot.telegram.market_handlers import ASK_COUNTRY
from bot.telegram.sharing_handlers import UNUSABLE
from bot.telegram.taps import DEAD_BUTTON

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)  # both engines

LINK = re.compile(r"https://t\.me/advisor_test_bot\?start=(c_[A-Za-z0-9_-]+)")
FOOD = "Food trade (butcher, baker, caterer)"  # the butcher's line of business (an option of the assessment)


def three(bot):
    """Marie the owner (French, with a verdict), Hans her consultant (German), and Eve, a stranger."""
    owner = bot.user("fr", first_name=isolated("Marie"))
    consultant = bot.user("de", first_name=isolated("Hans"))
    stranger = bot.user("fr", first_name="Eve")
    with_verdict(bot.services, owner)
    return owner, consultant, stranger


async def invitation(owner) -> str:
    """The payload of the link the owner asks for on /share's list."""
    await owner.send("/share")
    await owner.click("➕ " + say(owner.language, "New invitation link"))
    return LINK.search(owner.last_message().text)[1]


async def every_detail(consultant, summary) -> list:
    """Open each detail of a client's file from the buttons under its summary; what was sent."""
    before = len(consultant.messages())
    for label in summary.labels:
        await consultant.click(label, summary)
    return consultant.messages()[before:]


async def linked(owner, consultant) -> None:
    """The consultant follows the owner's invitation and accepts."""
    await consultant.send(f"/start {await invitation(owner)}")
    await consultant.click("✅ " + say(consultant.language, "Accept"))


async def test_the_consultant_sees_it_all_in_their_language_hears_of_news_and_loses_access_at_once(launch, clock):
    async with launch(clock=clock) as bot:
        owner, consultant, _stranger = three(bot)
        clock.advance(days=30)
        past_checkin(bot.services, owner, followers_1="120", leads="2", hours="10")
        store = bot.services.store

        payload = await invitation(owner)
        access, link = owner.messages()[-2:]
        assert say("fr", "Forward this link to your consultant. It works once, within {days} days:",
                   days=7) in link.text
        assert access.text.startswith(say("fr", "Nobody can see your results yet.") + "\n\n"
                                      + say("fr", "Invitation links that still work:"))
        await consultant.send(f"/start {payload}")
        preview = consultant.last_message()
        assert f"{isolated('Marie')} — {isolated('Boucherie Martin')}, {say('de', FOOD, 'sector')}" in preview.text
        assert say("de", verdict_texts.HEADLINES["go"]) not in preview.text  # nothing shown before accepting
        assert all(payload[2:] not in data and str(owner.id) not in data for _label, data in preview.buttons)
        await consultant.click("✅ " + say("de", "Accept"))
        assert consultant.last_message().text == say(
            "de", "Done: you can now see the results of {name}. Send /clients to open them.", name=isolated("Marie"))
        assert owner.last_message().text == say(
            "fr", "{name} accepted your invitation and can now see your results. Send /share to see who has "
                  "access or to take it back.", name=isolated("Hans"))

        await consultant.send("/clients")
        listing = consultant.last_message()
        assert say("de", "Advised: {choice}.", choice=say("de", "continue as planned")) in listing.text
        assert listing.labels[0] == f"1. {isolated('Marie')}"
        before = len(consultant.messages())
        await consultant.click(f"1. {isolated('Marie')}")
        summary, offer = consultant.messages()[before:]
        assert say("de", clients.HEADLINES["go"]) in summary.text  # the verdict, on one screen
        shown = await every_detail(consultant, summary)
        texts = "\n".join(message.text for message in shown)
        assert say("de", "What is your line of business?") in texts  # the answers
        assert say("de", FOOD, "sector") in texts
        assert say("de", "Check-ins:") in texts and "120" in texts  # the KPI history
        assert say("de", "Pace against the targets:") in texts  # where the plan stands against its targets
        assert [(m.kind, m.content[:4]) for m in shown if m.kind != "text"] == [
            ("document", b"%PDF"), ("photo", b"\x89PNG"), ("document", b"%PDF"), ("document", b"%PDF"),
            ("document", b"\xef\xbb\xbfD")]  # the verdict's report, the chart, report, follow-up and CSV
        await consultant.click("🔔 " + say("de", "Yes, tell me"), offer)
        assert store.link(owner.id, consultant.id).notify is True

        told = len(consultant.messages())
        await owner.send("/checkin")  # the owner checks in, skipping every figure: news for the digest
        while say("fr", "Skip") + " ⏭️" in owner.keyboard().labels:
            await owner.click(say("fr", "Skip") + " ⏭️")
        assert len(consultant.messages()) == told

        await owner.send("/share")
        await owner.click(say("fr", "Revoke access of {name}", name=isolated("Hans")))
        assert owner.notice() == say("fr", "{name} can no longer see your results.", name=isolated("Hans"))
        assert owner.last_message().text == say("fr", "Nobody can see your results yet.")
        assert consultant.last_message().text == say(
            "de", "{name} no longer shares their results with you.", name=isolated("Marie"))
        before = len(consultant.messages())
        await consultant.click(f"1. {isolated('Marie')}", listing)  # the old list's button
        assert consultant.notice() == say("de", DEAD_BUTTON) and len(consultant.messages()) == before
        await consultant.send("/clients")
        assert consultant.last_message().text == say(
            "de", "Nobody shares their results with you yet. An owner invites you with /share.")
        assert [row["action"] for row in store.audit_log(owner.id)] == [
            "invite", "link", "notify_on", "unlink"]


async def test_a_third_user_never_reaches_the_owners_data(launch, clock):
    async with launch(clock=clock) as bot:
        owner, consultant, stranger = three(bot)
        spent = await invitation(owner)
        await consultant.send(f"/start {spent}")
        await consultant.click("✅ " + say("de", "Accept"))
        await consultant.send("/clients")
        listing = consultant.last_message()
        expired = await invitation(owner)
        own = await invitation(owner)

        unusable = say("fr", UNUSABLE)
        await owner.send(f"/start {own}")  # their own link
        assert unusable in [message.text for message in owner.messages()[-3:]]
        clock.advance(days=7, seconds=1)
        for payload in (spent, "c_" + "A" * 32, spent[:-1], expired):  # reused, invented, cut short, too old
            await stranger.send(f"/start {payload}")
            assert unusable in [message.text for message in stranger.messages()[-3:]], payload

        await stranger.send("/clients")
        assert stranger.last_message().text == say(
            "fr", "Nobody shares their results with you yet. An owner invites you with /share.")
        before = len(stranger.messages())
        marie = dict(listing.buttons)[f"1. {isolated('Marie')}"]  # the consultant's own button, pressed by someone else
        for forged in (marie, "cl:" + "0" * 10, "nt:" + "0" * 10 + ":on", "ac:" + "0" * 10, "in:yes", "er:yes"):
            for message in (stranger.keyboard(), listing):  # a button of their own, one of the consultant's
                await stranger.press(forged, message)
                assert stranger.notice() == say("fr", DEAD_BUTTON), forged
        await consultant.press("cl:" + "f" * 10, listing)  # a token standing for no one on the consultant's list
        assert consultant.notice() == say("de", DEAD_BUTTON)
        assert len(stranger.messages()) == before
        assert all("Marie" not in message.text for message in stranger.messages())
        assert bot.services.store.clients_of(stranger.id) == []
        assert bot.services.store.link(owner.id, consultant.id).notify is False


async def test_export_sends_the_data_and_report_and_delete_leaves_nothing(launch, clock):
    async with launch(clock=clock) as bot:
        owner, consultant, _stranger = three(bot)
        await linked(owner, consultant)
        await owner.send("/export")
        data, report = owner.messages()[-2:]
        assert data.filename == "mes-donnees.json" and report.content.startswith(b"%PDF")
        exported = json.loads(data.content)
        assert exported["user"]["id"] == owner.id and exported["user"]["name"] == "Marie"
        assessment = exported["conversations"][0]
        sector = next(row for row in assessment["answers"] if row["question"] == "sector")
        assert {"question": "sector", "value": "food"}.items() <= sector.items()
        assert exported["verdicts"][0]["headline"] == "go"
        assert [link["consultant_id"] for link in exported["consultants"]] == [consultant.id]

        await owner.send("/delete")
        first_question = owner.last_message()
        await owner.click(say("fr", "No, keep it"))
        assert owner.last_message().text == say("fr", "Nothing was deleted.")
        assert bot.services.store.user(owner.id) is not None
        await owner.send("/delete")
        await owner.press("er:yes", first_question)  # an earlier question's button erases nothing
        assert owner.notice() == say("fr", DEAD_BUTTON) and bot.services.store.user(owner.id) is not None

        await owner.click(say("fr", "Yes, delete everything"))
        assert set(rows_naming(bot.services.store, owner.id).values()) == {0}
        assert owner.last_message().text == say(
            "fr", "Everything I stored about you is deleted. If you write to me again, we start from scratch.")
        assert consultant.last_message().text == say(
            "de", "{name} no longer shares their results with you.", name=isolated("Marie"))
        await consultant.send("/clients")
        assert consultant.last_message().text == say(
            "de", "Nobody shares their results with you yet. An owner invites you with /share.")
        await owner.send("/verdict")  # a stranger again: asked where their business is first
        assert owner.last_message().text == say("fr", ASK_COUNTRY)


async def six_months_on(bot, owner, consultant, clock) -> None:
    """The consultant follows the owner, news on; six and a half months after the verdict, one check-in done
    since."""
    await linked(owner, consultant)
    consultants.set_news(bot.services, owner.id, consultant.id, True)
    clock.advance(days=100)
    past_checkin(bot.services, owner, leads="2", customers="1", hours="30")
    clock.advance(days=100)


async def test_a_consultant_who_asked_for_news_hears_of_the_client_s_decision_in_their_language(launch, clock):
    async with launch(clock=clock) as bot:
        owner, consultant, _stranger = three(bot)
        await six_months_on(bot, owner, consultant, clock)
        await checkin_with_note(bot.services, owner, "Rien à signaler")
        question = owner.last_message()
        await owner.click(say("fr", "{choice} ({months} months)", choice=say("fr", DECIDED["reevaluate"]), months=6),
                          question)
        notice = consultant.last_message().text
        assert notice.startswith("✔️ " + say(
            "de", "{name} decided at {months} months: {choice} (advised: {advised}).", months=6,
            name=isolated("Marie"), choice=say("de", "re-evaluate the objective"),
            advised=say("de", "change the way it is done")))
        assert say("de", "cost {cost} (planned {planned})", cost="2.100\xa0€",  # 30 h at 35 €, twice: the
                   planned="4.315\xa0€") in notice  # hours skipped at the second check-in at the first's pace
        told = len(consultant.messages())
        await owner.press(question.buttons[0][1], question)  # a second tap decides nothing, and tells nobody
        assert len(consultant.messages()) == told
        [asked] = [message for message in owner.messages() if message.message_id == question.message_id]
        assert not asked.buttons  # the choices are gone; what was chosen is noted below
        assert say("fr", "To rethink it, send /restart: a new assessment offers your answers of last time again, "
                         "and your verdict stays in your history.") in owner.last_message().text


async def test_share_shows_access_and_open_links_creates_none_unasked_and_takes_either_back(launch, clock):
    async with launch(clock=clock) as bot:
        owner, consultant, stranger = three(bot)
        await linked(owner, consultant)
        for _time in range(2):
            await owner.send("/share")
            assert owner.last_message().text == say("fr", "Who can see your results:") + f"\n• {isolated('Hans')}"
        assert [row["action"] for row in bot.services.store.audit_log(owner.id)].count("invite") == 1  # Hans's
        first = await invitation(owner)
        clock.advance(days=1)
        second = await invitation(owner)
        access = owner.messages()[-2]
        sent = [say("fr", "sent {day}, works until {until}", day=format_date(date(2027, 1, day), "fr"),
                    until=format_date(date(2027, 1, day + 7), "fr")) for day in (4, 5)]
        assert access.text.splitlines()[-3:] == [say("fr", "Invitation links that still work:"),
                                                 f"1. {sent[0]}", f"2. {sent[1]}"]

        await owner.click(say("fr", "Cancel link {number}", number=1), access)
        assert owner.notice() == say("fr", "This link no longer works.")
        assert owner.messages()[-2].text.splitlines()[-2:] == [say("fr", "Invitation links that still work:"),
                                                               f"1. {sent[1]}"]
        await stranger.send(f"/start {first}")
        assert say("fr", UNUSABLE) in [message.text for message in stranger.messages()[-3:]]
        await stranger.send(f"/start {second}")
        assert say("fr", "Accept") in stranger.last_message().labels[0]

        await owner.press(dict(access.buttons)[say("fr", "Revoke access of {name}", name=isolated("Hans"))], access)
        assert not sharing.can_view(bot.services, consultant.id, owner.id)
        assert owner.messages()[-2].text.startswith(say("fr", "Nobody can see your results yet."))
