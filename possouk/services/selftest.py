"""possouk checks itself: what an installation needs to sell and print, each said in a line.

Run by ``possouk selftest`` on a shop's laptop after installing, and by the bundle's
build script against the freshly built bundle (a broken bundle must never ship). Each
check names exactly what is wrong — the font package, the translation file, the
migrations folder — so that the person reading the report knows what to reinstall.

Nothing here writes to the store's database: the database check reads it (its schema
and its chains); without one, a temporary database is created and upgraded to prove
the migrations run, then deleted.
"""

from __future__ import annotations

import gettext
import io
import platform
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from possouk import __version__
from possouk.domain.errors import N_, PossoukError
from possouk.i18n import LOCALES_DIR, render_error, render_message
from possouk.i18n import gettext as _
from possouk.services import audit, printing
from possouk.storage import backup, location, migrate
from possouk.storage.uow import open_database

__all__ = ["Check", "report_text", "run_checks"]

LANGUAGES = ("ar", "fr", "en")
# A sentence every catalog translates: a catalog that does not is not the right one.
_PROBE = "Cooperative"


@dataclass(frozen=True)
class Check:
    name: str  # msgid: what was checked
    ok: bool
    detail: str  # translated: what was found, or what is wrong and what to do
    warning: bool = False  # not a failure (no printer set up yet)


def _translations() -> Check:
    missing, untranslated = [], []
    for lang in LANGUAGES:
        path = LOCALES_DIR.joinpath(lang, "LC_MESSAGES", "possouk.mo")
        if not path.is_file():
            missing.append(str(path))
            continue
        with path.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        if lang != "en" and catalog.gettext(_PROBE) == _PROBE:
            untranslated.append(str(path))
    if missing:
        return Check(N_("Translations"), False, render_message(
            N_("Missing translation files: {files}. Reinstall possouk."),
            {"files": ", ".join(missing)}))
    if untranslated:
        return Check(N_("Translations"), False, render_message(
            N_("These translation files translate nothing: {files}. Reinstall possouk."),
            {"files": ", ".join(untranslated)}))
    return Check(N_("Translations"), True, ", ".join(LANGUAGES))


def _document_fonts() -> Check:
    from possouk.reports import fonts  # reportlab: loaded here only

    try:
        fonts.register_fonts()
    except fonts.FontMissing as missing:
        return Check(N_("Fonts of the documents"), False, str(missing))
    return Check(N_("Fonts of the documents"), True,
                 ", ".join(spec.distribution for spec in fonts.FONTS))


def _receipt_fonts() -> Check:
    from possouk.hardware import fonts

    try:
        paths = [fonts.font_path(role) for role in ("arabic", "latin", "latin-bold")]
    except fonts.FontMissing as missing:
        return Check(N_("Fonts of the receipts"), False, str(missing))
    return Check(N_("Fonts of the receipts"), True, ", ".join(p.name for p in paths))


def _migrations() -> Check:
    scripts = sorted(p.name for p in migrate.MIGRATIONS.joinpath("versions").glob("[0-9]*.py"))
    # Revisions are numbered 0001, 0002… up to HEAD (tests/storage/test_migrate.py holds it).
    expected = {f"{number:04d}" for number in range(1, int(location.HEAD) + 1)}
    missing = sorted(expected - {name[:4] for name in scripts})
    if missing or migrate.head_revision() != location.HEAD:
        return Check(N_("Database migrations"), False, render_message(
            N_("The migrations in {folder} are missing or incomplete (missing: {missing}). "
               "Reinstall possouk."),
            {"folder": str(migrate.MIGRATIONS), "missing": ", ".join(missing) or location.HEAD}))
    return Check(N_("Database migrations"), True, render_message(
        N_("{count} migrations, schema {revision}"),
        {"count": len(scripts), "revision": location.HEAD}))


def _existing(db_location: str | None) -> str | None:
    """The database's URL when there is one there (``--db``, ``POSSOUK_DB`` or the default
    file): a server, or a SQLite file that exists."""
    url = location.database_location(db_location)
    path = location.sqlite_file(url)
    return url if path is None or path.is_file() else None


def _database(db_location: str | None) -> Check:
    """The store's database read (schema, chains), or a temporary one created and upgraded."""
    url = _existing(db_location)
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            db = open_database(Path(folder).joinpath("selftest.sqlite3"))
            db.close()
        return Check(N_("Database"), True, render_message(
            N_("No database yet: a new one was created at schema {revision}, then removed."),
            {"revision": location.HEAD}))
    path = location.sqlite_file(url)
    try:
        revision = backup.check_file(path) if path is not None else location.HEAD
    except PossoukError as refused:  # not a possouk database, or a newer possouk's
        return Check(N_("Database"), False, render_error(refused))
    if revision != location.HEAD:  # an older possouk's: one command brings it up to date
        return Check(N_("Database"), True, render_message(
            N_("{path}: schema {revision}, older than this possouk's {head}: run possouk db "
               "upgrade (it backs the database up first)."),
            {"path": url, "revision": revision, "head": location.HEAD}), warning=True)
    try:
        db = open_database(url, upgrade=False)
    except PossoukError as refused:
        return Check(N_("Database"), False, render_error(refused))
    try:
        report = audit.verify(db, log_failures=False)
    finally:
        db.close()
    if not report.ok:
        return Check(N_("Database"), False, render_message(
            N_("{path}: its ledger does not verify; run possouk verify for the details."),
            {"path": url}))
    return Check(N_("Database"), True, render_message(
        N_("{path}: schema {revision}, ledger verified"), {"path": url, "revision": location.HEAD}))


