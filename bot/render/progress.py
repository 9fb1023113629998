"""Check-in results as text and a trend chart (PNG)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.advisor.progress import RATIOS, SHARES, Advice, Checkin, Progress
from bot.i18n import N_, _, current_locale
from bot.i18n.numbers import format_date, format_number
from bot.render import verdict_texts as texts
from bot.render.chart import new_figure, png
from bot.render.document import labelled
from bot.render.values import money, network_name, quantity
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
    "concentrate": N_("{focus} brings far more reactions and messages than {drop}: concentrate on "
                      "{focus} and drop {drop}."),
    "nothing_after_horizon": N_("After six months or more, social media has brought neither enquiries "
                                "nor customers: the objective seems unrealistic. Rethink it, or stop."),
    "paying_off": N_("New customers from social media pay for the effort: keep going."),
    "below_break_even": N_("{pace} new customers a month is below the {needed} that pay for the "
                           "effort: change what you post, or where."),
}
TREND_KPIS = ("followers", "engagement", "messages", "enquiries", "customers", "bookings", "returning")
# What each line of the chart counts: the verdict's KPIs, and the new customers every check-in asks for.
SERIES = {**texts.KPIS, "customers": N_("New customers")}
# What a KPI's line is called on the chart when its pace is not a count per month.
TREND_NAMES = {"returning": N_("{kpi}, in percentage points")}


def advice_messages(advice: Advice) -> list[str]:
    locale = current_locale()
    icon, choice = CHOICES[advice.choice]
    lines = [f"{icon} {_(choice)}", ""]
    for reason in advice.reasons:
        params = dict(reason.params)
        for key in ("cost", "planned"):
            if key in params:
                params[key] = money(params[key])
        for key in ("focus", "drop"):
            if key in params:
                params[key] = network_name(params[key])
        for key in ("months", "pace", "needed"):
            if key in params:
                params[key] = format_number(params[key], locale, 1)
        lines.append(_(ADVICE_REASONS[reason.code], **params))
    lines += ["", _("So far: {cost} spent, {leads} enquiries, {customers} new customers.",
                    cost=money(advice.cost_so_far), leads=format_number(advice.leads, locale),
                    customers=format_number(advice.customers, locale))]
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
    if advice.progress:
        lines += ["", _("Your pace against your targets:")]
        lines += [progress_line(item) for item in advice.progress]
    return ["\n".join(lines)]


def progress_line(item: Progress) -> str:
    """'✅ Messages: 12 a month (target 6 a month)'; without a pace, why not."""
    locale = current_locale()
    target = _(texts.PERIODS[item.per], target=format_number(item.target, locale))
    name = _(texts.KPIS[item.code])
    if item.latest is None and item.code in RATIOS:
        return "· " + labelled(name, _("not told yet (a figure skipped, or no post); target {target}", target=target))
    if item.latest is None:
        why = _("not told yet (no share given, or less than a month since your first one); target {target}",
                target=target) if item.code in SHARES else \
            _("not told yet (a figure skipped, or less than a week since the last check-in); target {target}",
              target=target)
        return "· " + labelled(name, why)
    mark = "✅" if item.latest >= item.target else "⏳"
    if item.per == "half_year" and item.latest < 0:  # a share that fell: no "+" before its change
        pace = _("{change} percentage points in six months", change=format_number(item.latest, locale, 1))
    else:
        pace = _(texts.PERIODS[item.per], target=format_number(item.latest, locale, 1))
    return f"{mark} " + labelled(name, _("{pace} (target {target})", pace=pace, target=target))


# The figures the history lists for each check-in, by the answers that make them up.
HISTORY_FIGURES = (
    (("followers_1", "followers_2"), N_("followers {n}")),
    (("leads",), N_("enquiries {n}")),
    (("customers",), N_("new customers {n}")),
    (("hours",), N_("hours {n}")),
)


def history_message(checkins: list[Checkin]) -> str:
    """Each check-in with the figures given at it: a skipped figure is left out, not shown as 0."""
    locale = current_locale()
    lines = [_("Your check-ins:")]
    for checkin in checkins:
        given = [_(template, n=format_number(value, locale)) for keys, template in HISTORY_FIGURES
                 if (value := checkin.given(*keys)) is not None]
        lines.append(labelled(format_date(checkin.at.date(), locale), ", ".join(given) or _("no figures given")))
        if (share := checkin.answers.get("returning")) is not None:
            lines.append("   " + labelled(_(texts.KPIS["returning"]), quantity("percent", share)))
        if checkin.answers.get("note"):
            lines.append(f"   {checkin.answers['note']}")
    return "\n".join(lines)


DECIDED = {
    "continue": N_("I continue as planned"),
    "change": N_("I change the way I do it"),
    "reevaluate": N_("I rethink my objective"),
}


# A client's decision, as their consultant is told it.
DECIDED_BY_CLIENT = {
    "continue": N_("to continue as planned"),
    "change": N_("to change the way they do it"),
    "reevaluate": N_("to rethink their objective"),
}


def decision_question(milestone: int, advised: str) -> str:
    """The method's explicit choice at six and nine months, with what the figures advise."""
    return _("{months} months since your plan started: time to decide, as the method says. Your figures "
             "advise: {advice} What will you do?", months=milestone, advice=_(CHOICES[advised][1]))


def decisions_message(decisions: list[Decision]) -> str:
    """Each decision taken, with what the figures advised then."""
    lines = [_("Your decisions:")]
    lines += ["• " + labelled(_("At {months} months, {date}", months=d.milestone,
                                date=format_date(d.decided_at.date(), current_locale())),
                              _("{chosen} (the figures advised: {advised})", chosen=_(DECIDED[d.chosen]),
                                advised=_(CHOICES[d.advised][1]))) for d in decisions]
    return "\n".join(lines)


def trend_figure(dates: list[datetime], paces: dict[str, list[float | None]], targets: dict[str, float]) -> Figure:
    """One line per main KPI, its monthly pace at each check-in, and its target as a dashed line."""
    figure, axes = new_figure()
    for code in TREND_KPIS:
        values = [float("nan") if value is None else value for value in paces.get(code) or []]  # a gap, not 0
        if values:
            # matplotlib plots datetimes through its unit converters, which its stubs do not allow for.
            name = _(TREND_NAMES[code], kpi=_(SERIES[code])) if code in TREND_NAMES else _(SERIES[code])
            [line] = axes.plot(dates[-len(values):], values, marker="o", label=name)  # type: ignore[arg-type]
            if code in targets:
                axes.axhline(targets[code], color=line.get_color(), linestyle="--", linewidth=1.2,
                             label=_("Target: {kpi}", kpi=_(SERIES[code])))
    axes.set_title(_("Pace per month at each check-in, against the target"), fontsize=12, loc="left")
    axes.set_ylabel(_("Per month"), fontsize=10)
    axes.tick_params(axis="x", labelsize=8, rotation=30)
    axes.tick_params(axis="y", labelsize=9)
    axes.grid(alpha=0.3)
    if axes.lines:
        axes.legend(fontsize=8, loc="upper left", frameon=False)
    return figure


def trend_chart(dates: list[datetime], paces: dict[str, list[float | None]], targets: dict[str, float]) -> bytes:
    return png(trend_figure(dates, paces, targets))
