"""The method's own cases: the archetypes of docs/method.md §4 and the edge cases of §10."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from cases import (
    B2B_ON_LINKEDIN,
    BUSY_BUT_READY,
    BUSY_WITHOUT_RESULTS,
    BUTCHER,
    NO_TIME,
    NO_WEBSITE,
    ONLINE_SELLER_NOT_READY,
    PAINTER,
    PAINTER_NOT_NOW,
    PET_SELLER,
    SALON,
    VILLAGE_SALON_OLDER,
    WANTS_SALES_NEXT_MONTH,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from owners import owners

from bot.advisor import ADVISOR_VERSION, Verdict, assess
from bot.advisor.model import HEADLINES
from bot.advisor.money import months_per_customer, whole
from bot.advisor.plan import CONSUMER_IDEAS, TIMED_IDEAS
from bot.i18n import _, use_locale
from bot.render import verdict_texts as texts
from bot.render.follow_up import follow_up_message
from bot.render.verdict import headline, reason_text, verdict_messages, verdict_sections

# case -> (answers, headline, reasons under "Why", observations under "Also noted")
CASES = {
    "butcher": (BUTCHER, "go", {"local_regulars"}, {"meta_products"}),
    "salon": (SALON, "go", {"young_clients", "local_regulars"}, {"booking_link"}),
    "painter": (PAINTER, "partial", {"scope_private_only", "partners_know_you"}, {"meta_enquiries"}),
    "painter_not_now": (PAINTER_NOT_NOW, "not_now", {"village_older_clients", "partners_know_you"}, set()),
    "pet_seller": (PET_SELLER, "mandatory", {"fix_readiness_first", "online_seller"}, set()),
    "village_salon_older_clients": (VILLAGE_SALON_OLDER, "not_now", {"village_older_clients"}, set()),
    "wants_sales_next_month": (WANTS_SALES_NEXT_MONTH, "not_ready", {"tests_not_passed"}, {"booking_link"}),
    "no_time_at_all": (NO_TIME, "not_now", {"no_time_at_all"}, set()),
    "b2b_buyers_on_linkedin": (B2B_ON_LINKEDIN, "partial", {"scope_business_networks",
                                                            "buyers_on_business_networks"}, set()),
    "no_website": (NO_WEBSITE, "go", set(), {"no_website"}),
    "online_seller_not_ready": (ONLINE_SELLER_NOT_READY, "mandatory", {"online_seller", "fix_readiness_first"},
                                set()),
    "busy_without_results": (BUSY_WITHOUT_RESULTS, "not_ready", {"busy_open_points"}, {"not_listening"}),
    "busy_but_ready": (BUSY_BUT_READY, "go", {"young_clients"}, {"not_listening"}),
    "older_clients_in_town": ({**SALON, "customer_age": "older"}, "partial", {"scope_older_clients"}, set()),
}


@pytest.mark.parametrize("language", ["fr", "de"])
@pytest.mark.parametrize("case", CASES)
def test_the_method_s_cases(case, language, specs):
    answers, expected_headline, why, noted = CASES[case]
    verdict = assess(answers)
    assert verdict.headline == expected_headline
    assert why <= {reason.code for reason in verdict.reasons}
    assert noted <= {note.code for note in verdict.notes}
    with use_locale(language):
        text = "\n".join(verdict_messages(verdict, spec := specs["assessment"], answers))
        title = headline(verdict)  # the headline's words; a supplier to firms only hears which part they are
        assert title in text and title not in (texts.HEADLINES[expected_headline], texts.HEADLINE_BUSINESS_NETWORKS)
        for reason in (*verdict.change_first, *verdict.reasons, *verdict.notes):
            sentence = reason_text(reason)
            assert sentence in text and sentence != texts.REASONS[reason.code]
        if noted:
            assert _("Also noted") in text
        assert bool(verdict.plan) == (_("Your plan in four steps") in text
                                      or _("Once you are ready: your plan in four steps") in text)
        assert spec  # the texts above are the ones the owner reads


def test_why_holds_only_what_decided_the_headline():
    """Under "Go", not following what customers say is noted, not a reason; a failed test is named once."""
    assert "not_listening" in {n.code for n in assess(BUSY_WITHOUT_RESULTS).notes}
    assert "not_listening" not in {r.code for r in assess(BUSY_WITHOUT_RESULTS).reasons}
    verdict = assess(WANTS_SALES_NEXT_MONTH)
    findings = {f.code for t in verdict.tests for f in t.findings}
    assert {"revenue_gap", "expects_quick_results"} <= findings
    assert not findings & {r.code for r in verdict.reasons}


def test_every_reason_names_the_answers_behind_it():
    for answers, *_expected in CASES.values():
        verdict = assess(answers)
        findings = [f for t in verdict.tests for f in t.findings]
        for reason in [*verdict.reasons, *verdict.notes, *verdict.instead, *findings, *verdict.change_first,
                       *verdict.to_fix_first]:
            assert reason.answers, reason.code
            assert all(question in answers for question in reason.answers), reason


def test_not_now_gets_what_to_do_instead_for_its_objective_and_a_new_look_later(specs):
    """The painter who wants more private customers is told how to win them, not only to see his developer."""
    verdict = assess(PAINTER_NOT_NOW)
    assert verdict.plan is None and verdict.costs is None and not verdict.kpis and not verdict.tests
    assert [r.code for r in verdict.instead] == ["instead_grow", "instead_partners"]
    assert verdict.follow_up.kind == "reassess" and verdict.follow_up.after_weeks == 26
    assert {r.code for r in verdict.follow_up.because} == {"again_younger_clients", "again_new_business_customers"}
    with use_locale("de"):
        text = "\n".join(verdict_messages(verdict, specs["assessment"], PAINTER_NOT_NOW))
    assert "In 6 Monaten" in text and "Zwischenbilanz:" not in text and "im Monat" not in text


def test_an_online_seller_who_is_not_ready_is_told_to_fix_readiness_first():
    assert assess(ONLINE_SELLER_NOT_READY).reasons[0].code == "fix_readiness_first"


def test_not_ready_gets_the_plan_for_once_ready_and_one_readiness_check():
    verdict = assess(WANTS_SALES_NEXT_MONTH)
    assert verdict.once_ready and verdict.plan is not None
    assert verdict.follow_up.kind == "readiness" and verdict.follow_up.after_weeks == 4


def test_busy_without_results_is_what_to_change_first_and_the_plan_cuts_the_hours():
    verdict = assess(BUSY_BUT_READY)
    assert [r.code for r in verdict.change_first] == ["busy_without_results"]
    assert "busy_without_results" not in {r.code for r in verdict.reasons}, "never a reason for going ahead"
    assert verdict.costs.hours_per_week == 5 and verdict.costs.hours_offered == 10
    assert verdict.plan.minutes_per_week <= 5 * 60 and len(verdict.plan.networks) == 1
    assert "enquiries" in {kpi.code for kpi in verdict.kpis}
    left = {c.network: c.reason for c in verdict.plan.skipped}
    assert left == {"facebook": "one_network_first"}, "Instagram, kept, brought nothing either"
    elsewhere = assess({**BUSY_BUT_READY, "networks_now": ["tiktok"]})  # the kept Instagram is not used today
    assert [c.network for c in elsewhere.plan.networks] == ["instagram"]
    assert {c.network: c.reason for c in elsewhere.plan.skipped}["tiktok"] == "brought_nothing"


def test_a_revenue_target_is_the_margin_of_the_customers_that_pay_for_the_plan():
    verdict = assess({**BUTCHER, "kpis": ["revenue", "engagement"]})
    revenue = next(kpi for kpi in verdict.kpis if kpi.code == "revenue")
    assert revenue.target == 2 * 600  # 656.67 EUR a month takes two new customers at 600 EUR of margin
    unknown = assess({**BUTCHER, "kpis": ["revenue"], "customer_value": None})
    assert next(kpi for kpi in unknown.kpis if kpi.code == "revenue").target is None


def test_a_bakery_gets_no_before_and_after_and_an_evening_slot_gets_tomorrow_s_dish():
    bakery = assess({**BUTCHER, "success_factors": ["quality", "daily_offer"], "timeslot": "evening"})
    ideas = {idea for factor in bakery.plan.factors for idea in factor.ideas}
    assert "before_after" not in ideas and "hot_counter_menu" not in ideas and "next_day_menu" in ideas


def test_a_machining_firm_on_linkedin_gets_no_consumer_ideas():
    firm = assess({**B2B_ON_LINKEDIN, "success_factors": ["speed", "price", "regulars"]})
    ideas = {idea for factor in firm.plan.factors for idea in factor.ideas}
    assert ideas and not ideas & CONSUMER_IDEAS


def test_linkedin_is_not_left_aside_for_an_owner_without_business_customers():
    assert "linkedin" not in {c.network for c in assess(SALON).plan.skipped}


def test_painter_plan_leaves_business_networks_aside():
    plan = assess(PAINTER).plan
    assert not {"linkedin", "xing"} & {choice.network for choice in plan.networks}
    assert plan.networks[0].network == "facebook"


def test_b2b_supplier_is_sent_to_linkedin_and_xing():
    networks = [choice.network for choice in assess(B2B_ON_LINKEDIN).plan.networks]
    assert networks == ["linkedin", "xing"]


def test_village_salon_is_not_told_go_even_when_ready():
    verdict = assess(VILLAGE_SALON_OLDER)
    assert all(test.outcome != "failed" for test in verdict.tests)
    assert verdict.headline == "not_now"


def test_readiness_tests_each_passed_partial_or_failed():
    outcomes = {t.test: t.outcome for t in assess(WANTS_SALES_NEXT_MONTH).tests}
    assert outcomes == {"goal": "passed", "horizon": "failed", "effort": "partial"}
    effort = next(t for t in assess(ONLINE_SELLER_NOT_READY).tests if t.test == "effort")
    assert effort.outcome == "failed"
    assert "untrained_apprentice" in {f.code for f in effort.findings}


def exactly(value, expected: Fraction) -> bool:
    """Equal to the exact value, to far below a cent (decimals carry 28 significant digits)."""
    return abs(Fraction(value) - expected) < Fraction(1, 10**20)


def test_costs_and_break_even_are_exact():
    costs = assess(BUTCHER).costs
    # 4 h a week at 35 EUR over 52/12 weeks a month, plus 50 EUR of tools.
    total = Fraction(4 * 35 * 52, 12) + 50
    assert exactly(costs.total_per_month, total)
    assert exactly(costs.time_per_month, Fraction(4 * 35 * 52, 12)) and costs.tools_per_month == 50
    assert exactly(costs.customers_to_break_even, total / 600)
    assert costs.leads_to_break_even == 4  # the 2 whole customers shown, at 50 %
    assert exactly(costs.invested_by_month_nine, total * 9)


def test_a_stored_verdict_reads_back_with_the_same_exact_amounts():
    verdict = assess(BUTCHER)
    stored = json.loads(json.dumps(verdict.to_dict()))
    assert Verdict.from_dict(stored) == verdict


def test_skipped_hourly_cost_uses_the_default_and_says_so():
    costs = assess({**BUTCHER, "hourly_cost": None}).costs
    assert costs.hourly_cost == 45 and costs.hourly_cost_assumed


def test_weekly_plan_fits_the_hours_given():
    for answers in (BUTCHER, SALON, PAINTER, PET_SELLER):
        plan = assess(answers).plan
        assert 0 < plan.minutes_per_week <= answers["hours_plan"] * 60
        assert any(slot.content == "replies" for slot in plan.week)


def test_kpis_always_reach_beyond_counting_fans():
    kpis = assess({**BUTCHER, "kpis": ["followers"]}).kpis
    assert {k.family for k in kpis} & {"engagement", "conversion", "sales"}


def test_ideas_are_not_repeated_across_success_factors():
    ideas = [idea for factor in assess(BUTCHER).plan.factors for idea in factor.ideas]
    assert len(ideas) == len(set(ideas))


def test_a_not_ready_verdict_stored_by_earlier_rules_has_its_failed_points_to_fix(specs):
    """Before rules 1.4 no points were stored: the four-week check still asks about the failed test's points."""
    stored = assess(WANTS_SALES_NEXT_MONTH).to_dict()
    del stored["to_fix_first"], stored["change_first"]
    stored["version"] = "1.3"
    verdict = Verdict.from_dict(stored)
    assert [point.code for point in verdict.to_fix_first] == ["expects_quick_results", "revenue_gap"]
    with use_locale("fr"):
        message = follow_up_message(verdict)
        assert f"• {reason_text(verdict.to_fix_first[0])}" in message


