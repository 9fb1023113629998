"""KPIs for the owner's goal, each with a first target (docs/method.md §8).

Families run from shallow to deep: quantity, visibility, influence,
engagement, conversion, sales. Counting fans alone proves nothing, so every
set reaches at least one family that touches the business.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from bot.advisor.effort import busy_without_results
from bot.advisor.model import Costs, Kpi
from bot.advisor.money import whole

FAMILY = {
    "followers": "quantity", "reach": "visibility", "reviews": "influence",
    "engagement": "engagement", "messages": "engagement", "enquiries": "conversion",
    "bookings": "conversion", "revenue": "sales", "returning": "sales",
}
DEFAULTS_BY_GOAL = {
    "awareness": ("followers", "reach", "engagement"),
    "contacts": ("messages", "enquiries", "engagement"),
    "sales": ("enquiries", "revenue", "engagement"),
    "loyalty": ("returning", "engagement", "reviews"),
    "unsure": ("reach", "engagement", "messages"),
}
DEEP_FAMILIES = {"engagement", "conversion", "sales"}
# Audience size by locality: a village butcher cannot aim for a city's numbers.
AUDIENCE = {"village": 1, "town": 2, "city": 4, "region": 5}


def choose_kpis(a: Mapping[str, Any], costs: Costs) -> tuple[Kpi, ...]:
    """The owner's figures (or their goal's), reaching at least one deep family; enquiries always
    for an owner whose hours bring nothing today, so that what each enquiry costs shows from the start."""
    codes = list(a.get("kpis") or DEFAULTS_BY_GOAL.get(a.get("goal") or "unsure", DEFAULTS_BY_GOAL["unsure"]))
    if not any(FAMILY[code] in DEEP_FAMILIES for code in codes):
        codes.append("engagement")
    if busy_without_results(a) and "enquiries" not in codes:
        codes.insert(0, "enquiries")
    scale = AUDIENCE.get(a.get("locality") or "", 2)
    return tuple(_target(code, scale, costs) for code in codes)


def margin_target(costs: Costs) -> Decimal | None:
    """Revenue is not margin: the target is what the new customers that pay for the plan bring,
    at the owner's own value of a customer (None without that value)."""
    customers = whole(costs.customers_to_break_even)
    if costs.customer_value is None or not customers:
        return None
    return customers * costs.customer_value


def _target(code: str, scale: int, costs: Costs) -> Kpi:
    customers = whole(costs.customers_to_break_even) or 2
    leads = whole(costs.leads_to_break_even) or 5
    targets: dict[str, tuple[float | None, str]] = {
        "followers": (20 * scale, "month"),
        "reach": (250 * scale, "week"),
        "reviews": (2 * scale, "month"),
        "engagement": (3, "post"),
        "messages": (3 * scale, "month"),
        "enquiries": (max(2, leads), "month"),
        "bookings": (max(2, customers), "month"),
        "revenue": (_float(margin_target(costs)), "month"),
        "returning": (5, "half_year"),
    }
    target, per = targets[code]
    return Kpi(code=code, family=FAMILY[code], target=target, per=per)


def _float(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount)
