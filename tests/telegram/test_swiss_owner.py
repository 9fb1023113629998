"""A Swiss owner, from the country prompt to the check-in table: francs everywhere, never a euro."""

from __future__ import annotations

import io

import pytest
from answers import ZURICH_BUTCHER
from conftest import ENGINES
from play import DIALOG, past_checkin, play
from pypdf import PdfReader

from bot.app import verdicts

pytest_plugins = ["bot_fixtures"]
pytestmark = pytest.mark.parametrize("bot_database", ENGINES, indirect=True)  # both engines

EURO = ("€", "EUR", "Euro")


def no_euro(text: str) -> bool:
    return not any(sign in text for sign in EURO)


async def test_a_swiss_owner_s_assessment_ends_in_francs_in_the_chat_the_pdf_and_the_csv(launch, clock):
    async with launch(clock=clock) as bot:
        owner = bot.user("de-CH", settled=False)
        owner.language = "de_CH"  # Swiss spelling: "Wie heisst Ihr Betrieb?"
        await owner.send("/start")
        await owner.click("✅ Schweiz")
        await owner.click("Zürich")
        await play(owner, bot.services.specs[DIALOG], ZURICH_BUTCHER)

        stored = verdicts.latest(bot.services, owner.id)
        assert stored.verdict.currency == "CHF"
        answers = bot.services.engine.view(owner.id, DIALOG).answers
        assert (answers["revenue"], answers["customer_value"], answers["hourly_cost"]) == (1_000_000, 600, 35)

        # Every detail of the verdict opened, as the owner would.
        summary = next(message for message in owner.messages() if message.labels and "Kosten" in message.labels)
        for name in summary.labels:
            await owner.click(name, summary)
        texts = [message.text for message in owner.messages()]
        labels = [label for message in owner.messages() for label in message.labels]
        assert all(no_euro(text) for text in texts + labels), [t for t in texts + labels if not no_euro(t)]
        assert any("CHF" in text for text in texts), "the costs are given in francs"

        report = next(message for message in owner.messages() if message.kind == "document")
        pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.content)).pages)
        assert no_euro(pdf) and "CHF" in pdf and "Metzgerei Grob" in pdf

        clock.advance(days=30)
        past_checkin(bot.services, owner, followers_1="120", leads="2", hours="8", revenue="1'250.50")
        await owner.send("/kpis")
        history, _chart, table = owner.messages()[-3:]
        csv_text = table.content.decode("utf-8-sig")
        assert no_euro(history.text) and no_euro(csv_text)
        assert "CHF" in csv_text.splitlines()[0] and "1250.5" in csv_text
