"""The report's fonts parsed once per process and handed to each new PDF, so that a report pays only for its own
glyphs.

fpdf2 (2.8) builds a `TTFFont` in every document's `add_font`: it parses the
font (character map, widths, glyph table: a sixth of a report's time), and
when the file is written cuts that parsed font down to the glyphs the
document used, measuring every glyph's bounding box again as it saves it (a
quarter of a report's time). Here the `TTFFont` is built once per process
and font file; each document gets a copy whose per-document state is fresh
(the glyphs it used, the widths looked up, the descriptor written into its
file) and whose font, the one fpdf2 cuts and writes, is read anew from the
file's bytes kept in memory. That font is read without measuring the glyphs
again: their bounding boxes are in the file already (fontTools wrote them
when fonts.py cut it), so the file's glyphs and widths come out the same.

This leans on fpdf2's `TTFFont` attributes (`SHARED`, `PER_DOCUMENT`): if a
later fpdf2 has others, documents get fonts through its own `add_font`
again, as correct as before and as slow (tests/test_parsed_fonts.py fails to
say so).
"""

from __future__ import annotations

import copy
import io
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

_parsed: dict[tuple[str, str, str], tuple[TTFFont, bytes]] = {}
_lock = threading.Lock()  # reports may be drawn on several threads of one process


def add_fonts(pdf: FPDF, family: str, typeface: Fonts) -> None:
    """Each style of `typeface` added to `pdf` under `family`, as `pdf.add_font` would."""
    for style, path in typeface.files.items():
        parsed = _parsed_font(family, style, path) if fits() else None
        if parsed is None:
            pdf.add_font(family, style, path)
        else:
            font = _for_document(pdf, *parsed)
            pdf.fonts[font.fontkey] = font


def fits() -> bool:
    """Whether this fpdf2's fonts hold exactly the state sorted out above."""
    from fpdf.fonts import TTFFont

    return set(TTFFont.__slots__) == SHARED | PER_DOCUMENT


def _parsed_font(family: str, style: str, path: str) -> tuple[TTFFont, bytes] | None:
    """The font as fpdf2 parses it, and the file's bytes; None for a colour font (its glyphs are drawn per
    document)."""
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    key = (family, style, path)
    with _lock:
        if key not in _parsed:
            scratch = FPDF()
            scratch.add_font(family, style, path)
            (parsed,) = scratch.fonts.values()
            assert isinstance(parsed, TTFFont)  # add_font makes nothing else of a font file
            with open(path, "rb") as file:
                _parsed[key] = (parsed, file.read())
        font, data = _parsed[key]
    return None if font.color_font is not None else (font, data)


def _for_document(pdf: FPDF, parsed: TTFFont, data: bytes) -> TTFFont:
    """The parsed font for one more document: what it changes made afresh, the rest shared."""
    from fontTools import ttLib
    from fpdf.fonts import SubsetMap

    font = copy.copy(parsed)  # every attribute shared, then the document's own ones made afresh
    font.i = len(pdf.fonts) + 1
    font.cw = copy.copy(parsed.cw)  # a defaultdict: its default width with it
    font.desc = copy.copy(parsed.desc)
    font.subset = SubsetMap(font)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.ttfont = ttLib.TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False,
                               fontNumber=parsed.collection_font_number)
    return font
