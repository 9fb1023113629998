"""Charts that carry figures, as PNG: what the plan costs month by month, against what pays for it.

matplotlib is imported inside the functions, so that starting the bot never
pays for it; only making a chart does. Figures are sized for a phone: drawn
720 px wide, their text stays readable when the app shows them 360 px wide.
What the plan chart shows is worked out once (`plan_chart`), apart from the
drawing: matplotlib draws it as the PNG sent in the chat, and the PDF report
draws the same content as vector graphics (`plan_drawing`).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from bot.advisor.model import Costs, Verdict
from bot.advisor.money import JUDGED_AFTER_MONTHS, months_per_customer, whole
from bot.i18n import _, current_currency, current_locale, ngettext, use_currency
from bot.i18n.numbers import format_money, format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SIZE, DPI = (4.8, 3.6), 150  # inches: 720 x 540 px
TIME, CASH, MARGIN, SHADE = "#4a7fb5", "#9cc3e6", "#2e9e5b", "#f3f3f3"
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
    """The figure laid out and drawn, as an opaque PNG compressed lightly (Telegram re-encodes photos anyway:
    a third of the time `savefig` spends, for a file a few per cent larger)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    lay_out(figure)
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg), "figures are made on an Agg canvas (new_figure, new_panels)"
    canvas.draw()
    width, height = canvas.get_width_height()
    picture = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="png", compress_level=1, dpi=(figure.dpi, figure.dpi))
    return buffer.getvalue()


_LAYOUTS: dict[tuple, dict[str, float]] = {}  # the margins each set of texts needed, in this process
_LAYOUTS_KEPT = 512
_SIDES = ("left", "right", "bottom", "top", "wspace", "hspace")


def lay_out(figure: Figure) -> None:
    """Margins that fit the figure's texts (matplotlib's tight layout), worked out once per set of texts.

    Tight layout measures every text on a first drawing pass: a tenth of a
    chart's time. Charts of the same kind with the same titles, labels and
    ticks need the same margins, so those are kept and reused.
    """
    key = _texts(figure)
    margins = _LAYOUTS.get(key)
    if margins is None:
        figure.tight_layout()
        if len(_LAYOUTS) >= _LAYOUTS_KEPT:
            _LAYOUTS.clear()
        _LAYOUTS[key] = {side: getattr(figure.subplotpars, side) for side in _SIDES}
    else:
        figure.subplots_adjust(**margins)


def _texts(figure: Figure) -> tuple:
    """The figure's size and every text a layout makes room for: titles, legends, axis labels, ticks and their
    labels."""
    key: list = [tuple(figure.get_size_inches()), figure.dpi, *(text.get_text() for text in figure.texts)]
    for axes in figure.axes:
        key += [axes.get_title(loc) for loc in ("left", "center", "right")]
        key += [text.get_text() for text in axes.texts]
        legend = axes.get_legend()
        key += [text.get_text() for text in legend.get_texts()] if legend is not None else []
        key += [axes.get_xlabel(), axes.get_ylabel(), axes.get_xlim(), axes.get_ylim()]
        for axis in (axes.xaxis, axes.yaxis):
            ticks = list(axis.get_major_locator()())
            formatter = axis.get_major_formatter()
            formatter.set_locs(ticks)
            key.append(tuple((tick, formatter(tick, n)) for n, tick in enumerate(ticks)))
    return tuple(key)


def money_ticks(axes: Axes) -> None:
    """The amount axis in the owner's way of writing money ('1 500 €', '1.500 €')."""
    from matplotlib.ticker import FuncFormatter

    # Matplotlib formats the ticks when the figure is drawn, perhaps outside the currency's context: fixed now.
    # Laying out and drawing ask for the same few ticks a hundred times: each is written once.
    locale, currency = current_locale(), current_currency()
    written = cache(lambda value: format_money(value, locale, currency=currency))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: written(value)))


