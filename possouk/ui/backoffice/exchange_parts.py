"""The parts of the back office's **Exchange between sites** section: the labels of what a
bundle carries, the tables, the preview panel of a bundle or a catalog, file names and times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, PossoukError
from possouk.i18n import gettext as _
from possouk.i18n import is_rtl, isolate
from possouk.i18n.formatting import format_utc_text, local_now
from possouk.services.exchange import CatalogReceived, OriginStatus, Received
from possouk.ui.backoffice.records import Column, RecordFilter, RecordsModel

KINDS = ("sales", "stock_documents", "cash_movements", "z_reports", "closings", "events")
KIND_LABELS: dict[str, str] = {
    # Translators: exchange between sites: a kind of document a bundle carries
    "sales": N_("Sales and refunds"),
    # Translators: exchange between sites: deposit slips, returns, adjustments, counts
    "stock_documents": N_("Stock documents"),
    # Translators: exchange between sites: cash put in or taken out of a drawer
    "cash_movements": N_("Cash in and out"),
    # Translators: exchange between sites: the closing reports of the registers' sessions
    "z_reports": N_("Z reports"),
    # Translators: exchange between sites: days, months and years closed
    "closings": N_("Closings"),
    # Translators: exchange between sites: entries of the event log (who did what)
    "events": N_("Event log entries"),
}
CATALOG_KINDS = ("sites", "registers", "cooperatives", "products", "users", "settings")
CATALOG_LABELS: dict[str, str] = {
    # Translators: exchange between sites: what head office's catalog adds or changes
    "sites": N_("Sites"),
    # Translators: exchange between sites: what head office's catalog adds or changes
    "registers": N_("Registers"),
    "cooperatives": N_("Cooperatives"),
    "products": N_("Products"),
    "users": N_("Users"),
    "settings": N_("Settings"),
}
SUFFIX = ".pxb"

STYLE = """
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QFrame#preview { background: #f7f4ee; border: 1px solid #d8d1c2; border-radius: 6px; }
QLabel#heading { font-size: 14pt; font-weight: 600; }
QLabel#section_title { font-size: 16pt; font-weight: bold; }
QLabel#identity { font-size: 13pt; }
QLabel#hint, QLabel#file { color: #5b5f63; }
QLabel#hint { font-size: 11pt; }
QLabel#details, QLabel#office, QLabel#pending_label { font-size: 12pt; }
QLabel#summary { font-size: 12pt; font-weight: 600; }
QLabel#summary[state="ready"] { color: #1b5e20; }
QLabel#summary[state="refused"] { color: #b00020; }
QLabel#new_key { font-size: 12pt; color: #8a4b00; font-weight: 600; }
QLabel#key_value { font-size: 18pt; font-weight: 700; font-family: "DejaVu Sans Mono", monospace;
    color: #8a4b00; padding: 2px 0; }
