"""The closing screen: count the cash by denomination, enter the terminals' slips, see what was
expected, found and the difference per method, then close the register and get its Z report.

A difference beyond the store's tolerance needs a reason and a supervisor's PIN
(:meth:`ClosingScreen.ask_supervisor`, which tests replace). Once closed, the Z report is
printed and saved as a PDF off the GUI thread while its summary shows; "Done" goes back
to the login screen, and the next cashier opens a new session with the float counted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.cash import CashCount, ZReport
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import PaymentMethod
from possouk.domain.money import parse_amount
from possouk.domain.permissions import Permission
from possouk.hardware.z_receipt import PAYMENT_LABELS
from possouk.i18n import current_language, is_rtl, render_error, render_message
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_datetime, format_money
from possouk.services.sessions import DECLARED_METHODS, ClosingCheck
from possouk.ui.count_widget import CountWidget
from possouk.ui.dialogs import PinDialog, key_text, keyed_button
from possouk.ui.screens.base import Screen
from possouk.ui.till import Till
from possouk.ui.widgets import MessageBar, money_text
from possouk.ui.workers import Done, print_message, run_in_background

__all__ = ["ClosingScreen", "difference_words", "signed_money"]

_RED, _GREEN = "#b00020", "#1b5e20"


def signed_money(centimes: int, *, currency: bool = True) -> str:
    """``+2,50 MAD``, ``−1,00 MAD`` or ``0,00 MAD`` in the current language; the sign stays
    in front of the number in Arabic too (left-to-right isolate)."""
    text = format_money(abs(centimes), current_language(), currency=currency)
    signed = f"+{text}" if centimes > 0 else f"−{text}" if centimes < 0 else text
    return f"\u2066{signed}\u2069" if is_rtl() else signed


def difference_words(centimes: int) -> str:
    """Surplus, shortage or exact, for a difference found − expected."""
    if centimes > 0:
        return _("Surplus")
    if centimes < 0:
        return _("Shortage")
    # Translators: the count matches what the till expected (no surplus, no shortage)
    return _("Exact")


class ClosingScreen(Screen):
    """Count, check, close; then the Z report's summary."""

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.setObjectName("closing")
        self.check: ClosingCheck | None = None
        self.report: ZReport | None = None
        self.stale = False

        self.heading = QLabel(self)
        self.heading.setObjectName("title")
        self.session_label = QLabel(self)
        self.message = MessageBar(self)

        # -- the form --------------------------------------------------------------------------
        self.form = QWidget(self)
        self.counter = CountWidget(self.form)
        self.counter.changed.connect(self.refresh_check)
        self.count_title = QLabel(self.form)
        self.count_title.setStyleSheet("font-weight: 600; font-size: 13pt;")

        self.slips_title = QLabel(self.form)
        self.slips_title.setStyleSheet("font-weight: 600; font-size: 13pt;")
        self.slips_hint = QLabel(self.form)
        self.slips_hint.setWordWrap(True)
        slips = QFormLayout()
        self.slip_labels: dict[PaymentMethod, QLabel] = {}
        self.slips: dict[PaymentMethod, QLineEdit] = {}
        for method in DECLARED_METHODS:
            label = QLabel(self.form)
            edit = QLineEdit(self.form)
            edit.setObjectName(f"slip_{method.value}")
            edit.setMinimumHeight(36)
            edit.textChanged.connect(lambda _text: self.refresh_check())
            slips.addRow(label, edit)
            self.slip_labels[method] = label
            self.slips[method] = edit
        self.slips_message = MessageBar(self.form)
        self.slips_message.hide()  # shown with a sentence only: the column must fit 800 pixels

        self.table = QTableWidget(0, 5, self.form)
        self.table.setObjectName("closing_table")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(100)
        self.verdict = QLabel(self.form)
        self.verdict.setWordWrap(True)
        self.reason_label = QLabel(self.form)
        self.reason = QLineEdit(self.form)
        self.reason.setObjectName("reason")
        self.reason.setMinimumHeight(36)

        self.back_button = keyed_button(self.form, "Esc", self.back)
        self.close_button = keyed_button(self.form, "F12", self.close_register,
                                         object_name="primary")
        self.close_button.setMinimumHeight(56)

        left = QVBoxLayout()
        left.addWidget(self.count_title)
        left.addWidget(self.counter, 1)
        right = QVBoxLayout()
        right.addWidget(self.slips_title)
        self.slips_hint.hide()  # said in the fields (placeholders) and on the title (tooltip)
        right.addLayout(slips)
        right.addWidget(self.slips_message)
        right.addWidget(self.table)
        right.addWidget(self.verdict)
        right.addWidget(self.reason_label)
        right.addWidget(self.reason)
        right.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.close_button, 2)
        right.addLayout(buttons)
        columns = QHBoxLayout(self.form)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 11)
        columns.addSpacing(16)
        columns.addLayout(right, 9)

        # -- the Z report's summary ------------------------------------------------------------
        self.summary = QWidget(self)
        self.summary_title = QLabel(self.summary)
        big = QFont(self.font())
        big.setPointSize(22)
        big.setBold(True)
        self.summary_title.setFont(big)
        self.summary_grid = QGridLayout()
        self.summary_grid.setHorizontalSpacing(24)
        self.summary_grid.setVerticalSpacing(10)
        self.summary_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for row, key in enumerate(("number", "counted", "difference", "grand_total", "printer",
                                   "pdf")):
            caption, value = QLabel(self.summary), QLabel(self.summary)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = QFont(value.font())
            font.setPointSize(14)
            value.setFont(font)
            caption.setFont(font)
            self.summary_grid.addWidget(caption, row, 0)
            self.summary_grid.addWidget(value, row, 1)
            self.summary_labels[key] = (caption, value)
        self.summary_grid.setColumnStretch(1, 1)
        self.done_button = keyed_button(self.summary, "F12", self.finish, object_name="primary")
        self.done_button.setMinimumHeight(64)
        summary_layout = QVBoxLayout(self.summary)
        summary_layout.addWidget(self.summary_title)
        summary_layout.addLayout(self.summary_grid)
        summary_layout.addStretch(1)
        summary_layout.addWidget(self.done_button)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.form)
        self.pages.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(24)
        top.addWidget(self.session_label, 1)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        self.retranslate()

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(render_message(N_("Close register {register}"),
                                            {"register": self.till.register_code}))
        self.count_title.setText(_("Cash in the drawer"))
        self.slips_title.setText(_("Terminal slips"))
        self.slips_hint.setText(_("Totals of the terminals' slips; left empty: the till's figure."))
        self.slips_title.setToolTip(self.slips_hint.text())
        for method, label in self.slip_labels.items():
            label.setText(_(PAYMENT_LABELS[method]))
            self.slips[method].setPlaceholderText(_("empty: the till's figure"))
        self.table.setHorizontalHeaderLabels(
            [_("Method"), _("Expected"), _("Actual"), _("Difference"), ""])
        self.reason_label.setText(_("Reason for the difference"))
        self.reason.setPlaceholderText(_("Needed when the difference is beyond the tolerance"))
        self.back_button.setText(key_text("Esc", _("Back to the sale")))
        self.close_button.setText(key_text("F12", _("Close the register")))
        self.done_button.setText(key_text("F12", _("Done")))
        captions = {"number": _("Z number"), "counted": _("Counted cash"),
                    "difference": _("Difference"), "grand_total": _("Grand total"),
                    "printer": _("Printer"), "pdf": _("PDF")}
        for key, (caption, _value) in self.summary_labels.items():
            caption.setText(captions[key])
        self.counter.retranslate()
        self._show_session()
        self.refresh_check()
        if self.report is not None:
            self._show_summary(self.report)

    def _show_session(self) -> None:
        try:
            session = self.till.current_session()
        except PossoukError as error:
            self.session_label.setText(render_error(error))
            return
        if session is None:
            self.session_label.setText("")
            return
        self.session_label.setText(render_message(
            N_("Session {session}, opened {time}"),
            {"session": session.reference,
             "time": format_datetime(session.opened_at, current_language())}))

    def activated(self) -> None:
        self.report = None
        self.pages.setCurrentWidget(self.form)
        self.message.clear_message()
        self.counter.clear()
        for edit in self.slips.values():
            edit.clear()
        self.reason.clear()
        self.heading.setText(render_message(N_("Close register {register}"),
                                            {"register": self.till.register_code}))
        self._show_session()
        try:
            stale = self.till.stale_session()
            current = self.till.current_session()
        except PossoukError as error:
            self.message.show_error(error)
            return
        self.stale = stale is not None
        self.back_button.setVisible(not self.stale)
        if stale is not None:
            self.message.show_error(UserError(
                N_("The session of {day} is still open at register {register}: close it "
                   "before selling."), day=stale.business_day.isoformat(),
                register=stale.register_code))
        elif current is None:
            self.message.show_error(UserError(
                N_("Register {register} is not open: there is nothing to close."),
                register=self.till.register_code))
        refusal = self._not_yours()
        if refusal is not None:
            self.message.show_error(refusal, below=stale is not None)
        self.refresh_check()
        self.counter.rows[max(self.counter.rows)].edit.setFocus()

    # -- the check, live ------------------------------------------------------------------------

    def declared(self) -> dict[PaymentMethod, int]:
        """The slips' totals typed (an empty field is left out); raises the sentence to show."""
        found: dict[PaymentMethod, int] = {}
        for method, edit in self.slips.items():
            text = edit.text().strip()
            if text:
                found[method] = parse_amount(text)
        return found

    def _inputs(self) -> tuple[CashCount, dict[PaymentMethod, int]] | None:
        try:
            count = self.counter.count()
        except UserError:
            return None  # the count widget says why, next to its rows
        try:
            declared = self.declared()
        except UserError as refused:
            self._slips_said(refused)
            return None
        self._slips_said(None)
        return count, declared

    def _slips_said(self, refused: PossoukError | None) -> None:
        if refused is None:
            self.slips_message.clear_message()
            self.slips_message.hide()
        else:
            self.slips_message.show_error(refused)
            self.slips_message.show()

    def refresh_check(self) -> None:
        """Expected, found and difference per method for what is typed now."""
        inputs = self._inputs()
        if inputs is None:
            return
        try:
            self.check = self.till.check_closing(*inputs)
        except PossoukError as refused:
            self.check = None
            self._slips_said(refused)
            self.table.setRowCount(0)
            self.verdict.setText("")
            return
        self._fill_table(self.check)

    def _fit_table(self) -> None:
        """As tall as its rows: the verdict and the reason stay in sight under it."""
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + max(rows, 36) + 2 * self.table.frameWidth() + 2)

    def _fill_table(self, check: ClosingCheck) -> None:
        lang = current_language()
        self.table.setRowCount(len(check.expected))
        for row, method in enumerate(check.expected):
            difference = check.difference(method)
            # Amounts without the currency: the columns stay narrow enough to be read whole.
            cells = (_(PAYMENT_LABELS[method]),
                     money_text(check.expected[method], currency=False),
                     money_text(check.found[method], currency=False),
                     signed_money(difference, currency=False), difference_words(difference))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column >= 3 and difference:
                    over = method in check.over_tolerance
                    item.setForeground(QColor(_RED if over else "#8a4b00"))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self._fit_table()
        tolerance = format_money(check.tolerance, lang)
        if check.over_tolerance:
            self.verdict.setStyleSheet(f"color: {_RED}; font-weight: 600;")
            self.verdict.setText(render_message(
                N_("Beyond the tolerance of {tolerance}: say why, and a supervisor must accept "
                   "the difference."), {"tolerance": tolerance}))
        elif any(check.difference(m) for m in check.expected):
            self.verdict.setStyleSheet("color: #8a4b00;")
            self.verdict.setText(render_message(N_("Within the tolerance of {tolerance}."),
                                                {"tolerance": tolerance}))
        else:
            self.verdict.setStyleSheet(f"color: {_GREEN};")
            self.verdict.setText(_("The count matches what the till expected."))

    # -- closing --------------------------------------------------------------------------------

    def scanned(self, code: str) -> bool:
        """A barcode scanned while closing would land in a count: it is swallowed."""
        return True

    def ask_supervisor(self, reason: str) -> tuple[str, str] | None:
        """Ask a supervisor's (login, PIN); None when cancelled (tests replace this)."""
        return PinDialog.ask(self, self.till.supervisors(Permission.APPROVE_DIFFERENCE), reason)

    def back(self) -> None:
        if not self.stale and self.pages.currentWidget() is self.form:
            self.go.emit("sale")

    def _not_yours(self) -> UserError | None:
        """Why the cashier may not close this session (someone else's), or None."""
        try:
            session = self.till.current_session()
            if session is None or self.till.may_close(session):
                return None
            name = self.till.opener_name(session)
        except PossoukError:
            return None  # the closing itself says what is wrong
        return UserError(N_("This session was opened by {name}: only they or a supervisor can "
                            "close it (Switch user)."), name=name or "?")

    def close_register(self) -> None:
        """Close with what was counted; beyond the tolerance, a reason and a supervisor."""
        refusal = self._not_yours()
        if refusal is not None:
            self.message.show_error(refusal)
            return
        count = self.counter.try_count()
        if count is None:
            return
        try:
            declared = self.declared()
            check = self.till.check_closing(count, declared)
        except PossoukError as refused:
            self.message.show_error(refused)
            return
        reason = self.reason.text().strip()
        approver = None
        if check.over_tolerance:
            if not reason:
                self.message.show_error(UserError(N_("Say why the count differs.")))
                self.reason.setFocus()
                return
            answer = self.ask_supervisor(render_message(
                N_("The difference is more than {tolerance}: a supervisor must accept it."),
                {"tolerance": format_money(check.tolerance, current_language())}))
            if answer is None:
                self.message.show_error(UserError(N_("Not done: a supervisor did not approve it.")))
                return
            try:
                approver = self.till.authorize(answer[0], answer[1],
                                               [Permission.APPROVE_DIFFERENCE])
            except PossoukError as refused:
                self.message.show_error(refused)
                return
        try:
            report = self.till.close_session(count, declared, approver=approver, reason=reason)
        except PossoukError as refused:
            self.message.show_error(refused)
            return
        self.report = report
        self.message.clear_message()
        self._show_summary(report)
        self.summary_labels["printer"][1].setText(_("Printing…"))
        self.summary_labels["pdf"][1].setText(_("Saving…"))
        self.pages.setCurrentWidget(self.summary)
        self.changed.emit()
        reference = report.reference
        run_in_background(lambda: self.till.print_z(reference), self._printed)
        run_in_background(lambda: self.till.save_z_pdf(reference), self._saved)

    def _show_summary(self, report: ZReport) -> None:
        # A Latin reference or path would sit on the left of an Arabic screen: align by the side.
        side = Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft
        for caption, value in self.summary_labels.values():
            caption.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
            value.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        self.summary_title.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        self.session_label.setText("")
        difference = report.difference(PaymentMethod.CASH)
        self.summary_title.setText(render_message(N_("Register {register} is closed."),
                                                  {"register": report.register_code}))
        values = {"number": report.reference,
                  "counted": money_text(report.counted_cash),
                  "difference": f"{signed_money(difference)}  {difference_words(difference)}",
                  "grand_total": money_text(report.grand_total)}
        for key, text in values.items():
            self.summary_labels[key][1].setText(text)

    def _printed(self, done: Done) -> None:
        said = print_message(done)
        label = self.summary_labels["printer"][1]
        if isinstance(said, PossoukError):
            label.setText(render_error(said))
            label.setStyleSheet(f"color: {_RED};")
        else:
            label.setText(said)
            label.setStyleSheet("")

    def _saved(self, done: Done) -> None:
        label = self.summary_labels["pdf"][1]
        try:
            path = done.result()
        except PossoukError as fault:
            label.setText(render_error(fault))
            label.setStyleSheet(f"color: {_RED};")
            return
        label.setText(str(path))
        label.setStyleSheet("")

    def finish(self) -> None:
        """Back to the login screen: the next cashier opens a new session."""
        if self.pages.currentWidget() is not self.summary:
            return
        self.report = None
        self.till.logout()
        self.changed.emit()
        self.go.emit("login")
