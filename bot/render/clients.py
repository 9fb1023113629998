"""An owner as a consultant sees them: a line in the list of clients, their answers, where their plan stands.

Everything here addresses the consultant and speaks of the owner in the
third person: the owner's own texts ("your check-ins", "send /restart")
would tell the consultant to act on her own account.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.advisor.model import Reason
from bot.advisor.progress import Advice
from bot.i18n import N_, _, current_locale, ngettext, use_currency
from bot.i18n.numbers import format_date, format_number
from bot.i18n.unicode import isolated
from bot.render.document import labelled
from bot.render.progress import money_lines, progress_line, shown_params
from bot.render.values import answer, asked, money, option_label, wording
from bot.spec import Spec, known

if TYPE_CHECKING:
    from bot.app.consultants import Client
    from bot.app.portfolio import DecisionState, Standing
    from bot.storage import Decision

CLIENT_FIGURES = N_("The client's figures against the targets")  # the chart's title and caption for her
# A verdict's headline as the consultant reads it.
HEADLINES = {
    "go": N_("Go: social media is worth it for this business."),
    "not_ready": N_("Worth it, but the owner is not ready yet."),
    "partial": N_("Worth it only for part of the business."),
    "not_now": N_("Not worth it for this business now."),
    "mandatory": N_("Mandatory: an online seller has no choice."),
}
# The method's three-way choice, as advised to the owner or taken by them.
ADVISED = {
    "continue": N_("continue as planned"),
    "change": N_("change the way it is done"),
    "reevaluate": N_("re-evaluate the objective"),
}
ICONS = {"continue": "▶️", "change": "🔧", "reevaluate": "🎯"}
# Why the advice is what it is, by the code of the advice's reason (bot.advisor.progress).
REASONS = {
    "too_early": N_("Too early to judge sales: results take six to nine months."),
    "costs_over_plan": N_("It has cost {cost} so far, well above the {planned} planned."),
    "concentrate": N_("Far more reactions and messages {focus} than {drop}."),
    "nothing_after_horizon": N_("After six months or more, neither enquiries nor customers."),
    "paying_off": N_("New customers a month: {pace} ({needed} needed). The effort is covered."),
    "no_break_even": N_("New customers a month: {pace}. Without the value of a new customer, whether they cover "
                        "the effort cannot be told."),
    "customers_not_told": N_("New customers were never given, so sales cannot be judged."),
    "below_break_even": N_("New customers a month: {pace} ({needed} needed). The effort is not covered."),
    "after_change": N_("At {months} months the client chose to change the way they act. The figures show where:"),
    "few_enquiries": N_("To change: too few enquiries ({leads} a month, about {wanted} needed)."),
    "few_become_customers": N_("To change: enquiries come ({leads} a month), but too few become customers "
                               "({customers} a month)."),
}
# What the money lines say is missing or estimated, of the client (bot.render.progress.MONEY_WORDS).
MONEY_WORDS = {
    "no_cost": N_("So far: {leads} enquiries, {customers} new customers; the cost cannot be told without the "
                  "client's hours."),
    "skipped": N_("Skipped figures are left out, not counted as zero."),
    "time_only": N_("The cost counts the client's time only: no spending on tools or ads was given."),
    "estimated": N_("The hours or spending of a skipped period are counted at the pace of the others."),
    "measured": N_("An enquiry is judged by the client's own figures: {customers} new customers from {leads} "
                   "enquiries, not an assumed rate."),
}


def person(name: str | None) -> str:
    """A person's name as others are shown it (Telegram may give none), isolated from the text around it."""
    return isolated(name) if name else _("(no name)")


def client_title(client: Client, spec: Spec) -> str:
    """The owner's name, then their business's name and line of business, where they gave them."""
    sector = spec.questions[known.SECTOR].option(client.sector) if client.sector else None
    about = [part for part in (client.business and isolated(client.business), option_label(sector) if sector else None)
             if part]
    return person(client.name) + (f" — {', '.join(about)}" if about else "")


def answers_message(spec: Spec, answers: Mapping[str, Any]) -> str:
    """Every answer given, question by question, in the order asked."""
    lines = [_("Answers:")]
    for question, value in asked(spec, answers):
        lines += [f"• {wording(question)}", f"  → {answer(question, value)}"]
    return "\n".join(lines) if answers else _("No answers yet.")


def advised(choice: str) -> str:
    """'🔧 Advised: change the way it is done.'"""
    return f"{ICONS[choice]} " + _("Advised: {choice}.", choice=_(ADVISED[choice]))


def reason_text(reason: Reason) -> str:
    """Why the advice is what it is, with its figures."""
    return _(REASONS[reason.code], **shown_params(reason.params))


def standing_message(advice: Advice, on: str) -> str:
    """Where the plan stood at the check-in of day `on`: the advice and why, money, each KPI against its target."""
    lines = [_("Where the plan stood at the check-in of {date}:", date=on), "", advised(advice.choice)]
    lines += [reason_text(reason) for reason in advice.reasons]
    lines += ["", *money_lines(advice, MONEY_WORDS)]
    if advice.progress:
        lines += ["", _("Pace against the targets:"), *(progress_line(item) for item in advice.progress)]
    return "\n".join(lines)


