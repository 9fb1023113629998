"""The method's own cases: the archetypes of docs/method.md §4 and the edge cases of §10."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from cases import (
    B2B_ON_LINKEDIN,
    BUSY_WITHOUT_RESULTS,
    BUTCHER,
    NO_TIME,
    NO_WEBSITE,
    ONLINE_SELLER_NOT_READY,
    PAINTER,
    PET_SELLER,
    SALON,
    VILLAGE_SALON_OLDER,
    WANTS_SALES_NEXT_MONTH,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.advisor import ADVISOR_VERSION, Verdict, assess
from bot.advisor.model import HEADLINES
from bot.engine.dialogue import Dialogue
from bot.i18n import _, use_locale
from bot.render import verdict_texts as texts
from bot.render.verdict import reason_text, verdict_messages

CASES = {
    "butcher": (BUTCHER, "go", {"local_regulars", "meta_products"}),
    "salon": (SALON, "go", {"young_clients", "local_regulars", "booking_link"}),
    "painter": (PAINTER, "partial", {"scope_private_only", "partners_know_you"}),
    "pet_seller": (PET_SELLER, "mandatory", {"online_seller", "busy_without_results"}),
    "village_salon_older_clients": (VILLAGE_SALON_OLDER, "not_now", {"village_older_clients"}),
    "wants_sales_next_month": (WANTS_SALES_NEXT_MONTH, "not_ready", {"revenue_gap", "expects_quick_results"}),
    "no_time_at_all": (NO_TIME, "not_now", {"no_time_at_all"}),
    "b2b_buyers_on_linkedin": (B2B_ON_LINKEDIN, "partial", {"scope_business_networks",
                                                            "buyers_on_business_networks"}),
    "no_website": (NO_WEBSITE, "go", {"no_website"}),
    "online_seller_not_ready": (ONLINE_SELLER_NOT_READY, "mandatory", {"online_seller", "fix_readiness_first"}),
    "busy_without_results": (BUSY_WITHOUT_RESULTS, "go", {"busy_without_results", "not_listening"}),
    "older_clients_in_town": ({**SALON, "customer_age": "older"}, "partial", {"scope_older_clients"}),
}


@pytest.mark.parametrize("language", ["fr", "de"])
@pytest.mark.parametrize("case", CASES)
def test_the_method_s_cases(case, language, specs):
    answers, expected_headline, expected_reasons = CASES[case]
    verdict = assess(answers)
    assert verdict.headline == expected_headline
    assert expected_reasons <= {reason.code for reason in verdict.reasons}
    with use_locale(language):
        text = "\n".join(verdict_messages(verdict, specs["assessment"], answers))
        title = _(texts.HEADLINES[expected_headline])
        assert title in text and title != texts.HEADLINES[expected_headline]
        for reason in verdict.reasons:
            if reason.code in expected_reasons:
                sentence = reason_text(reason)
                assert sentence in text and sentence != texts.REASONS[reason.code]


def test_every_reason_names_the_answers_behind_it():
    for answers, _headline, _reasons in CASES.values():
        verdict = assess(answers)
        for reason in list(verdict.reasons) + [f for t in verdict.tests for f in t.findings]:
            assert reason.answers, reason.code
            assert all(question in answers for question in reason.answers), reason


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
    assert exactly(costs.leads_to_break_even, total / 600 / Fraction(1, 2))
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


def test_verdict_round_trips_through_json_with_its_version():
    verdict = assess(PAINTER)
    stored = json.loads(json.dumps(verdict.to_dict()))
    assert Verdict.from_dict(stored) == verdict
    assert stored["version"] == ADVISOR_VERSION


@st.composite
def owners(draw, spec):
    """Any answers an owner can give: a random walk through the assessment's branches."""
    dialogue = Dialogue(spec)
    answers, state = {}, spec.start
    while not spec.questions[state].is_end:
        question = spec.questions[state]
        options = [o.id for o in question.visible_options(answers)]
        if question.optional and draw(st.booleans()) and draw(st.booleans()):
            value = None
        elif question.kind == "choice":
            value = draw(st.sampled_from(options))
        elif question.kind == "multi":
            exclusive = {o.id for o in question.options if o.exclusive}
            plain = [o for o in options if o not in exclusive]
            most = min(len(plain), question.max_choices or len(plain))
            value = draw(st.lists(st.sampled_from(plain), min_size=1, max_size=most, unique=True))
        elif question.kind == "number":
            value = draw(st.integers(int(question.min), int(min(question.max, 10**7))))
        else:
            value = draw(st.text(min_size=1, max_size=question.max_length).filter(str.strip))
        answers[state] = value
        state = dialogue.route(state, answers)
    return answers


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_owner_gets_a_complete_verdict_in_both_languages(specs, data):
    spec = specs["assessment"]
    answers = data.draw(owners(spec))
    verdict = assess(answers)
    assert verdict.headline in HEADLINES
    assert verdict.headline != "go" or all(t.outcome != "failed" for t in verdict.tests)
    assert len(verdict.plan.networks) <= 2
    assert verdict.plan.minutes_per_week <= (answers.get("hours_plan") or 0) * 60
    for language in ("fr", "de"):
        with use_locale(language):
            assert all(verdict_messages(verdict, spec, answers))
