"""The consultant's triage: thirty clients in mixed states, in order of urgency, filtered, and told in her words."""

from __future__ import annotations

import pytest
from bot_fixtures import Clock
from play import say
from portfolios import KINDS, NEEDS_ATTENTION, portfolio_of

from bot.app import Services, portfolio
from bot.i18n import use_locale
from bot.i18n.numbers import format_number
from bot.render.clients import REASONS, triage_entry
from bot.render.progress import ADVICE_REASONS

CONSULTANT = 40_000


@pytest.fixture(scope="module")
def thirty(tmp_path_factory):
    """A consultant with thirty clients of every kind, on a file database; the clock, and each client's kind."""
    clock = Clock(Clock.START)
    services = Services.open(tmp_path_factory.mktemp("portfolio") / "advisor.sqlite3", clock=clock)
    services.store.ensure_user(CONSULTANT, language="de")
    kinds = portfolio_of(services, clock, CONSULTANT, 30)
    yield services, clock, kinds
    services.close()


def test_the_most_urgent_clients_come_first(thirty):
    services, clock, kinds = thirty
    found = portfolio.portfolio(services, CONSULTANT, clock.now)
    assert len(found) == 30
    order = [kinds[standing.client.owner_id] for standing in found]
    ranks = {kind: rank for rank, kind in enumerate(NEEDS_ATTENTION)}  # the calm ones after them all
    assert order == sorted(order, key=lambda kind: ranks.get(kind, len(ranks)))
    assert order[0] == "overdue" and order[-1] in set(KINDS) - set(NEEDS_ATTENTION)
    overdue = next(standing for standing in found if kinds[standing.client.owner_id] == "overdue")
    assert (overdue.decision.milestone, overdue.decision.state) == (6, "overdue")


@pytest.mark.parametrize(("name", "kept"), [
    ("attention", set(NEEDS_ATTENTION)),
    ("decision", {"overdue", "due", "reevaluate"}),
    ("quiet", {"quiet"}),
    ("all", set(KINDS)),
])
def test_each_filter_keeps_exactly_its_clients(thirty, name, kept):
    services, clock, kinds = thirty
    shown = [standing for standing in portfolio.portfolio(services, CONSULTANT, clock.now) if standing.shown_by(name)]
    assert sorted(standing.client.owner_id for standing in shown) == sorted(
        owner for owner, kind in kinds.items() if kind in kept)


def test_each_line_tells_the_advice_figures_decision_and_silence_in_the_consultant_s_language(thirty):
    services, clock, kinds = thirty
    found = {kinds[s.client.owner_id]: s for s in portfolio.portfolio(services, CONSULTANT, clock.now)}
    spec = services.specs["assessment"]
    with use_locale("de"):
        lines = {kind: triage_entry(1, standing, spec) for kind, standing in found.items()}
    assert say("de", "{months}-month decision overdue", months=6) in lines["overdue"]
    assert say("de", "{months}-month decision due", months=6) in lines["due"]
    assert say("de", "decided at {months} months: {choice}", months=6,
               choice=say("de", "continue as planned")) in lines["decided"]
    assert say("de", "quiet") in lines["quiet"] and "12" in lines["quiet"]  # weeks since the last check-in
    assert say("de", "Advised: {choice}.", choice=say("de", "re-evaluate the objective")) in lines["reevaluate"]
    assert say("de", "Advised: {choice}.", choice=say("de", "change the way it is done")) in lines["change"]
    assert say("de", "new customers {pace} a month ({needed} pay for the plan)", pace="8,5",  # 10 in 36 days
               needed=format_number(found["due"].needed, "de", 1)) in lines["due"]
    assert say("de", "last check-in less than a week ago") in lines["due"]
    assert say("de", "No verdict yet.") in lines["no_verdict"]
    assert all("€" in lines[kind] for kind in NEEDS_ATTENTION if kind != "quiet")  # the cost against the plan



def test_every_reason_the_advice_can_give_has_words_for_the_consultant():
    assert set(ADVICE_REASONS) <= set(REASONS)
