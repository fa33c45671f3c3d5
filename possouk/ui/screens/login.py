"""Who is at the till: a tile per person, then their PIN on a pad (touch or keyboard).

Typing digits, Backspace, Escape and Enter work whatever has the focus on this
screen, so a cashier with a keyboard never has to touch the pad. Logging in
keeps the cart: a user switch in the middle of a sale loses nothing.

The screen can show before its till exists (see ``MainWindow.opening``): its
tiles then come from an :class:`~possouk.storage.entrance.Entrance`, and a PIN
confirmed meanwhile waits for :meth:`LoginScreen.attach` to be checked.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.people import Role, User
from possouk.i18n import _, render_message
from possouk.storage.entrance import Entrance
from possouk.ui.screens.base import Screen
from possouk.ui.widgets import MessageBar, touch_button

if TYPE_CHECKING:
    from possouk.ui.till import Till

__all__ = ["ROLE_LABELS", "LoginScreen"]

ROLE_LABELS = {
    Role.CASHIER: N_("cashier"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.ORGANIZER: N_("organizer"),
}
MAX_PIN = 12
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _digit(text: str) -> str | None:
    """The ASCII digit for a typed key, Arabic-Indic digits included (٣ → 3)."""
    if len(text) == 1 and text.isdigit():
        return str(unicodedata.digit(text))
    return None


class LoginScreen(Screen):
    """Choose a name, type the PIN, OK: the sale screen."""

    register_chosen = Signal(str)  # a register picked here, for this machine to remember

    def __init__(self, till: Till | None, parent: QWidget | None = None, *,
                 entrance: Entrance | None = None, register_code: str = "") -> None:
        super().__init__(parent)
        if till is None and entrance is None:
            raise ValueError("a login screen needs a till or an entrance")
        self.till = till
        self.entrance = entrance
        self._register_code = register_code  # while there is no till
        self.pending: tuple[str, str] | None = None  # (login, PIN) confirmed before the till
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pin = ""
        self.selected: User | None = None
        self.tiles: dict[str, QPushButton] = {}

        self.heading = QLabel()
        self.heading.setObjectName("title")
        self.register_label = QLabel()
        self.register_choice = QComboBox()
        self.register_choice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.register_choice.activated.connect(self._register_picked)
        register_row = QHBoxLayout()
        register_row.addWidget(self.register_label)
        register_row.addWidget(self.register_choice, 1)
        self.register_box = QWidget()
        self.register_box.setLayout(register_row)

        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(10)
        people = QVBoxLayout()
        people.addWidget(self.register_box)
        people.addLayout(self.tile_grid)
        people.addStretch(1)

        self.who = QLabel()
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel()
        self.dots.setObjectName("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setMinimumHeight(52)
        self.dots.setStyleSheet("font-size: 26pt; letter-spacing: 6px; background: #ffffff;"
                                "border: 1px solid #b9b2a3; border-radius: 8px;")
        self.message = MessageBar()
        pad = QGridLayout()
        pad.setSpacing(8)
        self.digit_buttons: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            self.digit_buttons[digit] = self._pad_button(digit, pad, index // 3, index % 3)
        self.clear_button = self._pad_button("", pad, 3, 0)
        self.clear_button.clicked.connect(self.clear_pin)
        self.digit_buttons["0"] = self._pad_button("0", pad, 3, 1)
        self.back_button = self._pad_button("", pad, 3, 2)
        self.back_button.clicked.connect(self.backspace)
        self.ok_button = touch_button(object_name="primary")
        self.ok_button.clicked.connect(self.submit)
        pad.addWidget(self.ok_button, 4, 0, 1, 3)
        # The pad's digits read 1 2 3 from left to right in every language, like a phone's.
        self.pad_box = QWidget()
        self.pad_box.setLayout(pad)
        self.pad_box.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.pad_box.setFixedWidth(360)
        pin_column = QVBoxLayout()
        pin_column.addWidget(self.who)
        pin_column.addWidget(self.dots)
        pin_column.addWidget(self.pad_box, 0, Qt.AlignmentFlag.AlignHCenter)
        pin_column.addWidget(self.message)
        pin_column.addStretch(1)

        body = QHBoxLayout()
        body.addLayout(people, 3)
        body.addSpacing(24)
        body.addLayout(pin_column, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.heading)
        layout.addLayout(body, 1)
        self.retranslate()

    def _pad_button(self, digit: str, pad: QGridLayout, row: int, column: int) -> QPushButton:
        button = touch_button()
        button.setMinimumHeight(64)
        button.setText(digit)
        if digit:
            button.clicked.connect(lambda _checked=False, d=digit: self.type_digit(d))
        pad.addWidget(button, row, column)
        return button

    # -- what it shows -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(_("Who is at the till?"))
        self.register_label.setText(_("This machine is register:"))
        self.clear_button.setText(_("Clear"))
        self.back_button.setText("⌫")
        self.back_button.setToolTip(_("Erase the last digit"))
        self.ok_button.setText(_("OK"))
        self._show_pin()
        self._fill_tiles()

    def activated(self) -> None:
        self.clear_pin()
        self._fill_registers()
        self._fill_tiles()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- where the tiles come from ----------------------------------------------------------

    @property
    def register_code(self) -> str:
        """This machine's register ("" while unknown)."""
        return self.till.register_code if self.till is not None else self._register_code

    def _register_codes(self) -> list[str]:
        if self.till is not None:
            return self.till.register_codes()
        return list(self.entrance.register_codes) if self.entrance is not None else []

    def _people(self) -> list[User]:
        if self.till is not None:
            return self.till.users()
        return list(self.entrance.people) if self.entrance is not None else []

    def attach(self, till: Till) -> None:
        """Work over ``till`` from now on; a PIN confirmed before it is checked now."""
        self.till = till
        self._fill_registers()
        self._fill_tiles()
        if self.pending is not None:
            login, pin = self.pending
            self.pending = None
            self._login(login, pin)

    def _fill_registers(self) -> None:
        """The register chooser shows only while this machine's register is unknown."""
        try:
            codes = self._register_codes()
        except PossoukError as error:
            self.message.show_error(error)
            return
        known = self.register_code in codes
        self.register_box.setVisible(not known and bool(codes))
        if known:
            return
        self.register_choice.clear()
        self.register_choice.addItem(_("Choose…"), "")
        for code in codes:
            self.register_choice.addItem(code, code)

    def _register_picked(self, index: int) -> None:
        code = str(self.register_choice.itemData(index) or "")
        if not code:
            return
        if self.till is not None:
            self.till.register_code = code
            self.till.refresh()
        else:
            self._register_code = code
        self.register_box.hide()
        self.register_chosen.emit(code)
        self.changed.emit()

    def _fill_tiles(self) -> None:
        """A tile per person who may log in; rebuilt only when the people changed."""
        try:
            people = self._people()
        except PossoukError as error:
            self.message.show_error(error)
            return
        if [u.login for u in people] != list(self.tiles):
            for old in self.tiles.values():
                self.tile_grid.removeWidget(old)
                old.hide()
                old.setParent(None)
                old.deleteLater()
            self.tiles = {}
            for index, user in enumerate(people):
                tile = touch_button(object_name="tile")
                tile.setCheckable(True)
                tile.setMinimumHeight(84)
                tile.clicked.connect(lambda _checked=False, u=user: self.choose(u))
                self.tile_grid.addWidget(tile, index // 3, index % 3)
                self.tiles[user.login] = tile
        for user in people:
            tile = self.tiles[user.login]
            tile.setText(f"{user.display_name}\n{_(ROLE_LABELS[user.role])}")
            tile.setChecked(self.selected is not None and self.selected.login == user.login)
        if self.selected is not None and self.selected.login not in self.tiles:
            self.selected = None
        self._show_who()

    def _show_who(self) -> None:
        if self.selected is None:
            self.who.setText(_("Touch your name, then type your PIN."))
        else:
            self.who.setText(render_message(N_("PIN of {name}"), {"name": self.selected.display_name}))

    def _show_pin(self) -> None:
        self.dots.setText("●" * len(self.pin))

    # -- what the cashier does ---------------------------------------------------------------

    def choose(self, user: User) -> None:
        self.selected = user
        for login, tile in self.tiles.items():
            tile.setChecked(login == user.login)
        self.clear_pin()
        self.message.clear_message()
        self._show_who()

    def type_digit(self, digit: str) -> None:
        if len(self.pin) < MAX_PIN:
            self.pin += digit
        self._show_pin()

    def backspace(self) -> None:
        self.pin = self.pin[:-1]
        self._show_pin()

    def clear_pin(self) -> None:
        self.pin = ""
        self._show_pin()

    def submit(self) -> None:
        """Check the PIN; the sale screen on success, the service's sentence otherwise."""
        if not self.register_box.isHidden():  # the sale screen needs to know its register
            self.message.show_error(UserError(N_("Choose this machine's register first.")))
            return
        if self.selected is None:
            self.message.show_error(UserError(N_("Touch your name first.")))
            return
        if not self.pin:
            self.message.show_error(UserError(N_("Type your PIN.")))
            return
        pin, self.pin = self.pin, ""
        self._show_pin()
        if self.till is None:  # still opening: checked as soon as the till is there
            self.pending = (self.selected.login, pin)
            self.message.show_info(_("One moment: possouk is opening the database…"), seconds=0)
            return
        self._login(self.selected.login, pin)

    def _login(self, login: str, pin: str) -> None:
        assert self.till is not None
        try:
            self.till.login(login, pin)
        except PossoukError as error:  # wrong PIN, locked account, database busy
            self.message.show_error(error)
            return
        self.message.clear_message()
        self.changed.emit()
        self.go.emit("sale")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = _digit(event.text())
        if digit is not None:
            self.type_digit(digit)
        elif event.key() in _ENTER_KEYS:
            self.submit()
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() == Qt.Key.Key_Escape:
            self.clear_pin()
        else:
            super().keyPressEvent(event)
