"""The PDF report: the verdict as the chat gives it (plan, costs and KPIs where it has them) and the answers, on A4.

The report reuses the verdict's phone texts, so what the owner reads in the
chat and on paper is the same. fpdf2 is imported only when a report is made;
the font is the DejaVu Sans that matplotlib ships (accents, ß and € included).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.advisor.model import Verdict
from bot.i18n import _, current_locale
from bot.i18n.numbers import format_date
from bot.render.chart import verdict_chart
from bot.render.values import answer, asked
from bot.render.verdict import headline, verdict_messages
from bot.spec import Spec

# Colour emoji have no glyph in a PDF text font: they are dropped from the report.
_EMOJI = re.compile("[\U0001F000-\U0001FFFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F]")


def _font_path(bold: bool = False) -> str:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name)


def _clean(text: str) -> str:
    return _EMOJI.sub("", text).replace("\u202f", "\u00a0")


def verdict_report(verdict: Verdict, spec: Spec, answers: Mapping[str, Any], made: datetime,
                   chart: bytes | None = None) -> bytes:
    """The whole report as PDF bytes, in the current locale; `chart` is the verdict's chart if already drawn."""
    import io

    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("DejaVu", "", _font_path())
    pdf.add_font("DejaVu", "B", _font_path(bold=True))
    pdf.set_title(_(spec.title))
    pdf.set_creator("social-media-advisor")
    pdf.add_page()

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, size * 0.55, _clean(text).strip(), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def body(text: str) -> None:
        pdf.set_font("DejaVu", "", 10)
        for line in _clean(text).splitlines():
            pdf.multi_cell(0, 5, line.strip() or " ", align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    heading(_(spec.title), 18)
    body(_("Report of {date}", date=format_date(made.date(), current_locale())))
    heading(headline(verdict))
    if verdict.plan is not None:  # without a plan the chart would show one bar, the headline's
        pdf.image(io.BytesIO(chart or verdict_chart(verdict)), w=150)
        pdf.ln(2)
    # The phone messages, each opening with its title; the summary's title is the headline, shown above already.
    summary, *sections = verdict_messages(verdict, spec, answers)
    body(summary.partition("\n")[2])
    for section in sections:
        first, _sep, rest = section.partition("\n")
        heading(first, 12)
        body(rest)
    heading(_("Your answers"), 12)
    pdf.set_font("DejaVu", "", 9)
    for question, value in asked(spec, answers):
        pdf.set_font("DejaVu", "B", 9)
        pdf.multi_cell(0, 4.5, _clean(_(question.text)), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 4.5, _clean(answer(question, value)), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.set_font("DejaVu", "", 8)
    pdf.ln(4)
    pdf.multi_cell(0, 4, _("Advisor rules version {version}.", version=verdict.version),
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
