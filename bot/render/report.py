"""The PDF report a consultant can file: a summary page, the details as tables, the answers as an appendix.

It is laid out from the verdict's sections (`verdict_sections`), the very
content the chat shows, in the reader's language. fpdf2 is imported only
when a report is made; the font is the DejaVu Sans that matplotlib ships
(accents, ß, €, and the ✓ ~ ✗ marks included).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.advisor.model import Verdict
from bot.i18n import _, current_locale, use_currency
from bot.i18n.numbers import format_date
from bot.i18n.unicode import file_name
from bot.render.chart import verdict_chart
from bot.render.document import Block, Item, Mark, Section, item_line
from bot.render.values import answer, asked, wording
from bot.render.verdict import headline, verdict_sections
from bot.spec import Spec, known

if TYPE_CHECKING:
    from fpdf import FPDF

# Colour emoji have no glyph in a PDF text font: marks are drawn as glyphs, other emoji dropped.
_EMOJI = re.compile("[\U0001F000-\U0001FFFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F]")
GLYPHS = {Mark.YES: ("✓", (46, 158, 91)), Mark.NO: ("✗", (150, 150, 150)), Mark.PASSED: ("✓", (46, 158, 91)),
          Mark.PARTIAL: ("~", (214, 140, 30)), Mark.FAILED: ("✗", (214, 69, 65)), Mark.WARNING: ("!", (214, 69, 65)),
          Mark.GAINED: ("+", (33, 33, 33)), Mark.GONE: ("–", (33, 33, 33))}
HEADLINE_COLOURS = {"go": (220, 242, 228), "not_ready": (253, 243, 214), "partial": (253, 232, 214),
                    "not_now": (250, 222, 220), "mandatory": (220, 232, 250)}
INK, GREY = (33, 33, 33), (110, 110, 110)
KEEP_WITH_HEADING = 30  # mm: a heading needs this much room below it, or it starts the next page


def _font_path(bold: bool = False) -> str:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name)


def _clean(text: str) -> str:
    return _EMOJI.sub("", text).replace("\u202f", "\u00a0").strip()


def business_name(answers: Mapping[str, Any]) -> str | None:
    name = answers.get(known.BUSINESS_NAME)
    return str(name).strip() or None if name else None


def report_filename(answers: Mapping[str, Any], made: datetime) -> str:
    """The business's name (else "social media report", in the reader's language) and the date."""
    return file_name(business_name(answers) or _("social media report"), "pdf", "report", f"{made:%Y-%m-%d}")


class _Report:
    """One report being laid out on A4."""

    def __init__(self, title: str, footer: str):
        from fpdf import FPDF

        class Paper(FPDF):
            def footer(paper) -> None:  # noqa: N805 (fpdf2 calls it on the page being closed)
                paper.set_y(-12)
                paper.set_font("DejaVu", "", 8)
                paper.set_text_color(*GREY)
                paper.cell(0, 5, footer, align="L")
                paper.set_x(paper.l_margin)
                paper.cell(0, 5, _("Page {page} of {pages}", page=paper.page_no(), pages="{nb}"), align="R")

        self.pdf: FPDF = Paper(format="A4")
        pdf = self.pdf
        pdf.set_margins(18, 16, 18)
        pdf.set_auto_page_break(True, margin=18)
        pdf.add_font("DejaVu", "", _font_path())
        pdf.add_font("DejaVu", "B", _font_path(bold=True))
        pdf.set_title(title)
        pdf.set_author(_("Social-media advisor"))
        pdf.set_creator("social-media-advisor")
        pdf.set_lang(current_locale().replace("_", "-"))
        pdf.add_page()

    def heading(self, text: str, size: int = 13) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.page_break_trigger - KEEP_WITH_HEADING:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", size)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, size * 0.5, _clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

    def paragraph(self, text: str, size: float = 10, colour: tuple[int, int, int] = INK) -> None:
        pdf = self.pdf
        pdf.set_font("DejaVu", "", size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(0, size * 0.5, _clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def headline_box(self, verdict: Verdict, text: str | None = None) -> None:
        """The headline (or `text` about it) on the headline's colour."""
        pdf = self.pdf
        pdf.set_fill_color(*HEADLINE_COLOURS[verdict.headline])
        pdf.set_font("DejaVu", "B", 15)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 9, _clean(text or headline(verdict)), fill=True, padding=(3, 4), align="L", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.ln(3)

    def block(self, block: Block) -> None:
        if block.title:
            self.heading(block.title, 11)
        if block.table:
            self.table(block.items)
            return
        for item in block.items:
            lead = "• " if block.bullets and not item.mark else ""
            self.marked(item.mark, lead + item_line(item))
            if item.note:
                self.paragraph(item.note, 8.5, GREY)
            for point in item.sub:
                self.paragraph(f"   – {point}", 9.5)

    def marked(self, mark: Mark | None, text: str) -> None:
        """A paragraph led by the mark's glyph in its colour."""
        pdf = self.pdf
        if mark is not None:
            glyph, colour = GLYPHS[mark]
            pdf.set_font("DejaVu", "B", 10)
            pdf.set_text_color(*colour)
            pdf.cell(6, 5, glyph)
        self.paragraph(text)

    def table(self, items: tuple[Item, ...], label_width: int = 55) -> None:
        """Rows of (mark,) label | text, its note and the finer points under it; rows never split across pages."""
        pdf = self.pdf
        marks = any(item.mark for item in items)
        widths = (7, label_width - 3, 119) if marks else (label_width, 174 - label_width)
        pdf.set_font("DejaVu", "", 9.5)
        pdf.set_text_color(*INK)
        with pdf.table(col_widths=widths, first_row_as_headings=False, borders_layout="HORIZONTAL_LINES",
                       line_height=5, padding=1.5, text_align="LEFT") as table:
            for item in items:
                row = table.row()
                if marks:
                    glyph, colour = GLYPHS[item.mark] if item.mark else ("", INK)
                    pdf.set_text_color(*colour)
                    row.cell(glyph)
                    pdf.set_text_color(*INK)
                row.cell(_clean(item.label or ""))
                # In the chat's order: the text, its note, then the finer points.
                details = [item.text, item.note, *(f"– {point}" for point in item.sub)]
                row.cell(_clean("\n".join(line for line in details if line)))
        pdf.ln(2)

    def section(self, section: Section) -> None:
        self.heading(section.title)
        for block in section.blocks:
            self.block(block)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def verdict_report(verdict: Verdict, spec: Spec, answers: Mapping[str, Any], made: datetime,
                   chart: bytes | None = None) -> bytes:
    """The report as PDF bytes, in the current locale and the verdict's currency (the answers' too);
    `chart` is the verdict's chart if already drawn."""
    with use_currency(verdict.currency):
        return _report(verdict, spec, answers, made, chart)