QTableView { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
QPushButton { min-height: 40px; padding: 0 14px; }
QScrollArea#cards, QWidget#cards_inside { background: transparent; }
QPushButton#import, QPushButton#take_catalog { font-weight: 700; }
"""

_LRI, _PDI = "\u2066", "\u2069"


class Folder:
    """The folder last used for a bundle (the user's folder at first), for the whole run."""

    last: Path | None = None


def left_to_right(text: str) -> str:
    """A key, a code or a time in a table cell or a label: left to right in Arabic too."""
    return f"{_LRI}{text}{_PDI}" if is_rtl() and text else text


def isolated_text(text: str) -> str:
    return isolate(text) if is_rtl() else text


def local_time_text(utc_text: str | None) -> str:
    """A stored UTC time ("2026-11-29T21:26:00.000000Z") in Casablanca time; "" when none."""
    return format_utc_text(utc_text)


def bundle_name(what: str, when: datetime | None = None) -> str:
    """The file name a bundle is offered under: ``possouk-MEK-20261129-2226.pxb``."""
    stamp = (when or local_now()).strftime("%Y%m%d-%H%M")
    return f"possouk-{what}-{stamp}{SUFFIX}"


@dataclass(frozen=True)
class CountRow:
    """One line of counts: what (a msgid), how many (and how many changed, for a catalog)."""

    label: str
    count: int
    changed: int = 0


SITE_COLUMNS: tuple[Column[OriginStatus], ...] = (
    # Translators: exchange between sites: column of the site codes a database sends from
    Column("site", N_("Site"), lambda s: left_to_right(s.origin.name)),
    # Translators: exchange between sites: column of the key (fingerprint) of a site's database
    Column("key", N_("Key"), lambda s: left_to_right(s.fingerprint)),
    # Translators: exchange between sites: column of when a site's last bundle was imported here
    Column("last_import", N_("Last import"),
           lambda s: left_to_right(local_time_text(s.origin.last_import_at)),
           sort=lambda s: s.origin.last_import_at or ""),
    # Translators: exchange between sites: column of how many bundles of a site were imported
    Column("bundles", N_("Bundles"), lambda s: str(s.origin.bundles),
           sort=lambda s: s.origin.bundles, numeric=True),
    # Translators: exchange between sites: column of how many documents of a site are held here
    Column("documents", N_("Documents held"), lambda s: str(s.documents),
           sort=lambda s: s.documents, numeric=True),
)
PENDING_COLUMNS: tuple[Column[CountRow], ...] = (
    # Translators: exchange between sites: column of the kind of document
    Column("what", N_("What"), lambda r: _(r.label), sort=lambda r: 0),
    # Translators: exchange between sites: column of a number of documents
    Column("count", N_("Documents"), lambda r: str(r.count), sort=lambda r: r.count, numeric=True),
)
JOURNAL_COLUMNS: tuple[Column[CountRow], ...] = (
    Column("what", N_("What"), lambda r: _(r.label), sort=lambda r: 0),
    # Translators: exchange between sites: column of the documents a bundle brings that are not here
    Column("count", N_("New documents"), lambda r: str(r.count), sort=lambda r: r.count,
           numeric=True),
)
CATALOG_COLUMNS: tuple[Column[CountRow], ...] = (
    Column("what", N_("What"), lambda r: _(r.label), sort=lambda r: 0),
    # Translators: exchange between sites: column of the rows head office's catalog adds here
    Column("added", N_("Added"), lambda r: str(r.count), sort=lambda r: r.count, numeric=True),
    # Translators: exchange between sites: column of the rows head office's catalog changes here
    Column("changed", N_("Changed"), lambda r: str(r.changed), sort=lambda r: r.changed,
           numeric=True),
)


def make_table(model: RecordsModel[Any], parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(RecordFilter(model))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the figures beside their names
    return table


def fit_columns(table: QTableView) -> None:
    """A table of counts as wide as its columns: each figure stays beside what it counts."""
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    table.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # never cut


def fit_rows(table: QTableView, rows: int, least: int = 1) -> None:
    """A short table as tall as its rows (no empty space, no scroll bar)."""
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += max(rows, least) * table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(height)


def restyle(label: QLabel, state: str) -> None:
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)


class PreviewPanel(QFrame):
    """A bundle chosen and checked: the file, what the check found (or its refusal), the counts,
    the key to compare when the other database is new, and the button that takes it in."""

    def __init__(self, columns: Sequence[Column[CountRow]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.path: Path | None = None
        self.result: Received | CatalogReceived | None = None
        self.refusal: PossoukError | None = None  # why the bundle was refused (shown in red)
        self.checking = False
        self.importing = False
        self.generation = 0
        self.file_label = QLabel(self)
        self.file_label.setObjectName("file")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model: RecordsModel[CountRow] = RecordsModel(columns)
        self.table = make_table(self.model, self, "counts")
        fit_columns(self.table)
        self.details = QLabel(self)
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.new_key = QLabel(self)
        self.new_key.setObjectName("new_key")
        self.new_key.setWordWrap(True)
        self.key_value = QLabel(self)
        self.key_value.setObjectName("key_value")
        self.key_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_box = QCheckBox(self)
        self.key_box.setObjectName("key_checked")
        self.confirm = QPushButton(self)
        side = QVBoxLayout()  # beside the counts: what else, the key to compare
        side.addWidget(self.details)
        side.addWidget(self.new_key)
        side.addWidget(self.key_value)
        side.addStretch(1)
        found = QHBoxLayout()
        found.addWidget(self.table, 0, Qt.AlignmentFlag.AlignTop)
        found.addLayout(side, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.key_box)
        bottom.addStretch(1)
        bottom.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.file_label)
        layout.addWidget(self.summary)
        layout.addLayout(found)
        layout.addLayout(bottom)
        # as tall as what it shows, never taller (the stretch beside the counts would make it grow)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setVisible(False)

    @property
    def busy(self) -> bool:
        return self.checking or self.importing

    @property
    def new_origin(self) -> bool:
        return self.result is not None and self.result.new_origin

    def start(self, path: Path) -> int:
        """``path`` is being checked: what was shown of another file goes."""
        self.generation += 1
        self.path = path
        self.result = None
        self.refusal = None
        self.checking = True
        self.key_box.setChecked(False)
        self.model.set_records([])
        self.setVisible(True)
        return self.generation

    def close_preview(self) -> None:
        self.generation += 1
        self.path = None
        self.result = None
        self.refusal = None
        self.checking = self.importing = False
        self.model.set_records([])
        self.setVisible(False)

    def show_counts(self, rows: list[CountRow]) -> None:
        self.model.set_records(rows)
        fit_rows(self.table, len(rows))
