"""What a typed text or a name may hold once it is ours, and how a name sits in our sentences.

What reaches us from a phone can carry invisible characters, or bidirectional
controls that turn the rest of a line around wherever the text is shown again
(the chat, the PDF report, a consultant's list). So texts are kept in NFC,
without control characters and without bidi embeddings, overrides or
isolates; a text with nothing visible in it is no text. A right-to-left name
is legitimate: it is shown isolated, so it cannot reorder the sentence around it.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab and line feed, DEL, C1 controls, bidi embeddings and overrides, bidi isolates.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Letters that render as nothing (Hangul fillers, the braille blank): favourites for "invisible" names.
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
FSI, PDI = "\u2068", "\u2069"
# Letters German and French spell out in plain ASCII, where dropping the accent would misspell ("Grossbäckerei"
# is "grossbaeckerei", not "grobackerei"); other accents are simply dropped.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss", "œ": "oe", "æ": "ae",
                              "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "Œ": "Oe", "Æ": "Ae"})


def clean(text: str) -> str:
    """`text` in NFC, without controls, trimmed."""
    return _CONTROLS.sub("", unicodedata.normalize("NFC", text)).strip()


def visible(text: str) -> bool:
    """Whether anything in `text` shows: not only spaces, format characters, lone marks or blanks."""
    return any(unicodedata.category(char)[0] not in "CZM" and char not in _BLANKS for char in text)


def clean_name(name: str | None) -> str | None:
    """A name as we keep it; None if nothing visible is left (Telegram then gave us no name to show)."""
    cleaned = clean(name or "")
    return cleaned if visible(cleaned) else None


def isolated(text: str) -> str:
    """`text` as one unit in a sentence, whatever its direction."""
    return f"{FSI}{text}{PDI}"


def file_name(words: str, extension: str, fallback: str = "file", suffix: str = "") -> str:
    """`words` (a translated name, a business's name) as a file name every system and mail program takes:
    lower-case ASCII letters and digits joined by '-', accents dropped ('mes données' -> 'mes-donnees.json'),
    umlauts and ß spelled out ('Bäckerei Groß' -> 'baeckerei-gross.pdf'); at most 60 characters before the
    `suffix` (a date) and the extension."""
    spelled = unicodedata.normalize("NFC", words).translate(_SPELLED_OUT)
    ascii_words = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_words).strip("-")[:60].strip("-")
    return f"{slug or fallback}{'-' + suffix if suffix else ''}.{extension}"


def sort_key(text: str) -> str:
    """`text` as an alphabetical list orders it: accents and case aside ("Île" among the I's, "Öster" among the O's)."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)).casefold()
