"""The headline: fit and readiness weighed together, in the order the method does.

1. An online seller has no choice: social media is mandatory (fix readiness first).
2. An owner with no time at all should spend it elsewhere: not now.
3. Where the customers cannot be reached this way: not now.
4. Where it fits but a readiness test fails: worth it, not ready yet.
5. Where only part of the business fits: only for that part.
6. Otherwise: go.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.advisor.fit import assess_fit, observations
from bot.advisor.kpis import choose_kpis
from bot.advisor.model import ADVISOR_VERSION, Reason, Verdict
from bot.advisor.money import costs
from bot.advisor.plan import build_plan
from bot.advisor.readiness import readiness

POSTING_ADVICE = {"meta_products", "booking_link"}
# A partial fit says which part of the business (or which customers) it is worth it for.
SCOPE_REASONS = {"private_only": "scope_private_only", "business_networks": "scope_business_networks",
                 "all": "scope_older_clients"}


def assess(answers: Mapping[str, Any]) -> Verdict:
    """The verdict for one owner's answers (question id -> stored value)."""
    fit = assess_fit(answers)
    tests = readiness(answers)
    failed = [test for test in tests if test.outcome == "failed"]
    no_time = not answers.get("hours_plan") and answers.get("who") in ("owner", "nobody")
    if fit.level == "mandatory":
        headline = "mandatory"
        reasons = [*fit.reasons]
        if failed:
            reasons.append(Reason("fix_readiness_first", tuple(a for t in failed for f in t.findings
                                                               for a in f.answers)))
    elif no_time:
        headline, reasons = "not_now", [Reason("no_time_at_all", ("hours_plan", "who"))]
    elif fit.level == "weak":
        headline, reasons = "not_now", [*fit.reasons]
    elif failed:
        headline = "not_ready"
        reasons = [*fit.reasons, *(finding for test in failed for finding in test.findings
                                   if test.outcome == "failed")]
    elif fit.level == "partial":
        scope = SCOPE_REASONS[fit.scope]
        headline, reasons = "partial", [Reason(scope, ("customer_age",) if fit.scope == "all"
                                               else ("private_share",)), *fit.reasons]
    else:
        headline, reasons = "go", [*fit.reasons]
    found = observations(answers)
    if headline == "not_now":
        # Advice on how to post would contradict the headline.
        found = [reason for reason in found if reason.code not in POSTING_ADVICE]
    reasons += found
    cost = costs(answers)
    return Verdict(
        version=ADVISOR_VERSION, headline=headline, reasons=tuple(reasons), fit=fit, tests=tests,
        plan=build_plan(answers, fit.scope), costs=cost, kpis=choose_kpis(answers, cost),
        checkins=answers.get("checkins") or "no",
    )
