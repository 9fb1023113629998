"""A verdict as short messages for a phone: headline and why, the tests, the plan, money and KPIs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from babel.dates import get_day_names
from babel.lists import format_list
from babel.numbers import format_percent

from bot.advisor.model import Costs, Reason, Verdict
from bot.advisor.money import JUDGED_AFTER_MONTHS, REVENUE_SHARE_WARNING, months_per_customer, whole
from bot.i18n import _, current_locale, ngettext
from bot.i18n.numbers import format_money, format_number
from bot.render import verdict_texts as texts
from bot.render.values import answer, asked, network_name, quantity
from bot.spec import Spec

ICONS = {"go": "🟢", "not_ready": "🟡", "partial": "🟠", "not_now": "🔴", "mandatory": "🔵"}
TEST_ICONS = {"passed": "✅", "partial": "⚠️", "failed": "❌"}


def labelled(label: str, value: str) -> str:
    """'Label: value' with the colon your language uses (French puts a space before it)."""
    return _("{label}: {value}", label=label, value=value).rstrip()


def headline(verdict: Verdict) -> str:
    return _(texts.HEADLINES[verdict.headline])


# Reason figures that are hours a week, written with their unit ("3 hours a week").
HOUR_PARAMS = {"hours", "needed"}


def reason_text(reason: Reason) -> str:
    params = {key: quantity("hours_week", value) if key in HOUR_PARAMS else value
              for key, value in reason.params.items()}
    return _(texts.REASONS[reason.code], **params)


def trace(reason: Reason, spec: Spec, answers: Mapping[str, Any]) -> str:
    """The owner's own answers a reason rests on."""
    rests_on = {question: answers[question] for question in reason.answers if question in answers}
    given = [answer(question, value) for question, value in asked(spec, rests_on)]
    if not given:
        return ""
    return ngettext("(your answer: {answers})", "(your answers: {answers})", len(given),
                    answers=format_list(given, locale=current_locale()))


def _reason_lines(reasons: Sequence[Reason], spec: Spec, answers: Mapping[str, Any]) -> list[str]:
    lines = []
    for reason in reasons:
        lines.append(f"• {reason_text(reason)}")
        traced = trace(reason, spec, answers)
        if traced:
            lines.append(f"  {traced}")
    return lines