def test_verdict_round_trips_through_json_with_its_version():
    verdict = assess(PAINTER)
    stored = json.loads(json.dumps(verdict.to_dict()))
    assert Verdict.from_dict(stored) == verdict
    assert stored["version"] == ADVISOR_VERSION


def break_even_exactly(answers) -> tuple[int, int] | None:
    """Whole new customers a month (ceiling), or one every N months (nearest), worked out independently."""
    hours = Fraction(str(answers.get("hours_plan") or 0))
    now = Fraction(str(answers.get("hours_now") or 0))
    if now >= 3 and answers.get("results_now") in ("likes", "nothing", "unknown"):
        hours = min(hours, Fraction(int(now), 2) if now == int(now) else Fraction(int(now * 2) // 2, 2))
    rate = Fraction(str(answers.get("hourly_cost") or 45))
    total = hours * rate * 52 / 12 + Fraction(str(answers.get("tools_budget") or 0))
    value = Fraction(str(answers.get("customer_value") or 0))
    if not value or not total:
        return None
    customers = total / value
    return -(-customers.numerator // customers.denominator), int(value / total + Fraction(1, 2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_owner_gets_an_outcome_that_agrees_with_its_headline(specs, data):
    spec = specs["assessment"]
    answers = data.draw(owners(spec))
    verdict = assess(answers)
    assert verdict.headline in HEADLINES
    assert verdict.headline != "go" or all(t.outcome != "failed" for t in verdict.tests)
    assert Verdict.from_dict(json.loads(json.dumps(verdict.to_dict()))) == verdict
    if verdict.headline == "not_now":
        assert verdict.plan is None and verdict.costs is None and not verdict.kpis and not verdict.tests
        assert verdict.follow_up.kind == "reassess"
    else:
        plan, costs = verdict.plan, verdict.costs
        assert len(plan.networks) <= 2 and plan.minutes_per_week <= (answers.get("hours_plan") or 0) * 60
        recommended = {c.network for c in plan.networks}
        assert {slot.network for slot in plan.week} <= recommended, "the week uses the recommended networks"
        assert not recommended & {c.network for c in plan.skipped}
        slot = answers.get("timeslot") or "morning"
        for idea in (idea for factor in plan.factors for idea in factor.ideas):
            for by_slot in TIMED_IDEAS.values():
                assert idea not in by_slot.values() or idea == by_slot[slot], (idea, slot)
        expected = break_even_exactly(answers)
        if expected is not None and costs.customers_to_break_even is not None:
            customers, every = expected
            assert whole(costs.customers_to_break_even) == customers
            assert months_per_customer(costs) == max(1, every)
        assert verdict.follow_up.kind == ("readiness" if verdict.headline == "not_ready" else "checkins")
    findings = {f.code for t in verdict.tests for f in t.findings}
    assert not findings & {r.code for r in verdict.reasons}, "a failed point is not said twice"
    for language in ("fr", "de"):
        with use_locale(language):
            summary, *details = verdict_messages(verdict, spec, answers)
            text = "\n".join(details)
            lines = [line.strip() for line in text.splitlines() if line.strip().startswith(("•", "–", "👍", "✋"))]
            repeated = {line for line in lines if lines.count(line) > 1}
            assert not repeated, repeated
            change = ["change"] if verdict.change_first else []  # what to change first comes before "Why"
            why = details[len(change)]
            for reason in verdict.reasons[:3]:  # the summary's main reasons are the first under "Why"
                assert f"• {reason_text(reason)}" in summary and f"• {reason_text(reason)}" in why
            if verdict.headline == "not_now":
                assert [section.key for section in verdict_sections(verdict, spec, answers)] == \
                    ["summary", *change, "why", "instead"]
                for title in ("Your plan in four steps", "Time and money", "Figures to follow:",
                              "The three readiness tests:"):
                    assert _(title) not in text
