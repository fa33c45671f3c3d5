"""The back office's **Exchange between sites**: journals and catalog on a file (a USB stick).

At the top, this database's key (what the other side compares the first time it receives a
bundle from here). Then, as this database is a site or head office (or both, before either
exchanged anything):

- **At a site**: its head office, what head office has not acknowledged yet (by kind),
  **Write the bundle for head office…** (:func:`possouk.services.exchange.export_journal`)
  and **Take head office's catalog in…**: the file is checked and its changes shown
  (:func:`~possouk.services.exchange.import_catalog` run as a preview), then taken in once
  confirmed — a head office never seen asks first that its key be compared.
- **At head office**: the sites it receives from (key, last import, bundles, documents held),
  **Import a site's bundle…**: the bundle is checked and counted
  (:func:`~possouk.services.exchange.import_journal` with ``preview``: nothing is written), a
  refusal says why in red and nothing can be imported, a new site shows its key and a box to
  tick once it is compared; then **Import** writes it whole. **Write the catalog for the
  sites…** (:func:`~possouk.services.exchange.export_catalog`).

Every check, read and write runs off the GUI thread; each outcome shows in the message bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, PossoukError
from possouk.domain.model import User
from possouk.domain.permissions import Permission
from possouk.i18n import gettext as _
from possouk.i18n import is_rtl, ngettext, render_error, render_message
from possouk.services import exchange, maintenance
from possouk.services.exchange import CatalogReceived, ExchangeStatus, Exported, OriginStatus, Received
from possouk.storage.uow import Database
from possouk.ui.backoffice.exchange_parts import (
    CATALOG_COLUMNS,
    CATALOG_KINDS,
    CATALOG_LABELS,
    JOURNAL_COLUMNS,
    KIND_LABELS,
    KINDS,
    PENDING_COLUMNS,
    SITE_COLUMNS,
    STYLE,
    SUFFIX,
    CountRow,
    Folder,
    PreviewPanel,
    bundle_name,
    fit_columns,
    fit_rows,
    isolated_text,
    left_to_right,
    local_time_text,
    make_table,
    restyle,
)
from possouk.ui.backoffice.records import RecordsModel
from possouk.ui.backoffice.section import Section
from possouk.ui.widgets import MessageBar
from possouk.ui.workers import Done, run_in_background

__all__ = ["CATALOG_LABELS", "KIND_LABELS", "CountRow", "ExchangeSection", "PreviewPanel",
           "bundle_name"]

class ExchangeSection(Section):
    """Journals to head office and its catalog back, on files, each checked before it counts."""

    TITLE = N_("Exchange between sites")
    PERMISSION = Permission.IMPORT_EXPORT
    previewed = Signal()  # a bundle chosen was checked: its preview or its refusal shows (tests wait)
    imported = Signal()  # a bundle or a catalog was imported, or refused (the message says how)
    exported = Signal()  # a bundle or a catalog was written, or could not be (the message says)

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(db, user, parent)
        self.setObjectName("exchange_section")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(STYLE)
        self.state: ExchangeStatus | None = None
        self.site_codes: list[str] = []
        self.exporting = False
        self.last_sites: list[str] = []  # the sites the last bundle written here was for
        self._reads = 0

        self.title = QLabel(self)
        self.title.setObjectName("section_title")
        self.message = MessageBar(self)
        self.identity = QLabel(self)
        self.identity.setObjectName("identity")
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identity_hint = QLabel(self)
        self.identity_hint.setObjectName("hint")
        self.identity_hint.setWordWrap(True)

        # -- at a site: to head office ---------------------------------------------------------
        self.site_card = QFrame(self)
        self.site_card.setObjectName("card")
        self.site_heading = QLabel(self.site_card)
        self.site_heading.setObjectName("heading")
        self.office_label = QLabel(self.site_card)
        self.office_label.setObjectName("office")
        self.office_label.setWordWrap(True)
        self.office_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pending_label = QLabel(self.site_card)
        self.pending_label.setObjectName("pending_label")
        self.pending_label.setWordWrap(True)
        self.pending_model: RecordsModel[CountRow] = RecordsModel(PENDING_COLUMNS)
        self.pending = make_table(self.pending_model, self.site_card, "pending")
        fit_columns(self.pending)
        self.write_journal_button = QPushButton(self.site_card)
        self.write_journal_button.setObjectName("write_journal")
        self.write_journal_button.clicked.connect(self.write_journal)
        self.take_catalog_button = QPushButton(self.site_card)
        self.take_catalog_button.setObjectName("choose_catalog")
        self.take_catalog_button.clicked.connect(self.choose_catalog)
        self.catalog_preview = PreviewPanel(CATALOG_COLUMNS, self.site_card)
        self.catalog_preview.confirm.setObjectName("take_catalog")
        self.catalog_preview.confirm.clicked.connect(self.take_catalog)
        self.catalog_preview.key_box.toggled.connect(lambda _on: self._show_catalog_preview())
        site_buttons = QHBoxLayout()
        site_buttons.addWidget(self.write_journal_button)
        site_buttons.addWidget(self.take_catalog_button)
        site_buttons.addStretch(1)
        site_layout = QVBoxLayout(self.site_card)
        site_layout.setContentsMargins(12, 8, 12, 8)
        site_layout.addWidget(self.site_heading)
        site_layout.addWidget(self.office_label)
        site_layout.addWidget(self.pending_label)
        site_layout.addWidget(self.pending, 0, Qt.AlignmentFlag.AlignLeft)
        site_layout.addLayout(site_buttons)
        site_layout.addWidget(self.catalog_preview)

        # -- at head office: from the sites ----------------------------------------------------
        self.office_card = QFrame(self)
        self.office_card.setObjectName("card")
        self.office_heading = QLabel(self.office_card)
        self.office_heading.setObjectName("heading")
        self.sites_hint = QLabel(self.office_card)
        self.sites_hint.setObjectName("hint")
        self.sites_hint.setWordWrap(True)
        self.sites_model: RecordsModel[OriginStatus] = RecordsModel(SITE_COLUMNS)
        self.sites = make_table(self.sites_model, self.office_card, "sites")
        self.sites.setSortingEnabled(True)
        self.sites.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.choose_bundle_button = QPushButton(self.office_card)
        self.choose_bundle_button.setObjectName("choose_bundle")
        self.choose_bundle_button.clicked.connect(self.choose_bundle)
        self.write_catalog_button = QPushButton(self.office_card)
        self.write_catalog_button.setObjectName("write_catalog")
        self.write_catalog_button.clicked.connect(self.write_catalog)
        self.journal_preview = PreviewPanel(JOURNAL_COLUMNS, self.office_card)
        self.journal_preview.confirm.setObjectName("import")
        self.journal_preview.confirm.clicked.connect(self.import_bundle)
        self.journal_preview.key_box.toggled.connect(lambda _on: self._show_journal_preview())
        office_buttons = QHBoxLayout()
        office_buttons.addWidget(self.choose_bundle_button)
        office_buttons.addWidget(self.write_catalog_button)
        office_buttons.addStretch(1)
        office_layout = QVBoxLayout(self.office_card)
        office_layout.setContentsMargins(12, 8, 12, 8)
        office_layout.addWidget(self.office_heading)
        office_layout.addWidget(self.sites_hint)
        office_layout.addWidget(self.sites)
        office_layout.addLayout(office_buttons)
        office_layout.addWidget(self.journal_preview)

        # everything under the title and the message scrolls on a small screen
        self.cards_area = QScrollArea(self)
        self.cards_area.setObjectName("cards")
        self.cards_area.setWidgetResizable(True)
        self.cards_area.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inside = QWidget()
        inside.setObjectName("cards_inside")
        cards = QVBoxLayout(inside)
        cards.setContentsMargins(0, 0, 0, 0)
        cards.setSpacing(6)
        for widget in (self.identity, self.identity_hint, self.site_card, self.office_card):
            cards.addWidget(widget)
        cards.addStretch(1)
        self.cards_area.setWidget(inside)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.cards_area, 1)
        self.retranslate()

    # -- words ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_(self.TITLE))
        # Translators: exchange between sites: under this database's key
        self.identity_hint.setText(_("The first time a database receives a bundle from here, "
                                     "whoever imports it compares this key with the one it "
                                     "shows: read it to them, or write it down."))
        # Translators: exchange between sites: heading of the part where a site sends its journals
        # to head office and takes head office's catalog in
        self.site_heading.setText(_("With head office"))
        # Translators: exchange between sites: button; a file dialog follows
        self.write_journal_button.setText(_("Write the bundle for head office…"))
        # Translators: exchange between sites: button; a file dialog, then a preview, follow
        self.take_catalog_button.setText(_("Take head office's catalog in…"))
        # Translators: exchange between sites: button taking head office's catalog in, once previewed
        self.catalog_preview.confirm.setText(_("Take the catalog in"))
        # Translators: exchange between sites: box to tick before the first catalog of a head office
        # is taken in
        self.catalog_preview.key_box.setText(_("I compared this key with the one shown at head office"))
        # Translators: exchange between sites: heading of the part where head office receives the
        # sites' bundles and writes its catalog for them
        self.office_heading.setText(_("The sites' bundles"))
        # Translators: exchange between sites: button; a file dialog, then a preview, follow
        self.choose_bundle_button.setText(_("Import a site's bundle…"))
        # Translators: exchange between sites: button; a file dialog follows
        self.write_catalog_button.setText(_("Write the catalog for the sites…"))
        # Translators: exchange between sites: button importing a site's bundle, once previewed
        self.journal_preview.confirm.setText(_("Import"))
        # Translators: exchange between sites: box to tick before the first bundle of a site is
        # imported
        self.journal_preview.key_box.setText(_("I compared this key with the one shown at the site"))
        for model in (self.pending_model, self.sites_model, self.journal_preview.model,
                      self.catalog_preview.model):
            model.retranslate()
        self._show_state()
        self._show_journal_preview()
        self._show_catalog_preview()

    def _show_state(self) -> None:
        state = self.state
        key = state.identity.fingerprint if state is not None else "…"
        self.identity.setText(render_message(N_("This database's key: {key}"), {"key": key}))
        office = state.offices[0] if state is not None and state.offices else None
        at_office = state is not None and bool(state.sites)
        self.site_card.setVisible(state is not None and (office is not None or not at_office))
        self.office_card.setVisible(state is not None and (at_office or office is None))
        if office is not None:
            self.office_label.setText(render_message(
                N_("Head office: {name} (key {key}), last catalog taken in {at}."),
                {"name": office.origin.name, "key": office.fingerprint,
                 "at": local_time_text(office.origin.last_import_at)}))
        else:
            # Translators: exchange between sites: a database that never took a head office's
            # catalog (head office itself, or a site not set up yet)
            self.office_label.setText(_("This database takes its catalog from no head office "
                                        "yet. At a site, take head office's catalog in first."))
        pending = state.pending if state is not None else {}
        if pending:
            # Translators: exchange between sites: above the table of what a site has not sent yet
            self.pending_label.setText(_("Waiting to be sent (head office has not acknowledged "
                                         "it yet):"))
        elif office is not None:
            self.pending_label.setText(
                _("Head office has acknowledged every document of this database."))
        else:
            self.pending_label.setText("")
        self.pending_label.setVisible(bool(self.pending_label.text()))
        self.pending.setVisible(bool(pending))
        if state is not None and not state.sites:
            # Translators: exchange between sites: head office has imported no site's bundle yet
            self.sites_hint.setText(_("No site's bundle was imported here yet."))
        else:
            self.sites_hint.setText("")
        self.sites_hint.setVisible(bool(self.sites_hint.text()))
        self.sites.setVisible(state is not None and bool(state.sites))
        busy = self.exporting or self.journal_preview.busy or self.catalog_preview.busy
        for button in (self.write_journal_button, self.take_catalog_button, self.choose_bundle_button,
                       self.write_catalog_button):
            button.setEnabled(state is not None and not busy)

    def _show_file(self, panel: PreviewPanel) -> None:
        path = panel.path
        panel.file_label.setText(left_to_right(str(path)) if path is not None else "")
        start = Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft
        panel.file_label.setAlignment(start | Qt.AlignmentFlag.AlignAbsolute
                                      | Qt.AlignmentFlag.AlignVCenter)

    def _show_common(self, panel: PreviewPanel, ready_text: str) -> str:
        """The summary every preview shares (checking, importing, refused); the state shown."""
        self._show_file(panel)
        name = panel.path.name if panel.path is not None else ""
        state = ""
        if panel.importing:
            text = render_message(N_("Importing {name}…"), {"name": name})
        elif panel.checking:
            text = render_message(N_("Checking {name}… nothing is written."), {"name": name})
        elif panel.refusal is not None:
            state, text = "refused", render_error(panel.refusal)  # in the language now chosen
        else:
            state, text = "ready", ready_text
        panel.summary.setText(text)
        restyle(panel.summary, state)
        shown = panel.result is not None and panel.refusal is None and not panel.checking
        panel.table.setVisible(shown and panel.model.rowCount() > 0)
        panel.details.setVisible(shown and bool(panel.details.text()))
        panel.new_key.setVisible(shown and panel.new_origin)
        panel.key_value.setVisible(shown and panel.new_origin)
        panel.key_box.setVisible(shown and panel.new_origin)
        panel.key_box.setEnabled(not panel.busy)
        return state

    def _show_journal_preview(self) -> None:
        panel = self.journal_preview
        got = panel.result if isinstance(panel.result, Received) else None
        ready = ""
        details: list[str] = []
        if got is not None:
            done = got.imported
            ready = render_message(
                N_("Preview of the bundle of {name} (key {key}), written {at}: nothing was imported."),
                {"name": got.origin_name, "key": got.fingerprint, "at": local_time_text(got.written_at)})
            if not done.documents:
                details.append(_("Nothing new: every document of the bundle was already here."))
            if done.already_here:
                details.append(ngettext("{n} document of the bundle was already here.",
                                        "{n} documents of the bundle were already here.",
                                        done.already_here).format(n=done.already_here))
            for message, names in (
                    (N_("Products added, made at the site: {names}"), done.new_products),
                    (N_("Cooperatives added, made at the site: {names}"), done.new_cooperatives),
                    (N_("Users added, without a PIN here: {names}"), done.new_users)):
                if names:
                    details.append(render_message(message, {"names": ", ".join(names)}))
            # Translators: exchange between sites: the first bundle of a site; its key (like
            # 3F2A-9C01-77B4-E5D0) shows below, to compare with the one the site's screen shows
            panel.new_key.setText(render_message(
                N_("This database has never received a bundle from {name}. Before importing it, "
                   "compare the key below with the one shown at the site (in Exchange between "
                   "sites):"), {"name": got.origin_name}))
            panel.key_value.setText(left_to_right(got.fingerprint))
        panel.details.setText("\n".join(details))
        self._show_common(panel, ready)
        something = got is not None and bool(got.imported.documents or got.imported.sessions
                                             or got.new_origin)
        panel.confirm.setEnabled(got is not None and panel.refusal is None and not panel.busy
                                 and something
                                 and (not got.new_origin or panel.key_box.isChecked()))

    def _show_catalog_preview(self) -> None:
        panel = self.catalog_preview
        got = panel.result if isinstance(panel.result, CatalogReceived) else None
        ready = ""
        details: list[str] = []
        if got is not None:
            ready = render_message(
                N_("Preview of the catalog of {name} (key {key}): nothing was changed."),
                {"name": got.origin_name, "key": got.fingerprint})
            if got.changes.empty:
                details.append(_("The catalog here is already head office's."))
            if got.changes.prices:
                details.append(ngettext("{n} price changed.", "{n} prices changed.",
                                        got.changes.prices).format(n=got.changes.prices))
            details.append(ngettext("Head office holds {n} document of this database.",
                                    "Head office holds {n} documents of this database.",
                                    got.acknowledged).format(n=got.acknowledged))
            # Translators: exchange between sites: the first catalog of a head office; its key (like
            # 3F2A-9C01-77B4-E5D0) shows below, to compare with the one head office's screen shows
            panel.new_key.setText(render_message(
                N_("This database has never taken a catalog from {name}. Before taking it in, "
                   "compare the key below with the one shown at head office (in Exchange between "
                   "sites):"), {"name": got.origin_name}))
            panel.key_value.setText(left_to_right(got.fingerprint))
        panel.details.setText("\n".join(details))
        self._show_common(panel, ready)
        panel.confirm.setEnabled(got is not None and panel.refusal is None and not panel.busy
                                 and (not got.new_origin or panel.key_box.isChecked()))

    # -- reading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read this database's exchange status again, off the GUI thread (a read still running
        is overtaken: only the last one is shown)."""
        self.loading = True
        self._reads += 1
        reads, db = self._reads, self.db

        def work() -> tuple[ExchangeStatus, list[str]]:
            state = exchange.status(db)
            return state, state.own_sites or [s.code for s in maintenance.sites(db)]

        run_in_background(work, lambda done: self._loaded(reads, done))

    def _loaded(self, reads: int, done: Done) -> None:
        if not shiboken6.isValid(self) or reads != self._reads:
            return
        self.loading = False
        try:
            state, codes = done.result()
        except PossoukError as error:
            self.message.show_error(error)
        else:
            assert isinstance(state, ExchangeStatus)
            self.state = state
            self.site_codes = list(codes)
            self.sites_model.set_records(state.sites)
            fit_rows(self.sites, len(state.sites))
            rows = [CountRow(KIND_LABELS[k], state.pending[k]) for k in KINDS if state.pending.get(k)]
            self.pending_model.set_records(rows)
            fit_rows(self.pending, len(rows))
        self._show_state()
        self.loaded.emit()

    # -- files ------------------------------------------------------------------------------------

    @staticmethod
    def _folder() -> Path:
        return Folder.last if Folder.last is not None and Folder.last.is_dir() else Path.home()

    def _filter(self) -> str:
        # Translators: exchange between sites: the kind of files the file dialogs show
        bundles = _("possouk bundles")
        # Translators: exchange between sites: the file dialogs can show every file too
        everything = _("All files")
        return f"{bundles} (*{SUFFIX});;{everything} (*)"

    def ask_open_path(self, title: str) -> Path | None:
        """The bundle to read (a file dialog); None when cancelled."""
        chosen, _filter = QFileDialog.getOpenFileName(self, title, str(self._folder()), self._filter())
        if not chosen:
            return None
        Folder.last = Path(chosen).parent
        return Path(chosen)

    def ask_save_path(self, title: str, name: str) -> Path | None:
        """Where to write a bundle (a file dialog); None when cancelled."""
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(self._folder() / name),
                                                      self._filter())
        if not chosen:
            return None
        path = Path(chosen)
        if not path.suffix:
            path = path.with_name(path.name + SUFFIX)
        Folder.last = path.parent
        return path

    def journal_file_name(self) -> str:
        """``possouk-<sites>-<YYYYMMDD-HHMM>.pxb``: the sites of the last bundle written here,
        else the sites this database writes documents for, else all its sites."""
        codes = self.last_sites or self.site_codes
        what = "-".join(codes) if codes and len(codes) <= 3 else "journal"
        return bundle_name(what)

    # -- a site's journals, to head office --------------------------------------------------------

    def write_journal(self) -> None:
        """Write what head office has not acknowledged into a bundle, where the user says."""
        if self.exporting:
            return
        # Translators: exchange between sites: title of the dialog where a site's bundle is saved
        path = self.ask_save_path(_("Write the bundle for head office"), self.journal_file_name())
        if path is None:
            return
        self._export(lambda db, user: exchange.export_journal(db, user, path))

    def write_catalog(self) -> None:
        """Write head office's catalog and acknowledgement for the sites."""
        if self.exporting:
            return
        # Translators: exchange between sites: title of the dialog where head office's catalog
        # is saved
        path = self.ask_save_path(_("Write the catalog for the sites"), bundle_name("catalog"))
        if path is None:
            return

        def work(db: Database, user: User) -> tuple[Path, int, str]:
            size = exchange.export_catalog(db, user, path)
            return path, size, exchange.identity(db).fingerprint

        self._export(work)

    def _export(self, work: Callable[[Database, User], object]) -> None:
        db, user = self.db, self.user
        self.exporting = True
        self.message.clear_message()
        self._show_state()
        run_in_background(lambda: work(db, user), self._exported)

    def _exported(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        self.exporting = False
        try:
            result = done.result()
        except PossoukError as error:
            self.message.show_error(error)
        else:
            if isinstance(result, Exported):
                self.last_sites = list(result.sites)
                self.message.show_info(self._journal_written(result), seconds=0)
            else:
                path, size, key = result
                self.message.show_info(render_message(
                    N_("Catalog written to {file} ({size} kB), signed with key {key}."),
                    {"file": str(path), "size": max(1, size // 1024), "key": key}), seconds=0)
        self._show_state()
        self.exported.emit()
        self.refresh()

    @staticmethod
    def _journal_written(result: Exported) -> str:
        if not result.documents:
            return render_message(N_("Nothing new since head office's last acknowledgement: "
                                     "{file} holds no document."), {"file": str(result.path)})
        return ngettext("{n} document written to {file}.", "{n} documents written to {file}.",
                        result.documents).format(n=result.documents,
                                                 file=isolated_text(str(result.path)))

    # -- head office's catalog, at a site ---------------------------------------------------------

    def choose_catalog(self) -> None:
        # Translators: exchange between sites: title of the dialog where head office's catalog is
        # chosen (on a USB stick)
        path = self.ask_open_path(_("Choose head office's catalog"))
        if path is not None:
            self.check_catalog(path)

    def check_catalog(self, path: Path) -> None:
        """Preview head office's catalog in ``path`` (off the GUI thread): nothing changes."""
        panel = self.catalog_preview
        generation = panel.start(path)
        self.message.clear_message()
        self._show_catalog_preview()
        self._show_state()
        db, user = self.db, self.user
        run_in_background(lambda: exchange.import_catalog(db, user, path, preview=True),
                          lambda done: self._previewed(panel, generation, done))

    def take_catalog(self) -> None:
        """Take the catalog previewed in (off the GUI thread)."""
        panel = self.catalog_preview
        got = panel.result
        if not isinstance(got, CatalogReceived) or not panel.confirm.isEnabled() or panel.path is None:
            return
        path, accept = panel.path, got.new_origin and panel.key_box.isChecked()
        panel.importing = True
        self._show_catalog_preview()
        self._show_state()
        db, user, generation = self.db, self.user, panel.generation
        run_in_background(lambda: exchange.import_catalog(db, user, path, accept_new_office=accept),
                          lambda done: self._imported(panel, generation, done))

    # -- a site's bundle, at head office ----------------------------------------------------------

    def choose_bundle(self) -> None:
        # Translators: exchange between sites: title of the dialog where a site's bundle is chosen
        # (on a USB stick)
        path = self.ask_open_path(_("Choose a site's bundle"))
        if path is not None:
            self.check_bundle(path)

    def check_bundle(self, path: Path) -> None:
        """Preview the site's bundle in ``path`` (off the GUI thread): nothing is imported."""
        panel = self.journal_preview
        generation = panel.start(path)
        self.message.clear_message()
        self._show_journal_preview()
        self._show_state()
        db, user = self.db, self.user
        run_in_background(lambda: exchange.import_journal(db, user, path, preview=True),
                          lambda done: self._previewed(panel, generation, done))

    def import_bundle(self) -> None:
        """Import the bundle previewed, whole or not at all (off the GUI thread)."""
        panel = self.journal_preview
        got = panel.result
        if not isinstance(got, Received) or not panel.confirm.isEnabled() or panel.path is None:
            return
        path, accept = panel.path, got.new_origin and panel.key_box.isChecked()
        panel.importing = True
        self._show_journal_preview()
        self._show_state()
        db, user, generation = self.db, self.user, panel.generation
        run_in_background(lambda: exchange.import_journal(db, user, path, accept_new_site=accept),
                          lambda done: self._imported(panel, generation, done))

    # -- both previews ----------------------------------------------------------------------------

    def _show_preview(self, panel: PreviewPanel) -> None:
        if panel is self.journal_preview:
            self._show_journal_preview()
        else:
            self._show_catalog_preview()
        self._show_state()

    def _previewed(self, panel: PreviewPanel, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != panel.generation:
            return  # another file was chosen meanwhile
        panel.checking = False
        try:
            got = done.result()
        except PossoukError as error:
            panel.result = None
            panel.refusal = error
            panel.model.set_records([])
        else:
            assert isinstance(got, Received | CatalogReceived)
            panel.result = got
            panel.show_counts(self._count_rows(got))
        self._show_preview(panel)
        QTimer.singleShot(0, lambda: self._reveal(panel))  # once laid out
        self.previewed.emit()

    def _reveal(self, panel: PreviewPanel) -> None:
        """Scroll down to the button of the preview just shown (a small screen)."""
        if not shiboken6.isValid(self) or not panel.isVisible():
            return
        widget: QWidget | None = panel
        while widget is not None and widget is not self:  # the preview, its card, the cards
            layout = widget.layout()
            if layout is not None:
                layout.activate()
            widget = widget.parentWidget()
        self.cards_area.ensureWidgetVisible(panel.confirm, 0, 12)

    @staticmethod
    def _count_rows(got: Received | CatalogReceived) -> list[CountRow]:
        if isinstance(got, Received):
            return [CountRow(KIND_LABELS[k], getattr(got.imported, k)) for k in KINDS
                    if getattr(got.imported, k)]
        added, changed = got.changes.added, got.changes.changed
        return [CountRow(CATALOG_LABELS[k], len(added.get(k, [])), len(changed.get(k, [])))
                for k in CATALOG_KINDS if added.get(k) or changed.get(k)]

    def _imported(self, panel: PreviewPanel, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != panel.generation:
            return
        panel.importing = False
        try:
            got = done.result()
        except PossoukError as error:  # the file or the database changed since the preview
            panel.result = None
            panel.refusal = error
            panel.model.set_records([])
            self.message.show_error(error)
            self._show_preview(panel)
        else:
            text = (self._journal_imported(got) if isinstance(got, Received)
                    else self._catalog_taken(got))
            panel.close_preview()
            self.message.show_info(text, seconds=0)
            self._show_preview(panel)
            self.refresh()
        self.imported.emit()

    @staticmethod
    def _journal_imported(got: Received) -> str:
        done = got.imported
        parts = []
        if got.new_origin:
            parts.append(render_message(N_("New site accepted: {name}, key {key}."),
                                        {"name": got.origin_name, "key": got.fingerprint}))
        if done.documents:
            # Translators: exchange between sites: a site's bundle was imported; {name} is the
            # site's codes, like "MEK"
            parts.append(ngettext("{n} document imported from {name}.",
                                  "{n} documents imported from {name}.", done.documents)
                         .format(n=done.documents, name=isolated_text(got.origin_name)))
        else:
            parts.append(_("Nothing new: every document of the bundle was already here."))
        return " ".join(parts)

    @staticmethod
    def _catalog_taken(got: CatalogReceived) -> str:
        parts = []
        if got.new_origin:
            parts.append(render_message(N_("Head office accepted: {name}, key {key}."),
                                        {"name": got.origin_name, "key": got.fingerprint}))
        added = sum(len(v) for v in got.changes.added.values())
        changed = sum(len(v) for v in got.changes.changed.values())
        # Translators: exchange between sites: head office's catalog was taken in at a site
        parts.append(render_message(N_("Head office's catalog taken in: {added} added, "
                                       "{changed} changed."), {"added": added, "changed": changed}))
        parts.append(ngettext("Head office holds {n} document of this database.",
                              "Head office holds {n} documents of this database.",
                              got.acknowledged).format(n=got.acknowledged))
        return " ".join(parts)

    # -- for tests --------------------------------------------------------------------------------

    def count_cells(self, panel: PreviewPanel) -> list[tuple[str, ...]]:
        """The counts a preview shows, as shown (for tests)."""
        model = panel.table.model()
        return [tuple(str(model.index(r, c).data()) for c in range(model.columnCount()))
                for r in range(model.rowCount())]

    def site_cells(self) -> list[tuple[str, ...]]:
        model = self.sites.model()
        return [tuple(str(model.index(r, c).data()) for c in range(model.columnCount()))
                for r in range(model.rowCount())]

    def pending_cells(self) -> list[tuple[str, ...]]:
        model = self.pending.model()
        return [tuple(str(model.index(r, c).data()) for c in range(model.columnCount()))
                for r in range(model.rowCount())]