def summary_message(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> str:
    lines = [f"{ICONS[verdict.headline]} {headline(verdict)}", "", _("Why:")]
    lines += _reason_lines(verdict.reasons, spec, answers)
    lines += ["", _("The three readiness tests:")]
    for test in verdict.tests:
        lines.append(f"{TEST_ICONS[test.outcome]} " + labelled(_(texts.TESTS[test.test]),
                                                                _(texts.OUTCOMES[test.outcome])))
        lines += [f"   – {reason_text(finding)}" for finding in test.findings]
    return "\n".join(lines)


def day_name(day: int | None) -> str:
    if day is None:
        return _("Through the week")
    name: str = get_day_names("wide", locale=current_locale())[day]
    return name.capitalize()


def plan_message(verdict: Verdict) -> str:
    plan = verdict.plan
    lines = [_("Your plan in four steps"), ""]
    lines.append(_("1. Strategy: {objective}; social media should {goal}.",
                   objective=_(texts.OBJECTIVES[plan.objective]), goal=_(texts.GOALS[plan.goal])))
    if plan.objective_note:
        # Translators: the owner's own words, in the quotation marks of your language.
        lines.append("   " + _("“{note}”", note=plan.objective_note))
    lines.append(_("2. Success factors and ideas:"))
    if not plan.factors:
        lines.append("   " + _("(none chosen)"))
    for factor in plan.factors:
        lines.append("   " + labelled(_(texts.FACTORS[factor.factor]), ""))
        lines += [f"   – {_(texts.IDEAS[idea])}" for idea in factor.ideas]
    lines.append(_("3. Networks:"))
    if not plan.networks:
        lines.append("   " + _("none for now"))
    for choice in plan.networks:
        lines.append("   👍 " + labelled(network_name(choice.network), _(texts.NETWORK_REASONS[choice.reason])))
    for choice in plan.skipped:
        lines.append("   ✋ " + labelled(network_name(choice.network), _(texts.NETWORK_REASONS[choice.reason])))
    lines.append(_("4. Your week:"))
    if not plan.networks:
        lines.append("   " + _("no weekly plan while no network suits your customers"))
    elif not plan.week:
        lines.append("   " + _("no weekly plan until time is set aside"))
    for slot in plan.week:
        when = day_name(slot.day)
        if slot.day is not None and texts.SLOTS[slot.slot]:
            when = _("{day}, {slot}", day=when, slot=_(texts.SLOTS[slot.slot]))
        lines.append("   " + _("{when}: {content} on {network} ({minutes} min)", when=when,
                                  content=_(texts.CONTENTS[slot.content]),
                                  network=network_name(slot.network), minutes=slot.minutes))
    return "\n".join(lines)


def money_message(verdict: Verdict) -> str:
    costs, locale = verdict.costs, current_locale()
    lines = [_("Time and money"), ""]
    lines.append(_("{hours} at {rate} come to {time} a month; with {tools} for tools and ads, "
                   "{total} a month.",
                   hours=quantity("hours_week", costs.hours_per_week),
                   rate=quantity("eur_hour", costs.hourly_cost),
                   time=format_money(costs.time_per_month, locale),
                   tools=format_money(costs.tools_per_month, locale),
                   total=format_money(costs.total_per_month, locale)))
    if costs.hourly_cost_assumed:
        lines.append(_("(hourly cost assumed: {rate})", rate=format_money(costs.hourly_cost, locale)))
    lines.append(break_even(costs) or _("Work out what a new customer is worth to you: then you will see how many "
                                        "new customers a month pay for the effort."))
    if costs.customer_value is not None and costs.conversion_assumed:
        lines.append(_("(assumed: {rate} of enquiries become customers)", rate=quantity("percent", costs.conversion)))
    share = revenue_share(costs)
    if share:
        lines.append(share)
    if costs.hours_now:
        lines.append(_("Today you spend {now}; the plan counts {planned}.",
                       now=quantity("hours_week", costs.hours_now),
                       planned=quantity("hours_week", costs.hours_per_week)))
    months = JUDGED_AFTER_MONTHS
    lines.append(_("Judge the results after six to nine months. By month nine you will have put in {time} of "
                   "your own time and {cash} in cash, {total} in all.",
                   time=format_money(costs.time_per_month * months, locale),
                   cash=format_money(costs.tools_per_month * months, locale),
                   total=format_money(costs.invested_by_month_nine, locale)))
    lines += ["", _("Figures to follow:")]
    for kpi in verdict.kpis:
        target = format_money(kpi.target, locale) if kpi.code == "revenue" else format_number(kpi.target, locale)
        lines.append("• " + labelled(_(texts.KPIS[kpi.code]), _(texts.PERIODS[kpi.per], target=target)))
    lines += ["", _("Check-ins: {rhythm}.", rhythm=_(texts.CHECKINS[verdict.checkins]))]
    return "\n".join(lines)


def break_even(costs: Costs) -> str | None:
    """How many new customers (and enquiries) a month pay for the effort; None without a customer's value.

    Worked out from the exact figures: whole customers and enquiries a month
    (the fewest that are enough), or below one a month, one every N months.
    """
    if costs.customer_value is None:
        return None
    locale = current_locale()
    value = format_money(costs.customer_value, locale)
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


def revenue_share(costs: Costs) -> str | None:
    """A year of the plan against the annual revenue, with a warning when it weighs too much."""
    if costs.share_of_revenue is None or costs.annual_revenue is None:
        return None
    share = format_percent(costs.share_of_revenue, format="#,##0.#\u00a0%", locale=current_locale())
    revenue = format_money(costs.annual_revenue, current_locale())
    if costs.share_of_revenue > REVENUE_SHARE_WARNING:
        return "⚠️ " + _("A year of this plan is {share} of your annual revenue of {revenue}: more than most "
                        "small firms spend on all their marketing. Plan fewer hours, or start with one network.",
                        share=share, revenue=revenue)
    return _("A year of this plan is {share} of your annual revenue of {revenue}.", share=share, revenue=revenue)


def verdict_messages(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> list[str]:
    """The verdict as phone messages; a 'not now' gets what to do instead, not a plan."""
    summary = summary_message(verdict, spec, answers)
    if verdict.headline in texts.INSTEAD:
        return [summary, _(texts.INSTEAD[verdict.headline])]
    return [summary, plan_message(verdict), money_message(verdict)]
