"""Time and money: what the plan costs a month and what breaks even (docs/method.md §7)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.advisor.model import Costs

DEFAULT_HOURLY_COST = 45.0  # euros, used when the owner skips the question
DEFAULT_CONVERSION = 25.0  # per cent of enquiries that become customers
WEEKS_PER_MONTH = 52 / 12


def costs(a: Mapping[str, Any]) -> Costs:
    hours = float(a.get("hours_plan") or 0)
    hourly = a.get("hourly_cost")
    hourly_cost = float(hourly) if hourly else DEFAULT_HOURLY_COST
    tools = float(a.get("tools_budget") or 0)
    time_cost = hours * hourly_cost * WEEKS_PER_MONTH
    total = time_cost + tools
    value = a.get("customer_value")
    conversion = a.get("conversion")
    rate = float(conversion) if conversion else DEFAULT_CONVERSION
    customers = total / value if value else None
    leads = customers / (rate / 100) if customers is not None else None
    return Costs(
        hours_per_week=hours, hourly_cost=hourly_cost, hourly_cost_assumed=not hourly,
        tools_per_month=tools, time_per_month=round(time_cost, 2), total_per_month=round(total, 2),
        hours_now=a.get("hours_now"), customer_value=value, conversion=rate,
        conversion_assumed=not conversion,
        customers_to_break_even=round(customers, 2) if customers is not None else None,
        leads_to_break_even=round(leads, 2) if leads is not None else None,
        invested_by_month_nine=round(total * 9, 2),
    )
