"""Check-in results as text and a trend chart (PNG)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from babel.dates import format_skeleton

from bot.advisor.figures import NETWORKS, Checkin
from bot.advisor.progress import NEW_CUSTOMERS, RATIOS, SHARES, Advice, Progress, Series
from bot.i18n import N_, _, current_locale
from bot.i18n.numbers import format_date, format_number
from bot.render import verdict_texts as texts
from bot.render.chart import new_panels, png
from bot.render.document import labelled
from bot.render.values import money, network_name, on_network, quantity
from bot.storage import Decision

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHOICES = {
    "continue": ("▶️", N_("Continue as planned.")),
    "change": ("🔧", N_("Change the way you do it.")),
    "reevaluate": ("🎯", N_("Re-evaluate your objective.")),
}
ADVICE_REASONS = {
    "too_early": N_("It is too early to judge sales: results take six to nine months. Keep your rhythm."),
    "costs_over_plan": N_("So far it has cost {cost}, well above the {planned} planned. Cut the time "
                          "per post or the paid tools."),
    "concentrate": N_("Far more reactions and messages {focus} than {drop}: concentrate there, and stop "
                      "posting {drop}."),
    "nothing_after_horizon": N_("After six months or more, social media has brought neither enquiries "
                                "nor customers: the objective seems unrealistic. Rethink it, or stop."),
    "paying_off": N_("{pace} new customers a month, at or above the {needed} that pay for the effort: "
                     "keep going."),
    "no_break_even": N_("{pace} new customers a month. Without the value of a new customer, whether they pay "
                        "for the effort cannot be told: keep going."),
    "customers_not_told": N_("Your new customers were never given, so sales cannot be judged: give them at "
                             "your next check-in."),
    "below_break_even": N_("{pace} new customers a month is below the {needed} that pay for the "
                           "effort."),
    "after_change": N_("At {months} months you chose to change the way you act. Your figures show where:"),
    "few_enquiries": N_("What to change: too few enquiries ({leads} a month, about {wanted} needed). Post what "
                        "makes people write to you (today's offer, free slots, a question), and end each post "
                        "with how to reach you."),
    "few_become_customers": N_("What to change: enquiries come ({leads} a month), but too few become customers "
                               "({customers} a month). Answer each enquiry the same day and make the offer clear: "
                               "price and next free date."),
}
# What each panel of the chart shows: the verdict's KPIs, and the new customers every check-in asks for;
# and the unit of each, after its target's period.
SERIES = {**texts.KPIS, NEW_CUSTOMERS: N_("New customers")}
UNITS = {"month": N_("per month"), "week": N_("per week"), "post": N_("per post"),
         "half_year": N_("points per half-year")}
PACE, TARGET = "#4a7fb5", "#2e9e5b"
OWN_FIGURES = N_("Your figures against the targets")


def advice_messages(advice: Advice) -> list[str]:
    icon, choice = CHOICES[advice.choice]
    lines = [f"{icon} {_(choice)}", ""]
    lines += [_(ADVICE_REASONS[reason.code], **shown_params(reason.params)) for reason in advice.reasons]
    lines += ["", *money_lines(advice)]
    if advice.progress or advice.revenue_target is not None:
        lines += ["", _("Your pace against your targets:")]
        lines += [progress_line(item) for item in advice.progress]
    if advice.revenue_target is not None:
        lines.append(revenue_line(advice.revenue_target, advice.revenue_per_month))
    return ["\n".join(lines)]


def shown_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """A reason's figures as they are shown: amounts in the currency in use, networks by name, paces to a tenth."""
    locale, shown = current_locale(), dict(params)
    for key in ("cost", "planned"):
        if key in shown:
            shown[key] = money(shown[key])
    for key in ("focus", "drop"):  # places, as a sentence says them: 'sur votre fiche Google'
        if key in shown:
            shown[key] = on_network(shown[key])
    for key in ("pace", "needed", "leads", "wanted", "customers"):
        if key in shown:
            shown[key] = format_number(shown[key], locale, 1)
    return shown


# How the money lines say what is missing or estimated, to the owner ("your hours"); a consultant's view
# passes its own words for the same keys.
MONEY_WORDS = {
    "no_cost": N_("So far: {leads} enquiries, {customers} new customers; the cost cannot be told without your "
                  "hours."),
    "skipped": N_("Figures you skipped are left out, not counted as zero."),
    "time_only": N_("The cost counts your time only: no spending on tools or ads was given."),
    "estimated": N_("The hours or spending of a period you skipped are counted at the pace of the others."),
    "measured": N_("An enquiry is judged by your own figures: {customers} new customers from {leads} "
                   "enquiries, not an assumed rate."),
}


