"""Check-ins: the dialogue from the plan, the sweep's due list, and the advice rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cases import BUTCHER, PAINTER, SALON

from bot.advisor import assess
from bot.advisor.progress import Checkin, advise
from bot.app import Services, schedules
from bot.storage import Store

START = datetime(2027, 1, 4, 9, tzinfo=UTC)


def figures(**values):
    base = {"followers_1": 100, "interactions_1": 20, "messages_1": 2, "leads": 1, "customers": 0,
            "revenue": 0, "hours": 12, "money": 40}
    return {**base, **values}


def history(months_apart, answers_list):
    return [Checkin(START + timedelta(days=30 * (i + 1) * months_apart), a) for i, a in enumerate(answers_list)]


def test_early_months_are_not_judged_on_sales():
    verdict = assess(SALON)
    advice = advise(verdict, START, history(1, [figures(), figures(followers_1=130)]), START + timedelta(days=60))
    assert advice.choice == "continue"
    assert advice.reasons[0].code == "too_early"


def test_costs_far_above_plan_call_for_a_change_even_early():
    verdict = assess(SALON)  # 3 h a week planned
    heavy = [figures(hours=60, money=500), figures(hours=60, money=500)]
    advice = advise(verdict, START, history(1, heavy), START + timedelta(days=60))
    assert advice.choice == "change"
    assert advice.reasons[0].code == "costs_over_plan"
    assert advice.cost_so_far == pytest.approx(2 * (60 * 35 + 500))


def test_concentrate_on_the_network_that_works():
    verdict = assess(SALON)
    first, second = [c.network for c in verdict.plan.networks]
    data = [figures(interactions_1=5, messages_1=0, interactions_2=80, messages_2=9)] * 2
    advice = advise(verdict, START, history(1, data), START + timedelta(days=60))
    assert advice.choice == "change" and (advice.focus, advice.drop) == (second, first)


def test_nothing_after_six_months_means_re_evaluate():
    verdict = assess(BUTCHER)
    data = [figures(leads=0, customers=0)] * 7
    advice = advise(verdict, START, history(1, data), START + timedelta(days=215))
    assert advice.choice == "reevaluate" and advice.reasons[0].code == "nothing_after_horizon"


def test_paying_off_after_six_months_means_continue_with_cost_per_customer():
    verdict = assess(PAINTER)  # a private customer is worth 2,500 EUR
    data = [figures(leads=3, customers=1, hours=8, money=0)] * 7
    advice = advise(verdict, START, history(1, data), START + timedelta(days=215))
    assert advice.choice == "continue" and advice.reasons[0].code == "paying_off"
    assert advice.cost_per_customer == pytest.approx(advice.cost_so_far / 7, abs=0.01)
    assert advice.cost_per_lead == pytest.approx(advice.cost_so_far / 21, abs=0.01)


def test_too_few_customers_after_six_months_means_change():
    verdict = assess(BUTCHER)  # needs about 1.1 new customers a month
    data = [figures(leads=1, customers=0)] * 6 + [figures(leads=1, customers=1)]
    advice = advise(verdict, START, history(1, data), START + timedelta(days=215))
    assert advice.choice == "change" and advice.reasons[0].code == "below_break_even"


def test_sweep_selects_only_what_is_due(specs):
    store = Store(None)
    services = Services(store=store, specs=specs, engine=None)
    for user in range(1, 201):
        store.ensure_user(user, language="fr")
        schedules.set_rhythm(services, user, "weekly", user % 7, 9, START + timedelta(hours=user))
    due = schedules.due(services, START + timedelta(days=3))
    assert due and all(row.next_due_at <= START + timedelta(days=3) for row in due)
    assert len(due) < 200
    for row in due:
        schedules.mark_sent(services, row, START + timedelta(days=3))
    assert schedules.due(services, START + timedelta(days=3)) == []


def test_snooze_and_skip_keep_the_rhythm(specs):
    store = Store(None)
    services = Services(store=store, specs=specs, engine=None)
    store.ensure_user(5, language="de")
    first = schedules.set_rhythm(services, 5, "weekly", 0, 9, START)
    assert store.schedule(5).timezone == "Europe/Berlin"
    schedules.snooze(services, 5, first)
    assert schedules.due(services, first + timedelta(hours=23)) == []
    assert len(schedules.due(services, first + timedelta(days=1))) == 1
    following = schedules.skip_period(services, 5, first + timedelta(days=1))
    assert following == first + timedelta(weeks=1)


def test_pause_resume_and_blocked(specs):
    store = Store(None)
    services = Services(store=store, specs=specs, engine=None)
    store.ensure_user(6, language="fr")
    first = schedules.set_rhythm(services, 6, "biweekly", 3, 18, START)
    schedules.set_status(services, 6, "paused", START)
    assert schedules.due(services, first + timedelta(days=1)) == []
    resumed = schedules.set_status(services, 6, "active", first + timedelta(days=1))
    assert resumed.next_due_at == first + timedelta(weeks=2)
    schedules.stop_for_blocked(services, 6)
    assert schedules.due(services, first + timedelta(weeks=3)) == []
