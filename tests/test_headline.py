"""The headline against the method, over the whole answer space.

`method` below is written from docs/method.md (§3 the headline, §4 fit, §5 the
tests, §10 busy without results), not from the advisor's code, and calls none
of its functions: it is the oracle the advisor's `assess` must agree with, for
every complete set of answers an owner can give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from cases import BRASSERIE, BUTCHER, SALON
from hypothesis import HealthCheck, given, settings
from owners import owners

from bot.advisor import assess
from bot.i18n.markets import currency_of
from bot.paths import dialogs_dir
from bot.spec import load_specs

# ---------------------------------------------------------------- §5: what each answer opens in the tests
HOURS_FOR_RHYTHM = {"daily": 4, "few_weekly": 2, "weekly": 1, "less": 0.5}
# §3: points that can be fixed along the way; every other partly passed point is fixed before anything is spent.
ALONG_THE_WAY = {"rough_target", "no_target", "no_customer_value", "stamina_unsure", "too_little_time",
                 "criticism_delete", "criticism_unsure", "criticism_private", "no_staff_policy"}
SMALL_POINTS_ALLOWED = 2


def points_of_tests(a: dict[str, Any]) -> dict[str, tuple[list[str], list[str]]]:
    """For each test, the points that fail it and those that make it partly passed (§5)."""
    value_known = a.get("customer_value") is not None
    goal: tuple[list[str], list[str]] = ([], [])
    if a.get("goal") == "unsure":
        goal[0].append("goal_unclear")
    if a.get("target") == "none":
        (goal[1] if value_known else goal[0]).append("no_target")
    if a.get("target") == "rough":
        goal[1].append("rough_target")
    if not value_known:
        goal[1].append("no_customer_value")
    horizon: tuple[list[str], list[str]] = ([], [])
    fails = {("horizon", "weeks"): "expects_quick_results", ("revenue_gap", "yes"): "revenue_gap",
             ("stamina", "no"): "cannot_keep_up"}
    partly = {("horizon", "quarter"): "horizon_short", ("stamina", "unsure"): "stamina_unsure"}
    for (question, answer), point in fails.items():
        if a.get(question) == answer:
            horizon[0].append(point)
    for (question, answer), point in partly.items():
        if a.get(question) == answer:
            horizon[1].append(point)
    effort: tuple[list[str], list[str]] = ([], [])
    who, skills, hours = a.get("who"), a.get("skills"), a.get("hours_plan") or 0
    if who == "nobody":
        effort[0].append("nobody_to_do_it")
    if not hours:
        effort[0].append("no_time")
    if who == "apprentice" and skills != "trained":
        effort[0].append("untrained_apprentice")
    elif who != "agency" and skills == "none":
        effort[0].append("no_skills")
    elif who != "agency" and skills == "private":
        effort[1].append("private_skills_only")
    if 0 < hours < HOURS_FOR_RHYTHM.get(a.get("frequency") or "", 1):
        effort[1].append("too_little_time")
    if a.get("criticism") in ("delete", "unsure", "private"):
        effort[1].append(f"criticism_{a['criticism']}")
    if (a.get("staff") or 1) >= 2 and a.get("staff_policy") == "no":
        effort[1].append("no_staff_policy")
    return {"goal": goal, "horizon": horizon, "effort": effort}


# ---------------------------------------------------------------- §4: fit
def private_side(a: dict[str, Any]) -> tuple[str, set[str]]:
    age, place = a.get("customer_age"), a.get("locality")
    if age == "older":
        return ("weak", {"village_older_clients"}) if place == "village" else ("moderate", {"older_clients"})
    regulars = {"local_regulars"} if a.get("sector") in ("food", "beauty", "hospitality") \
        and place in ("town", "city") else set()
    return ("strong", {"young_clients"} | regulars) if age == "young" else ("good", {"mixed_ages"} | regulars)


def business_side(a: dict[str, Any]) -> tuple[str, set[str]]:
    where = set(a.get("buyers_where") or ())
    if a.get("b2b_customers") == "few_known":
        return "none", {"partners_know_you"}
    if where & {"linkedin", "xing"}:
        return "networks", {"buyers_on_business_networks"}
    return "weak", {"buyers_unknown"} if "unknown" in where else {"buyers_offline"}


def fit(a: dict[str, Any]) -> tuple[str, str, set[str]]:
    """Level (strong, partial, weak, mandatory), scope and the reasons of §4."""
    if a.get("sector") == "online_shop":
        return "mandatory", "all", {"online_seller"}
    share = a.get("private_share", 100)
    level_of = {"strong": "strong", "good": "strong", "moderate": "partial", "weak": "weak"}
    if share >= 80:
        private, why = private_side(a)
        return level_of[private], "all", why
    business, business_why = business_side(a)
    if share < 20:
        return ("partial", "business_networks", business_why) if business == "networks" else \
            ("weak", "none", business_why)
    private, why = private_side(a)
    why |= business_why
    if private != "weak" and business == "networks":
        return level_of[private], "all", why
    if private != "weak":
        return "partial", "private_only", why
    return ("partial", "business_networks", why) if business == "networks" else ("weak", "none", why)


# ---------------------------------------------------------------- §3: the headline
@dataclass
class Owner:
    """What §3 weighs, read off the answers."""

    fit: str
    scope: str
    fit_reasons: set[str]
    no_time: bool
    busy: bool
    failed: bool
    cannot_wait: bool
    small: int
    open: bool
    points: set[str] = field(default_factory=set)


def read(a: dict[str, Any]) -> Owner:
    level, scope, reasons = fit(a)
    tests = points_of_tests(a)
    partial_points = [point for failing, partly in tests.values() if not failing for point in partly]
    return Owner(
        fit=level, scope=scope, fit_reasons=reasons,
        no_time="hours_plan" in a and not a["hours_plan"] and a.get("who") in ("owner", "nobody"),
        busy=(a.get("hours_now") or 0) >= 3 and a.get("results_now") in ("likes", "nothing", "unknown"),
        failed=any(failing for failing, _partly in tests.values()),
        cannot_wait=any(point not in ALONG_THE_WAY for point in partial_points),
        small=sum(point in ALONG_THE_WAY for point in partial_points),
        open=any(failing or partly for failing, partly in tests.values()),
        points={point for failing, partly in tests.values() for point in failing + partly},
    )


def held_back(o: Owner) -> bool:
    return o.failed or o.cannot_wait or o.small > SMALL_POINTS_ALLOWED or (o.busy and o.open)


# The decision table of docs/method.md §3: the first row whose condition holds gives the headline.
HEADLINES = (
    ("an online shop", lambda o: o.fit == "mandatory", "mandatory"),
    ("no hours, and the owner or nobody would do it", lambda o: o.no_time, "not_now"),
    ("a weak fit", lambda o: o.fit == "weak", "not_now"),
    ("a test failed", lambda o: o.failed, "not_ready"),
    ("a partly passed point that cannot wait", lambda o: o.cannot_wait, "not_ready"),
    ("more small points than can be fixed along the way", lambda o: o.small > SMALL_POINTS_ALLOWED, "not_ready"),
    ("busy without results, and a test not fully passed", lambda o: o.busy and o.open, "not_ready"),
    ("a partial fit", lambda o: o.fit == "partial", "partial"),
    ("otherwise", lambda o: True, "go"),
)
SCOPE_REASONS = {"private_only": "scope_private_only", "business_networks": "scope_business_networks",
                 "all": "scope_older_clients"}


def method(a: dict[str, Any]) -> tuple[str, set[str]]:
    """The headline of §3 and the reasons that decided it, each cause that holds."""
    o = read(a)
    headline = next(headline for _rule, holds, headline in HEADLINES if holds(o))
    if headline == "mandatory":
        return headline, o.fit_reasons | ({"fix_readiness_first"} if held_back(o) else set())
    if headline == "not_now":
        return headline, {"no_time_at_all"} if o.no_time else o.fit_reasons
    if headline == "not_ready":
        causes = {"busy_open_points": o.busy and o.open, "tests_not_passed": o.failed,
                  "points_before_start": o.cannot_wait, "too_many_open_points": o.small > SMALL_POINTS_ALLOWED}
        return headline, o.fit_reasons | {cause for cause, holds in causes.items() if holds}
    if headline == "partial":  # the part for customers over 50 says where they are: their own reason goes
        return headline, o.fit_reasons - ({"older_clients"} if o.scope == "all" else set()) | {SCOPE_REASONS[o.scope]}
    return headline, o.fit_reasons


def agrees_with_the_method(answers: dict[str, Any]) -> None:
    verdict = assess(answers, currency_of(answers.get("country") or "DE"))  # amounts in the country's currency
    headline, deciding = method(answers)
    o = read(answers)
    assert verdict.headline == headline
    assert {reason.code for reason in verdict.reasons} == deciding, "every reason shown decided the headline"
    told = {"unknown": "busy_unmeasured", "likes": "busy_likes_only"}.get(answers.get("results_now") or "",
                                                                         "busy_without_results")
    stop = {"busy_unmeasured": "busy_unmeasured_stop", "busy_likes_only": "busy_likes_stop"}.get(told, "busy_stop")
    assert {reason.code for reason in verdict.change_first} == (
        ({told} if headline != "not_now" else {stop}) if o.busy else set())
    if headline == "not_now":
        assert verdict.plan is None and verdict.costs is None and not verdict.kpis and not verdict.tests
        assert verdict.follow_up.kind == "reassess" and not verdict.to_fix_first
        return
    assert {point.code for point in verdict.to_fix_first} == (o.points if held_back(o) else set())
    outcomes = {test.outcome for test in verdict.tests}
    if headline in ("go", "partial") or (headline == "mandatory" and not held_back(o)):
        assert "failed" not in outcomes, "no green light with a failed test"
        small = [f.code for t in verdict.tests if t.outcome == "partial" for f in t.findings]
        assert len(small) <= SMALL_POINTS_ALLOWED and set(small) <= ALONG_THE_WAY
        assert not (o.busy and small), "no green light while hours bring nothing and a point is open"
    if headline == "not_ready":
        assert verdict.follow_up.kind == "readiness" and verdict.to_fix_first and verdict.plan is not None
    else:
        assert verdict.follow_up.kind == "checkins"


ASSESSMENT = load_specs(dialogs_dir())["assessment"]


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=owners(ASSESSMENT))
def test_any_owner_gets_the_headline_of_the_method(answers):
    agrees_with_the_method(answers)


# ---------------------------------------------------------------- each row of the table, by a named owner
READY = {**BUTCHER}  # every test passed
ROWS = {
    "an online shop, not ready": ({**READY, "sector": "online_shop", "skills": "private"}, "mandatory",
                                  {"online_seller", "fix_readiness_first"}),
    "no hours at all": ({**READY, "who": "owner", "hours_plan": 0}, "not_now", {"no_time_at_all"}),
    "older villagers": ({**READY, "customer_age": "older", "locality": "village"}, "not_now",
                        {"village_older_clients"}),
    "buyers nobody knows about": ({**READY, "private_share": 0, "b2b_customers": "many_new",
                                   "buyers_where": ["unknown"]}, "not_now", {"buyers_unknown"}),
    "a failed test": ({**READY, "horizon": "weeks"}, "not_ready", {"mixed_ages", "local_regulars", "tests_not_passed"}),
    "a three-month horizon": ({**READY, "horizon": "quarter"}, "not_ready",
                              {"mixed_ages", "local_regulars", "points_before_start"}),
    "private experience only": ({**READY, "skills": "private"}, "not_ready",
                                {"mixed_ages", "local_regulars", "points_before_start"}),
    "three small points": ({**READY, "target": "rough", "stamina": "unsure", "criticism": "private"}, "not_ready",
                           {"mixed_ages", "local_regulars", "too_many_open_points"}),
    "busy without results, one small point": ({**READY, "hours_now": 5, "results_now": "likes", "target": "rough"},
                                              "not_ready", {"mixed_ages", "local_regulars", "busy_open_points"}),
    "two small points": ({**READY, "target": "rough", "criticism": "private"}, "go", {"mixed_ages", "local_regulars"}),
    "busy without results, every test passed": ({**READY, "hours_now": 5, "results_now": "unknown"}, "go",
                                                {"mixed_ages", "local_regulars"}),
    "older clients in town, two small points": ({**SALON, "customer_age": "older", "target": "rough"}, "partial",
                                                {"scope_older_clients"}),
    "every test passed": (READY, "go", {"mixed_ages", "local_regulars"}),
}


@pytest.mark.parametrize("row", ROWS)
def test_each_row_of_the_decision_table(row):
    answers, headline, reasons = ROWS[row]
    assert method(answers) == (headline, reasons), "the table reads the method as intended"
    agrees_with_the_method(answers)


def test_the_brasserie_busy_without_results_with_every_test_partly_passed_is_not_ready():
    """Issue 30: a green light with no test passed. Hours without results, a three-month horizon and private
    experience each hold her back, and six small points are too many besides."""
    verdict = assess(BRASSERIE)
    assert verdict.headline == "not_ready"
    assert {test.outcome for test in verdict.tests} == {"partial"}
    assert [reason.code for reason in verdict.reasons][:3] == \
        ["busy_open_points", "points_before_start", "too_many_open_points"]
    assert [reason.code for reason in verdict.change_first] == ["busy_without_results"]
    assert [point.code for point in verdict.to_fix_first][:2] == ["horizon_short", "private_skills_only"]
    assert verdict.plan is not None and verdict.follow_up.kind == "readiness"
    agrees_with_the_method(BRASSERIE)