def _report(verdict: Verdict, spec: Spec, answers: Mapping[str, Any], made: datetime, chart: bytes | None) -> bytes:
    name = business_name(answers)
    date = format_date(made.date(), current_locale())
    title = _(spec.title) + (f" — {name}" if name else "")
    report = _Report(_clean(title), _clean(f"{name} · {date}" if name else date))
    summary, *details = verdict_sections(verdict, spec, answers)
    # Page 1: who, when, the headline, the main reasons, the next steps, the key figures.
    report.heading(name or _(spec.title), 17)
    profile = [answer(question, value) for question, value in asked(spec, answers)
               if question.id in (known.SECTOR, known.LOCALITY)]
    report.paragraph(" · ".join([*profile, _("Report of {date}", date=date)]), 10, GREY)
    report.headline_box(verdict)
    for block in summary.blocks:
        report.block(block)
    for section in details:
        if section.key in ("why", "plan"):  # the reasons, then the plan, each start a page
            report.pdf.add_page()
        report.section(section)
        if section.key == "money":  # the costs, then the chart of what pays for them
            report.pdf.image(io.BytesIO(chart or verdict_chart(verdict)), w=120)
            report.pdf.ln(2)
    report.pdf.add_page()
    report.heading(_("Your answers"))
    report.table(tuple(Item(answer(question, value), label=wording(question))
                       for question, value in asked(spec, answers)), label_width=100)
    report.paragraph(_("Advisor rules version {version}.", version=verdict.version), 8, GREY)
    return report.output()
