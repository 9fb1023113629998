"""The PDF report a consultant can file: a summary page, the details as tables, the answers as an appendix.

It is laid out from the verdict's sections (`verdict_sections`), the very
content the chat shows, in the reader's language. fpdf2 is imported only
when a report is made; the font is the DejaVu Sans that matplotlib ships
(accents, ß, €, and the ✓ ~ ✗ marks included), cut once per process to the
characters reports use (fonts.py). The plan's chart is drawn on the page as
vector graphics (plan_drawing.py), from the same content as the chat's PNG.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.advisor.model import Verdict
from bot.i18n import _, current_locale, use_currency
from bot.i18n.numbers import format_date
from bot.i18n.unicode import file_name
from bot.render import fonts, parsed_fonts
from bot.render.chart import plan_chart
from bot.render.document import Block, Item, Mark, Section, item_line
from bot.render.plan_drawing import FONT, draw_plan
from bot.render.values import answer, asked, wording
from bot.render.verdict import headline, verdict_sections
from bot.spec import Spec, known

if TYPE_CHECKING:
    from fpdf import FPDF

# Colour emoji have no glyph in a PDF text font: marks are drawn as glyphs, other emoji dropped (the
# clocks, hourglasses and media signs among the technical symbols too: ⌛ ⏳ ⏰ ⏩).
_EMOJI = re.compile("[\U0001F000-\U0001FFFF\u2600-\u27BF\u2B00-\u2BFF\u231A\u231B\u23E9-\u23FA\uFE0F]")
GLYPHS = {Mark.YES: ("✓", (46, 158, 91)), Mark.NO: ("✗", (150, 150, 150)), Mark.PASSED: ("✓", (46, 158, 91)),
          Mark.PARTIAL: ("~", (214, 140, 30)), Mark.FAILED: ("✗", (214, 69, 65)), Mark.WARNING: ("!", (214, 69, 65)),
          Mark.GAINED: ("+", (33, 33, 33)), Mark.GONE: ("–", (33, 33, 33))}
HEADLINE_COLOURS = {"go": (220, 242, 228), "not_ready": (253, 243, 214), "partial": (253, 232, 214),
                    "not_now": (250, 222, 220), "mandatory": (220, 232, 250)}
INK, GREY = (33, 33, 33), (110, 110, 110)
KEEP_WITH_HEADING = 30  # mm: a heading needs this much room below it, or it starts the next page
LINE_HEIGHT, CELL_PADDING = 5, 1.5  # mm, in tables
CHART_SIZE = (120, 90)  # mm: the plan's chart, as wide as two thirds of the text
_WIDTHS: dict[tuple[str, float, str], float] = {}  # each word's width (mm) in a font file and size, this process
_WIDTHS_KEPT = 50_000


def business_name(answers: Mapping[str, Any]) -> str | None:
    name = answers.get(known.BUSINESS_NAME)
    return str(name).strip() or None if name else None


def report_filename(answers: Mapping[str, Any], made: datetime) -> str:
    """The business's name (else "social media report", in the reader's language) and the date."""
    return file_name(business_name(answers) or _("social media report"), "pdf", "report", f"{made:%Y-%m-%d}")


class _Report:
    """One report being laid out on A4, in `fonts`; `fits` tells whether they could draw every text."""

    def __init__(self, title: str, footer: str, typeface: fonts.Fonts):
        from fpdf import FPDF

        self.typeface, self.fits = typeface, True
        footer = self.clean(footer)

        class Paper(FPDF):
            def footer(paper) -> None:  # noqa: N805 (fpdf2 calls it on the page being closed)
                paper.set_y(-12)
                paper.set_font(FONT, "", 8)
                paper.set_text_color(*GREY)
                paper.cell(0, 5, footer, align="L")
                paper.set_x(paper.l_margin)
                paper.cell(0, 5, _("Page {page} of {pages}", page=paper.page_no(), pages="{nb}"), align="R")

        self.pdf: FPDF = Paper(format="A4")
        pdf = self.pdf
        pdf.set_margins(18, 16, 18)
        pdf.set_auto_page_break(True, margin=18)
        parsed_fonts.add_fonts(pdf, FONT, typeface)
        pdf.set_title(self.clean(title))
        pdf.set_author(_("Social-media advisor"))
        pdf.set_creator("social-media-advisor")
        pdf.set_lang(current_locale().replace("_", "-"))
        pdf.add_page()

    def clean(self, text: str) -> str:
        """The text without emoji (no glyph in a PDF font), noting whether the fonts can draw the rest."""
        text = _EMOJI.sub("", text).replace("\u202f", "\u00a0").strip()
        self.fits = self.fits and self.typeface.draw(text)
        return text

    def heading(self, text: str, size: int = 13) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.page_break_trigger - KEEP_WITH_HEADING:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font(FONT, "B", size)
        pdf.set_text_color(*INK)
        self.write(self.clean(text), size * 0.5)
        pdf.ln(1.5)

    def paragraph(self, text: str, size: float = 10, colour: tuple[int, int, int] = INK) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "", size)
        pdf.set_text_color(*colour)
        self.write(self.clean(text), size * 0.5)
        pdf.ln(1)

    def write(self, text: str, height: float) -> None:
        """The text in lines `height` high, from where the page stands to the right margin, then the left
        margin below it (as fpdf2's multi_cell, its words measured once: see `lines`)."""
        pdf = self.pdf
        x, width = pdf.get_x(), pdf.w - pdf.r_margin - pdf.get_x()
        for line in self.lines(text, width - 2 * pdf.c_margin):
            self.line(line, x, height)
            pdf.set_xy(pdf.l_margin, pdf.get_y() + height)

    def line(self, text: str, x: float, height: float) -> None:
        """One line of text in the current font, set where fpdf2's `cell` of that height at `x` would set it (its
        left margin, its baseline), on the next page if it does not fit on this one. Through `text`, which
        writes the line as it is: `cell` first splits it into styled fragments, copying the whole graphics
        state for each (half of a report's layout time went there)."""
        pdf = self.pdf
        if pdf.will_page_break(height):
            pdf.add_page(same=True)
        if text:
            pdf.text(x + pdf.c_margin, pdf.get_y() + 0.5 * height + 0.3 * pdf.font_size, text)

    def headline_box(self, verdict: Verdict, text: str | None = None) -> None:
        """The headline (or `text` about it) on the headline's colour."""
        pdf = self.pdf
        pdf.set_fill_color(*HEADLINE_COLOURS[verdict.headline])
        pdf.set_font(FONT, "B", 15)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 9, self.clean(text or headline(verdict)), fill=True, padding=(3, 4), align="L",
                       new_x="LMARGIN", new_y="NEXT")
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
            pdf.set_font(FONT, "B", 10)
            pdf.set_text_color(*colour)
            self.line(glyph, pdf.get_x(), 5)
            pdf.set_x(pdf.get_x() + 6)
        self.paragraph(text)

    def table(self, items: tuple[Item, ...], label_width: int = 55) -> None:
        """Rows of (mark,) label | text, its note and the finer points under it, each cell's lines centred in its
        row; a line between rows; rows never split across pages.

        Laid out here rather than with fpdf2's tables, whose line breaking
        measures a line again for every character added to it (two thirds of
        a report's time went there): here each word is measured once.
        """
        pdf = self.pdf
        marks = any(item.mark for item in items)
        shares = (7, label_width - 3, 119) if marks else (label_width, 174 - label_width)
        widths = [share * pdf.epw / sum(shares) for share in shares]  # the columns fill the text's width
        pdf.set_font(FONT, "", 9.5)
        for number, item in enumerate(items):
            details = [item.text, item.note, *(f"– {point}" for point in item.sub)]  # the chat's order
            cells = [(self.clean(item.label or ""), INK),
                     (self.clean("\n".join(line for line in details if line)), INK)]
            if marks:
                cells.insert(0, GLYPHS[item.mark] if item.mark else ("", INK))
            lines = [self.lines(text, width - 2 * CELL_PADDING)
                     for (text, _colour), width in zip(cells, widths, strict=True)]
            height = max(len(cell) for cell in lines) * LINE_HEIGHT + 2 * CELL_PADDING
            if pdf.get_y() + height > pdf.page_break_trigger:
                if number:  # the last row on a page is closed by a line too
                    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + sum(widths), pdf.get_y())
                pdf.add_page()
            top, x = pdf.get_y(), pdf.l_margin
            pdf.rect(x, top, sum(widths), height, style="F")  # in the fill colour of the page's headline
            if number:
                pdf.line(x, top, x + sum(widths), top)
            margin, pdf.c_margin = pdf.c_margin, 0  # the padding is the cells' only margin
            for (_text, colour), cell, width in zip(cells, lines, widths, strict=True):
                pdf.set_text_color(*colour)
                y = top + (height - len(cell) * LINE_HEIGHT) / 2
                for line in cell:
                    pdf.set_y(y)
                    self.line(line, x + CELL_PADDING, LINE_HEIGHT)
                    y += LINE_HEIGHT
                x += width
            pdf.c_margin = margin
            pdf.set_xy(pdf.l_margin, top + height)
        pdf.set_text_color(*INK)
        pdf.ln(2)

    def lines(self, text: str, width: float) -> list[str]:
        """The text in lines at most `width` wide in the current font: broken at spaces and at its own line
        breaks, a word wider than a line cut where it must be."""
        lines: list[str] = []
        space = self.width(" ")
        for paragraph in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in paragraph.split(" "):
                wide = self.width(word)
                if line and used + space + wide > width:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                while wide > width and len(word) > 1:
                    cut = next(end for end in range(len(word) - 1, 0, -1)
                               if self.width(word[:end]) <= width or end == 1)
                    lines.append(word[:cut])
                    word = word[cut:]
                    wide = self.width(word)
                used += (space if line else 0.0) + wide
                line.append(word)
            lines.append(" ".join(line))
        return lines

    def width(self, text: str) -> float:
        """The text's width in the current font, measured once per process: reports share most of their words,
        and fpdf2 copies its whole graphics state for each measure (a quarter of a report's time went there)."""
        pdf = self.pdf
        key = (self.typeface.files[pdf.font_style], pdf.font_size_pt, text)
        wide = _WIDTHS.get(key)
        if wide is None:
            if len(_WIDTHS) >= _WIDTHS_KEPT:
                _WIDTHS.clear()
            wide = _WIDTHS[key] = pdf.get_string_width(text)
        return wide

    def chart(self, verdict: Verdict) -> None:
        """The plan's chart, drawn on this page if it fits, else on the next."""
        pdf, (width, height) = self.pdf, CHART_SIZE
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        with pdf.local_context():  # the chart's colours, lines and fonts stay in the chart
            draw_plan(pdf, plan_chart(verdict), pdf.l_margin, pdf.get_y(), width, height, self.clean)
        pdf.set_y(pdf.get_y() + height + 2)

    def section(self, section: Section) -> None:
        self.heading(section.title)
        for block in section.blocks:
            self.block(block)

    def output(self) -> bytes:
        parsed_fonts.slim(self.pdf)
        return bytes(self.pdf.output())


