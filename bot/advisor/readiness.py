"""The three readiness tests of the method (docs/method.md §5).

Each test is passed, partly passed or failed; every finding names the answers
behind it and stands for something the owner can do to pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.advisor.model import Reason, TestResult

# Hours a week a posting rhythm needs, content search and replies included.
HOURS_NEEDED = {"daily": 4, "few_weekly": 2, "weekly": 1, "less": 0.5}


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
