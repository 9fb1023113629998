"""Time and money in words: own time and cash apart and together, break-even, assumptions, KPI targets."""

from __future__ import annotations

from bot.advisor.model import Costs, Kpi
from bot.advisor.money import JUDGED_AFTER_MONTHS, REVENUE_SHARE_WARNING, months_per_customer, whole
from bot.i18n import _, current_locale, ngettext
from bot.i18n.numbers import format_number, format_percent
from bot.render import verdict_texts as texts
from bot.render.document import Block, Item, Mark, Section
from bot.render.values import money, quantity


def cost_items(costs: Costs) -> tuple[Item, ...]:
    """Own time and cash, each labelled, then the two together."""
    return (
        Item(_("{hours} at {rate} = {time} a month", hours=quantity("hours_week", costs.hours_per_week),
               rate=quantity("money_hour", costs.hourly_cost), time=money(costs.time_per_month)),
             label=_("Your own time")),
        Item(quantity("money_month", costs.tools_per_month), label=_("Cash for tools and ads")),
        Item(quantity("money_month", costs.total_per_month), label=_("Time and cash together")),
    )


def break_even(costs: Costs) -> str | None:
    """How many new customers (and enquiries) a month pay for the effort; None without a customer's value.

    Worked out from the exact figures: whole customers and enquiries a month
    (the fewest that are enough), or below one a month, one every N months.
    """
    if costs.customer_value is None:
        return None
    value = money(costs.customer_value)
    if costs.total_per_month <= 0:
        return _("The plan costs you only your own time: any new customer is a gain.")
    every = months_per_customer(costs)
    if every is not None and costs.customers_to_break_even is not None and costs.customers_to_break_even <= 1:
        return ngettext("With {value} per new customer, one new customer a month pays for it.",
                        "With {value} per new customer, about one new customer every {n} months pays for it.",
                        every, value=value)
    customers, leads = whole(costs.customers_to_break_even), whole(costs.leads_to_break_even)
    if leads is None:
        return _("With {value} per new customer, {customers} new customers a month pay for it.",
                 value=value, customers=customers)
    return _("With {value} per new customer, {customers} new customers a month pay for it, "
             "that is about {leads} enquiries at {rate}.",
             value=value, customers=customers, leads=leads, rate=quantity("percent", costs.conversion))


def break_even_short(costs: Costs) -> str:
    """Break-even in a few words, for the summary."""
    if costs.customer_value is None:
        return _("not known without the value of a new customer")
    if costs.total_per_month <= 0:
        return _("any new customer")
    every = months_per_customer(costs)
    if every is not None and costs.customers_to_break_even is not None and costs.customers_to_break_even <= 1:
        return ngettext("one new customer a month", "one new customer every {n} months", every)
    count = whole(costs.customers_to_break_even) or 0
    return ngettext("{n} new customer a month", "{n} new customers a month", count)


def revenue_share(costs: Costs, networks: int) -> Item | None:
    """A year of the plan against the annual revenue, marked as a warning when it weighs too much; a plan
    already on one network is not told to start with one."""
    if costs.share_of_revenue is None or costs.annual_revenue is None:
        return None
    share = format_percent(costs.share_of_revenue * 100, current_locale())
    revenue = money(costs.annual_revenue)
    if costs.share_of_revenue > REVENUE_SHARE_WARNING and networks > 1:
        return Item(_("A year of this plan is {share} of your annual revenue of {revenue}: more than most "
                      "small firms spend on all their marketing. Plan fewer hours, or start with one network.",
                      share=share, revenue=revenue), mark=Mark.WARNING)
    if costs.share_of_revenue > REVENUE_SHARE_WARNING:
        return Item(_("A year of this plan is {share} of your annual revenue of {revenue}: more than most "
                      "small firms spend on all their marketing. Plan fewer hours.",
                      share=share, revenue=revenue), mark=Mark.WARNING)
    return Item(_("A year of this plan is {share} of your annual revenue of {revenue}.", share=share, revenue=revenue))


def assumptions(costs: Costs) -> tuple[Item, ...]:
    """The figures the advisor used in place of the owner's."""
    found = []
    if costs.hourly_cost_assumed:
        found.append(Item(quantity("money_hour", costs.hourly_cost), label=_("An hour of the work")))
    if costs.customer_value is not None and costs.conversion_assumed:
        found.append(Item(quantity("percent", costs.conversion), label=_("Enquiries that become customers")))
    return tuple(found)


def hours_item(costs: Costs) -> Item | None:
    """Today's hours against the plan's, and why the plan counts fewer than offered."""
    if costs.hours_offered is not None:
        # Today's hours are told under what to change first: the unit is said once, the figure bare.
        return Item(_("You offered {offered}; the plan counts only {planned} of them, about half of what you "
                      "spend today, until you see what those hours bring.",
                      offered=quantity("hours_week", costs.hours_offered),
                      planned=quantity(None, costs.hours_per_week)))
    if costs.hours_now:
        return Item(_("Today you spend {now}; the plan counts {planned}.", now=quantity("hours_week", costs.hours_now),
                      planned=quantity("hours_week", costs.hours_per_week)))
    return None


def money_section(costs: Costs, networks: int) -> Section:
    """Own time and cash apart, then together; what pays for it; every figure the owner did not give, assumed."""
    told = [hours_item(costs),
            Item(break_even(costs) or _("Work out what a new customer is worth to you: then you will see how many "
                                        "new customers a month pay for the effort.")),
            revenue_share(costs, networks)]
    months = JUDGED_AFTER_MONTHS
    blocks = [Block(cost_items(costs), table=True),
              Block(tuple(item for item in told if item), bullets=False)]
    assumed = assumptions(costs)
    if assumed:
        blocks.append(Block(assumed, title=_("Assumed, as you did not say (send /restart to give your own figures)"),
                            table=True))
    blocks.append(Block((Item(_("Judge the results after six to nine months. By month nine you will have put in "
                                "{time} of your own time and {cash} in cash, {total} in all.",
                                time=money(costs.time_per_month * months),
                                cash=money(costs.tools_per_month * months),
                                total=money(costs.invested_by_month_nine))),), bullets=False))
    return Section("money", _("Time and money"), tuple(blocks))


def kpi_target(kpi: Kpi) -> str:
    """A KPI's first target with its period; the revenue target is the margin of the customers that pay for the plan."""
    locale = current_locale()
    if kpi.target is None:
        return _("no target yet: work out what a new customer brings you")
    if kpi.code == "revenue":
        return _("new customers bringing {margin} of margin a month", margin=money(kpi.target))
    return _(texts.PERIODS[kpi.per], target=format_number(kpi.target, locale))


def kpi_items(kpis: tuple[Kpi, ...]) -> tuple[Item, ...]:
    return tuple(Item(kpi_target(kpi), label=_(texts.KPIS[kpi.code])) for kpi in kpis)
