"""KPIs for the owner's goal, each with a first target (docs/method.md §8).

Families run from shallow to deep: quantity, visibility, influence,
engagement, conversion, sales. Counting fans alone proves nothing, so every
set reaches at least one family that touches the business.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from bot.advisor.model import Costs, Kpi

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
    codes = list(a.get("kpis") or DEFAULTS_BY_GOAL.get(a.get("goal") or "unsure", DEFAULTS_BY_GOAL["unsure"]))
    if not any(FAMILY[code] in DEEP_FAMILIES for code in codes):
        codes.append("engagement")
    scale = AUDIENCE.get(a.get("locality") or "", 2)
    return tuple(_target(code, scale, costs) for code in codes)


def _target(code: str, scale: int, costs: Costs) -> Kpi:
    customers = math.ceil(costs.customers_to_break_even) if costs.customers_to_break_even else 2
    leads = math.ceil(costs.leads_to_break_even) if costs.leads_to_break_even else 5
    targets = {
        "followers": (20 * scale, "month"),
        "reach": (250 * scale, "week"),
        "reviews": (2 * scale, "month"),
        "engagement": (3, "post"),
        "messages": (3 * scale, "month"),
        "enquiries": (max(2, leads), "month"),
        "bookings": (max(2, customers), "month"),
        "revenue": (math.ceil(costs.total_per_month / 50) * 50, "month"),
        "returning": (5, "half_year"),
    }
    target, per = targets[code]
    return Kpi(code=code, family=FAMILY[code], target=target, per=per)
