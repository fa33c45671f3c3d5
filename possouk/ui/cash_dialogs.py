"""Dialogs of the cash session from the sale screen: cash in or out of the drawer, the X report.

:class:`CashMoveDialog` only collects what was typed (and says at once what cannot be read);
the sale screen asks a supervisor when needed, records the movement and prints its slip.
:class:`XReportDialog` shows the figures of the open session and prints them on request.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.cash import CashSession, MoveKind, MoveReason, SessionFigures
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.money import parse_amount
from possouk.hardware.z_receipt import MOVE_REASON_LABELS, PAYMENT_LABELS
from possouk.i18n import current_language, render_message
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_datetime
from possouk.ui.dialogs import Keypad
from possouk.ui.till import Till
from possouk.ui.widgets import MessageBar, money_text, touch_button
from possouk.ui.workers import Done, print_message, run_in_background

__all__ = ["CashMoveDialog", "CashMoveRequest", "XReportDialog", "x_report_lines"]

KIND_LABELS = {MoveKind.IN: N_("Cash in"), MoveKind.OUT: N_("Cash out")}


@dataclass(frozen=True)
class CashMoveRequest:
    """A cash movement as typed: which way, why, how much (centimes), a note."""

    kind: MoveKind
    reason: MoveReason
    amount: int
    note: str = ""


class CashMoveDialog(QDialog):
    """Cash in or out: the way, the reason (only those that fit the way), the amount, a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Cash in or out"))
        self.setMinimumWidth(520)
        self.request: CashMoveRequest | None = None
        self.kind_buttons: dict[MoveKind, QPushButton] = {}
        kinds = QHBoxLayout()
        self.kind_group = QButtonGroup(self)
        for kind in MoveKind:
            button = touch_button(self)
            button.setCheckable(True)
            button.setText(_(KIND_LABELS[kind]))
            button.clicked.connect(lambda _=False, k=kind: self.set_kind(k))
            self.kind_group.addButton(button)
            kinds.addWidget(button)
            self.kind_buttons[kind] = button
        self.reason_buttons: dict[MoveReason, QPushButton] = {}
        self.reasons = QGridLayout()
        self.reason_group = QButtonGroup(self)
        for reason in (r for r in MoveReason if r.chosen_by_hand):
            button = touch_button(self)
            button.setCheckable(True)
            button.setText(_(MOVE_REASON_LABELS[reason]))
            self.reason_group.addButton(button)
            self.reason_buttons[reason] = button
        self.amount_label = QLabel(_("Amount, in dirhams"), self)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.setMinimumHeight(48)
        font = self.amount.font()
        font.setPointSize(max(font.pointSize(), 10) + 8)
        self.amount.setFont(font)
        self.note_label = QLabel(_("Note (what the money is for)"), self)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.note.setMinimumHeight(40)
        self.message = MessageBar(self)
        ok = touch_button(self, object_name="primary")
        ok.setText(_("OK"))
        ok.clicked.connect(self.confirm)
        cancel = touch_button(self)
        cancel.setText(_("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(ok)

        layout = QVBoxLayout(self)
        layout.addLayout(kinds)
        layout.addLayout(self.reasons)
        layout.addWidget(self.amount_label)
        layout.addWidget(self.amount)
        layout.addWidget(Keypad(self.amount, self))
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.set_kind(MoveKind.OUT)
        self.amount.setFocus()

    def set_kind(self, kind: MoveKind) -> None:
        """Money going this way: only the reasons that fit it can be picked."""
        self.kind_buttons[kind].setChecked(True)
        first: QPushButton | None = None
        for button in self.reason_buttons.values():
            self.reasons.removeWidget(button)
        shown = 0
        for reason, button in self.reason_buttons.items():
            button.setVisible(reason.allows(kind))
            if reason.allows(kind):  # laid out again: no hole where a reason is hidden
                self.reasons.addWidget(button, shown // 2, shown % 2)
                shown += 1
                first = first or button
        checked = self.reason_group.checkedButton()
        if (checked is None or checked.isHidden()) and first is not None:
            first.setChecked(True)

    def kind(self) -> MoveKind:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def reason(self) -> MoveReason:
        return next(r for r, b in self.reason_buttons.items() if b.isChecked() and not b.isHidden())

    def read(self) -> CashMoveRequest:
        """What was typed; raises the sentence to show."""
        amount = parse_amount(self.amount.text())
        if amount <= 0:
            raise UserError(N_("The amount must be more than zero."))
        reason, note = self.reason(), self.note.text().strip()
        if reason is MoveReason.OTHER and not note:
            raise UserError(N_("Say what the money is for."))
        return CashMoveRequest(self.kind(), reason, amount, note)

    def confirm(self) -> None:
        try:
            self.request = self.read()
        except UserError as refused:
            self.message.show_error(refused)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None) -> CashMoveRequest | None:
        """The movement typed, or None when cancelled."""
        dialog = cls(parent)
        return dialog.request if dialog.exec() == QDialog.DialogCode.Accepted else None


def x_report_lines(session: CashSession, figures: SessionFigures) -> list[tuple[str, str]]:
    """The X report as (label, value) lines in the current language ("" value: a heading)."""
    lang = current_language()

    def money(centimes: int) -> str:
        return money_text(centimes)

    lines = [
        (_("Session"), session.reference),
        (_("Opened at"), format_datetime(session.opened_at, lang)),
        (_("Sales and refunds"), ""),
        (_("Number of sales"), str(figures.sales_count)),
        (_("Number of refunds"), str(figures.refunds_count)),
        (_("Sales"), money(figures.sales_total)),
        (_("Refunds"), money(-figures.refunds_total)),
        (_("Discounts"), money(figures.discounts)),
        (_("Net"), money(figures.net)),
        (_("By payment method"), ""),
    ]
    lines += [(_(label), money(figures.by_method[method]))
              for method, label in PAYMENT_LABELS.items() if method in figures.by_method]
    lines += [
        (_("Cash in the drawer"), ""),
        (_("Opening float"), money(figures.opening_float)),
        (_("Cash received"), money(figures.cash_received)),
        (_("Change given"), money(-figures.change_given)),
        (_("Cash refunded"), money(-figures.cash_refunded)),
        (_("Cash in"), money(figures.cash_in)),
        (_("Cash out"), money(-figures.cash_out)),
        (_("Expected cash"), money(figures.expected_cash)),
    ]
    return lines


class XReportDialog(QDialog):
    """The figures of the open session (read only, closes nothing); Print sends them to paper."""

    def __init__(self, till: Till, session: CashSession, figures: SessionFigures,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.setWindowTitle(_("X report"))
        self.setMinimumSize(560, 720)
        self.title = QLabel(render_message(N_("X report of register {register} — {note}"), {
            "register": session.register_code, "note": _("read only — not a closing")}), self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.lines = x_report_lines(session, figures)
        self.table = QTableWidget(len(self.lines), 2, self)
        self.table.setObjectName("x_report")
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setStyleSheet("QTableWidget { font-size: 12pt; }")  # every line without scrolling
        self.table.verticalHeader().setDefaultSectionSize(25)
        for row, (label, value) in enumerate(self.lines):
            caption = QTableWidgetItem(label)
            if not value:
                font = caption.font()
                font.setBold(True)
                caption.setFont(font)
            amount = QTableWidgetItem(value)
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, caption)
            self.table.setItem(row, 1, amount)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.message = MessageBar(self)
        self.print_button = touch_button(self)
        self.print_button.setText(_("Print"))
        self.print_button.clicked.connect(self.print_report)
        close = touch_button(self, object_name="primary")
        close.setText(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def text(self) -> str:
        """Every line, for tests: ``label: value`` one per line."""
        return "\n".join(f"{label}: {value}" for label, value in self.lines)

    def print_report(self) -> None:
        """Print the X report off the GUI thread; what became of it shows here."""
        self.message.show_info(_("Printing…"), seconds=0)
        self.print_button.setEnabled(False)
        run_in_background(self.till.print_x, self._printed)

    def _printed(self, done: Done) -> None:
        self.print_button.setEnabled(True)
        try:
            outcome = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            return
        if outcome.printed:
            self.message.show_info(_("X report printed."))
        else:
            said = print_message(done)
            if isinstance(said, PossoukError):
                self.message.show_error(said)
