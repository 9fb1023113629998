"""Hours already spent without results (docs/method.md §10): say so first, and plan fewer hours.

An owner who spends hours on social networks today and sees nothing come of
it must not be handed a plan that keeps all those hours: the plan starts
below today's time, on the one network that can work, and the first
check-ins show what each enquiry costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from bot.advisor.model import Reason

BUSY_HOURS = 3  # hours a week: below this, little is lost while the owner finds their way
NO_RESULTS = ("likes", "nothing", "unknown")  # what today's hours bring, as the owner said


def _hours(value: Any) -> Decimal:
    return Decimal(str(value)) if value else Decimal(0)


def busy_without_results(a: Mapping[str, Any]) -> bool:
    """Hours a week on social networks today, and no enquiry or customer to show for them."""
    return _hours(a.get("hours_now")) >= BUSY_HOURS and a.get("results_now") in NO_RESULTS


def change_first(a: Mapping[str, Any], worth_it: bool) -> Reason:
    """What to change before anything else: measure, listen, post for the customers; or, when social media
    is not worth it, stop. An owner who does not know what the hours bring is told so, not that they bring
    nothing."""
    code = {"unknown": "busy_unmeasured", "likes": "busy_likes_only"}.get(a.get("results_now") or "",
                                                                          "busy_without_results")
    if not worth_it:
        code = {"busy_unmeasured": "busy_unmeasured_stop", "busy_likes_only": "busy_likes_stop"}.get(code, "busy_stop")
    return Reason(code, ("hours_now", "results_now"), {"hours": a["hours_now"]})


def planned_hours(a: Mapping[str, Any]) -> Decimal:
    """The hours a week the plan counts: what the owner offered, or, busy without results,
    no more than half of today's hours (to the half hour below)."""
    offered = _hours(a.get("hours_plan"))
    if not busy_without_results(a):
        return offered
    half = (_hours(a.get("hours_now")) / 2 * 2).to_integral_value(rounding=ROUND_FLOOR) / 2
    return min(offered, half)