def decisions_list(decisions: list[Decision]) -> str:
    """Each decision the owner took, with what the figures advised then."""
    return "\n".join([_("Decisions:"), *("• " + decision_line(d) for d in decisions)])


def decision_line(decision: Decision) -> str:
    """'At 6 months, 5 July 2027: continue as planned (advised: change the way it is done)'."""
    return labelled(_("At {months} months, {date}", months=decision.milestone,
                      date=format_date(decision.decided_at.date(), current_locale())),
                    _("{chosen} (advised: {advised})", chosen=_(ADVISED[decision.chosen]),
                      advised=_(ADVISED[decision.advised])))


# How urgent a client is, at a glance (bot.app.portfolio.Standing.urgency).
URGENCY_MARKS = {5: "🔴", 4: "🔴", 3: "🟠", 2: "🟠", 1: "🟡", 0: "🟢"}
FILTERS = {"attention": N_("Needs attention"), "decision": N_("Decision due"), "quiet": N_("Quiet"),
           "all": N_("All")}


def triage_entry(number: int, standing: Standing, spec: Spec) -> str:
    """One client in the consultant's list: who, then where they stand (`standing_lines`)."""
    title = f"{number}. {URGENCY_MARKS[standing.urgency]} {client_title(standing.client, spec)}"
    return "\n".join([title, *("   " + line for line in standing_lines(standing))])


def spent(advice: Advice) -> str:
    """What the plan has cost so far, or a dash when it cannot be told (no hours given)."""
    cost: Decimal | None = advice.cost_so_far
    return "–" if cost is None else money(cost)


def file_summary(standing: Standing, spec: Spec, verdict_day: str | None) -> str:
    """The one screen a client's file opens on: who, the verdict and its day, then where they stand."""
    lines = [client_title(standing.client, spec)]
    if standing.client.headline and verdict_day:
        lines.append(_("{headline} (verdict of {date})", headline=_(HEADLINES[standing.client.headline]),
                       date=verdict_day))
    return "\n".join([*lines, "", *standing_lines(standing)])


def standing_lines(standing: Standing) -> list[str]:
    """The latest advice and why, new customers against break-even, cost against plan, the decision, and how
    long since the last check-in; amounts in the client's currency."""
    advice = standing.advice
    if standing.client.headline is None:
        return [_("No verdict yet.")]
    with use_currency(standing.currency):
        lines = [f"{advised(advice.choice)} {reason_text(advice.reasons[0])}" if advice
                 else _(HEADLINES[standing.client.headline])]
        figures = []
        if standing.needed is not None or standing.pace is not None:
            figures.append(_new_customers(standing.pace, standing.needed))
        if advice is not None:
            figures.append(_("cost {cost} (planned {planned})", cost=spent(advice),
                             planned=money(advice.planned_so_far)))
        if figures:
            lines.append(" · ".join(figures))
    status = [decision_text(standing.decision)] if standing.decision else []
    lines.append(" · ".join([*status, _since(standing)]))
    return lines


def _new_customers(pace: float | None, needed: float | None) -> str:
    """The new customers a month at the latest check-in that told them, against those that pay for the plan."""
    locale = current_locale()
    if pace is None:
        return _("{needed} new customers a month pay for the plan", needed=format_number(needed or 0, locale, 1))
    if needed is None:
        return _("new customers {pace} a month", pace=format_number(pace, locale, 1))
    return _("new customers {pace} a month ({needed} pay for the plan)", pace=format_number(pace, locale, 1),
             needed=format_number(needed, locale, 1))


def decision_text(decision: DecisionState) -> str:
    """The decision point that matters now: taken (and what), overdue, or due."""
    if decision.state == "taken" and decision.chosen:
        return "✔️ " + _("decided at {months} months: {choice}", months=decision.milestone,
                         choice=_(ADVISED[decision.chosen]))
    if decision.state == "overdue":
        return "⏰ " + _("{months}-month decision overdue", months=decision.milestone)
    return "⏳ " + _("{months}-month decision due", months=decision.milestone)


def _since(standing: Standing) -> str:
    """How long since the last check-in (or the verdict), the reminders left unanswered, and whether that is
    a silence."""
    weeks = standing.weeks_quiet or 0
    if weeks == 0:
        text = _("verdict less than a week ago") if standing.client.last_checkin is None \
            else _("last check-in less than a week ago")
    elif standing.client.last_checkin is None:
        text = ngettext("no check-in yet, verdict {n} week ago", "no check-in yet, verdict {n} weeks ago", weeks)
    else:
        text = ngettext("last check-in {n} week ago", "last check-in {n} weeks ago", weeks)
    if standing.unanswered:
        text += ", " + ngettext("{n} reminder unanswered", "{n} reminders unanswered", standing.unanswered)
    return ("🔕 " + _("quiet") + ", " + text) if standing.quiet else text
