"""Fonts for PDF documents, registered with reportlab from the font packages.

The fonts come from Python packages (``fontpkg-noto-sans-arabic``,
``fontpkg-amiri``) so that every machine — a developer's, CI, a shop's Windows
register — draws the same glyphs without any system font. Each package keeps
its ``.ttf`` files in a ``files/`` folder next to its ``__init__``; they are
found with :mod:`importlib.resources`, which works from a wheel, an editable
install or a frozen bundle alike.

Both faces cover Arabic (with the presentation forms arabic-reshaper emits)
and Latin, so a line mixing the two needs no font switching.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

__all__ = ["BOLD", "REGULAR", "FontMissing", "FontSpec", "register_fonts"]

REGULAR = "PossoukSans"
"""Body text: Noto Sans Arabic (Arabic and Latin)."""
BOLD = "PossoukBold"
"""Headings and totals: Amiri Bold (Arabic and Latin)."""


class FontMissing(RuntimeError):
    """A font package or one of its files is not installed (an installation problem, not a user error)."""


@dataclass(frozen=True)
class FontSpec:
    """Where one registered face comes from."""

    name: str
    package: str
    distribution: str
    filename: str


FONTS: tuple[FontSpec, ...] = (
    FontSpec(REGULAR, "fontpkg_noto_sans_arabic", "fontpkg-noto-sans-arabic",
             "NotoSansArabic[wdth,wght].ttf"),
    FontSpec(BOLD, "fontpkg_amiri", "fontpkg-amiri", "Amiri-Bold.ttf"),
)


def _font_file(spec: FontSpec) -> Traversable:
    try:
        folder = resources.files(spec.package)
    except ModuleNotFoundError as exc:
        raise FontMissing(
            f"font package {spec.distribution!r} is not installed "
            f"(needed for font {spec.name}); run: pip install {spec.distribution}"
        ) from exc
    path = folder / "files" / spec.filename
    if not path.is_file():
        raise FontMissing(
            f"font file {spec.filename!r} is missing from package {spec.distribution!r}; "
            f"reinstall it: pip install --force-reinstall {spec.distribution}"
        )
    return path


@cache
def register_fonts() -> tuple[str, str]:
    """Register the document fonts with reportlab once; return ``(REGULAR, BOLD)``.

    Raises :class:`FontMissing` naming the package to install when a font is absent.
    """
    for spec in FONTS:
        with resources.as_file(_font_file(spec)) as path:
            # TTFont reads the whole file now, so the temporary path (for a zipped install) may go.
            pdfmetrics.registerFont(TTFont(spec.name, str(path)))
    return REGULAR, BOLD
