"""The back office: the screens organizers and supervisors run the store with, in one window.

The main window opens it (its **Back office** button, Ctrl+B) for someone who may see at
least one of its sections; each section shows only to whom its permission allows, and
is built the first time it is chosen. A cashier never gets the window, whatever the
keys pressed: :func:`sections_for` is empty for them and :meth:`BackOfficeWindow.show_section`
refuses a section the user may not see.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.model import User
from possouk.domain.permissions import Permission, allows
from possouk.i18n import N_
from possouk.i18n import gettext as _
from possouk.storage.uow import Database
from possouk.ui.backoffice.section import Section

__all__ = ["SECTIONS", "BackOfficeWindow", "SectionEntry", "sections_for"]


@dataclass(frozen=True)
class SectionEntry:
    key: str
    title: str  # msgid
    permission: Permission
    module: str
    cls: str


SECTIONS: tuple[SectionEntry, ...] = (
    # Translators: back office section: the cooperatives (create, edit, deactivate)
    SectionEntry("cooperatives", N_("Cooperatives"), Permission.VIEW_REPORTS,
                 "possouk.ui.backoffice.cooperatives", "CooperativesSection"),
    # Translators: back office section: the products (create, edit, prices, deactivate)
    SectionEntry("products", N_("Products"), Permission.VIEW_REPORTS,
                 "possouk.ui.backoffice.products", "ProductsSection"),
    # Translators: back office section: deposits, returns to the cooperatives, adjustments, counts
    SectionEntry("intake", N_("Stock intake and returns"), Permission.MANAGE_STOCK,
                 "possouk.ui.backoffice.stock_documents", "StockDocumentsSection"),
    # Translators: back office section: what is on the shelves, per site, cooperative and product
    SectionEntry("stock", N_("Stock"), Permission.MANAGE_STOCK,
                 "possouk.ui.backoffice.stock_overview", "StockOverviewSection"),
    # Translators: back office section: barcode labels for the products (A4 sheets, receipt printer)
    SectionEntry("labels", N_("Labels"), Permission.MANAGE_STOCK,
                 "possouk.ui.backoffice.labels", "LabelsSection"),
    # Translators: back office section: CSV and Excel files in and out
    SectionEntry("data", N_("Import and export"), Permission.IMPORT_EXPORT,
                 "possouk.ui.backoffice.data_io", "DataSection"),
    # Translators: back office section: journals sent by the sites to head office and its catalog
    # sent back, on files (a USB stick)
    SectionEntry("exchange", N_("Exchange between sites"), Permission.IMPORT_EXPORT,
                 "possouk.ui.backoffice.exchange", "ExchangeSection"),
    # Translators: back office section: the people who use possouk (roles, PINs, event log)
    SectionEntry("users", N_("Users"), Permission.MANAGE_USERS,
                 "possouk.ui.backoffice.users", "UsersSection"),
    # Translators: back office section: the store, sites, printer, backups, language…
    SectionEntry("settings", N_("Settings"), Permission.MANAGE_SETTINGS,
                 "possouk.ui.backoffice.settings", "SettingsSection"),
)

_STYLE = """
QListWidget#sections { font-size: 13pt; border: none; background: #ece6d9; }
QListWidget#sections::item { padding: 10px 12px; }
QListWidget#sections::item:selected { background: #2f6f4f; color: #ffffff; }
QLabel#window_title { font-size: 15pt; font-weight: 700; padding: 6px 4px; }
"""


def sections_for(user: User | None) -> list[SectionEntry]:
    """The sections ``user`` may see (none for a cashier, or nobody)."""
    if user is None:
        return []
    return [s for s in SECTIONS if allows(user, s.permission)]


class BackOfficeWindow(QWidget):
    """Sections listed at the start side, the chosen one beside them."""

    language_chosen = Signal(str)  # the settings changed the language (the main window keeps it)

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("backoffice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(_STYLE)
        self.db = db
        self.user = user
        self.entries = sections_for(user)
        self.built: dict[str, Section] = {}

        self.title = QLabel(self)
        self.title.setObjectName("window_title")
        self.nav = QListWidget(self)
        self.nav.setObjectName("sections")
        self.nav.setFixedWidth(210)
        self.nav.setWordWrap(True)  # long titles on two lines, never cut
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for entry in self.entries:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget(self)
        self.nav.currentRowChanged.connect(self._chosen)

        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.title)
        side.addWidget(self.nav, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(8)
        layout.addLayout(side)
        layout.addWidget(self.stack, 1)
        self.resize(1280, 800)
        self.retranslate()
        if self.entries:
            self.nav.setCurrentRow(0)

    @property
    def current_key(self) -> str | None:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def current_section(self) -> Section | None:
        key = self.current_key
        return self.built.get(key) if key is not None else None

    def section(self, key: str) -> Section:
        """The section ``key``, built on first use (refused when the user may not see it)."""
        entry = next((e for e in self.entries if e.key == key), None)
        if entry is None:
            raise PermissionError(key)
        if key not in self.built:
            cls = getattr(importlib.import_module(entry.module), entry.cls)
            section: Section = cls(self.db, self.user, self.stack)
            self.built[key] = section
            self.stack.addWidget(section)
            chosen = getattr(section, "language_chosen", None)
            if chosen is not None:
                chosen.connect(self.language_chosen)
            section.refresh()
        return self.built[key]

    def show_section(self, key: str) -> Section:
        row = next((i for i, e in enumerate(self.entries) if e.key == key), None)
        if row is None:
            raise PermissionError(key)
        self.nav.setCurrentRow(row)
        return self.built[key]

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.stack.setCurrentWidget(self.section(self.entries[row].key))

    def retranslate(self) -> None:
        # Translators: title of the back office window (cooperatives, products, stock, users…)
        self.title.setText(_("Back office"))
        self.setWindowTitle(_("Back office"))
        for row, entry in enumerate(self.entries):
            item = self.nav.item(row)
            if item is not None:
                item.setText(_(entry.title))
        for section in self.built.values():
            section.retranslate()
