"""Figures a bookkeeper would sign: exact costs, break-even from unrounded values, whole people."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from cases import BUSY_BUT_READY, BUTCHER, PET_SELLER
from hypothesis import given
from hypothesis import strategies as st

from bot.advisor import Verdict, assess
from bot.advisor.money import months_per_customer, whole
from bot.i18n import use_locale
from bot.render.document import as_text
from bot.render.money import break_even, money_section
from bot.render.verdict import figures_section


def owner(hours: float, rate: float, tools: float, value: float | None, **more: object) -> dict:
    return {**BUTCHER, "hours_plan": hours, "hourly_cost": rate, "tools_budget": tools, "customer_value": value,
            **more}


def exact_total(hours: float, rate: float, tools: float) -> Fraction:
    return Fraction(str(hours)) * Fraction(str(rate)) * 52 / 12 + Fraction(str(tools))


def half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


@pytest.mark.parametrize("hours, tools, value, every", [
    (3, 50, 50_000, 79),  # 635 EUR a month: 78.7 months, not "100" from a rounded 0.01 customer a month
    (1, 0, 8_000, 41),  # 195 EUR a month: 41.03 months
    (3, 50, 200_000, 315),  # not "pure gain": the plan still costs 635 EUR a month
])
def test_one_new_customer_every_n_months_comes_from_the_exact_ratio(hours, tools, value, every):
    costs = assess(owner(hours, 45, tools, value)).costs
    assert months_per_customer(costs) == every
    for language, words in (("fr", f"tous les {every} mois"), ("de", f"alle {every} Monate")):
        with use_locale(language):
            assert words in break_even(costs)


def test_above_one_a_month_customers_and_enquiries_are_whole_people():
    costs = assess(owner(10, 45, 100, 600, conversion=30)).costs  # 2,050 EUR a month: 3.4 customers
    assert (whole(costs.customers_to_break_even), whole(costs.leads_to_break_even)) == (4, 14)
    with use_locale("fr"):
        text = break_even(costs)
    assert "4 nouveaux clients" in text and "14 demandes" in text


def test_the_enquiries_shown_bring_the_customers_shown():
    """780 EUR a month at 350 EUR a customer is 2.2 customers: 3 are shown, so 12 enquiries at 25 %, not 9."""
    costs = assess(owner(4, 45, 0, 350, conversion=None)).costs
    assert (whole(costs.customers_to_break_even), whole(costs.leads_to_break_even)) == (3, 12)
    for language, customers, enquiries in (("fr", "3 nouveaux clients", "12 demandes"),
                                           ("de", "3 neue Kunden", "12 Anfragen")):
        with use_locale(language):
            text = break_even(costs)
        assert customers in text and enquiries in text, text


@given(hours=st.sampled_from([0.5, 1, 2, 3, 4.5, 8, 15]), rate=st.integers(10, 120), tools=st.integers(0, 500),
       value=st.integers(50, 500_000), conversion=st.integers(1, 100))
def test_break_even_equals_an_independent_exact_computation(hours, rate, tools, value, conversion):
    costs = assess(owner(hours, rate, tools, value, conversion=conversion)).costs
    total = exact_total(hours, rate, tools)
    customers = math.ceil(total / value)
    enquiries = math.ceil(Fraction(customers * 100, conversion))
    assert whole(costs.customers_to_break_even) == customers
    assert whole(costs.leads_to_break_even) == enquiries
    # The enquiries shown, at the rate shown, cover the customers shown, and one fewer would not.
    assert enquiries * Fraction(conversion, 100) >= customers > (enquiries - 1) * Fraction(conversion, 100)
    if customers <= 1:
        assert months_per_customer(costs) == max(1, half_up(Fraction(value) / total))


def test_own_time_and_cash_are_told_apart_and_assumptions_said():
    costs = assess(owner(4, None, 50, 600, conversion=None)).costs
    with use_locale("de"):
        text = money_of(assess(owner(4, None, 50, 600, conversion=None)))
    assert costs.hourly_cost_assumed and costs.conversion_assumed
    assumed = text[text.index("Annahmen"):]  # the hourly cost and the conversion rate, both listed as assumed
    assert "Eine Arbeitsstunde: 45" in assumed and "Anfragen, aus denen Kunden werden: 25" in assumed
    assert "Arbeitszeit:" in text and "Ausgaben für Tools und Werbung: 50\u00a0€ pro Monat" in text
    assert "Gesamtkosten (Zeit und Ausgaben):" in text


def test_a_plan_heavy_for_the_revenue_is_warned_about():
    heavy = assess(owner(10, 45, 0, 600, revenue=35_000))  # 1,950 EUR a month against 35,000 EUR a year
    light = assess(owner(2, 45, 0, 600, revenue=2_000_000))
    with use_locale("fr"):
        assert "⚠️" in money_of(heavy) and "66,9" in money_of(heavy)
        assert "⚠️" not in money_of(light)
        assert "ou commencez par un seul réseau" in money_of(heavy)


@pytest.mark.parametrize("language, fewer, one_network", [
    ("fr", "Prévoyez moins d'heures.", "un seul réseau"),
    ("de", "Planen Sie weniger Stunden ein.", "einem einzigen Netzwerk"),
])
def test_a_heavy_plan_on_one_network_is_not_told_to_start_with_one(language, fewer, one_network):
    """The pet seller's plan is Instagram alone: "or start with one network" would contradict it."""
    verdict = assess(PET_SELLER)
    assert [choice.network for choice in verdict.plan.networks] == ["instagram"]
    with use_locale(language):
        text = money_of(verdict)
    assert "⚠️" in text and fewer in text and one_network not in text