def verdict_report(verdict: Verdict, spec: Spec, answers: Mapping[str, Any], made: datetime) -> bytes:
    """The report as PDF bytes, in the current locale and the verdict's currency (the answers' too)."""
    with use_currency(verdict.currency):
        report = _report(verdict, spec, answers, made, fonts.common())
        if not report.fits:  # a character the cut fonts lack: laid out again with the whole ones
            report = _report(verdict, spec, answers, made, fonts.whole())
        return report.output()


def _report(verdict: Verdict, spec: Spec, answers: Mapping[str, Any], made: datetime,
            typeface: fonts.Fonts) -> _Report:
    name = business_name(answers)
    date = format_date(made.date(), current_locale())
    title = _(spec.title) + (f" — {name}" if name else "")
    report = _Report(title, f"{name} · {date}" if name else date, typeface)
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
        # What to change first (or else the reasons), then the plan, each start a page.
        if section.key in ("change", "plan") or section.key == "why" and not verdict.change_first:
            report.pdf.add_page()
        report.section(section)
        if section.key == "money":  # the costs, then the chart of what pays for them
            report.chart(verdict)
    report.pdf.add_page()
    report.heading(_("Your answers"))
    report.table(tuple(Item(answer(question, value), label=wording(question))
                       for question, value in asked(spec, answers)), label_width=100)
    report.paragraph(_("Advisor rules version {version}.", version=verdict.version), 8, GREY)
    return report