def money_lines(advice: Advice, words: Mapping[str, str] = MONEY_WORDS) -> list[str]:
    """What was spent and won so far (and what of it is missing or estimated), then the cost per enquiry and per
    customer against what pays for itself."""
    locale = current_locale()
    counts = {"leads": format_number(advice.leads, locale), "customers": format_number(advice.customers, locale)}
    lines = [_("So far: {cost} spent, {leads} enquiries, {customers} new customers.",
               cost=money(advice.cost_so_far), **counts) if advice.cost_so_far is not None else
             _(words["no_cost"], **counts)]
    lines += [_(words[key]) for key, holds in (("skipped", advice.skipped), ("time_only", advice.time_only),
                                               ("estimated", advice.cost_estimated)) if holds]
    for cost, most, text in ((advice.cost_per_lead, advice.break_even_per_lead, N_("Cost per enquiry: {amount}")),
                             (advice.cost_per_customer, advice.break_even_per_customer,
                              N_("Cost per new customer: {amount}"))):
        if cost is None:
            continue
        line = _(text, amount=money(cost))
        if most is not None:
            mark = "✅" if cost <= most else "⚠️"
            line = f"{mark} " + _("{cost} (pays for itself up to {most})", cost=line, most=money(most))
        lines.append(line)
    if advice.measured is not None and advice.break_even_per_lead is not None:
        customers, leads = advice.measured
        lines.append(_(words["measured"], customers=format_number(customers, locale),
                       leads=format_number(leads, locale)))
    return lines


def revenue_line(target: Decimal, per_month: Decimal | None) -> str:
    """Revenue told, not judged: owners report turnover and the target is a margin, so it is judged through
    the new customers."""
    told = _("{amount} a month so far", amount=money(per_month)) if per_month is not None else _("not told yet")
    return "· " + labelled(_(texts.KPIS["revenue"]), _("{told} (a turnover; the target is a margin of {margin} a "
                                                       "month, judged by your new customers)",
                                                       told=told, margin=money(target)))


def progress_line(item: Progress) -> str:
    """'✅ Messages: 12 a month (target 6 a month)'; without a pace, why not."""
    locale = current_locale()
    target = _(texts.PERIODS[item.per], target=format_number(item.target, locale))
    name = _(texts.KPIS[item.code])
    if item.latest is None:
        return "· " + labelled(name, _not_told(item.code, target))
    mark = "✅" if item.latest >= item.target else "⏳"
    if item.per == "half_year" and item.latest < 0:  # a share that fell: no "+" before its change
        pace = _("{change} percentage points in six months", change=format_number(item.latest, locale, 1))
    else:
        pace = _(texts.PERIODS[item.per], target=format_number(item.latest, locale, 1))
    return f"{mark} " + labelled(name, _("{pace} (target {target})", pace=pace, target=target))


def _not_told(code: str, target: str) -> str:
    """Why a KPI's value cannot be told yet, by how it is worked out (a ratio, a share, a pace)."""
    if code in RATIOS:
        return _("not told yet (a figure skipped, or no post); target {target}", target=target)
    if code in SHARES:
        return _("not told yet (no share given, or less than three months since the first one); target {target}",
                 target=target)
    return _("not told yet (a figure skipped, or less than a week since the last check-in); target {target}",
             target=target)


# The figures the history lists for each check-in (for each of its networks, then for the business), by the
# answer that holds each.
NETWORK_FIGURES = (
    ("followers", N_("followers {n}")), ("interactions", N_("comments, shares and likes {n}")),
    ("messages", N_("messages {n}")), ("views", N_("views {n}")), ("calls", N_("calls {n}")),
    ("routes", N_("route requests {n}")),
)
HISTORY_FIGURES = (
    ("leads", N_("enquiries {n}")),
    ("customers", N_("new customers {n}")),
    ("hours", N_("hours {n}")),
)


