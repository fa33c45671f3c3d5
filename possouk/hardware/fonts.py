"""Font files for paper, taken from the font packages installed with possouk.

The fonts travel as Python wheels (``fontpkg-noto-sans-arabic``,
``fontpkg-amiri``) so a receipt looks the same on every machine, whatever
fonts the operating system has. Each wheel is a package whose ``files/``
folder holds the ``.ttf`` files; we find them with :mod:`importlib.resources`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

# (package, file): Noto Sans Arabic is a clear sans-serif for Arabic at small
# sizes; Amiri covers Arabic *and* Latin, so it draws French and mixed text.
_FONTS: dict[str, tuple[str, str]] = {
    "arabic": ("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf"),
    "latin": ("fontpkg_amiri", "Amiri-Regular.ttf"),
    "latin-bold": ("fontpkg_amiri", "Amiri-Bold.ttf"),
    # The window's Latin text: a sans-serif that matches Noto Sans Arabic.
    "ui-latin": ("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf"),
}


class FontMissing(RuntimeError):
    """A font package is not installed or lacks its file."""


@cache
def font_path(role: str) -> Path:
    """The path of the ``.ttf`` file for ``role`` (``arabic``, ``latin``, ``latin-bold``).

    Raises :class:`FontMissing` naming the package to install when it is absent.
    """
    package, filename = _FONTS[role]
    pip_name = package.replace("_", "-")
    try:
        # One name per joinpath: a frozen bundle gives a MultiplexedPath, which takes only one.
        candidate = resources.files(package).joinpath("files").joinpath(filename)
    except ModuleNotFoundError:
        raise FontMissing(
            f"font {filename} not found: the package {pip_name} is not installed "
            f"(pip install {pip_name})"
        ) from None
    path = Path(str(candidate))
    if not path.is_file():
        raise FontMissing(f"font {filename} not found in the package {pip_name} (reinstall it)")
    return path
