"""A verdict as short messages for a phone: headline and why, the tests, the plan, money and KPIs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from babel.dates import get_day_names
from babel.lists import format_list
from babel.numbers import format_percent

from bot.advisor.model import Costs, Kpi, Plan, Reason, Verdict
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
    if "tests" in params:
        params["tests"] = format_list([_(texts.TESTS[test]) for test in params["tests"]], locale=current_locale())
    return _(texts.REASONS[reason.code], **params)


def trace(reason: Reason, spec: Spec, answers: Mapping[str, Any]) -> str:
    """The owner's own answers a reason rests on, each named: "(Horizon: within a few weeks · Revenue gap: yes)"."""
    rests_on = {question: answers[question] for question in reason.answers if question in answers}
    given = [labelled(_(question.label or question.text), answer(question, value))
             for question, value in asked(spec, rests_on)]
    return f"({' · '.join(given)})" if given else ""


def _reason_lines(reasons: Sequence[Reason], spec: Spec, answers: Mapping[str, Any]) -> list[str]:
    lines = []
    for reason in reasons:
        lines.append(f"• {reason_text(reason)}")
        traced = trace(reason, spec, answers)
        if traced:
            lines.append(f"  {traced}")
    return lines


def summary_message(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> str:
    """Headline; why (only what decided it); what is also noted; the tests, if there is anything to be ready for."""
    lines = [f"{ICONS[verdict.headline]} {headline(verdict)}", "", _("Why:")]
    lines += _reason_lines(verdict.reasons, spec, answers)
    if verdict.notes:
        lines += ["", _("Also noted:")]
        lines += _reason_lines(verdict.notes, spec, answers)
    if not verdict.tests:
        return "\n".join(lines)
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


def network_line(mark: str, names: Sequence[str], reason: str) -> str:
    return f"   {mark} " + labelled(format_list([network_name(n) for n in names], locale=current_locale()),
                                    _(texts.NETWORK_REASONS[reason]))


def plan_message(verdict: Verdict, plan: Plan) -> str:
    """The four steps; networks left aside are grouped by their reason, so no sentence is said twice."""
    title = _("Once you are ready: your plan in four steps") if verdict.once_ready else _("Your plan in four steps")
    lines = [title, ""]
    lines.append(_("1. Strategy: {objective}; social media should {goal}.",
                   objective=_(texts.OBJECTIVES[plan.objective]), goal=_(texts.GOALS[plan.goal])))
    if plan.objective_note:
        # Translators: the owner's own words, in the quotation marks of your language.
        lines.append("   " + _("“{note}”", note=plan.objective_note))
    lines.append(_("2. Success factors and ideas:"))
    if not plan.factors:
        lines.append("   " + _("(none chosen)"))
    # A factor whose ideas were all given under an earlier one is named with that one.
    groups: list[tuple[list[str], tuple[str, ...]]] = []
    for factor in plan.factors:
        if factor.ideas or not groups:
            groups.append(([_(texts.FACTORS[factor.factor])], factor.ideas))
        else:
            groups[-1][0].append(_(texts.FACTORS[factor.factor]))
    for names, ideas in groups:
        lines.append("   " + labelled(format_list(names, locale=current_locale()), ""))
        lines += [f"   – {_(texts.IDEAS[idea])}" for idea in ideas]
    lines.append(_("3. Networks:"))
    if not plan.networks:
        lines.append("   " + _("none for now"))
    for choice in plan.networks:
        lines.append("   👍 " + labelled(network_name(choice.network),
                                          _("{strength} ({why})", strength=_(texts.NETWORK_STRENGTHS[choice.network]),
                                            why=_(texts.NETWORK_REASONS[choice.reason]))))
    left_aside: dict[str, list[str]] = {}
    for choice in plan.skipped:
        left_aside.setdefault(choice.reason, []).append(choice.network)
    lines += [network_line("✋", names, reason) for reason, names in left_aside.items()]
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


def money_message(verdict: Verdict, costs: Costs) -> str:
    """Own time and cash apart, then together; every figure the owner did not give marked as assumed."""
    locale = current_locale()
    lines = [_("Time and money"), ""]
    lines.append("• " + labelled(_("Your own time"), _("{hours} at {rate} = {time} a month",
                                                       hours=quantity("hours_week", costs.hours_per_week),
                                                       rate=quantity("eur_hour", costs.hourly_cost),
                                                       time=format_money(costs.time_per_month, locale))))
    lines.append("• " + labelled(_("Cash for tools and ads"), quantity("eur_month", costs.tools_per_month)))
    lines.append("• " + labelled(_("Time and cash together"), quantity("eur_month", costs.total_per_month)))
    if costs.hours_offered is not None:
        lines.append(_("You offered {offered}; the plan counts {planned}, below the {now} that bring nothing "
                       "today.", offered=quantity("hours_week", costs.hours_offered),
                       planned=quantity("hours_week", costs.hours_per_week),
                       now=quantity("hours_week", costs.hours_now or 0)))
    elif costs.hours_now:
        lines.append(_("Today you spend {now}; the plan counts {planned}.",
                       now=quantity("hours_week", costs.hours_now),
                       planned=quantity("hours_week", costs.hours_per_week)))
    lines.append(break_even(costs) or _("Work out what a new customer is worth to you: then you will see how many "
                                        "new customers a month pay for the effort."))
    share = revenue_share(costs)
    if share:
        lines.append(share)
    assumed = assumptions(costs)
    if assumed:
        lines += ["", _("Assumed, as you did not say (send /restart to give your own figures):")]
        lines += [f"• {item}" for item in assumed]
    lines.append("")
    months = JUDGED_AFTER_MONTHS
    lines.append(_("Judge the results after six to nine months. By month nine you will have put in {time} of "
                   "your own time and {cash} in cash, {total} in all.",
                   time=format_money(costs.time_per_month * months, locale),
                   cash=format_money(costs.tools_per_month * months, locale),
                   total=format_money(costs.invested_by_month_nine, locale)))
    lines += ["", _("Figures to follow:")]
    lines += ["• " + labelled(_(texts.KPIS[kpi.code]), kpi_target(kpi)) for kpi in verdict.kpis]
    lines += ["", follow_up_text(verdict)]
    return "\n".join(lines)


def kpi_target(kpi: Kpi) -> str:
    """A KPI's first target with its period; the revenue target is the margin of the customers that pay for the plan."""
    locale = current_locale()
    if kpi.target is None:
        return _("no target yet: work out what a new customer brings you")
    if kpi.code == "revenue":
        return _("new customers bringing {margin} of margin a month", margin=format_money(kpi.target, locale))
    return _(texts.PERIODS[kpi.per], target=format_number(kpi.target, locale))


def assumptions(costs: Costs) -> list[str]:
    """The figures the advisor used in place of the owner's, each as a line."""
    found = []
    if costs.hourly_cost_assumed:
        found.append(labelled(_("An hour of the work"), quantity("eur_hour", costs.hourly_cost)))
    if costs.customer_value is not None and costs.conversion_assumed:
        found.append(labelled(_("Enquiries that become customers"), quantity("percent", costs.conversion)))
    return found


def follow_up_text(verdict: Verdict) -> str:
    """What comes after the verdict: check-ins at the owner's rhythm, a check of the fixes, or a new look later."""
    follow_up = verdict.follow_up
    if follow_up.kind == "readiness":
        return ngettext("In {weeks} week I will ask you how the fixes are going; the check-ins start once "
                        "you are ready.", "In {weeks} weeks I will ask you how the fixes are going; the check-ins "
                        "start once you are ready.", follow_up.after_weeks or 0, weeks=follow_up.after_weeks)
    if follow_up.kind == "reassess":
        months = round((follow_up.after_weeks or 0) * 7 / 30.4)
        text = ngettext("In {months} month I will offer you a new look.",
                        "In {months} months I will offer you a new look.", months, months=months)
        return text + _changes(verdict)
    return _("Check-ins: {rhythm}.", rhythm=_(texts.CHECKINS[follow_up.rhythm]))


def follow_up_message(verdict: Verdict) -> str:
    """The one later message a "not ready" or a "not now" gets: how things stand, and how to look again."""
    if verdict.follow_up.kind == "readiness":
        failed = [_(texts.TESTS[test.test]) for test in verdict.tests if test.outcome == "failed"]
        return _("A few weeks ago the verdict was: worth it, but not ready yet. Still to pass: {tests}. Once "
                 "that is done, send /restart to take the assessment again; the plan and the check-ins start "
                 "when you pass.", tests=format_list(failed, locale=current_locale()))
    text = _("Some months ago, social media was not worth it for your business. Has something changed?")
    return text + _changes(verdict) + "\n" + _("Send /restart to take the assessment again.")


def _changes(verdict: Verdict) -> str:
    """What could turn a "not now" into a yes, one line each (empty when nothing specific would)."""
    because = [f"\n• {_(texts.AGAIN_WHEN[reason.code])}" for reason in verdict.follow_up.because]
    return ("\n" + _("The answer may change if:") + "".join(because)) if because else ""


def why_no_checkin(verdict: Verdict | None) -> str:
    """Why /checkin has nothing to ask: no verdict yet, or a verdict that calls for no check-ins now."""
    if verdict is None:
        return _("A check-in compares your figures with your plan, so it needs your verdict first. "
                 "Send /start to finish the assessment.")
    if verdict.headline == "not_now":
        return _("Social media is not worth it for your business now, so there are no figures to check. "
                 "Send /restart if your business has changed.")
    if verdict.follow_up.kind == "readiness":
        return _("Check-ins start once you are ready: first fix what the tests found, then send /restart to "
                 "take the assessment again.")
    return _("Your verdict recommends no social network for now, so there are no figures to check. "
             "Send /restart if your business has changed.")


def instead_message(verdict: Verdict, spec: Spec, answers: Mapping[str, Any]) -> str:
    """A "not now": what to do instead, for the owner's objective, and when to look again."""
    lines = [_("What to do instead"), ""]
    lines += _reason_lines(verdict.instead, spec, answers) if verdict.instead else [
        "• " + _("Keep your Google profile up to date and ask happy customers for a review.")]
    lines += ["", follow_up_text(verdict)]
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
    """The verdict as phone messages, each opening with its title; a "not now" gets what to do instead, not a plan.

    The PDF report and the consultant's view are made of these same messages.
    """
    summary = summary_message(verdict, spec, answers)
    if verdict.plan is None or verdict.costs is None:
        return [summary, instead_message(verdict, spec, answers)]
    return [summary, plan_message(verdict, verdict.plan), money_message(verdict, verdict.costs)]