def margin_of_needed_customers(costs: Costs, month: int) -> Decimal | None:
    """What the new customers that pay for the plan bring by `month`: whole customers a month, or below
    one a month, one every N months (None without the value of a customer)."""
    if costs.customer_value is None or costs.total_per_month <= 0:
        return None
    every = months_per_customer(costs)
    if every and costs.customers_to_break_even is not None and costs.customers_to_break_even <= 1:
        return costs.customer_value * (month // every)
    return costs.customer_value * (whole(costs.customers_to_break_even) or 0) * month


@dataclass(frozen=True)
class PlanChart:
    """What the plan chart shows, in the current locale and currency, whoever draws it."""

    title: str
    months: list[int]
    month_labels: list[str]
    x_label: str
    y_label: str
    time: list[float]  # cumulative own time, month by month
    cash: list[float]  # cumulative cash for tools and ads, on top of the time
    time_label: str
    cash_label: str
    margin: list[float] | None  # cumulative margin of the new customers that pay for the plan, if known
    margin_label: str

    def written(self, clean: Callable[[str], str]) -> PlanChart:
        """The same chart with each of its texts passed through `clean`."""
        return replace(self, title=clean(self.title), month_labels=[clean(label) for label in self.month_labels],
                       x_label=clean(self.x_label), y_label=clean(self.y_label), time_label=clean(self.time_label),
                       cash_label=clean(self.cash_label), margin_label=clean(self.margin_label))


def plan_chart(verdict: Verdict) -> PlanChart:
    """Cumulative own time and cash, month by month to month nine, against the margin of the new customers
    the plan needs."""
    costs = verdict.costs
    assert costs is not None, "a plan chart needs a plan"
    months = list(range(1, JUDGED_AFTER_MONTHS + 1))
    margins = [margin_of_needed_customers(costs, month) for month in months]
    every = months_per_customer(costs)
    label = (ngettext("Margin of {n} new customer a month", "Margin of {n} new customers a month",
                      whole(costs.customers_to_break_even) or 0)
             if not (every and costs.customers_to_break_even is not None and costs.customers_to_break_even <= 1)
             else ngettext("Margin of one new customer a month", "Margin of one new customer every {n} months",
                           every))
    return PlanChart(
        title=_("What the plan costs, and what pays for it"), months=months,
        month_labels=[format_number(month, current_locale()) for month in months],
        x_label=_("Months after the start (judge in months 6 to 9)"), y_label=_("Cumulative amount"),
        time=[float(costs.time_per_month * month) for month in months],
        cash=[float(costs.tools_per_month * month) for month in months],
        time_label=_("Your own time"), cash_label=_("Cash for tools and ads"),
        margin=[float(m or 0) for m in margins] if all(m is not None for m in margins) else None,
        margin_label=label)


_PLANS: dict[bool, tuple[Figure, Axes]] = {}  # this process's plan charts, with and without the margin's line
_PLANS_LOCK = threading.Lock()  # held while one is changed and drawn: drawing may fall back to threads


def plan_figure(verdict: Verdict) -> Figure:
    """The plan chart drawn by matplotlib; the months when the method judges the results are shaded.

    Making a figure, its axes, ticks and eighteen bars took a third of a
    chart's time, so each process makes it once (`_plan`) and changes only
    what differs from owner to owner: the bars' heights, the margin's steps,
    the texts and the amounts' axis. The figure is the process's own: the
    next chart changes it, so it is drawn before (`verdict_chart`).
    """
    from matplotlib.figure import SubplotParams

    chart = plan_chart(verdict)
    figure, axes = _PLANS.get(chart.margin is not None) or _plan(chart.margin is not None)
    time_bars, cash_bars = axes.containers
    for time_bar, cash_bar, time, cash in zip(time_bars, cash_bars, chart.time, chart.cash, strict=True):
        time_bar.set_height(time)
        cash_bar.set_y(time)
        cash_bar.set_height(cash)
    time_bars.set_label(chart.time_label)
    cash_bars.set_label(chart.cash_label)
    handles: list = [time_bars, cash_bars]
    if chart.margin is not None:
        [margin] = axes.lines
        margin.set_ydata(chart.margin)
        margin.set_label(chart.margin_label)
        handles.insert(0, margin)  # lines before bars, as matplotlib orders a legend
    axes.set_title(chart.title, fontsize=12, loc="left")
    axes.set_xlabel(chart.x_label, fontsize=10)
    axes.set_ylabel(chart.y_label, fontsize=10)
    axes.set_xticks(chart.months, chart.month_labels)
    money_ticks(axes)
    # The limits are worked out from where a new figure starts (its margins and limits): from the last chart's,
    # the bars' outlines map back to slightly other amounts, which moves an axis end by a fraction of a pixel.
    start = SubplotParams()
    figure.subplots_adjust(**{side: getattr(start, side) for side in _SIDES})
    axes.set_xlim(0, 1, auto=None)
    axes.set_ylim(0, 1, auto=None)
    axes.relim()
    axes.autoscale_view()
    axes.legend(handles=handles, fontsize=8.5, loc="upper left", frameon=False)
    return figure


def _plan(margin: bool) -> tuple[Figure, Axes]:
    """A plan chart's figure with nothing in it yet: the months judged shaded, the bars of own time and of cash
    on top of it, and the margin's steps if `margin`."""
    figure, axes = new_figure()
    months, nothing = list(range(1, JUDGED_AFTER_MONTHS + 1)), [0.0] * JUDGED_AFTER_MONTHS
    axes.axvspan(JUDGE_FROM - 0.5, JUDGED_AFTER_MONTHS + 0.5, color=SHADE, zorder=0)
    axes.bar(months, nothing, color=TIME, zorder=2)
    axes.bar(months, nothing, bottom=nothing, color=CASH, zorder=2)
    if margin:
        axes.step(months, nothing, where="mid", color=MARGIN, linewidth=2.5, zorder=3)
    axes.tick_params(labelsize=9)
    axes.grid(axis="y", alpha=0.3, zorder=1)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    _PLANS[margin] = figure, axes
    return figure, axes


def verdict_chart(verdict: Verdict) -> bytes:
    """The plan's chart as a PNG, in the verdict's currency."""
    with use_currency(verdict.currency), _PLANS_LOCK:
        return png(plan_figure(verdict))
