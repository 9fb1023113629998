"""The consultant's side over (fake) Telegram: addressed as the consultant, amounts in each client's currency."""

from __future__ import annotations

import re
from pathlib import Path

from answers import ZURICH_BUTCHER
from babel.messages.pofile import read_po
from play import checkin_with_note, past_checkin, say, with_verdict
from portfolios import portfolio_of
from test_digest_bot import run
from test_sharing_bot import every_detail, linked

from bot.app import schedules, verdicts
from bot.i18n import use_locale
from bot.i18n.numbers import format_money
from bot.i18n.unicode import isolated
from bot.render.progress import DECIDED
from bot.telegram.news import SWEEP, WATCH
from bot.telegram.reminders import SWEEP as REMINDERS

pytest_plugins = ["bot_fixtures"]

POT = Path(__file__).resolve().parents[2] / "locales" / "messages.pot"
# Texts of the product (not the questions) that speak to someone as "you" ...
ADDRESSED = re.compile(r"\b(you|your|yours|I)\b", re.IGNORECASE)
# ... and were written for the consultant: they may reach her.
TO_CONSULTANTS = ("bot/render/clients.py", "bot/render/digest.py", "bot/telegram/consultant_handlers.py",
                  "bot/telegram/news.py")
TO_CONSULTANT = {
    "Done: you can now see the results of {name}. Send /clients to open them.",
    "{name} no longer shares their results with you.",
    "This invitation link cannot be used. Ask the person who sent it for a new one.",
    "Nobody shares their results with you yet. An owner invites you with /share.",
    "Fine: nothing is shared with you.",
    "Your clients, most urgent first",  # the menu's /clients
    "When your digest of clients' news comes",  # and /digest
}


def owner_sentences(language: str) -> set[str]:
    """Every phrase of at least 12 characters of a product text addressed to the owner, in `language`, that no
    text for the consultant shares (a language may say both alike: "Übersprungene Zahlen …")."""
    with POT.open("rb") as file:
        catalog = read_po(file)
    owners, consultants = set(), set()
    for message in catalog:
        places = [path for path, _line in message.locations]
        if not message.id or isinstance(message.id, tuple) or not places \
                or any(not path.startswith("bot/") for path in places):
            continue
        text = say(language, message.id, message.context or "")
        parts = {part.strip() for part in re.split(r"\{[a-z_]+\}", text)
                 if len(part.strip()) >= 12 and " " in part.strip()}  # a phrase, not a word both may use
        if any(path in TO_CONSULTANTS for path in places) or message.id in TO_CONSULTANT:
            consultants |= parts
        elif ADDRESSED.search(message.id):
            owners |= parts
    return owners - consultants


def everything_read(user) -> list[str]:
    """Each text, caption and button label the user was sent."""
    return [text for message in user.messages() for text in (message.text, *message.labels)]


