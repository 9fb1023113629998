"""The three readiness tests of the method (docs/method.md §5), and how much their open points weigh (§3).

Each test is passed, partly passed or failed; every finding names the answers
behind it and stands for something the owner can do to pass. The method wants
all three passed before anything is spent; a few small points, each a decision
or an evening's work, can be fixed along the way instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.advisor.model import Reason, TestResult

# Hours a week a posting rhythm needs, content search and replies included.
HOURS_NEEDED = {"daily": 4, "few_weekly": 2, "weekly": 1, "less": 0.5}
# Partly passed points that can be fixed along the way: a number put on a target, the value of a customer
# worked out, a fixed slot, fewer posts, a way of answering criticism, rules for the team. The others (a
# three-month horizon, business use known only from private use) decide whether the money is lost, so
# they are fixed before anything is spent.
ALONG_THE_WAY = frozenset({"rough_target", "no_target", "no_customer_value", "stamina_unsure", "too_little_time",
                           "criticism_delete", "criticism_unsure", "criticism_private", "no_staff_policy"})
# More open points than this leave too many holes at once: fixed first, not along the way.
ALONG_THE_WAY_AT_MOST = 2


def _result(test: str, failed: list[Reason], partial: list[Reason]) -> TestResult:
    outcome = "failed" if failed else "partial" if partial else "passed"
    return TestResult(test, outcome, tuple(failed + partial))


def clear_goal(a: Mapping[str, Any]) -> TestResult:
    failed: list[Reason] = []
    partial: list[Reason] = []
    if a.get("goal") == "unsure":
        failed.append(Reason("goal_unclear", ("goal",)))
    if a.get("target") == "none":
        (failed if a.get("customer_value") is None else partial).append(Reason("no_target", ("target",)))
    elif a.get("target") == "rough":
        partial.append(Reason("rough_target", ("target",)))
    if a.get("customer_value") is None:
        partial.append(Reason("no_customer_value", ("customer_value",)))
    return _result("goal", failed, partial)


def long_term(a: Mapping[str, Any]) -> TestResult:
    failed, partial = [], []
    if a.get("horizon") == "weeks":
        failed.append(Reason("expects_quick_results", ("horizon",)))
    elif a.get("horizon") == "quarter":
        partial.append(Reason("horizon_short", ("horizon",)))
    if a.get("revenue_gap") == "yes":
        failed.append(Reason("revenue_gap", ("revenue_gap",)))
    if a.get("stamina") == "no":
        failed.append(Reason("cannot_keep_up", ("stamina",)))
    elif a.get("stamina") == "unsure":
        partial.append(Reason("stamina_unsure", ("stamina",)))
    return _result("horizon", failed, partial)


def respects_effort(a: Mapping[str, Any]) -> TestResult:
    failed, partial = [], []
    who, skills = a.get("who"), a.get("skills")
    hours = a.get("hours_plan") or 0
    if who == "nobody":
        failed.append(Reason("nobody_to_do_it", ("who",)))
    if hours == 0:
        failed.append(Reason("no_time", ("hours_plan",)))
    if who == "apprentice" and skills != "trained":
        failed.append(Reason("untrained_apprentice", ("who", "skills")))
    elif who != "agency" and skills == "none":
        failed.append(Reason("no_skills", ("skills",)))
    elif who != "agency" and skills == "private":
        partial.append(Reason("private_skills_only", ("skills",)))
    needed = HOURS_NEEDED.get(a.get("frequency") or "", 1)
    if 0 < hours < needed:
        partial.append(Reason("too_little_time", ("hours_plan", "frequency"),
                              {"hours": hours, "needed": needed}))
    criticism = a.get("criticism")
    if criticism in ("delete", "unsure", "private"):
        partial.append(Reason(f"criticism_{criticism}", ("criticism",)))
    if (a.get("staff") or 1) >= 2 and a.get("staff_policy") == "no":
        partial.append(Reason("no_staff_policy", ("staff_policy",)))
    return _result("effort", failed, partial)


def readiness(a: Mapping[str, Any]) -> tuple[TestResult, ...]:
    return clear_goal(a), long_term(a), respects_effort(a)


def _rests_on(points: list[Reason]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(answer for point in points for answer in point.answers))


def _tests(tests: tuple[TestResult, ...], points: list[Reason]) -> dict[str, list[str]]:
    return {"tests": [test.test for test in tests if any(point in test.findings for point in points)]}


def holding_back(tests: tuple[TestResult, ...], busy_without_results: bool) -> tuple[Reason, ...]:
    """Why the owner should fix the tests' open points before spending anything; none when they may start.

    Each cause is enough on its own: a failed test, a partly passed point that cannot wait, more small
    points than can be fixed along the way, or any open point while hours are already spent without
    results (more hours would be lost the same way).
    """
    failed = [point for test in tests if test.outcome == "failed" for point in test.findings]
    partial = [point for test in tests if test.outcome == "partial" for point in test.findings]
    cannot_wait = [point for point in partial if point.code not in ALONG_THE_WAY]
    along = [point for point in partial if point.code in ALONG_THE_WAY]
    causes = []
    if busy_without_results and (failed or partial):
        causes.append(Reason("busy_open_points", ("hours_now", "results_now")))
    if failed:
        causes.append(Reason("tests_not_passed", _rests_on(failed), _tests(tests, failed)))
    if cannot_wait:
        causes.append(Reason("points_before_start", _rests_on(cannot_wait), _tests(tests, cannot_wait)))
    if len(along) > ALONG_THE_WAY_AT_MOST:
        causes.append(Reason("too_many_open_points", _rests_on(along), {"count": len(along)}))
    return tuple(causes)


def open_points(tests: tuple[TestResult, ...]) -> tuple[Reason, ...]:
    """Every point the tests found, those of failed tests first, then those that cannot wait."""
    def weight(point: Reason) -> int:
        failed = any(point in test.findings for test in tests if test.outcome == "failed")
        return 0 if failed else 2 if point.code in ALONG_THE_WAY else 1

    return tuple(sorted((point for test in tests for point in test.findings), key=weight))