def _documents() -> Check:
    """A small bilingual PDF and a receipt drawn, as the shop's papers will be."""
    from possouk.hardware.escpos import receipt_bytes
    from possouk.hardware.receipt_image import WIDTH_80MM, render_receipt
    from possouk.reports.document import DocumentWriter

    try:
        doc = DocumentWriter(title="selftest", number="SELFTEST", digest="0" * 64)
        doc.heading("اختبار", "Test")
        pdf = doc.finish()
        image = render_receipt(printing.printer_test_page(), WIDTH_80MM)
        data = receipt_bytes(image)
    except Exception as error:  # any fault here is the report's subject, not a crash
        return Check(N_("Documents and receipts"), False, f"{type(error).__name__}: {error}")
    if not pdf.startswith(b"%PDF") or not data:
        return Check(N_("Documents and receipts"), False, "empty output")
    return Check(N_("Documents and receipts"), True, render_message(
        N_("a PDF of {pdf} bytes, a receipt of {receipt} bytes"),
        {"pdf": len(pdf), "receipt": len(data)}))


def _signatures() -> Check:
    """An exchange bundle signed and checked back (the cryptography library's native part)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from possouk.services.exchange_file import read_bundle, write_bundle

    try:
        data = write_bundle({"kind": "selftest"}, {"selftest": "اختبار"}, Ed25519PrivateKey.generate())
        back = read_bundle(data, "selftest")
    except Exception as error:  # any fault here is the report's subject, not a crash
        return Check(N_("Exchange bundles"), False, f"{type(error).__name__}: {error}")
    if back.body != {"selftest": "اختبار"}:
        return Check(N_("Exchange bundles"), False, "the bundle read back differs")
    return Check(N_("Exchange bundles"), True, render_message(
        N_("a bundle of {size} bytes signed and checked"), {"size": len(data)}))


def _printer(db_location: str | None) -> Check:
    url = _existing(db_location)
    if url is None:
        return Check(N_("Receipt printer"), True, _("No database yet: no printer set up."),
                     warning=True)
    try:
        db = open_database(url, upgrade=False)
    except PossoukError as refused:
        return Check(N_("Receipt printer"), False, render_error(refused))
    try:
        config = printing.printer_config(db)
    except (PossoukError, KeyError, ValueError, TypeError) as wrong:
        return Check(N_("Receipt printer"), False, render_message(
            N_("The printer's settings cannot be read ({error}): set it up again with "
               "possouk printer set."), {"error": str(wrong)}))
    finally:
        db.close()
    if config is None:
        return Check(N_("Receipt printer"), True, _("No printer set up yet (possouk printer set)."),
                     warning=True)
    shown = ", ".join(f"{k}={v}" for k, v in config.to_dict().items() if v not in (None, ""))
    return Check(N_("Receipt printer"), True, shown)


HELP_DIR = Path(__file__).resolve().parents[1].joinpath("help")
"""The F1 guides (possouk/ui/help.py shows them): a page per language and role."""
HELP_ROLES = ("cashier", "supervisor", "organizer")
_PICTURE = re.compile(r'<img[^>]*\ssrc="([^"]+)"')


def _help_pages() -> Check:
    missing: list[str] = []
    for lang in LANGUAGES:
        for role in HELP_ROLES:
            page = HELP_DIR.joinpath(lang, f"{role}.html")
            if not page.is_file():
                missing.append(str(page))
                continue
            for source in _PICTURE.findall(page.read_text(encoding="utf-8")):
                picture = page.parent.joinpath(source).resolve()
                if not picture.is_file():
                    missing.append(str(picture))
    if missing:
        return Check(N_("Help pages"), False, render_message(
            N_("Missing help files: {files}. Reinstall possouk."),
            {"files": ", ".join(sorted(set(missing)))}))
    return Check(N_("Help pages"), True, render_message(
        N_("{count} guides with their pictures"), {"count": len(LANGUAGES) * len(HELP_ROLES)}))


CHECKS: tuple[Callable[[str | None], Check], ...] = (
    lambda _db: _translations(),
    lambda _db: _help_pages(),
    lambda _db: _document_fonts(),
    lambda _db: _receipt_fonts(),
    lambda _db: _migrations(),
    _database,
    lambda _db: _documents(),
    lambda _db: _signatures(),
    _printer,
)


def run_checks(db_location: str | None) -> list[Check]:
    """Every check, in order; a check that crashes is reported as failed, never raised."""
    found = []
    for check in CHECKS:
        try:
            found.append(check(db_location))
        except Exception as error:  # the selftest reports; it does not stop at the first fault
            found.append(Check(N_("Unexpected fault"), False, f"{type(error).__name__}: {error}"))
    return found


def report_text(checks: list[Check]) -> str:
    """The report as plain text, a line per check, then the verdict."""
    out = io.StringIO()
    out.write(f"possouk {__version__} — Python {platform.python_version()} "
              f"({sys.platform}, {platform.machine()})\n")
    for check in checks:
        mark = "OK  " if check.ok and not check.warning else ("NOTE" if check.ok else "FAIL")
        out.write(f"[{mark}] {_(check.name)}: {check.detail}\n")
    failed = [c for c in checks if not c.ok]
    out.write(_("Everything possouk needs is here.") if not failed else render_message(
        N_("{count} checks failed: possouk is not ready."), {"count": len(failed)}))
    out.write("\n")
    return out.getvalue()

