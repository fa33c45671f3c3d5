"""The back office's **Import and export**: files in, checked before anything is written, and
files out.

Importing: choose what the file holds (cooperatives, products, deposits, paper sales) and
the file (CSV or Excel). The file is checked at once by the import itself run dry
(:func:`possouk.services.import_preview.preview_import`: every check and write of the
import, rolled back): the rows it would add, or every problem with its row and column,
in a table. **Import** is enabled only when the preview found no problem; it writes all
or nothing (:func:`possouk.services.import_preview.import_previewed`) and says what was
imported.

Exporting: what (sales, stock, cooperatives, products), the period for the sales, the
format (CSV or XLSX) and the file (:func:`possouk.services.exports.export_file`, written
under a temporary name and renamed when complete).

Every check, read and write runs off the GUI thread; each outcome shows in the message bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, FileRefused, PossoukError, Problem
from possouk.domain.model import User
from possouk.domain.permissions import Permission
from possouk.i18n import gettext as _
from possouk.i18n import is_rtl, isolate, ngettext, render_message
from possouk.services import import_preview
from possouk.services.import_preview import EXPORT_KINDS, IMPORT_KINDS, ImportPreview
from possouk.services.imports import HEADERS, ImportResult
from possouk.storage.uow import Database
from possouk.ui.backoffice.records import Column, RecordFilter, RecordsModel
from possouk.ui.backoffice.section import Section
from possouk.ui.widgets import MessageBar
from possouk.ui.workers import Done, run_in_background

__all__ = ["EXPORT_LABELS", "FORMATS", "IMPORT_LABELS", "DataSection", "ExportDone"]

IMPORT_LABELS: dict[str, str] = {
    "cooperatives": N_("Cooperatives"),
    "products": N_("Products"),
    # Translators: import and export: a file of deposit slips (goods brought by cooperatives)
    "intake": N_("Deposits (intake)"),
    # Translators: import and export: a file of the sales written on paper while a register was down
    "sales": N_("Sales written on paper"),
}
EXPORT_LABELS: dict[str, str] = {
    # Translators: import and export: one row per sale line, refunds included
    "sales": N_("Sales"),
    # Translators: import and export: the goods on hand per site and product
    "stock": N_("Stock on hand"),
    "cooperatives": N_("Cooperatives"),
    "products": N_("Products"),
}
FORMATS: tuple[tuple[str, str], ...] = (
    # Translators: import and export: the format of the file to write
    ("csv", N_("CSV (UTF-8)")),
    # Translators: import and export: the format of the file to write
    ("xlsx", N_("Excel workbook (.xlsx)")),
)

_STYLE = """
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QLabel#heading { font-size: 14pt; font-weight: 600; }
QLabel#section_title { font-size: 16pt; font-weight: bold; }
QLabel#summary { font-size: 12pt; font-weight: 600; }
QLabel#summary[state="ready"] { color: #1b5e20; }
QLabel#summary[state="problems"] { color: #b00020; }
QLabel#columns, QLabel#file { color: #5b5f63; }
QTableView { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
QDateEdit, QComboBox { background: #ffffff; border: 1px solid #b9b2a3;
    border-radius: 6px; padding: 4px 8px; min-height: 36px; }
QPushButton { min-height: 40px; padding: 0 14px; }
QPushButton#import { font-weight: 700; }
"""

_LRI, _PDI = "\u2066", "\u2069"


def _letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class _ProblemRow:
    problem: Problem
    column: str  # as shown: the file's column and its spreadsheet letter


def _problem_rows(preview: ImportPreview) -> list[_ProblemRow]:
    expected = list(HEADERS[preview.kind])
    if preview.kind == "products":
        from possouk.services.imports import PRODUCT_EXPORT_EXTRA

        expected += PRODUCT_EXPORT_EXTRA
    rows = []
    for problem in preview.problems:
        column = problem.column
        if column in expected:
            column = f"{column} ({_letter(expected.index(column))})"
        rows.append(_ProblemRow(problem, column))
    return rows


def _isolated(text: str) -> str:
    """A file name or path inside a sentence: isolated in Arabic, so it keeps its shape."""
    return isolate(text) if is_rtl() else text


def _ltr(text: str) -> str:
    return f"{_LRI}{text}{_PDI}" if is_rtl() and text else text


PROBLEM_COLUMNS: tuple[Column[_ProblemRow], ...] = (
    # Translators: import preview: column of the row of the file where a problem is
    Column("row", N_("Row"), lambda r: str(r.problem.row), sort=lambda r: r.problem.row,
           numeric=True),
    # Translators: import preview: column of the file's column where a problem is
    Column("column", N_("Column"), lambda r: _ltr(r.column)),
    # Translators: import preview: column of what is wrong
    Column("message", N_("Problem"),
           lambda r: render_message(r.problem.message, r.problem.params), sort=lambda r: 0),
)


@dataclass(frozen=True)
class ExportDone:
    """An export written: the file and its number of rows."""

    path: Path
    rows: int


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DataSection(Section):
    """Import a file once its preview found no problem; export to CSV or XLSX."""

    TITLE = N_("Import and export")
    PERMISSION = Permission.IMPORT_EXPORT
    previewed = Signal()  # the preview of the file chosen is shown, or its refusal (tests wait)
    imported = Signal()  # an import ended (the message says how)
    exported = Signal()  # an export ended (the message says how)

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(db, user, parent)
        self.setObjectName("data_section")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(_STYLE)
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.checking = False
        self.importing = False
        self.exporting = False
        self._generation = 0

        self.title = QLabel(self)
        self.title.setObjectName("section_title")
        self.message = MessageBar(self)

        # -- importing -------------------------------------------------------------------------
        self.import_card = QFrame(self)
        self.import_card.setObjectName("card")
        self.import_heading = QLabel(self.import_card)
        self.import_heading.setObjectName("heading")
        self.kind_label = QLabel(self.import_card)
        self.kind = QComboBox(self.import_card)
        self.kind.setObjectName("import_kind")
        for kind in IMPORT_KINDS:
            self.kind.addItem("", kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.choose_button = QPushButton(self.import_card)
        self.choose_button.setObjectName("choose_file")
        self.choose_button.clicked.connect(self.choose_file)
        self.check_button = QPushButton(self.import_card)
        self.check_button.setObjectName("check_again")
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton(self.import_card)
        self.import_button.setObjectName("import")
        self.import_button.clicked.connect(self.import_previewed)
        self.file_label = QLabel(self.import_card)
        self.file_label.setObjectName("file")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.columns_label = QLabel(self.import_card)
        self.columns_label.setObjectName("columns")
        self.columns_label.setWordWrap(True)
        self.columns_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(self.import_card)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.problems_model: RecordsModel[_ProblemRow] = RecordsModel(PROBLEM_COLUMNS)
        self.problems_proxy = RecordFilter(self.problems_model)
        self.problems = QTableView(self.import_card)
        self.problems.setObjectName("problems")
        self.problems.setModel(self.problems_proxy)
        self.problems.setSortingEnabled(True)
        self.problems.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.verticalHeader().setVisible(False)
        self.problems.setWordWrap(True)
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        choosing = QHBoxLayout()
        choosing.addWidget(self.kind_label)
        choosing.addWidget(self.kind)
        choosing.addWidget(self.choose_button)
        choosing.addStretch(1)
        chosen = QHBoxLayout()
        chosen.addWidget(self.file_label, 1)
        chosen.addWidget(self.check_button)
        chosen.addWidget(self.import_button)
        importing = QVBoxLayout(self.import_card)
        importing.setContentsMargins(12, 8, 12, 8)
        importing.addWidget(self.import_heading)
        importing.addLayout(choosing)
        importing.addLayout(chosen)
        importing.addWidget(self.columns_label)
        importing.addWidget(self.summary)
        importing.addWidget(self.problems, 1)

        # -- exporting -------------------------------------------------------------------------
        self.export_card = QFrame(self)
        self.export_card.setObjectName("card")
        self.export_heading = QLabel(self.export_card)
        self.export_heading.setObjectName("heading")
        self.export_kind_label = QLabel(self.export_card)
        self.export_kind = QComboBox(self.export_card)
        self.export_kind.setObjectName("export_kind")
        for kind in EXPORT_KINDS:
            self.export_kind.addItem("", kind)
        self.export_kind.currentIndexChanged.connect(lambda _index: self._period_enabled())
        self.period = QCheckBox(self.export_card)
        self.period.setObjectName("period")
        self.period.toggled.connect(lambda _checked: self._period_enabled())
        self.from_label, self.to_label = QLabel(self.export_card), QLabel(self.export_card)
        self.from_date, self.to_date = QDateEdit(self.export_card), QDateEdit(self.export_card)
        today = date.today()
        for edit, day in ((self.from_date, today.replace(day=1)), (self.to_date, today)):
            edit.setCalendarPopup(True)
            edit.setMinimumWidth(150)
            edit.setDate(_to_qdate(day))
        self.from_date.setObjectName("from_date")
        self.to_date.setObjectName("to_date")
        self.format_label = QLabel(self.export_card)
        self.format = QComboBox(self.export_card)
        self.format.setObjectName("format")
        for key, _label in FORMATS:
            self.format.addItem("", key)
        self.export_button = QPushButton(self.export_card)
        self.export_button.setObjectName("export")
        self.export_button.clicked.connect(self.ask_export)
        what = QHBoxLayout()
        what.addWidget(self.export_kind_label)
        what.addWidget(self.export_kind)
        what.addSpacing(16)
        what.addWidget(self.format_label)
        what.addWidget(self.format)
        what.addStretch(1)
        what.addWidget(self.export_button)
        period = QHBoxLayout()
        period.addWidget(self.period)
        period.addWidget(self.from_label)
        period.addWidget(self.from_date)
        period.addWidget(self.to_label)
        period.addWidget(self.to_date)
        period.addStretch(1)
        exporting = QVBoxLayout(self.export_card)
        exporting.setContentsMargins(12, 8, 12, 8)
        exporting.addWidget(self.export_heading)
        exporting.addLayout(what)
        exporting.addLayout(period)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.import_card, 1)
        layout.addWidget(self.export_card)
        self._period_enabled()
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        rtl = is_rtl()
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        backwards = QGuiApplication.isRightToLeft()  # as in the settlements: dates stay day first
        for edit in (self.from_date, self.to_date):
            edit.setDisplayFormat("yyyy/MM/dd" if backwards else "dd/MM/yyyy")
        self.title.setText(_(self.TITLE))
        # Translators: import and export: heading of the part where a file is imported
        self.import_heading.setText(_("Import a file"))
        # Translators: import and export: label of the list of what a file holds
        self.kind_label.setText(_("The file holds"))
        for index, kind in enumerate(IMPORT_KINDS):
            self.kind.setItemText(index, _(IMPORT_LABELS[kind]))
        # Translators: import and export: button opening the dialog where the file to import is chosen
        self.choose_button.setText(_("Choose the file…"))
        # Translators: import and export: button checking the chosen file again (after fixing it)
        self.check_button.setText(_("Check again"))
        # Translators: import and export: button writing the checked file into the database
        self.import_button.setText(_("Import"))
        # Translators: import and export: heading of the part where a file is exported
        self.export_heading.setText(_("Export to a file"))
        # Translators: import and export: label of the list of what to export
        self.export_kind_label.setText(_("Export"))
        for index, kind in enumerate(EXPORT_KINDS):
            self.export_kind.setItemText(index, _(EXPORT_LABELS[kind]))
        # Translators: import and export: option limiting the sales exported to business days
        self.period.setText(_("Only the business days"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("To"))
        # Translators: import and export: label of the list of file formats
        self.format_label.setText(_("Format"))
        for index, (_key, label) in enumerate(FORMATS):
            self.format.setItemText(index, _(label))
        # Translators: import and export: button choosing where to write the export (a dialog follows)
        self.export_button.setText(_("Export…"))
        self.problems_model.retranslate()
        self._show_import_state()

    def _show_import_state(self) -> None:
        kind = self.import_kind()
        # Translators: import and export: the columns a file must have; {columns} is like
        # "code,name_ar,name_fr"
        self.columns_label.setText(render_message(
            N_("Columns of the first row, in this order: {columns}"),
            {"columns": ",".join(HEADERS[kind])}))
        self.file_label.setText(_ltr(str(self.path)) if self.path is not None else "")
        # a path reads left to right, but stands at the start of the line in either language
        start = Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft
        self.file_label.setAlignment(start | Qt.AlignmentFlag.AlignAbsolute
                                     | Qt.AlignmentFlag.AlignVCenter)
        preview = self.preview
        state = ""
        if self.importing:
            # Translators: import and export: shown while the file is imported
            text = render_message(N_("Importing {name}…"), {"name": self._file_name()})
        elif self.checking:
            # Translators: import and export: shown while the file chosen is checked
            text = render_message(N_("Checking {name}… nothing is written."),
                                  {"name": self._file_name()})
        elif preview is not None and preview.ready:
            state = "ready"
            text = self._ready_text(preview)
        elif preview is not None:
            state = "problems"
            count = len(preview.problems)
            # Translators: import preview: the file has problems; each is listed below with its
            # row and column
            text = ngettext(
                "{n} problem found: nothing can be imported until the file is fixed. "
                "Nothing was written.",
                "{n} problems found: nothing can be imported until the file is fixed. "
                "Nothing was written.", count).format(n=count)
        elif self.result is not None:
            state = "ready"
            text = self._imported_text(self.result)
        else:
            # Translators: import and export: shown before a file is chosen
            text = _("Choose what the file holds, then the file (CSV or Excel .xlsx). It is "
                     "checked first: nothing is written until you import it.")
        self.summary.setText(text)
        self.summary.setProperty("state", state)
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        self.problems.setVisible(preview is not None and not preview.ready)
        busy = self.checking or self.importing
        self.kind.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)
        self.check_button.setEnabled(self.path is not None and not busy)
        self.import_button.setEnabled(preview is not None and preview.ready and not busy)

    def _file_name(self) -> str:
        return self.path.name if self.path is not None else ""

    @staticmethod
    def _ready_text(preview: ImportPreview) -> str:
        n = preview.rows
        if preview.kind == "cooperatives":
            # Translators: import preview of a clean file of cooperatives
            added = ngettext("Ready to import: {n} new cooperative.",
                             "Ready to import: {n} new cooperatives.", n)
        elif preview.kind == "products":
            # Translators: import preview of a clean file of products
            added = ngettext("Ready to import: {n} new product.",
                             "Ready to import: {n} new products.", n)
        else:
            # Translators: import preview of a clean file of deposits or paper sales
            added = ngettext("Ready to import: {n} row.", "Ready to import: {n} rows.", n)
        parts = [added.format(n=n)]
        documents = preview.documents
        if preview.kind == "intake":
            # Translators: import preview: what a clean file of deposits would record
            parts.append(ngettext("{n} deposit slip will be recorded.",
                                  "{n} deposit slips will be recorded.", documents)
                         .format(n=documents))
        elif preview.kind == "sales":
            # Translators: import preview: what a clean file of paper sales would record
            parts.append(ngettext("{n} sale will be recorded.", "{n} sales will be recorded.",
                                  documents).format(n=documents))
        # Translators: import preview: an import only adds; it never changes what is recorded
        parts.append(_("Nothing already recorded is changed. No problem found."))
        return " ".join(parts)

    def _imported_text(self, result: ImportResult) -> str:
        lines = [ngettext("{n} row imported from {file}.", "{n} rows imported from {file}.",
                          result.rows).format(n=result.rows, file=_isolated(self._file_name()))]
        if result.documents:
            lines.append(ngettext("{n} document recorded.", "{n} documents recorded.",
                                  result.documents).format(n=result.documents))
        return " ".join(lines)

    # -- importing --------------------------------------------------------------------------------

    def import_kind(self) -> str:
        return str(self.kind.currentData())

    def set_import_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def ask_open_path(self) -> Path | None:
        """The file to import (a file dialog; tests replace it); None when cancelled."""
        # Translators: import and export: the kind of files the dialog shows
        files = _("CSV or Excel files")
        # Translators: title of the dialog where the file to import is chosen
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the file to import"), str(self.path or Path.home()),
            f"{files} (*.csv *.txt *.xlsx)")
        return Path(chosen) if chosen else None

    def choose_file(self) -> None:
        path = self.ask_open_path()
        if path is not None:
            self.set_file(path)

    def set_file(self, path: Path) -> None:
        """Check ``path`` as the file to import (its preview follows)."""
        self.path = path
        self.result = None
        self.message.clear_message()
        self.check()

    def _kind_changed(self, _index: int) -> None:
        self.result = None
        if self.path is not None:
            self.check()
        else:
            self._show_import_state()

    def check(self) -> None:
        """Preview the file chosen as the kind chosen, off the GUI thread; nothing is written."""
        if self.path is None:
            return
        self._generation += 1
        generation = self._generation
        self.preview = None
        self.checking = True
        self.problems_model.set_records([])
        self._show_import_state()
        db, user, kind, path = self.db, self.user, self.import_kind(), self.path
        prepare = self.problems_model.preparer()  # nothing of Qt goes to the worker

        def work() -> tuple[ImportPreview, tuple[list[_ProblemRow], list[str]]]:
            preview = import_preview.preview_import(db, user, kind, path)
            return preview, prepare(_problem_rows(preview))

        run_in_background(work, lambda done: self._checked(generation, done))

    def _checked(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # another file or kind was chosen meanwhile
        self.checking = False
        try:
            preview, prepared = done.result()
        except PossoukError as error:
            self.preview = None
            self.message.show_error(error)
        else:
            assert isinstance(preview, ImportPreview)
            self.preview = preview
            self.problems_model.set_records(prepared)
            self.problems.resizeColumnToContents(0)
            self.problems.resizeColumnToContents(1)
            # a long message on two lines, while the list is short enough to measure every row
            rows = self.problems.verticalHeader()
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents
                                      if len(preview.problems) <= 500
                                      else QHeaderView.ResizeMode.Interactive)
        self._show_import_state()
        self.previewed.emit()
        self.loaded.emit()

    def import_previewed(self) -> None:
        """Import the file previewed (all or nothing), off the GUI thread."""
        preview = self.preview
        if preview is None or not preview.ready or self.importing or self.checking:
            return
        self.importing = True
        self._show_import_state()
        db, user = self.db, self.user
        run_in_background(lambda: import_preview.import_previewed(db, user, preview),
                          self._imported)

    def _imported(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        self.importing = False
        try:
            result = done.result()
        except FileRefused as refused:  # the database changed since the preview
            self.message.show_error(refused)
            self.check()
        except PossoukError as error:  # the file changed since the preview
            self.message.show_error(error)
            self.check()
        else:
            assert isinstance(result, ImportResult)
            self.result = result
            self.preview = None
            self.problems_model.set_records([])
            self.message.show_info(self._imported_text(result), seconds=0)
            self._show_import_state()
        self.imported.emit()

    def problem_cells(self) -> list[tuple[str, str, str]]:
        """The problems listed, as shown: (row, column, message) (for tests)."""
        model = self.problems_proxy
        return [(str(model.index(r, 0).data()), str(model.index(r, 1).data()),
                 str(model.index(r, 2).data())) for r in range(model.rowCount())]

    # -- exporting --------------------------------------------------------------------------------

    def export_kind_key(self) -> str:
        return str(self.export_kind.currentData())

    def set_export(self, kind: str, file_format: str = "csv",
                   period: tuple[date, date] | None = None) -> None:
        """Choose what to export, in which format, and (sales) the business days."""
        self.export_kind.setCurrentIndex(self.export_kind.findData(kind))
        self.format.setCurrentIndex(self.format.findData(file_format))
        self.period.setChecked(period is not None)
        if period is not None:
            self.from_date.setDate(_to_qdate(period[0]))
            self.to_date.setDate(_to_qdate(period[1]))

    def _period_enabled(self) -> None:
        sales = self.export_kind_key() == "sales"
        self.period.setEnabled(sales)
        for widget in (self.from_label, self.from_date, self.to_label, self.to_date):
            widget.setEnabled(sales and self.period.isChecked())

    def _period(self) -> tuple[date | None, date | None]:
        if self.export_kind_key() != "sales" or not self.period.isChecked():
            return None, None
        return _from_qdate(self.from_date.date()), _from_qdate(self.to_date.date())

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to write the export (a file dialog; tests replace it); None when cancelled."""
        # Translators: title of the dialog where an export is saved
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Export to a file"), str(suggested),
                                                      f"*{suggested.suffix}")
        return Path(chosen) if chosen else None

    def ask_export(self) -> None:
        """Export what is chosen to a file the user names, off the GUI thread."""
        if self.exporting:
            return
        kind, file_format = self.export_kind_key(), str(self.format.currentData())
        first, last = self._period()
        name = kind if first is None or last is None else \
            f"{kind}-{first.isoformat()}-{last.isoformat()}"
        path = self.ask_path(Path.home() / f"{name}.{file_format}")
        if path is None:
            return
        if path.suffix.lower() != f".{file_format}":
            path = path.with_name(f"{path.name}.{file_format}")
        db, user = self.db, self.user
        self.exporting = True
        self.export_button.setEnabled(False)

        def work() -> ExportDone:
            from possouk.services import exports  # the spreadsheet writers load on first use

            return ExportDone(path, exports.export_file(db, user, kind, path, first, last))

        run_in_background(work, self._exported)

    def _exported(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        self.exporting = False
        self.export_button.setEnabled(True)
        try:
            result = done.result()
        except PossoukError as error:
            self.message.show_error(error)
        else:
            assert isinstance(result, ExportDone)
            self.message.show_info(
                ngettext("{n} row written to {file}.", "{n} rows written to {file}.", result.rows)
                .format(n=result.rows, file=_isolated(str(result.path))), seconds=0)
        self.exported.emit()

    # -- the section ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Check the file chosen again (the database may have changed); nothing else to read."""
        if self.path is not None and not self.importing:
            self.check()
        else:
            self.loaded.emit()
