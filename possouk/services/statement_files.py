"""The statements as files: one PDF per cooperative, the organizers' summary PDF, and a CSV and an
XLSX of the batch for the accounts. Every file is written whole or not at all."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from possouk.domain.errors import N_, UserError
from possouk.domain.model import Cooperative
from possouk.domain.settlement import Statement
from possouk.i18n import translator
from possouk.services.exports import amount
from possouk.services.files import write_atomically, write_fault
from possouk.services.tabular import write_table
from possouk.storage.uow import Database

__all__ = ["BatchFiles", "statement_pdf", "write_batch"]

HEADER = (N_("Statement"), N_("Cooperative"), N_("French name"), N_("Arabic name"), N_("Sales"),
          N_("Refunds"), N_("Store's commission"), N_("Shared costs"), N_("Net payable"),
          N_("Balance due"))


def _identity(db: Database, code: str) -> Cooperative:
    with db.read() as uow:
        found = uow.catalog.cooperative_by_code(code)
    if found is None:
        raise UserError(N_("There is no cooperative with the code {code}."), code=code)
    return found


def statement_pdf(db: Database, statement: Statement) -> bytes:
    """The statement's A4 PDF (a draft says so on every page)."""
    from possouk.reports.statement import statement_pdf as draw  # reportlab: loaded on first use

    with db.read() as uow:
        store = uow.store.store()
    return draw(statement, store, _identity(db, statement.cooperative_code))


@dataclass(frozen=True)
class BatchFiles:
    statements: list[Path]
    summary: Path
    csv: Path
    xlsx: Path


def _name(statement: Statement) -> str:
    prefix = statement.reference if statement.issued else "DRAFT"
    return f"{prefix}-{statement.cooperative_code}.pdf"


def write_batch(db: Database, statements: list[Statement], folder: Path, period: str,
                lang: str = "fr") -> BatchFiles:
    """Write each statement's PDF, the summary PDF, and the batch as CSV and XLSX to ``folder``."""
    from possouk.reports.statement import statement_pdf as draw  # reportlab: on first use
    from possouk.reports.statement import statements_summary_pdf

    if not statements:
        raise UserError(N_("There is nothing to settle in this period."))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_fault(folder, exc) from exc
    with db.read() as uow:
        store = uow.store.store()
    pairs = [(s, _identity(db, s.cooperative_code)) for s in statements]
    written = []
    for statement, cooperative in pairs:
        path = folder.joinpath(_name(statement))
        write_atomically(path, draw(statement, store, cooperative))
        written.append(path)
    summary = folder.joinpath("summary.pdf")
    write_atomically(summary, statements_summary_pdf(pairs, store, period))
    _ = translator(lang).gettext
    header = [_(h) for h in HEADER]
    rows: list[list[str | Decimal]] = [
        [s.reference or "DRAFT", c.code, c.name_fr, c.name_ar, amount(s.sales), amount(s.refunds),
         amount(s.commission), amount(s.shared_costs), amount(s.net_payable), amount(s.balance_due)]
        for s, c in pairs
    ]
    files = {}
    for kind in ("csv", "xlsx"):
        out = io.BytesIO()
        write_table(out, kind, header, rows)
        files[kind] = folder.joinpath(f"statements.{kind}")
        write_atomically(files[kind], out.getvalue())
    return BatchFiles(written, summary, files["csv"], files["xlsx"])
