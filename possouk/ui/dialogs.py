"""Small dialogs of the sale screens: a value on a numeric keypad, a supervisor's PIN, a choice.

Each dialog only collects what was typed; the screen parses it (with
``parse_amount`` / ``parse_quantity``) and calls the till, so every refusal is
shown by the screen's message bar like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, UserError
from possouk.domain.model import User
from possouk.domain.permissions import Permission
from possouk.i18n import gettext as _
from possouk.i18n import isolate
from possouk.ui.till import Till
from possouk.ui.widgets import MessageBar, touch_button

__all__ = [
    "PERMISSION_LABELS", "ChoiceDialog", "Keypad", "KeypadDialog", "PinDialog", "approve", "key_text",
    "keyed_button",
]

PERMISSION_LABELS: dict[Permission, str] = {
    Permission.LINE_DISCOUNT: N_("a line discount"),
    Permission.TICKET_DISCOUNT: N_("a discount on the whole sale"),
    Permission.PRICE_OVERRIDE: N_("a changed price"),
    Permission.PRICE_UNDER_MINIMUM: N_("a price under the cooperative's minimum"),
    Permission.REFUND: N_("a refund"),
}


class Keypad(QWidget):
    """Digits, a decimal comma and back, typing into ``target``; laid out like a phone."""

    KEYS = ("7", "8", "9", "4", "5", "6", "1", "2", "3", ",", "0", "⌫")

    def __init__(self, target: QLineEdit, parent: QWidget | None = None, *, decimal: bool = True) -> None:
        super().__init__(parent)
        self.target = target
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(self.KEYS):
            button = touch_button(self)
            button.setText(key)
            button.setMinimumWidth(64)
            button.setEnabled(decimal or key != ",")
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            # Digits keep their place in Arabic too, like on a telephone or a calculator.
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[key] = button
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

    def press(self, key: str) -> None:
        if key == "⌫":
            self.target.backspace()
        else:
            self.target.insert(key)


class KeypadDialog(QDialog):
    """Ask one value (a quantity, a weight, a price, an amount, a receipt number)."""

    def __init__(self, title: str, prompt: str, initial: str = "", parent: QWidget | None = None,
                 *, decimal: bool = True, keypad: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.edit = QLineEdit(initial, self)
        self.edit.setObjectName("entry")
        self.edit.setMinimumHeight(48)
        font = self.edit.font()
        font.setPointSize(max(font.pointSize(), 10) + 8)
        self.edit.setFont(font)
        self.edit.selectAll()
        self.edit.returnPressed.connect(self.accept)
        layout.addWidget(self.prompt)
        layout.addWidget(self.edit)
        if keypad:
            layout.addWidget(Keypad(self.edit, self, decimal=decimal))
        layout.addLayout(_ok_cancel(self))

    def value(self) -> str:
        return self.edit.text().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str, initial: str = "",
            *, decimal: bool = True, keypad: bool = True) -> str | None:
        """The typed text, or None when cancelled."""
        dialog = cls(title, prompt, initial, parent, decimal=decimal, keypad=keypad)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PinDialog(QDialog):
    """A supervisor comes to the till: pick their name, type their PIN."""

    def __init__(self, supervisors: Sequence[User], reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Supervisor approval"))
        layout = QVBoxLayout(self)
        why = QLabel(reason, self)
        why.setWordWrap(True)
        layout.addWidget(why)
        self.people = QListWidget(self)
        for user in supervisors:
            item = QListWidgetItem(user.display_name)
            item.setData(Qt.ItemDataRole.UserRole, user.login)
            item.setSizeHint(QSize(0, 44))
            self.people.addItem(item)
        if supervisors:
            self.people.setCurrentRow(0)
        layout.addWidget(self.people)
        layout.addWidget(QLabel(_("PIN"), self))
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMinimumHeight(48)
        self.pin.returnPressed.connect(self.accept)
        layout.addWidget(self.pin)
        layout.addWidget(Keypad(self.pin, self, decimal=False))
        layout.addLayout(_ok_cancel(self))

    def choice(self) -> tuple[str, str] | None:
        item = self.people.currentItem()
        if item is None:
            return None
        return str(item.data(Qt.ItemDataRole.UserRole)), self.pin.text()

    @classmethod
    def ask(cls, parent: QWidget | None, supervisors: Sequence[User], reason: str) -> tuple[str, str] | None:
        """(login, PIN) typed, or None when cancelled."""
        dialog = cls(supervisors, reason, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ChoiceDialog(QDialog):
    """Pick one line of a list (a parked cart)."""

    def __init__(self, title: str, lines: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.lines = QListWidget(self)
        for line in lines:
            item = QListWidgetItem(line)
            self.lines.addItem(item)
        self.lines.setCurrentRow(0)
        self.lines.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.lines)
        layout.addLayout(_ok_cancel(self))

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, lines: Sequence[str]) -> int | None:
        dialog = cls(title, lines, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        row = dialog.lines.currentRow()
        return row if row >= 0 else None


def _ok_cancel(dialog: QDialog) -> QHBoxLayout:
    row = QHBoxLayout()
    ok = touch_button(dialog)
    ok.setText(_("OK"))
    ok.clicked.connect(dialog.accept)
    cancel = touch_button(dialog)
    cancel.setText(_("Cancel"))
    cancel.clicked.connect(dialog.reject)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row


def key_text(key: str, action: str) -> str:
    """A button's text with its keyboard shortcut: ``"F12  Pay"``, ``"F12  ادفع"`` in Arabic.

    The key is isolated so that it neither sets nor breaks the direction of the label.
    """
    # Translators: a button's text: {key} is its keyboard shortcut (F12, Del), {action} what it does
    return _("{key}  {action}").format(key=isolate(key), action=action)


def keyed_button(parent: QWidget, shortcut: str, slot: Callable[[], object], *,
                 object_name: str = "", context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
                 ) -> QPushButton:
    """A touch button that also answers ``shortcut`` while ``parent`` is shown."""
    button = touch_button(parent, object_name=object_name)
    button.clicked.connect(lambda _=False: slot())
    action = QShortcut(QKeySequence(shortcut), parent)
    action.setContext(context)
    action.activated.connect(slot)
    button.setProperty("shortcut_key", shortcut)
    return button


def approve(till: Till, needed: Iterable[Permission],
            ask: Callable[[str], tuple[str, str] | None], message: MessageBar) -> bool:
    """Ask a supervisor's PIN for ``needed``; True once someone allowed gave it."""
    wanted = sorted(needed)
    what = ", ".join(_(PERMISSION_LABELS.get(p, p.value)) for p in wanted)
    # Translators: {what} lists what needs approval: "a changed price, a line discount"
    answer = ask(_("A supervisor must approve {what}.").format(what=what))
    if answer is None:
        message.show_error(UserError(N_("Not done: a supervisor did not approve it.")))
        return False
    try:
        till.approve(answer[0], answer[1], wanted)
    except UserError as refused:
        message.show_error(refused)
        return False
    return True
