"""A client's whole story as the consultant files it: the follow-up PDF across two assessments, and one CSV of
every client's check-ins, each in the client's currency and the consultant's language."""

from __future__ import annotations

import csv
import io

import pytest
from answers import ZURICH_BUTCHER
from bot_fixtures import Clock
from play import past_checkin, say, with_verdict
from pypdf import PdfReader

from bot.app import Services, checkins, sharing, stories
from bot.engine import Restart
from bot.i18n import use_locale
from bot.i18n.numbers import format_money

CONSULTANT = 70_000


@pytest.fixture
def clock():
    return Clock(Clock.START)


@pytest.fixture
def services(db_path, clock):
    services = Services.open(db_path, clock=clock)
    yield services
    services.close()


def swiss_owner(services, clock):
    """Urs of Metzgerei Grob in Zurich: a first plan with two check-ins, a re-assessment that values a customer
    higher, one check-in of the new plan; he shares with the consultant."""
    services.store.ensure_user(CONSULTANT, language="fr")
    owner = type("Owner", (), {"id": 70_001, "language": "de_CH"})()
    services.store.ensure_user(owner.id, language="de", name="Urs")
    services.store.set_market(owner.id, "CH", None)
    with_verdict(services, owner, answers=ZURICH_BUTCHER)
    for _month in range(2):
        clock.advance(days=30)
        past_checkin(services, owner, leads="3", customers="1", hours="10", money="40")
    clock.advance(days=1)
    with use_locale("de_CH"):
        services.engine.handle(owner.id, "assessment", Restart())
    with_verdict(services, owner, answers={**ZURICH_BUTCHER, "customer_value": "1200"})
    clock.advance(days=30)
    past_checkin(services, owner, leads="4", customers="2", hours="8", revenue="2'400")
    assert sharing.accept(services, sharing.invite(services, owner.id, clock.now), CONSULTANT, clock.now)
    return owner


def test_the_follow_up_pdf_tells_both_plans_in_the_consultant_s_language_and_the_client_s_francs(services, clock):
    owner = swiss_owner(services, clock)
    with use_locale("fr"):
        attachment = stories.follow_up(services, owner.id)
        pdf = attachment.render()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = text.replace("\u202f", " ").replace("\xa0", " ")
    assert attachment.filename.startswith("suivi-metzgerei-grob")
    assert "Metzgerei Grob" in text and "€" not in text and "CHF" in text
    assert say("fr", "What plan {number} achieved", number=1) in text
    then, now = (format_money(value, "fr", currency="CHF").replace("\u202f", " ").replace("\xa0", " ")
                 for value in (600, 1200))
    assert f"{then} → {now}" in text  # the value of a customer, then and now
    assert format_money(2400, "fr", currency="CHF").replace("\u202f", " ").replace("\xa0", " ") in text


def test_one_csv_holds_every_check_in_of_every_client_with_its_plan_and_currency(services, clock):
    owner = swiss_owner(services, clock)
    french = type("Owner", (), {"id": 70_002, "language": "fr"})()
    services.store.ensure_user(french.id, language="fr", name="Marie")
    with_verdict(services, french)
    clock.advance(days=30)
    past_checkin(services, french, leads="2", customers="1", hours="6")
    assert sharing.accept(services, sharing.invite(services, french.id, clock.now), CONSULTANT, clock.now)
    with use_locale("fr"):
        table = stories.portfolio_csv(services, CONSULTANT)
    rows = list(csv.reader(io.StringIO(table.render().decode("utf-8-sig"))))
    assert rows[0][:4] == [say("fr", "Client"), say("fr", "Business"), say("fr", "Plan"), say("fr", "Currency")]
    assert "CHF/€" in ";".join(rows[0]) or "€/CHF" in ";".join(rows[0])
    assert [row[:4] for row in rows[1:]] == [
        ["Urs", "Metzgerei Grob", "1", "CHF"], ["Urs", "Metzgerei Grob", "1", "CHF"],
        ["Urs", "Metzgerei Grob", "2", "CHF"], ["Marie", "Boucherie Martin", "1", "EUR"]]
    assert len(checkins.history(services, owner.id)) == 3


def test_the_file_s_check_ins_come_plan_by_plan(services, clock):
    owner = swiss_owner(services, clock)
    with use_locale("fr"):
        first, second = stories.detail(services, CONSULTANT, owner.id, "checkins").messages
    assert first.startswith(say("fr", "Plan {number}, verdict of {date}", number=1, date="4 janvier 2027"))
    assert second.startswith(say("fr", "Plan {number}, verdict of {date}", number=2, date="6 mars 2027"))
    assert first.count("\n") == 3 and second.count("\n") == 2  # two check-ins, then one
    assert stories.detail(services, CONSULTANT + 1, owner.id, "checkins") is None  # nobody else's to read
