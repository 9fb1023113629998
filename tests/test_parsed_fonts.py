"""Reports drawn with fonts parsed once per process, and lines set as plain text, read and look exactly like
those fpdf2 draws alone (its fonts parsed and cut for each file, its lines set by `cell`): the same text, the
same pixels, each file holding only its own glyphs."""

from __future__ import annotations

import io
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from cases import BUTCHER, PAINTER_NOT_NOW
from fontTools import ttLib
from PIL import Image, ImageChops
from pypdf import PdfReader

from bot.advisor import assess
from bot.i18n import use_locale
from bot.render import fonts, parsed_fonts
from bot.render.plan_drawing import FONT
from bot.render.report import _Report, verdict_report

MADE = datetime(2027, 3, 1, 10, tzinfo=UTC)


def test_this_fpdf2_s_fonts_hold_the_state_sorted_into_shared_and_per_document():
    """Fails when an fpdf2 upgrade changes its fonts' attributes: reports then fall back to fpdf2's own
    `add_font` (correct, and slower) until parsed_fonts.py sorts the new ones."""
    from fpdf.fonts import TTFFont

    assert parsed_fonts.fits(), set(TTFFont.__slots__) ^ (parsed_fonts.SHARED | parsed_fonts.PER_DOCUMENT)


@pytest.mark.parametrize("language", ["fr", "de"])
@pytest.mark.parametrize("answers", [BUTCHER, PAINTER_NOT_NOW], ids=["plan", "not_now"])
def test_a_report_reads_and_looks_the_same_as_one_fpdf2_draws_alone(specs, answers, language, tmp_path, monkeypatch):
    """As drawn before: fonts parsed by fpdf2 for each file and cut from themselves, lines set by `cell`."""
    answers = {**answers, "business_name": "Boucherie Œuvre & Fils – Größe"}
    verdict = assess(answers)
    with use_locale(language):
        ours = verdict_report(verdict, specs["assessment"], answers, MADE)
        monkeypatch.setattr(parsed_fonts, "fits", lambda: False)
        monkeypatch.setattr(_Report, "line", in_a_cell)
        theirs = verdict_report(verdict, specs["assessment"], answers, MADE)
    assert text(ours, tmp_path / "ours") == text(theirs, tmp_path / "theirs")
    pages, expected = pictures(ours, tmp_path / "ours"), pictures(theirs, tmp_path / "theirs")
    assert len(pages) == len(expected) > 1
    for number, (page, same) in enumerate(zip(pages, expected, strict=True), start=1):
        assert ImageChops.difference(page, same).getbbox() is None, f"page {number} differs"
    assert len(ours) <= len(theirs) * 1.01


def test_each_file_embeds_only_the_glyphs_it_draws_although_the_font_is_shared():
    """The font parsed once is cut for each file to that file's characters: an earlier file's stay out."""
    first = _Report("Æsop", "Zone", fonts.common())
    first.paragraph("Ærø Østergade Zürich")
    first.output()
    second = _Report("Title", "Footer", fonts.common())
    second.paragraph("Bonjour")
    drawn = embedded_characters(second.output())
    assert set("Bonjour") <= drawn
    assert not set("ÆØZü") & drawn


@pytest.mark.parametrize("rare", ["≥", "Ș", "∑"])
def test_a_file_with_a_character_beyond_the_usual_ones_still_embeds_its_glyph(rare):
    """Files in the usual characters are cut from a smaller font; one with any other is cut from the whole."""
    report = _Report("Title", "Footer", fonts.common())
    report.paragraph(f"Marge {rare} 30 %")
    pdf = report.output()
    assert report.fits and rare in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert rare in embedded_characters(pdf)


def test_writing_a_file_leaves_the_font_parsed_once_as_it_was_for_files_drawn_meanwhile():
    """Files may be drawn side by side on threads: none may write its glyphs or its objects into the shared
    font."""
    report = _Report("Title", "Footer", fonts.common())
    report.paragraph("Größe ✓")
    report.output()
    for parsed in parsed_fonts._parsed.values():
        font = parsed.font
        assert len(font.subset) <= 2 and not font.missing_glyphs  # .notdef and the space, as parsed
        assert font.desc.font_name is None and font.desc._id is None and not hasattr(font.desc, "font_file2")


def test_reports_drawn_side_by_side_on_threads_each_hold_their_own_text(specs):
    """Where no drawing process can start, files are drawn on threads of the bot's process, sharing the fonts."""
    owners = [(language, answers) for language in ("fr", "de") for answers in (BUTCHER, PAINTER_NOT_NOW)]

    def drawn(owner):
        language, answers = owner
        with use_locale(language):
            pdf = verdict_report(assess(answers), specs["assessment"], answers, MADE)
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    alone = [drawn(owner) for owner in owners]
    with ThreadPoolExecutor(4) as threads:
        assert list(threads.map(drawn, owners * 3)) == alone * 3


def test_a_font_parsed_once_still_draws_every_style_in_a_later_file():
    for _ in range(2):
        report = _Report("Title", "Footer", fonts.common())
        report.heading("Étape 1")
        report.paragraph("Größe ✓")
        assert "Étape 1" in PdfReader(io.BytesIO(report.output())).pages[0].extract_text()
    assert {font.fontkey for font in report.pdf.fonts.values()} == {FONT.lower(), FONT.lower() + "B"}


def in_a_cell(report: _Report, text: str, x: float, height: float) -> None:
    report.pdf.set_x(x)
    report.pdf.cell(h=height, text=text)


def text(pdf: bytes, stem) -> str:
    stem.with_suffix(".pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", stem.with_suffix(".pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout


def pictures(pdf: bytes, stem) -> list[Image.Image]:
    """Each page drawn at 120 dpi by poppler."""
    stem.with_suffix(".pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "120", "-png", stem.with_suffix(".pdf"), stem], check=True)
    return [Image.open(path).convert("RGB") for path in sorted(stem.parent.glob(f"{stem.name}-*.png"))]


def embedded_characters(pdf: bytes) -> set[str]:
    """The characters the fonts embedded in the file's first page have glyphs for."""
    characters: set[str] = set()
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        data = descriptor["/FontFile2"].get_object().get_data()
        characters |= {chr(code) for code in ttLib.TTFont(io.BytesIO(data)).getBestCmap()}
    return characters
