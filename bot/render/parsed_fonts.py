"""The report's fonts parsed once per process and handed to each new PDF, so that a report pays only for its own
glyphs.

fpdf2 (2.8) builds a `TTFFont` in every document's `add_font`: it parses the
font (character map, widths, glyph table: a sixth of a report's time), and
when the file is written cuts that parsed font down to the glyphs the
document used, measuring every glyph's bounding box again as it saves it (a
quarter of a report's time). Here the `TTFFont` is built once per process
and font file; each document gets a copy whose per-document state is fresh
(the glyphs it used, the widths looked up, the descriptor written into its
file) and whose font, the one fpdf2 cuts and writes, is read anew from bytes
kept in memory: those of a font of the usual characters only when the
document used no other (`slim`), else those of the file. Either is read
without measuring the glyphs again: their bounding boxes are in the file
already (fontTools wrote them when it cut it), and the same glyphs with the
same outlines and widths come out.

This leans on fpdf2's `TTFFont` attributes (`SHARED`, `PER_DOCUMENT`): if a
later fpdf2 has others, documents get fonts through its own `add_font`
again, as correct as before and as slow (tests/test_parsed_fonts.py fails to
say so).
"""

from __future__ import annotations

import copy
import io
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    from bot.render.fonts import Fonts

# What fpdf2 sets once when it parses the font and only reads afterwards: shared by every document.
SHARED = frozenset({"type", "name", "glyph_ids", "sp", "ss", "up", "ut", "ttffile", "fontkey", "emphasis",
                    "scale", "cmap", "unicode_range", "palette_index", "is_compressed", "is_cff", "is_cid_keyed",
                    "is_symbol", "cff_ros", "collection_font_number", "color_font", "_hbfont"})
# What a document changes: its number among its fonts, the widths looked up (missing ones are added), the
# descriptor (its file's object), the glyphs used, the font cut at output, the missing characters, the size.
PER_DOCUMENT = frozenset({"i", "cw", "desc", "subset", "ttfont", "missing_glyphs", "biggest_size_pt"})

# The characters nearly every French or German report is written in (Latin with its accents, dashes, quotes,
# bullets, thin spaces, the euro, the arrow and the marks): a file drawn in them alone is cut from a font of
# these only, a quarter of the size, so its cut reads a quarter as much.
USUAL = frozenset([*range(0x20, 0x7F), *range(0xA0, 0x180), 0x2009, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A,
                   0x201C, 0x201D, 0x201E, 0x2022, 0x2026, 0x2039, 0x203A, 0x202F, 0x20AC, 0x2192, 0x2713, 0x2717])


@dataclass(frozen=True)
class _Parsed:
    """A font file as fpdf2 parses it; its bytes, and those of its cut to `USUAL` with the glyphs it keeps."""

    font: TTFFont
    data: bytes
    usual: bytes
    usual_glyphs: frozenset[str]


_parsed: dict[tuple[str, str, str], _Parsed] = {}
_by_file: dict[str, _Parsed] = {}  # the same, by the path fpdf2 notes in its fonts
_lock = threading.Lock()  # reports may be drawn on several threads of one process


def add_fonts(pdf: FPDF, family: str, typeface: Fonts) -> None:
    """Each style of `typeface` added to `pdf` under `family`, as `pdf.add_font` would."""
    for style, path in typeface.files.items():
        parsed = _parsed_font(family, style, path) if fits() else None
        if parsed is None:
            pdf.add_font(family, style, path)
        else:
            font = _for_document(pdf, parsed)
            pdf.fonts[font.fontkey] = font


def prepare(family: str, typeface: Fonts) -> None:
    """Each style of `typeface` parsed now (as a drawing process starts) rather than for the first report."""
    for style, path in typeface.files.items():
        _parsed_font(family, style, path)


def slim(pdf: FPDF) -> None:
    """Before `pdf` is written: each font whose glyphs it used are all `USUAL` ones cut, as fpdf2 does when it
    writes the file, from the font of those only (the same glyphs come out)."""
    from fpdf.fonts import TTFFont

    for font in pdf.fonts.values() if fits() else ():
        if not isinstance(font, TTFFont) or (parsed := _by_file.get(str(font.ttffile))) is None:
            continue
        if parsed.usual_glyphs.issuperset(font.subset.get_all_glyph_names()):
            font.ttfont = _read(parsed.usual, font.collection_font_number)


def fits() -> bool:
    """Whether this fpdf2's fonts hold exactly the state sorted out above."""
    from fpdf.fonts import TTFFont

    return set(TTFFont.__slots__) == SHARED | PER_DOCUMENT


def _parsed_font(family: str, style: str, path: str) -> _Parsed | None:
    """The font as fpdf2 parses it, with its bytes; None for a colour font (its glyphs are drawn per
    document)."""
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    key = (family, style, path)
    with _lock:
        if key not in _parsed:
            scratch = FPDF()
            scratch.add_font(family, style, path)
            (font,) = scratch.fonts.values()
            assert isinstance(font, TTFFont)  # add_font makes nothing else of a font file
            font.close()  # the file it read: each document reads its own font from the bytes
            with open(path, "rb") as file:
                data = file.read()
            _parsed[key] = _by_file[str(font.ttffile)] = _Parsed(font, data, *_cut_to_usual(data))
        parsed = _parsed[key]
    return None if parsed.font.color_font is not None else parsed


def _cut_to_usual(data: bytes) -> tuple[bytes, frozenset[str]]:
    """The font cut to `USUAL`, keeping what fpdf2 keeps in every cut (the first four glyphs), and the names of
    the glyphs it holds."""
    from fontTools import subset

    font = _read(data)
    options = subset.Options(notdef_outline=True, recommended_glyphs=True, glyph_names=True)
    options.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB", "MATH"]  # fpdf2 drops them from what it writes
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=USUAL & set(font.getBestCmap()))
    cutter.subset(font)
    cut = io.BytesIO()
    font.save(cut)
    return cut.getvalue(), frozenset(font.getGlyphOrder())


def _for_document(pdf: FPDF, parsed: _Parsed) -> TTFFont:
    """The parsed font for one more document: what it changes made afresh, the rest shared."""
    from fpdf.fonts import SubsetMap

    font = copy.copy(parsed.font)  # every attribute shared, then the document's own ones made afresh
    font.i = len(pdf.fonts) + 1
    font.cw = copy.copy(parsed.font.cw)  # a defaultdict: its default width with it
    font.desc = copy.copy(parsed.font.desc)
    font.subset = SubsetMap(font)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.ttfont = _read(parsed.data, parsed.font.collection_font_number)
    return font


def _read(data: bytes, number: int = -1) -> TTFont:
    """The font in `data`, its tables read when first used, its glyphs' bounding boxes taken as they are."""
    from fontTools import ttLib

    return ttLib.TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False, fontNumber=number)
