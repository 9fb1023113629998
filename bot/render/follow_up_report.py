"""The follow-up PDF a consultant files: where the client stands, every check-in, the chart, the decisions, and
each assessment beside the latest (break-even, value of a customer, cost, and what its plan achieved).

Written for the consultant (the owner is "the client"), in her language and
each amount in the client's currency; laid out like the owner's report.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.advisor.figures import Checkin
from bot.advisor.model import Verdict
from bot.advisor.money import customers_a_month
from bot.advisor.progress import Advice, kpi_series
from bot.i18n import N_, _, current_locale, ngettext, use_currency
from bot.i18n.numbers import format_date, format_number
from bot.render import fonts
from bot.render.clients import ADVISED, CLIENT_FIGURES, HEADLINES, reason_text, spent, standing_lines
from bot.render.document import Item
from bot.render.plan_drawing import FONT
from bot.render.progress import trend_chart
from bot.render.report import GREY, _Report
from bot.render.values import money
from bot.storage import Decision

if TYPE_CHECKING:
    from bot.app.portfolio import Standing

# The columns of the check-in table: the figures every check-in asks for, as the owner gave them.
COLUMNS = (("leads", N_("Enquiries")), ("customers", N_("New customers")), ("hours", N_("Hours")),
           ("money", N_("Tools and ads")), ("revenue", N_("Revenue")))
MONEY_COLUMNS = {"money", "revenue"}


@dataclass(frozen=True)
class PlanStory:
    """One assessment of the client: its verdict, when, and where its plan stood at its last check-in."""

    number: int
    verdict: Verdict
    made: datetime
    advice: Advice | None
    checkins: tuple[Checkin, ...]


def follow_up_pdf(name: str, standing: Standing, plans: Sequence[PlanStory], decisions: Sequence[Decision],
                  made: datetime) -> bytes:
    """The follow-up as PDF bytes with the chart of the latest plan's check-ins, drawn here (perhaps in a drawing
    process: everything it needs comes as arguments)."""
    latest = plans[-1]
    chart = None
    if latest.checkins:
        series = kpi_series(latest.verdict, latest.made, list(latest.checkins))
        chart = trend_chart([c.at for c in latest.checkins], series, CLIENT_FIGURES)
    return follow_up_report(name, standing, plans, decisions, chart, made)


def follow_up_report(name: str, standing: Standing, plans: Sequence[PlanStory], decisions: Sequence[Decision],
                     chart: bytes | None, made: datetime) -> bytes:
    """The follow-up as PDF bytes, in the current locale; amounts in the latest verdict's currency."""
    report = _follow_up(name, standing, plans, decisions, chart, made, fonts.common())
    if not report.fits:  # a character the cut fonts lack: laid out again with the whole ones
        report = _follow_up(name, standing, plans, decisions, chart, made, fonts.whole())
    return report.output()


def _follow_up(name: str, standing: Standing, plans: Sequence[PlanStory], decisions: Sequence[Decision],
               chart: bytes | None, made: datetime, typeface: fonts.Fonts) -> _Report:
    latest = plans[-1]
    with use_currency(latest.verdict.currency):
        date = format_date(made.date(), current_locale())
        report = _Report(_("Follow-up — {name}", name=name), f"{name} · {date}", typeface)
        report.heading(name, 17)
        report.paragraph(_("Follow-up of {date}, for the consultant", date=date), 10, GREY)
        report.headline_box(latest.verdict, _(HEADLINES[latest.verdict.headline]))
        for line in standing_lines(standing):
            report.paragraph(line)
        if latest.advice is not None:
            report.heading(_("Why"), 11)
            for reason in latest.advice.reasons:
                report.paragraph("• " + reason_text(reason))
        _checkins(report, plans)
        if chart is not None:
            report.pdf.image(io.BytesIO(chart), w=170)
        if decisions:
            report.heading(_("Decisions:"))
            report.table(tuple(Item(_("{chosen} (advised: {advised})", chosen=_(ADVISED[d.chosen]),
                                      advised=_(ADVISED[d.advised])),
                                    label=_("At {months} months, {date}", months=d.milestone,
                                            date=format_date(d.decided_at.date(), current_locale())))
                               for d in decisions))
    for earlier in plans[:-1]:
        _compared(report, earlier, latest)
    return report


def _checkins(report: _Report, plans: Sequence[PlanStory]) -> None:
    """Every check-in of every plan, one row each, a skipped figure shown as a dash."""
    rows = [(story.number, checkin) for story in plans for checkin in story.checkins]
    report.heading(_("Check-ins:"))
    if not rows:
        report.paragraph(_("No check-in yet."))
        return
    locale = current_locale()
    pdf = report.pdf
    pdf.set_font(FONT, "", 8.5)
    with pdf.table(first_row_as_headings=True, borders_layout="HORIZONTAL_LINES", line_height=4.5, padding=1,
                   text_align="LEFT") as table:
        heading = table.row()
        for title in (_("Date"), _("Plan"), *(_(label) for _key, label in COLUMNS)):
            heading.cell(title)
        for number, checkin in rows:
            row = table.row()
            row.cell(format_date(checkin.at.date(), locale))
            row.cell(str(number))
            for key, _label in COLUMNS:
                value = checkin.answers.get(key)
                row.cell("–" if value is None else report.clean(money(value) if key in MONEY_COLUMNS
                                                           else format_number(value, locale)))
    pdf.ln(2)


def _compared(report: _Report, earlier: PlanStory, latest: PlanStory) -> None:
    """An earlier assessment beside the latest: headline, break-even, value of a customer, cost, and what the
    earlier plan achieved; each amount in the currency of its own verdict."""
    def amounts(story: PlanStory) -> tuple[str, str, str]:
        costs = story.verdict.costs
        if costs is None:
            return "–", "–", "–"
        needed = customers_a_month(costs)
        with use_currency(story.verdict.currency):
            return ("–" if needed is None else format_number(needed, current_locale(), 1),
                    "–" if costs.customer_value is None else money(costs.customer_value),
                    money(costs.total_per_month))

    def arrow(then: str, now: str) -> str:
        return then if then == now else _("{then} → {now}", then=then, now=now)

    then, now = amounts(earlier), amounts(latest)
    day = format_date(earlier.made.date(), current_locale())
    report.heading(_("Assessment {number} of {date} beside the latest", number=earlier.number, date=day))
    items = [Item(arrow(_(HEADLINES[earlier.verdict.headline]), _(HEADLINES[latest.verdict.headline])),
                  label=_("Headline")),
             Item(arrow(then[0], now[0]), label=_("New customers a month that pay for the plan")),
             Item(arrow(then[1], now[1]), label=_("Value of a new customer")),
             Item(arrow(then[2], now[2]), label=_("Time and cash together")),
             Item(_achieved(earlier), label=_("What plan {number} achieved", number=earlier.number))]
    report.table(tuple(items), label_width=70)


def _achieved(story: PlanStory) -> str:
    advice = story.advice
    if advice is None:
        return _("no check-in")
    locale = current_locale()
    with use_currency(story.verdict.currency):
        return ngettext("{n} check-in over {months} months: {leads} enquiries, {customers} new customers, cost "
                        "{cost}; advised: {choice}",
                        "{n} check-ins over {months} months: {leads} enquiries, {customers} new customers, cost "
                        "{cost}; advised: {choice}", len(story.checkins),
                        months=format_number(Decimal(str(advice.months)), locale, 1),
                 leads=format_number(advice.leads, locale), customers=format_number(advice.customers, locale),
                 cost=spent(advice), choice=_(ADVISED[advice.choice]))