def test_a_verdict_stored_by_the_earlier_rules_with_float_amounts_still_renders():
    data = assess(owner(3, 45, 50, 50_000)).to_dict()
    data["version"] = "1.0"
    data["costs"] = {key: float(value) if isinstance(value, str) else value for key, value in data["costs"].items()
                     if key not in ("annual_revenue", "share_of_revenue", "hours_offered")}  # 1.0 stored floats
    for key in ("notes", "instead", "follow_up"):  # nor these
        del data[key]
    data["checkins"] = "monthly"
    with use_locale("fr"):
        assert "tous les 79 mois" in money_of(Verdict.from_dict(data))
        assert "Suivi\u00a0: je fais le point avec vous chaque mois." in money_of(Verdict.from_dict(data))


def money_of(verdict: Verdict) -> str:
    networks = len(verdict.plan.networks) if verdict.plan else 0
    return as_text(money_section(verdict.costs, networks)) + "\n" + as_text(figures_section(verdict))


@pytest.mark.parametrize("language, told", [
    ("fr", "Vous pouvez y consacrer 10\u00a0heures par semaine\u00a0; le plan n'en prévoit que 5, environ la moitié "
           "de ce que vous y passez aujourd'hui, tant que vous ne voyez pas ce que ces heures rapportent."),
    ("de", "Sie könnten 10\u00a0Stunden pro Woche einplanen; der Plan sieht nur 5 davon vor, etwa die Hälfte Ihres "
           "heutigen Aufwands, bis Sie sehen, was diese Stunden bringen."),
])
def test_hours_cut_to_half_are_told_with_the_unit_once(language, told):
    """Review of 2026-12-07, item 10: "10 hours a week; the plan counts 5 hours a week, half of the 10 hours a
    week you spend today, until you see what they bring": the unit three times, "they" read as the customers."""
    with use_locale(language):
        assert told in money_of(assess(BUSY_BUT_READY))


@pytest.mark.parametrize("language, told", [
    ("fr", "Ventes grâce aux réseaux sociaux\u00a0: de quoi dégager 1\u202f200\u00a0€ de marge par mois avec de "
           "nouveaux clients"),
    ("de", "Umsatz über Social Media: so viel, dass Neukunden 1.200\u00a0€ Marge im Monat bringen"),
])
def test_the_revenue_figure_reads_as_what_it_counts_and_its_target_as_a_margin(language, told):
    """Review of 2026-12-07, item 28: "CA via les réseaux sociaux: objectif de 600 € de marge": an abbreviation,
    jargon, and a turnover whose target reads as a turnover too."""
    with use_locale(language):
        assert told in money_of(assess({**BUTCHER, "kpis": ["revenue", "engagement"]}))
