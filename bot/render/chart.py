"""The verdict at a glance as a PNG: fit and the three readiness tests as bars.

matplotlib is imported here, inside the function, so that starting the bot
never pays for it; only making a chart does.
"""

from __future__ import annotations

import io
import textwrap

from bot.advisor.model import Verdict
from bot.i18n import _
from bot.render import verdict_texts as texts

SCORES = {"passed": 100, "partial": 55, "failed": 15,
          "strong": 100, "mandatory": 100, "weak": 15}
COLOURS = {100: "#2e9e5b", 55: "#f0a030", 15: "#d64541"}


def verdict_chart(verdict: Verdict) -> bytes:
    """A PNG image: one bar for the fit, one per readiness test, coloured by outcome."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = [(_("Fit with your customers"), SCORES.get(verdict.fit.level, 55), _(texts.FIT_LEVELS[verdict.fit.level]))]
    rows += [(_(texts.TESTS[t.test]), SCORES[t.outcome], _(texts.OUTCOMES[t.outcome])) for t in verdict.tests]
    rows.reverse()
    figure = Figure(figsize=(6.4, 3.2), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = [label for label, _score, _outcome in rows]
    scores = [score for _label, score, _outcome in rows]
    bars = axes.barh(labels, scores, color=[COLOURS[score] for score in scores], height=0.6)
    for bar, (_label, _score, outcome) in zip(bars, rows, strict=True):
        axes.text(bar.get_width() + 2, bar.get_y() + bar.get_height() / 2, outcome, va="center", fontsize=9)
    axes.set_xlim(0, 140)
    axes.set_xticks([])
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.set_title(textwrap.fill(_(texts.HEADLINES[verdict.headline]), 48), fontsize=11, loc="left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
