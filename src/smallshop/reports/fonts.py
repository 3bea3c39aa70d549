"""The report's one font family, PT Sans, registered with reportlab from assets/fonts.

reportlab's built-in fonts print Cyrillic as black boxes, so every piece of text in the
PDF (tables, chart, footer) uses this family; registering it as a family is what lets
`<b>` inside a Paragraph switch to the Bold file.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..paths import assets_dir

FAMILY = "PTSans"
BOLD = "PTSans-Bold"
_FILES = {
    FAMILY: "PTSans-Regular.ttf",
    BOLD: "PTSans-Bold.ttf",
    "PTSans-Italic": "PTSans-Italic.ttf",
    "PTSans-BoldItalic": "PTSans-BoldItalic.ttf",
}
_lock = threading.Lock()
_registered = False

# Characters Babel/CLDR may put in numbers that PT Sans has no glyph for.
_SUBSTITUTES = str.maketrans({"\u202f": "\u00a0", "\u2009": " "})


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def register_fonts() -> str:
    """Register PT Sans (once per process) and return the family name."""
    global _registered
    with _lock:
        if not _registered:
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / filename)))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=FAMILY, bold=BOLD, italic="PTSans-Italic", boldItalic="PTSans-BoldItalic"
            )
            _registered = True
    return FAMILY


def printable(text: str) -> str:
    """`text` with the few spacing characters the font lacks replaced by ones it has."""
    return text.translate(_SUBSTITUTES)
