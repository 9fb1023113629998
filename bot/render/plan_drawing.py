"""The plan chart drawn straight into the PDF report, as vector graphics: boxes, lines and text.

The chat's chart is a PNG drawn by matplotlib; on paper the same content
(`plan_chart`) is drawn with fpdf2's own shapes, so the report neither
rasterises a picture nor decodes and re-encodes it, the chart stays sharp
at any zoom, and its words can be searched and copied. The amounts on the
axis are the ones matplotlib's own tick rule would choose.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.i18n import current_currency, current_locale
from bot.i18n.numbers import format_money
from bot.render.chart import CASH, JUDGE_FROM, MARGIN, SHADE, TIME, PlanChart

if TYPE_CHECKING:
    from fpdf import FPDF

PT = 25.4 / 72  # millimetres in a typographic point
INK, GRID = (33, 33, 33), (225, 225, 225)
# Sizes in points, as in the PNG, which the chat shows as wide as the report does (4.8 inches).
TITLE, LABEL, TICK, LEGEND = 12, 9.5, 8.5, 8
FONT = "DejaVu"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def amount_ticks(chart: PlanChart) -> tuple[list[float], float]:
    """The amounts marked on the axis (as matplotlib would pick them) and the axis's top."""
    from matplotlib.ticker import MaxNLocator

    highest = max([*(t + c for t, c in zip(chart.time, chart.cash, strict=True)), *(chart.margin or [])], default=0)
    top = max(highest, 1) * 1.05
    ticks = [float(tick) for tick in MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(0, top)]
    return [tick for tick in ticks if 0 <= tick <= top], top


class _Frame:
    """Where months and amounts fall on the page, in millimetres."""

    def __init__(self, left: float, top: float, right: float, bottom: float, months: int, highest: float):
        self.left, self.top, self.right, self.bottom = left, top, right, bottom
        self.months, self.highest = months, highest

    def x(self, month: float) -> float:
        return self.left + (month - 0.4) / (self.months + 0.2) * (self.right - self.left)

    def y(self, amount: float) -> float:
        return self.bottom - amount / self.highest * (self.bottom - self.top)


def draw_plan(pdf: FPDF, chart: PlanChart, x: float, y: float, width: float, height: float,
              clean: Callable[[str], str]) -> None:
    """The chart in the box (x, y, width, height), in the current locale and currency; every text goes
    through `clean` (what the page's font cannot draw taken out) first."""
    ticks, highest = amount_ticks(chart)
    locale, currency = current_locale(), current_currency()
    labels = [clean(format_money(tick, locale, currency=currency)) for tick in ticks]
    chart = chart.written(clean)
    pdf.set_font(FONT, "", TICK)
    left = x + 6 + max(pdf.get_string_width(label) for label in labels) + 2
    frame = _Frame(left, y + 9, x + width - 1, y + height - 11, len(chart.months), highest)
    _bars(pdf, chart, frame, ticks)
    _axes(pdf, chart, frame, ticks, labels)
    _texts(pdf, chart, frame, x, y)
    _legend(pdf, chart, frame)


def _bars(pdf: FPDF, chart: PlanChart, frame: _Frame, ticks: list[float]) -> None:
    """The months judged shaded, the grid, the stacked bars of time and cash, the margin's steps."""
    pdf.set_fill_color(*_rgb(SHADE))
    start, end = frame.x(JUDGE_FROM - 0.5), frame.x(chart.months[-1] + 0.5)
    pdf.rect(start, frame.top, end - start, frame.bottom - frame.top, style="F")
    pdf.set_line_width(0.6 * PT)
    pdf.set_draw_color(*GRID)
    for tick in ticks:
        pdf.line(frame.left, frame.y(tick), frame.right, frame.y(tick))
    half = 0.4 * (frame.x(1) - frame.x(0))
    for month, time, cash in zip(chart.months, chart.time, chart.cash, strict=True):
        for bottom, amount, colour in ((0.0, time, TIME), (time, cash, CASH)):
            if amount > 0:
                pdf.set_fill_color(*_rgb(colour))
                pdf.rect(frame.x(month) - half, frame.y(bottom + amount), 2 * half,
                         frame.y(bottom) - frame.y(bottom + amount), style="F")
    if chart.margin is not None:
        points = [(frame.x(chart.months[0]), frame.y(chart.margin[0]))]
        for month, before, after in zip(chart.months[1:], chart.margin, chart.margin[1:], strict=False):
            points += [(frame.x(month - 0.5), frame.y(before)), (frame.x(month - 0.5), frame.y(after))]
        points.append((frame.x(chart.months[-1]), frame.y(chart.margin[-1])))
        pdf.set_draw_color(*_rgb(MARGIN))
        pdf.set_line_width(2.5 * PT)
        pdf.polyline(points)


def _axes(pdf: FPDF, chart: PlanChart, frame: _Frame, ticks: list[float], labels: list[str]) -> None:
    """The amount and month axes with their marks and labels."""
    pdf.set_line_width(0.6 * PT)
    pdf.set_font(FONT, "", TICK)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*INK)
    for tick, label in zip(ticks, labels, strict=True):
        level = frame.y(tick)
        pdf.line(frame.left - 1, level, frame.left, level)
        pdf.text(frame.left - 1.5 - pdf.get_string_width(label), level + 1.1, label)
    for month, label in zip(chart.months, chart.month_labels, strict=True):
        pdf.line(frame.x(month), frame.bottom, frame.x(month), frame.bottom + 1)
        pdf.text(frame.x(month) - pdf.get_string_width(label) / 2, frame.bottom + 4.2, label)
    pdf.line(frame.left, frame.top, frame.left, frame.bottom)
    pdf.line(frame.left, frame.bottom, frame.right, frame.bottom)


def _texts(pdf: FPDF, chart: PlanChart, frame: _Frame, x: float, y: float) -> None:
    """The title above, the months' label below, the amounts' label turned along the axis."""
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "", TITLE)
    pdf.text(frame.left, y + 6, chart.title)
    pdf.set_font(FONT, "", LABEL)
    middle = (frame.left + frame.right) / 2
    pdf.text(middle - pdf.get_string_width(chart.x_label) / 2, frame.bottom + 9, chart.x_label)
    centre = (frame.top + frame.bottom) / 2
    with pdf.rotation(90, x + 3, centre):
        pdf.text(x + 3 - pdf.get_string_width(chart.y_label) / 2, centre, chart.y_label)


def _legend(pdf: FPDF, chart: PlanChart, frame: _Frame) -> None:
    """What each colour stands for, in the top left corner of the plot."""
    entries = [(chart.margin_label, MARGIN, True)] if chart.margin is not None else []
    entries += [(chart.time_label, TIME, False), (chart.cash_label, CASH, False)]
    pdf.set_font(FONT, "", LEGEND)
    pdf.set_text_color(*INK)
    for row, (label, colour, line) in enumerate(entries):
        level = frame.top + 4 + 4.2 * row
        pdf.set_fill_color(*_rgb(colour))
        pdf.set_draw_color(*_rgb(colour))
        if line:
            pdf.set_line_width(2 * PT)
            pdf.line(frame.left + 2, level - 1, frame.left + 8, level - 1)
        else:
            pdf.rect(frame.left + 2, level - 2.2, 6, 2.4, style="F")
        pdf.text(frame.left + 10, level, label)
