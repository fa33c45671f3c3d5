"""Font files come from the font packages; a missing one is named."""

from __future__ import annotations

import pytest

from possouk.hardware import fonts


@pytest.mark.parametrize("role", ["arabic", "latin", "latin-bold"])
def test_fonts_are_found(role: str) -> None:
    path = fonts.font_path(role)
    assert path.is_file() and path.suffix == ".ttf"


def test_missing_font_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(fonts._FONTS, "nothing", ("fontpkg_not_there", "X.ttf"))
    with pytest.raises(fonts.FontMissing, match="fontpkg-not-there"):
        fonts.font_path("nothing")
    monkeypatch.setitem(fonts._FONTS, "nofile", ("fontpkg_amiri", "Missing.ttf"))
    with pytest.raises(fonts.FontMissing, match=r"Missing\.ttf"):
        fonts.font_path("nofile")
