"""Time and money: what the plan costs a month and what breaks even (docs/method.md §7).

Amounts are exact `Decimal`s in the currency the answers were given in, worked out from the answers without any
rounding; only what is shown is rounded. Break-even figures are kept as
exact ratios, so "one new customer every N months" comes from the true
value, not from a rounded one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bot.advisor.effort import planned_hours
from bot.advisor.model import Costs

# What an hour of a small firm's work costs, wages and charges, by currency: assumed (and said so) when the
# owner skips the question. Swiss labour costs run about 40 % above German or French ones; Québec's a
# little below, in Canadian dollars.
DEFAULT_HOURLY_COST = {"EUR": Decimal(45), "CHF": Decimal(65), "CAD": Decimal(55)}
DEFAULT_CONVERSION = Decimal(25)  # per cent of enquiries that become customers, assumed likewise
WEEKS_PER_YEAR, MONTHS_PER_YEAR = 52, 12
JUDGED_AFTER_MONTHS = 9  # the method judges results after six to nine months
# Above this share of annual revenue, the plan costs more than a small firm usually spends on all of
# its marketing (a few per cent of turnover), and social media is only one channel among several.
REVENUE_SHARE_WARNING = Decimal("0.05")


def _amount(value: Any) -> Decimal | None:
    """An answer as an exact amount (a stored float is read through its shortest repr: 1.1 stays 1.1)."""
    return None if value is None else Decimal(str(value))


def costs(a: Mapping[str, Any], currency: str = "EUR") -> Costs:
    """The plan's costs from answers given in `currency`."""
    hours, offered = planned_hours(a), _amount(a.get("hours_plan")) or Decimal(0)
    given_rate = _amount(a.get("hourly_cost"))
    hourly_cost = given_rate if given_rate else DEFAULT_HOURLY_COST[currency]
    tools = _amount(a.get("tools_budget")) or Decimal(0)
    time_cost = hours * hourly_cost * WEEKS_PER_YEAR / MONTHS_PER_YEAR  # divided last: 1 h at 45 € is 195 €
    total = time_cost + tools
    value = _amount(a.get("customer_value")) or None  # a margin of 0 cannot pay for anything
    given_conversion = _amount(a.get("conversion"))
    conversion = DEFAULT_CONVERSION if given_conversion is None else given_conversion
    customers = total / value if value else None
    # The enquiries that bring the whole customers shown, not the unrounded ones: at the rate shown,
    # the enquiries shown cover the customers shown.
    leads = math.ceil(customers) * 100 / conversion if customers is not None and conversion else None
    revenue = _amount(a.get("revenue")) or None
    return Costs(
        hours_per_week=hours, hourly_cost=hourly_cost, hourly_cost_assumed=not given_rate,
        tools_per_month=tools, time_per_month=time_cost, total_per_month=total,
        hours_now=_amount(a.get("hours_now")), customer_value=value, conversion=conversion,
        conversion_assumed=given_conversion is None,
        customers_to_break_even=customers, leads_to_break_even=leads,
        invested_by_month_nine=total * JUDGED_AFTER_MONTHS,
        annual_revenue=revenue, share_of_revenue=total * MONTHS_PER_YEAR / revenue if revenue else None,
        hours_offered=offered if offered != hours else None,
    )


def months_per_customer(costs: Costs) -> int | None:
    """Below one new customer a month: one every how many months pays for the plan (nearest whole month)."""
    if costs.customer_value is None or costs.total_per_month <= 0:
        return None
    months = costs.customer_value / costs.total_per_month
    return max(1, int(months.to_integral_value(rounding=ROUND_HALF_UP)))


def customers_a_month(costs: Costs) -> Decimal | None:
    """The new customers a month the verdict says pay for the plan, the figure check-ins hold the owner to:
    whole customers, or below one a month, one every N months; None without the value of a customer."""
    needed = costs.customers_to_break_even
    if needed is None or costs.customer_value is None:
        return None
    every = months_per_customer(costs)
    if every is not None and needed <= 1:
        return Decimal(1) / every
    return Decimal(whole(needed) or 0)


def whole(count: Decimal | None) -> int | None:
    """People come whole: the smallest number of them that is enough."""
    return None if count is None else math.ceil(count)
