"""The PDF report and the charts as a reader gets them: text extracted from the real PDF, figures inspected."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime, timedelta

import matplotlib.dates as mdates
import pytest
from cases import (
    B2B_ON_LINKEDIN,
    BRASSERIE,
    BUTCHER,
    NO_WEBSITE,
    ONLINE_SELLER_NOT_READY,
    PAINTER,
    PAINTER_NOT_NOW,
    PET_SELLER,
    WANTS_SALES_NEXT_MONTH,
)
from pypdf import PdfReader

from bot.advisor import assess
from bot.advisor.progress import Checkin, kpi_series
from bot.i18n import _, current_locale, use_locale
from bot.i18n.numbers import format_money
from bot.render import chart, fonts
from bot.render.chart import margin_of_needed_customers, plan_chart, plan_figure, verdict_chart
from bot.render.plan_drawing import FONT
from bot.render.progress import trend_figure
from bot.render.report import _Report, report_filename, verdict_report
from bot.render.verdict import headline, verdict_sections

MADE = datetime(2027, 3, 1, 10, tzinfo=UTC)
OWNERS = {"go": BUTCHER, "partial": PAINTER, "not_now": PAINTER_NOT_NOW, "not_ready": WANTS_SALES_NEXT_MONTH,
          "mandatory": PET_SELLER, "partial_b2b": B2B_ON_LINKEDIN}


def words(text: str) -> str:
    return " ".join(text.split())


def read(verdict, spec, answers) -> PdfReader:
    return PdfReader(io.BytesIO(verdict_report(verdict, spec, answers, MADE)))


@pytest.mark.parametrize("language", ["fr", "de"])
@pytest.mark.parametrize("owner", OWNERS)
def test_the_report_is_the_chat_s_content_with_a_summary_page_and_numbered_pages(specs, owner, language):
    spec, answers = specs["assessment"], {**OWNERS[owner], "business_name": "Atelier Dupont & Fils"}
    verdict = assess(answers)
    with use_locale(language):
        pdf = read(verdict, spec, answers)
        sections = verdict_sections(verdict, spec, answers)
        pages = [words(page.extract_text()) for page in pdf.pages]
        first, everything = pages[0], " ".join(pages)
        assert "Atelier Dupont & Fils" in first and words(headline(verdict)) in first
        summary = sections[0]
        for block in summary.blocks:  # the main reasons, the next steps, the key figures
            for item in block.items:
                assert words(item.text)[:60] in first, item.text
        total = len(pdf.pages)
        for number, page in enumerate(pages, start=1):
            assert words(_("Page {page} of {pages}", page=number, pages=total)) in page
        for section in sections[1:]:
            assert words(section.title) in everything
        plan_titles = (_("Your plan in four steps"), _("Once you are ready: your plan in four steps"),
                       _("Time and money"))
        assert any(title in everything for title in plan_titles) == (verdict.plan is not None)
        metadata = pdf.metadata
        assert "Atelier Dupont & Fils" in metadata.title and metadata.author == _("Social-media advisor")
    assert pdf.trailer["/Root"]["/Lang"] == language


def test_recommended_and_left_aside_networks_have_distinct_marks(specs):
    answers = PET_SELLER  # two networks in the plan, three left aside
    with use_locale("fr"):
        text = " ".join(page.extract_text() for page in read(assess(answers), specs["assessment"], answers).pages)
    assert "✓" in text and "✗" in text


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_plan_chart_is_drawn_on_the_page_in_words_and_amounts_a_reader_can_search(specs, language):
    """The chart is vector graphics: its title, legend and amounts are text in the PDF, as the PNG shows them."""
    answers = BUTCHER  # 657 EUR a month, the margin of two new customers
    verdict = assess(answers)
    with use_locale(language):
        chart = plan_chart(verdict)
        text = words(" ".join(page.extract_text() for page in read(verdict, specs["assessment"], answers).pages))
        for label in (chart.title, chart.time_label, chart.cash_label, chart.margin_label, chart.x_label):
            assert words(label) in text
        assert words(format_money(10_000, current_locale())) in text.replace("\u202f", " ")


@pytest.mark.parametrize("language", ["fr", "de"])
def test_french_and_german_reports_need_only_the_fonts_cut_for_them(specs, language, monkeypatch):
    """Laying a report out again in the whole fonts doubles its time: no French or German text needs them."""
    monkeypatch.setattr(fonts, "whole", lambda: pytest.fail("a report needed the whole fonts"))
    with use_locale(language):
        for answers in OWNERS.values():
            answers = {**answers, "business_name": "Boulangerie Œuvre & Fils – Größe «Süd»"}
            verdict_report(assess(answers), specs["assessment"], answers, MADE)


def test_a_business_name_in_another_script_is_still_drawn(specs):
    """Reports are set in a font cut to the characters French and German need; any other is still drawn."""
    answers = {**PAINTER_NOT_NOW, "business_name": "Ταβέρνα Νίκος"}
    with use_locale("fr"):
        first = read(assess(answers), specs["assessment"], answers).pages[0].extract_text()
    assert "Ταβέρνα Νίκος" in first


def test_table_cells_are_cut_into_lines_that_fit_their_column_and_keep_every_character():
    report = _Report("Title", "Footer", fonts.common())
    report.pdf.set_font(FONT, "", 9.5)
    text = "Une réponse assez longue pour tenir sur plusieurs lignes\nhttps://exemple.fr/" + "x" * 90
    lines = report.lines(text, 40)
    assert len(lines) >= 4 and all(report.pdf.get_string_width(line) <= 40 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_words_measured_once_per_process_are_measured_in_the_font_size_and_style_they_are_set_in():
    """Widths are kept between reports; a word set small, then large and bold, still fits its line."""
    text = "Votre temps chaque mois pour publier, répondre et mesurer ce qui marche " * 3
    report = _Report("Title", "Footer", fonts.common())
    for style, size in (("", 8), ("B", 17), ("", 8)):
        report.pdf.set_font(FONT, style, size)
        lines = report.lines(text, 60)
        assert all(report.pdf.get_string_width(line) <= 60 for line in lines)
        assert report.pdf.get_string_width(lines[0] + " " + lines[1].split(" ")[0]) > 60, "each line is full"


def test_the_file_is_named_after_the_business_and_the_date():
    with use_locale("de"):
        assert report_filename({"business_name": "Bäckerei Müller"}, MADE) == "baeckerei-mueller-2027-03-01.pdf"
        assert report_filename({"business_name": "Großbäckerei"}, MADE) == "grossbaeckerei-2027-03-01.pdf"
        assert report_filename({}, MADE) == "social-media-bericht-2027-03-01.pdf"
    with use_locale("fr"):
        assert report_filename({"business_name": "Œuvres d'Hélène"}, MADE) == "oeuvres-d-helene-2027-03-01.pdf"


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_plan_chart_sets_the_cost_against_the_margin_that_pays_for_it(language):
    verdict = assess(BUTCHER)  # 657 EUR a month; two new customers at 600 EUR of margin pay for it
    with use_locale(language):
        figure = plan_figure(verdict)
        axes = figure.axes[0]
        assert axes.get_title(loc="left") == _("What the plan costs, and what pays for it")
        assert axes.get_xlabel() == _("Months after the start (judge in months 6 to 9)")
        assert axes.get_ylabel() == _("Cumulative amount")
        [margin] = axes.lines
        assert list(margin.get_ydata()) == [float(margin_of_needed_customers(verdict.costs, m)) for m in range(1, 10)]
        assert list(margin.get_ydata())[:2] == [1200.0, 2400.0]
        bars = [bar.get_height() for bar in axes.patches if bar.get_width() < 1]  # own time, then cash
        assert bars[9:] == pytest.approx([float(verdict.costs.tools_per_month) * month for month in range(1, 10)])
        assert "€" in axes.yaxis.get_major_formatter()(500, 0)


def test_each_chart_drawn_on_the_figure_a_process_keeps_is_the_picture_a_new_figure_draws(monkeypatch):
    """A process keeps one plan figure and changes it for each owner: nothing of the charts before shows, to
    the pixel (an axis end moved by a fraction of a pixel once did)."""
    owners = [BUTCHER, NO_WEBSITE, PET_SELLER, BRASSERIE, ONLINE_SELLER_NOT_READY, B2B_ON_LINKEDIN, PAINTER,
              WANTS_SALES_NEXT_MONTH]
    for language, answers in [(language, answers) for language in ("fr", "de", "fr_CH") for answers in owners]:
        verdict = assess(answers)
        with use_locale(language):
            kept = verdict_chart(verdict)
            with monkeypatch.context() as fresh:
                fresh.setattr(chart, "_PLANS", {})
                assert verdict_chart(verdict) == kept, (language, verdict.headline)


def test_the_kpi_chart_has_a_panel_per_figure_in_its_own_unit_against_its_target():
    """The butcher follows followers, reactions per post and returning customers; new customers come last."""
    start = datetime(2027, 1, 4, 9, tzinfo=UTC)
    checkins = [Checkin(start + timedelta(days=30), {"followers_1": 100, "interactions_1": 40, "posts": 10,
                                                     "customers": 1, "returning": 30}),
                Checkin(start + timedelta(days=60), {"followers_1": None, "interactions_1": 50, "posts": 20,
                                                     "customers": 3, "returning": None})]
    series = kpi_series(assess(BUTCHER), start, checkins)
    with use_locale("de"):
        figure = trend_figure([checkin.at for checkin in checkins], series)
        titles = [axes.get_title(loc="left") for axes in figure.axes]
        assert titles == ["Neue Follower", "Reaktionen auf Beiträge", "Anteil wiederkehrender Kunden",
                          "Neukunden"]
        assert [axes.get_ylabel() for axes in figure.axes] == ["pro Monat", "pro Beitrag", "Prozentpunkte pro Halbjahr",
                                                               "pro Monat"]
        followers, engagement, returning, customers = (axes.lines for axes in figure.axes)
        assert all(math.isnan(value) for value in followers[0].get_ydata()), "no earlier count, then skipped"
        assert all(math.isnan(value) for value in returning[0].get_ydata()), "the first share is the start"
        assert list(engagement[0].get_ydata()) == [4.0, 2.5] and list(engagement[1].get_ydata()) == [3.0, 3.0]
        assert customers[1].get_linestyle() == "--" and customers[1].get_ydata()[0] == 2, "two whole customers"
        assert engagement[1].get_label() == "Ziel: 3" and figure.axes[1].get_title(loc="right") == "Ziel: 3"
        assert figure.axes[-1].xaxis.get_major_formatter()(mdates.date2num(checkins[0].at), 0) == "3. Feb."


@pytest.mark.parametrize("mark", ["⏳", "⌛", "⏰", "✅", "📈"])
def test_a_chat_mark_without_a_glyph_in_the_report_s_font_is_dropped_not_drawn_as_an_empty_box(mark):
    """The follow-up report shows a decision still due as "⏳" in the chat; DejaVu has no such glyph."""
    with use_locale("fr"):
        report = _Report("Salon Léa", "Salon Léa", fonts.common())
        assert report.clean(f"{mark} Décision à 6 mois") == "Décision à 6 mois"
        assert report.fits
