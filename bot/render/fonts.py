"""The report's fonts: DejaVu Sans (the one matplotlib ships), cut once per process to what reports use.

The whole font has 6,000 glyphs. A copy cut once per process to the
characters French and German reports need (Latin letters, accents,
punctuation, currency signs, arrows and marks) is parsed in a tenth of the
time, once per process (parsed_fonts.py), and fpdf2 cuts each file's glyphs
from it faster. A report holding any other character (a business name in
Greek) is laid out again with the whole font.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass

# Latin with its accents (combining ones too), punctuation, currency, letter-like signs, fractions, arrows,
# mathematical signs, and the marks the report draws (✓ ✗).
COMMON = frozenset([*(code for first, last in (
    (0x20, 0x7E), (0xA0, 0x24F), (0x2B0, 0x36F), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x21FF),
    (0x2200, 0x22FF)) for code in range(first, last + 1)), 0x2713, 0x2717])
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # fpdf2's style: the file


@dataclass(frozen=True)
class Fonts:
    """A font file for each style, and the characters they can draw (None: every one the font has)."""

    files: dict[str, str]
    covers: frozenset[int] | None = None

    def draw(self, text: str) -> bool:
        """Whether every character of `text` has a glyph here (line breaks need none)."""
        return self.covers is None or self.covers.issuperset(map(ord, text.replace("\n", "")))


def whole() -> Fonts:
    import matplotlib

    folder = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
    return Fonts({style: os.path.join(folder, name) for style, name in FILES.items()})


_common: list[Fonts] = []
_lock = threading.Lock()  # reports may be drawn on several threads of one process


def common() -> Fonts:
    """The fonts cut to `COMMON`, made at the first call in this process and removed when it ends."""
    with _lock:
        if not _common:
            _common.append(_cut(whole()))
        return _common[0]


def _cut(fonts: Fonts) -> Fonts:
    from fontTools import subset, ttLib

    folder = tempfile.mkdtemp(prefix="advisor-fonts-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    files, covered = {}, set(COMMON)
    for style, path in fonts.files.items():
        font = ttLib.TTFont(path)
        wanted = COMMON & set(font.getBestCmap())
        covered &= wanted  # what every style can draw
        # Only the outlines, hints and metrics fpdf2 reads: it lays text out without the font's shaping tables
        # (and drops them from every file it writes), so each file's own cut reads no more than it keeps.
        options = subset.Options(notdef_outline=True, glyph_names=True)
        options.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB", "MATH"]  # FFTM: FontForge's time stamps
        cutter = subset.Subsetter(options)
        cutter.populate(unicodes=wanted)
        cutter.subset(font)
        # One character map (Windows Unicode, the one fpdf2 reads) rather than three alike.
        font["cmap"].tables = [table for table in font["cmap"].tables if (table.platformID, table.platEncID) == (3, 1)]
        files[style] = os.path.join(folder, os.path.basename(path))
        font.save(files[style])
    return Fonts(files, frozenset(covered))
