"""Charts that carry figures, as PNG: what the plan costs month by month, against what pays for it.

matplotlib is imported inside the functions, so that starting the bot never
pays for it; only making a chart does. Figures are sized for a phone: drawn
720 px wide, their text stays readable when the app shows them 360 px wide.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.advisor.model import Costs, Verdict
from bot.advisor.money import JUDGED_AFTER_MONTHS, months_per_customer, whole
from bot.i18n import _, current_currency, current_locale, ngettext, use_currency
from bot.i18n.numbers import format_money, format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SIZE, DPI = (4.8, 3.6), 150  # inches: 720 x 540 px
TIME, CASH, MARGIN = "#4a7fb5", "#9cc3e6", "#2e9e5b"
JUDGE_FROM = 6  # the method judges results after six to nine months


def new_figure() -> tuple[Figure, Axes]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


PANEL_HEIGHT = 1.6  # inches (240 px) per panel of a chart of several, under a title


def new_panels(rows: int) -> Figure:
    """A figure of `rows` panels one above the other, sharing their time axis (as wide as `new_figure`)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(SIZE[0], 0.6 + PANEL_HEIGHT * rows), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.subplots(rows, 1, sharex=True, squeeze=False)
    return figure


def png(figure: Figure) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def money_ticks(axes: Axes) -> None:
    """The amount axis in the owner's way of writing money ('1 500 €', '1.500 €')."""
    from matplotlib.ticker import FuncFormatter

    # Matplotlib formats the ticks when the figure is drawn, perhaps outside the currency's context: fixed now.
    locale, currency = current_locale(), current_currency()
    axes.yaxis.set_major_formatter(FuncFormatter(
        lambda value, _pos: format_money(value, locale, currency=currency)))


def margin_of_needed_customers(costs: Costs, month: int) -> Decimal | None:
    """What the new customers that pay for the plan bring by `month`: whole customers a month, or below
    one a month, one every N months (None without the value of a customer)."""
    if costs.customer_value is None or costs.total_per_month <= 0:
        return None
    every = months_per_customer(costs)
    if every and costs.customers_to_break_even is not None and costs.customers_to_break_even <= 1:
        return costs.customer_value * (month // every)
    return costs.customer_value * (whole(costs.customers_to_break_even) or 0) * month


def plan_figure(verdict: Verdict) -> Figure:
    """Cumulative own time and cash, month by month to month nine, against the margin of the new customers
    the plan needs; the months when the method judges the results are shaded."""
    costs = verdict.costs
    assert costs is not None, "a plan chart needs a plan"
    months = list(range(1, JUDGED_AFTER_MONTHS + 1))
    time = [float(costs.time_per_month * month) for month in months]
    cash = [float(costs.tools_per_month * month) for month in months]
    figure, axes = new_figure()
    axes.axvspan(JUDGE_FROM - 0.5, JUDGED_AFTER_MONTHS + 0.5, color="#f3f3f3", zorder=0)
    axes.bar(months, time, color=TIME, label=_("Your own time"), zorder=2)
    axes.bar(months, cash, bottom=time, color=CASH, label=_("Cash for tools and ads"), zorder=2)
    margins = [margin_of_needed_customers(costs, month) for month in months]
    if all(margin is not None for margin in margins):
        every = months_per_customer(costs)
        label = (ngettext("Margin of {n} new customer a month", "Margin of {n} new customers a month",
                          whole(costs.customers_to_break_even) or 0)
                 if not (every and costs.customers_to_break_even is not None and costs.customers_to_break_even <= 1)
                 else ngettext("Margin of one new customer a month", "Margin of one new customer every {n} months",
                               every))
        axes.step(months, [float(m or 0) for m in margins], where="mid", color=MARGIN, linewidth=2.5,
                  label=label, zorder=3)
    axes.set_title(_("What the plan costs, and what pays for it"), fontsize=12, loc="left")
    axes.set_xlabel(_("Months after the start (judge in months 6 to 9)"), fontsize=10)
    axes.set_ylabel(_("Cumulative amount"), fontsize=10)
    axes.set_xticks(months, [format_number(month, current_locale()) for month in months])
    money_ticks(axes)
    axes.tick_params(labelsize=9)
    axes.grid(axis="y", alpha=0.3, zorder=1)
    axes.legend(fontsize=8.5, loc="upper left", frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def verdict_chart(verdict: Verdict) -> bytes:
    """The plan's chart as a PNG, in the verdict's currency."""
    with use_currency(verdict.currency):
        return png(plan_figure(verdict))
