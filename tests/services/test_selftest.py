"""``possouk selftest``: each check says what is there, and names what is missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command

from possouk.domain.errors import N_
from possouk.hardware import fonts as receipt_fonts
from possouk.i18n import gettext as _
from possouk.i18n import render_message
from possouk.reports import fonts as document_fonts
from possouk.services import selftest
from possouk.storage import location, migrate
from possouk.storage.engine import database_url, make_engine
from possouk.storage.uow import open_database
from tests.conftest import Market


def _by_name(checks: list[selftest.Check]) -> dict[str, selftest.Check]:
    return {c.name: c for c in checks}


def test_everything_is_there_without_a_database(tmp_path: Path) -> None:
    checks = _by_name(selftest.run_checks(str(tmp_path / "none.sqlite3")))
    assert all(c.ok for c in checks.values()), selftest.report_text(list(checks.values()))
    assert checks["Receipt printer"].warning and checks["Database"].ok
    assert not (tmp_path / "none.sqlite3").exists()  # nothing was left behind
    assert _("Everything possouk needs is here.") in selftest.report_text(list(checks.values()))


def test_the_store_s_database_is_read_and_verified(market: Market) -> None:
    checks = _by_name(selftest.run_checks(market.db.url))
    assert checks["Database"].ok and not checks["Database"].warning
    assert location.HEAD in checks["Database"].detail


def test_an_older_database_is_a_note_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_database(path).close()
    engine = make_engine(database_url(path))
    config = migrate._config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0008")
    engine.dispose()
    check = _by_name(selftest.run_checks(str(path)))["Database"]
    assert check.ok and check.warning and "0008" in check.detail


def test_a_file_that_is_no_database_fails(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    assert not _by_name(selftest.run_checks(str(junk)))["Database"].ok


@pytest.fixture
def broken_locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "locales"
    shutil.copytree(selftest.LOCALES_DIR, copy)
    monkeypatch.setattr(selftest, "LOCALES_DIR", copy)
    yield copy


def test_a_missing_translation_file_is_named(broken_locales: Path, tmp_path: Path) -> None:
    missing = broken_locales / "ar" / "LC_MESSAGES" / "possouk.mo"
    missing.unlink()
    checks = selftest.run_checks(str(tmp_path / "none.sqlite3"))
    check = _by_name(checks)["Translations"]
    assert not check.ok and str(missing) in check.detail
    assert render_message(N_("{count} checks failed: possouk is not ready."),
                          {"count": 1}) in selftest.report_text(checks)


def test_a_missing_font_package_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    gone = document_fonts.FontSpec(document_fonts.REGULAR, "fontpkg_nowhere", "fontpkg-nowhere",
                                   "Nowhere.ttf")
    monkeypatch.setattr(document_fonts, "FONTS", (gone,))
    document_fonts.register_fonts.cache_clear()
    monkeypatch.setitem(receipt_fonts._FONTS, "latin", ("fontpkg_nowhere", "Nowhere.ttf"))
    receipt_fonts.font_path.cache_clear()
    try:
        checks = _by_name(selftest.run_checks(str(tmp_path / "none.sqlite3")))
    finally:
        document_fonts.register_fonts.cache_clear()
        receipt_fonts.font_path.cache_clear()
    assert not checks["Fonts of the documents"].ok
    assert "fontpkg-nowhere" in checks["Fonts of the documents"].detail
    assert not checks["Fonts of the receipts"].ok
    assert "fontpkg-nowhere" in checks["Fonts of the receipts"].detail


def test_a_missing_help_page_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copytree(selftest.HELP_DIR, tmp_path / "help")
    (tmp_path / "help" / "ar" / "organizer.html").unlink()
    (tmp_path / "help" / "images" / "fr-sale.png").unlink()
    monkeypatch.setattr(selftest, "HELP_DIR", tmp_path / "help")
    check = next(c for c in selftest.run_checks(None) if c.name == "Help pages")
    assert not check.ok
    assert "organizer.html" in check.detail and "fr-sale.png" in check.detail