def history_message(checkins: list[Checkin], heading: str = N_("Your check-ins:")) -> str:
    """Each check-in with the figures given at it, those of each network apart: a skipped figure is left
    out, not shown as 0."""
    locale = current_locale()
    lines = [_(heading)]
    for checkin in checkins:
        answers = checkin.answers
        given = [_(template, n=format_number(answers[key], locale)) for key, template in HISTORY_FIGURES
                 if answers.get(key) is not None]
        if answers.get("revenue") is not None:
            given.append(_("revenue {amount}", amount=money(answers["revenue"])))
        lines.append(labelled(format_date(checkin.at.date(), locale), ", ".join(given) or _("no figures given")))
        for index in NETWORKS:
            told = [_(template, n=format_number(answers[f"{kind}_{index}"], locale))
                    for kind, template in NETWORK_FIGURES if answers.get(f"{kind}_{index}") is not None]
            if told:
                network = answers.get(f"network_{index}")
                lines.append("   " + labelled(network_name(network) if network else _("Network {n}", n=index),
                                              ", ".join(told)))
        if (share := answers.get("returning")) is not None:
            lines.append("   " + labelled(_(texts.KPIS["returning"]), quantity("percent", share)))
        if answers.get("note"):
            lines.append(f"   {answers['note']}")
    return "\n".join(lines)


DECIDED = {
    "continue": N_("I continue as planned"),
    "change": N_("I change the way I do it"),
    "reevaluate": N_("I rethink my objective"),
}


# What the figures advised, as a few words inside the owner's list of decisions.
ADVISED = {
    "continue": N_("continue as planned"),
    "change": N_("change the way you do it"),
    "reevaluate": N_("rethink your objective"),
}


def decision_question(milestone: int, advised: str, started: datetime) -> str:
    """The method's explicit choice at six and nine months of the plan made on `started`, with what the figures
    advise."""
    return _("{months} months since your plan of {date} started: time to decide, as the method says. Your "
             "figures advise: {advice} What will you do?", months=milestone,
             date=format_date(started.date(), current_locale()), advice=_(CHOICES[advised][1]))


def decisions_message(decisions: list[Decision]) -> str:
    """Each decision taken, with what the figures advised then."""
    lines = [_("Your decisions:")]
    lines += ["• " + labelled(_("At {months} months, {date}", months=d.milestone,
                                date=format_date(d.decided_at.date(), current_locale())),
                              _("{chosen} (the figures advised: {advised})", chosen=_(DECIDED[d.chosen]),
                                advised=_(ADVISED[d.advised]))) for d in decisions]
    return "\n".join(lines)


def trend_figure(dates: list[datetime], series: Sequence[Series], title: str = OWN_FIGURES) -> Figure:
    """One panel per figure followed, each in its target's own unit (per month, per week, per post, points
    in six months): its value at each check-in (a gap where it cannot be told, never 0) and the target dashed."""
    from matplotlib.dates import AutoDateLocator, num2date
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    figure = new_panels(len(series))
    locale = current_locale()  # ticks are formatted when drawn, perhaps outside this context
    figure.suptitle(_(title), fontsize=12, x=0.02, ha="left")
    for axes, one in zip(figure.axes, series, strict=True):
        values = [float("nan") if value is None else value for value in one.values]
        # matplotlib plots datetimes through its unit converters, which its stubs do not allow for.
        axes.plot(dates, values, marker="o", color=PACE)  # type: ignore[arg-type]
        if one.target is not None:
            # Named above the panel, in the target's colour (a legend inside would lie over the lines); the unit
            # is the axis's, so the name stays short beside the panel's title.
            named = _("Target: {target}", target=format_number(one.target, locale))
            axes.axhline(one.target, color=TARGET, linestyle="--", linewidth=1.2, label=named)
            axes.set_title(named, fontsize=8, loc="right", color=TARGET)
        axes.set_title(_(SERIES[one.code]), fontsize=10, loc="left")
        axes.set_ylabel(_(UNITS[one.per]), fontsize=8)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(value, locale, 2)))
        told = [value for value in one.values if value is not None]
        highest = max([*told, one.target or 0.0, 1.0])
        axes.set_ylim(min([0.0, *told]), highest * 1.2)  # from zero: a flat line near its target is no slope
        axes.tick_params(labelsize=8)
        axes.grid(alpha=0.3)
        if all(value is None for value in one.values):
            axes.text(0.5, 0.5, _("not told yet"), transform=axes.transAxes, ha="center", va="center",
                      fontsize=9, color="#777777")
    last = figure.axes[-1]
    if len(dates) <= 5:
        last.set_xticks(dates)  # type: ignore[arg-type]
    else:
        last.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=5))
    zone = dates[0].tzinfo if dates else None  # the owner's: matplotlib keeps dates in UTC
    last.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_skeleton(
        "MMMd", num2date(value, tz=zone).date(), locale=locale)))
    return figure


def trend_chart(dates: list[datetime], series: Sequence[Series], title: str = OWN_FIGURES) -> bytes:
    """The chart as PNG, titled `title` (a catalog id: the owner's own figures, or a client's for a consultant)."""
    return png(trend_figure(dates, series, title))
