"""The headline: fit and readiness weighed together, in the order the method does, and the outcome it governs.

1. An online seller has no choice: social media is mandatory (fix readiness first).
2. An owner with no time at all should spend it elsewhere: not now.
3. Where the customers cannot be reached this way: not now.
4. Where it fits but the readiness tests hold the owner back (a failed test, a partly passed point that
   cannot wait, more than a few small ones, or any open point while hours are spent without results):
   worth it, not ready yet.
5. Where only part of the business fits: only for that part.
6. Otherwise: go.

The headline decides what the owner gets: "not now" gets what to do instead and one offer to look
again, never a plan, costs, KPIs, tests or check-ins; "not ready" gets the points to fix first, the plan
for once they are fixed and one check of exactly those points a few weeks out; the others get the plan
and check-ins at their rhythm. Hours already spent without results never count for going ahead: they
come first, in every headline, as what to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.advisor.effort import busy_without_results, change_first
from bot.advisor.fit import assess_fit, observations
from bot.advisor.kpis import choose_kpis
from bot.advisor.model import ADVISOR_VERSION, Fit, FollowUp, Reason, TestResult, Verdict
from bot.advisor.money import costs
from bot.advisor.plan import build_plan
from bot.advisor.readiness import holding_back, open_points, readiness

POSTING_ADVICE = {"meta_products", "meta_enquiries", "booking_link"}
# A partial fit says which part of the business (or which customers) it is worth it for.
SCOPE_REASONS = {"private_only": "scope_private_only", "business_networks": "scope_business_networks",
                 "all": "scope_older_clients"}
READINESS_CHECK_WEEKS = 4  # long enough to fix a test, short enough not to forget it
LOOK_AGAIN_WEEKS = 26  # six months: customers, staff and time change at that pace
# What to do instead of social media, by the owner's objective for the year.
INSTEAD_BY_OBJECTIVE = {
    "grow": "instead_grow", "new_group": "instead_new_group", "capacity": "instead_capacity",
    "specialist": "instead_specialist", "recruit": "instead_recruit", "keep": "instead_keep",
}
# What would change a "not now", by the reason that decided it.
AGAIN_WHEN = {
    "village_older_clients": "again_younger_clients", "partners_know_you": "again_new_business_customers",
    "buyers_offline": "again_buyers_online", "buyers_unknown": "again_buyers_known", "no_time_at_all": "again_time",
}


def _no_time(answers: Mapping[str, Any]) -> bool:
    return "hours_plan" in answers and not answers["hours_plan"] and answers.get("who") in ("owner", "nobody")


def _headline(answers: Mapping[str, Any], fit: Fit, holding: tuple[Reason, ...]) -> str:
    if fit.level == "mandatory":
        return "mandatory"
    if _no_time(answers) or fit.level == "weak":
        return "not_now"
    if holding:
        return "not_ready"
    return "partial" if fit.level == "partial" else "go"


def outlook(answers: Mapping[str, Any]) -> str:
    """The headline the answers so far lead to: the questionnaire skips what a "not now" would not use.

    Final for "not now" once the profile is known (a weak fit does not get
    better with later answers); the other headlines may still change.
    """
    return _headline(answers, assess_fit(answers), holding_back(readiness(answers), busy_without_results(answers)))


def _reasons(answers: Mapping[str, Any], headline: str, fit: Fit, tests: tuple[TestResult, ...],
             holding: tuple[Reason, ...]) -> list[Reason]:
    """Why: only what decided the headline. A "not now" speaks of the fit or the time alone: its interview
    skipped the tests. The tests' points themselves are under each test, not repeated here."""
    if headline == "not_now":
        return [Reason("no_time_at_all", ("hours_plan", "who"))] if _no_time(answers) else list(fit.reasons)
    if headline == "mandatory":
        first = [Reason("fix_readiness_first", tuple(dict.fromkeys(
            a for point in open_points(tests) for a in point.answers)))] if holding else []
        return [*first, *fit.reasons]
    scope = []
    if headline == "partial":
        scope_rests_on = ("customer_age",) if fit.scope == "all" else ("private_share",)
        scope.append(Reason(SCOPE_REASONS[fit.scope], scope_rests_on))
    # "Only where customers over 50 are" already says where they are: their own reason would say it twice.
    told = {"older_clients"} if fit.scope == "all" and headline == "partial" else set()
    return [*holding, *scope, *(reason for reason in fit.reasons if reason.code not in told)]


def _instead(answers: Mapping[str, Any], fit: Fit) -> tuple[Reason, ...]:
    """What to do instead, for the owner's objective; and for business partners, the direct way."""
    found = [Reason(INSTEAD_BY_OBJECTIVE[answers["objective"]], ("objective",))] \
        if answers.get("objective") in INSTEAD_BY_OBJECTIVE else []
    if any(reason.code == "partners_know_you" for reason in fit.reasons):
        found.append(Reason("instead_partners", ("b2b_customers",)))
    return tuple(found)


def _look_again(reasons: list[Reason]) -> FollowUp:
    because = {AGAIN_WHEN[r.code]: Reason(AGAIN_WHEN[r.code], r.answers) for r in reasons if r.code in AGAIN_WHEN}
    return FollowUp("reassess", after_weeks=LOOK_AGAIN_WEEKS, because=tuple(because.values()))


def assess(answers: Mapping[str, Any], currency: str = "EUR") -> Verdict:
    """The verdict for one owner's answers (question id -> stored value), their amounts in `currency`."""
    fit = assess_fit(answers)
    tests = readiness(answers)
    busy = busy_without_results(answers)
    holding = holding_back(tests, busy)
    headline = _headline(answers, fit, holding)
    reasons = _reasons(answers, headline, fit, tests, holding)
    notes = observations(answers)
    change = (change_first(answers, worth_it=headline != "not_now"),) if busy else ()
    if headline == "not_now":
        # Advice on how to post would contradict the headline.
        notes = [note for note in notes if note.code not in POSTING_ADVICE]
        return Verdict(version=ADVISOR_VERSION, headline=headline, reasons=tuple(reasons), notes=tuple(notes),
                       fit=fit, tests=(), plan=None, costs=None, kpis=(), instead=_instead(answers, fit),
                       follow_up=_look_again(reasons), currency=currency, change_first=change)
    cost = costs(answers, currency)
    follow_up = FollowUp("readiness", after_weeks=READINESS_CHECK_WEEKS) if headline == "not_ready" \
        else FollowUp("checkins", rhythm=answers.get("checkins") or "no")
    return Verdict(
        version=ADVISOR_VERSION, headline=headline, reasons=tuple(reasons), notes=tuple(notes), fit=fit,
        tests=tests, plan=build_plan(answers, fit.scope), costs=cost, kpis=choose_kpis(answers, cost),
        instead=(), follow_up=follow_up, currency=currency, change_first=change,
        to_fix_first=open_points(tests) if holding else (),
    )