async def test_a_consultant_is_never_addressed_as_the_owner_over_a_client_s_months(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("fr", first_name=isolated("Marie"))
        consultant = bot.user("de", first_name=isolated("Hans"))
        with_verdict(bot.services, owner)
        schedules.set_rhythm(bot.services, owner.id, "monthly", 0, 9, clock.now)
        await linked(owner, consultant)
        await consultant.send("/clients")
        await consultant.click(f"1. {isolated('Marie')}")
        await consultant.click("🔔 " + say("de", "Yes, tell me"))
        await every_detail(consultant, consultant.messages()[-2])
        clock.advance(days=100)
        past_checkin(bot.services, owner, followers_1="120", leads="4", customers="2", hours="30", money="40")
        clock.advance(days=100)  # the six-month decision is due
        await checkin_with_note(bot.services, owner, "Rien à signaler")
        await owner.click(say("fr", "{choice} ({months} months)", choice=say("fr", DECIDED["change"]), months=6))
        clock.advance(days=7)  # past her Monday digest
        await run(bot, SWEEP)
        clock.advance(weeks=16)  # the nine-month decision overdue; three reminders unanswered: quiet
        await run(bot, WATCH)
        bot.services.store.set_schedule_due(owner.id, clock.now, unanswered=3)
        await run(bot, REMINDERS)
        await consultant.send("/clients")
        listing = consultant.last_message()
        await consultant.click(f"1. {isolated('Marie')}")
        await every_detail(consultant, consultant.messages()[-2])
        await consultant.click("📄 " + say("de", "All check-ins (CSV)"), listing)
        await owner.send("/share")
        await owner.click(say("fr", "Revoke access of {name}", name=isolated("Hans")))

        with use_locale("de"):  # the verdict, quoted word for word as the owner received it, under a heading
            quoted = set(verdicts.show(bot.services, verdicts.latest(bot.services, owner.id)).messages)
        read = [text for text in everything_read(consultant) if text not in quoted]
        assert len(read) < len(everything_read(consultant))  # the quote was read, and is the only exception
        assert say("de", "Decisions:") in "\n".join(read)  # the file after the decision was read
        news = [message.text[:2] for message in consultant.messages() if message.text[:2] in ("🗞 ", "⏰ ", "🔕 ", "✔️")]
        assert {"✔️", "🗞 ", "⏰ ", "🔕 "} <= set(news)  # the decision, a digest, the notices: all read below
        forbidden = owner_sentences("de")
        assert say("de", "Your check-ins:") in forbidden  # the check reads the owner's texts
        assert [(sentence, text) for text in read for sentence in forbidden if sentence in text] == []


EURO = ("€", "EUR", "Euro", "euro")


async def test_a_french_consultant_reads_a_swiss_client_s_amounts_in_francs(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("de", first_name=isolated("Urs"))
        bot.services.store.set_market(owner.id, "CH", None)
        owner.language = "de_CH"
        consultant = bot.user("fr", first_name=isolated("Claire"))
        with_verdict(bot.services, owner, answers=ZURICH_BUTCHER)
        clock.advance(days=30)
        past_checkin(bot.services, owner, leads="2", customers="1", hours="8", money="120", revenue="1'250.50")
        await linked(owner, consultant)
        await consultant.send("/clients")
        before = len(consultant.messages())
        await consultant.click(f"1. {isolated('Urs')}")
        await every_detail(consultant, consultant.messages()[before])
        read = "\n".join(message.text for message in consultant.messages()[before:])
        assert not any(sign in read for sign in EURO), read
        assert format_money(1_000_000, "fr", currency="CHF") in read  # the revenue answered
        assert say("fr", "So far: {cost} spent, {leads} enquiries, {customers} new customers.",
                   cost=format_money(400, "fr", currency="CHF"), leads="2", customers="1") in read  # 8 h at 35 CHF


async def test_the_list_of_clients_is_filtered_and_paged_by_buttons(launch, clock):
    async with launch(clock=clock) as bot:
        consultant = bot.user("fr", first_name=isolated("Claire"))
        kinds = portfolio_of(bot.services, clock, consultant.id, 8)
        await consultant.send("/clients")
        listing = consultant.last_message()
        attention = say("fr", "Needs attention")
        assert listing.text.startswith(say("fr", "Your clients, most urgent first. {filter}: {count} of {total}.",
                                           filter=attention, count=5, total=8))
        assert "✓ " + attention in listing.labels and "▶️" not in listing.labels

        def now_shown():
            return next(message for message in consultant.messages() if message.message_id == listing.message_id)

        await consultant.click(say("fr", "All"), listing)
        assert say("fr", "Page {page} of {pages}", page=1, pages=2) in now_shown().text
        await consultant.click("▶️", now_shown())
        page_two = now_shown()
        assert say("fr", "Page {page} of {pages}", page=2, pages=2) in page_two.text
        assert [label for label in page_two.labels if label[0].isdigit()] == [
            f"{number}. {isolated(f'Client {n:02}')}" for number, n in zip((6, 7, 8), (6, 7, 8), strict=True)]
        await consultant.click(say("fr", "Quiet"), page_two)
        quiet = now_shown()
        [name] = [label for label in quiet.labels if label[0].isdigit()]
        assert name == f"1. {isolated('Client 02')}" and kinds[min(kinds) + 1] == "quiet"
        before = len(consultant.messages())
        await consultant.click(name, quiet)
        assert consultant.messages()[before].text.startswith(isolated("Client 02"))  # the file opens
