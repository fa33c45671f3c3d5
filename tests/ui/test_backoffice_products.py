"""The back office's products section over the market's ledger: the paged table, the form and
its field checks, deactivation, bulk prices, a supervisor's read-only view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from possouk.domain.errors import N_, UserError
from possouk.domain.model import Unit
from possouk.i18n import gettext as _
from possouk.i18n import ngettext, render_error
from possouk.i18n.categories import category_label
from possouk.i18n.formatting import format_money, format_quantity
from possouk.services import catalog, product_admin
from possouk.services.catalog import ProductDraft
from possouk.services.events import COMMAND_LINE
from possouk.ui.app import apply_language, create_application
from possouk.ui.backoffice.products import COLUMNS, MUTED, ProductsSection
from tests.conftest import Market

WAIT_MS = 10_000


def _open(qtbot: QtBot, market: Market, user: str = "organizer") -> ProductsSection:
    section = ProductsSection(market.db, getattr(market, user))
    qtbot.addWidget(section)
    section.resize(1280, 800)
    section.show()
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.refresh()
    return section


def _skus(section: ProductsSection) -> list[str]:
    return [r.sku for r in section.model.records]


def _cell(section: ProductsSection, sku: str, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    row = section.model.row_of(sku)
    assert row is not None
    column = [c.key for c in COLUMNS].index(key)
    return section.model.index(row, column).data(role)


def _search(qtbot: QtBot, section: ProductsSection, text: str) -> None:
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.search.setText(text)


def _select(qtbot: QtBot, section: ProductsSection, sku: str) -> None:
    with qtbot.waitSignal(section.detail_loaded, timeout=WAIT_MS):
        section.select(sku)


def test_lists_every_product_with_its_figures(qtbot: QtBot, market: Market) -> None:
    section = _open(qtbot, market)
    assert _skus(section) == ["FIG-1", "HON-1", "OIL-1", "SOAP-1"]
    assert _cell(section, "HON-1", "name_ar") == "عسل الزعتر"
    assert _cell(section, "HON-1", "cooperative") == "COOP1"
    assert _cell(section, "HON-1", "on_hand") == "20"
    assert _cell(section, "FIG-1", "on_hand") == format_quantity(10_000, "kg")
    assert _cell(section, "HON-1", "min_price") == format_money(10_000, currency=False)
    assert section.count_label.text() == ngettext("{count} product", "{count} products", 4).format(count=4)


def test_sorting_by_a_header_asks_the_database(qtbot: QtBot, market: Market) -> None:
    section = _open(qtbot, market)
    price = [c.key for c in COLUMNS].index("price")
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.table.horizontalHeader().setSortIndicator(price, Qt.SortOrder.DescendingOrder)
    assert _skus(section) == ["HON-1", "OIL-1", "FIG-1", "SOAP-1"]


def test_pages_come_when_scrolled(qtbot: QtBot, market: Market) -> None:
    for i in range(12):
        catalog.add_product(market.db, COMMAND_LINE, ProductDraft(
            "COOP1", f"P-{i:02d}", f"منتج {i}", f"Produit {i}", "honey", Unit.PIECE, 1000 + i))
    section = ProductsSection(market.db, market.organizer)
    qtbot.addWidget(section)
    section.model.page_size = 5
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.refresh()
    assert len(section.model.records) == 5 and section.model.canFetchMore()
    while section.model.canFetchMore():
        with qtbot.waitSignal(section.model.page_loaded, timeout=WAIT_MS):
            section.model.fetchMore()
    assert len(_skus(section)) == 16 and _skus(section) == sorted(_skus(section))


def test_filter_by_cooperative_and_category_and_search_in_arabic(qtbot: QtBot, market: Market) -> None:
    section = _open(qtbot, market)
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.cooperative_filter.setCurrentIndex(section.cooperative_filter.findData("COOP2"))
    assert _skus(section) == ["OIL-1", "SOAP-1"]
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.cooperative_filter.setCurrentIndex(0)
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.category_filter.setCurrentIndex(section.category_filter.findData("figs"))
    assert _skus(section) == ["FIG-1"]
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.category_filter.setCurrentIndex(0)
    _search(qtbot, section, "العسل")
    assert _skus(section) == ["HON-1"]
    _search(qtbot, section, "زيت")
    assert _skus(section) == ["OIL-1"]
    _search(qtbot, section, market.soap.barcode)
    assert _skus(section) == ["SOAP-1"]


def test_a_bad_price_is_said_under_the_field_and_nothing_is_saved(qtbot: QtBot, market: Market) -> None:
    section = _open(qtbot, market)
    section.new_product()
    section.cooperative.setCurrentIndex(section.cooperative.findData("COOP1"))
    section.edits["sku"].setText("AMLOU-1")
    section.edits["name_fr"].setText("Amlou aux amandes")
    section.edits["name_ar"].setText("أملو باللوز")
    section.category.setEditText(category_label("honey"))  # the label shown, in French
    section.edits["price"].setText("-65")
    error = section.error_labels["price"]
    assert not error.isHidden()
    assert error.text() == render_error(UserError(N_("The amount must not be negative: {text}"),
                                                  text="-65"))
    section.save()
    assert section.message.kind == "error"
    assert product_admin.product_page(market.db, "AMLOU").records == []
    section.edits["price"].setText("65,00")
    assert error.isHidden()
    section.edits["min_price"].setText("70")
    assert not section.error_labels["min_price"].isHidden()
    section.edits["min_price"].setText("60")
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.save()
    assert section.message.kind == "info", section.message.text()
    saved = product_admin.product_record(market.db, "AMLOU-1")
    assert (saved.price, saved.min_price, saved.category) == (6500, 6000, "honey")
    assert saved.barcode.startswith("200")  # left empty: an internal code
    assert "AMLOU-1" in _skus(section)


def test_bidi_control_in_a_name_is_refused_in_the_field(qtbot: QtBot, market: Market) -> None:
    section = _open(qtbot, market)
    section.new_product()
    section.edits["name_ar"].setText("عسل\u202e")
    assert "U+202E" in section.error_labels["name_ar"].text()
    section.edits["barcode"].setText("6111234567891")
    assert not section.error_labels["barcode"].isHidden()


def test_edit_price_shows_the_history(qtbot: QtBot, market: Market) -> None:
    section = _open(qtbot, market)
    _select(qtbot, section, "SOAP-1")
    assert section.edits["price"].text() == "12.50"
    section.edits["price"].setText("13.00")
    with qtbot.waitSignal(section.detail_loaded, timeout=WAIT_MS):
        section.save()
    assert section.message.kind == "info"
    assert [h.price for h in section.history_model.records] == [1300, 1250]
    assert [h.user for h in section.history_model.records] == ["Salma", ""]


def test_a_sold_product_keeps_its_cooperative(qtbot: QtBot, market: Market) -> None:
    market.sell([(market.honey, 1000)])
    section = _open(qtbot, market)
    _select(qtbot, section, "HON-1")
    assert not section.cooperative.isEnabled() and not section.unit.isEnabled()
    assert not section.fixed_note.isHidden()
    # even if the form were forced, the service says why
    section.cooperative.setEnabled(True)
    section.cooperative.setCurrentIndex(section.cooperative.findData("COOP2"))
    section.save()
    assert section.message.kind == "error" and "HON-1" in section.message.text()
    assert product_admin.product_record(market.db, "HON-1").cooperative_code == "COOP1"


def test_deactivate_greys_the_row(qtbot: QtBot, market: Market) -> None:
    section = _open(qtbot, market)
    section.ask_confirm = lambda _question: True  # type: ignore[method-assign]
    _select(qtbot, section, "SOAP-1")
    section.toggle_active()
    assert not product_admin.product_record(market.db, "SOAP-1").active
    foreground = _cell(section, "SOAP-1", "sku", Qt.ItemDataRole.ForegroundRole)
    assert foreground is not None and foreground.color() == MUTED  # type: ignore[attr-defined]
    assert _cell(section, "SOAP-1", "active") == _("no")
    assert section.active_button.text() == _("Reactivate")
    section.toggle_active()
    assert product_admin.product_record(market.db, "SOAP-1").active
    assert _cell(section, "SOAP-1", "sku", Qt.ItemDataRole.ForegroundRole) is None


def test_bulk_prices_preview_then_apply(qtbot: QtBot, market: Market) -> None:
    section = _open(qtbot, market)
    dialog = section.open_bulk()
    assert dialog is not None
    dialog.ask_confirm = lambda _question: True  # type: ignore[method-assign]
    dialog.cooperative.setCurrentIndex(dialog.cooperative.findData("COOP2"))
    dialog.amount.setChecked(True)
    dialog.direction.setCurrentIndex(dialog.direction.findData("down"))
    dialog.value.setText("2,50")
    dialog.make_preview()
    assert [(p.sku, p.old_price, p.new_price) for p in dialog.model.records] == [
        ("OIL-1", 8000, 7750), ("SOAP-1", 1250, 1000)]
    assert product_admin.product_record(market.db, "OIL-1").price == 8000  # nothing written yet
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        dialog.apply()
    assert product_admin.product_record(market.db, "OIL-1").price == 7750
    assert _cell(section, "SOAP-1", "price") == format_money(1000, currency=False)
    assert not dialog.apply_button.isEnabled()


def test_a_supervisor_sees_the_table_but_cannot_edit(qtbot: QtBot, market: Market) -> None:
    section = _open(qtbot, market, "supervisor")
    assert _skus(section) == ["FIG-1", "HON-1", "OIL-1", "SOAP-1"]
    for button in (section.new_button, section.bulk_button, section.save_button, section.active_button):
        assert not button.isEnabled()
    _select(qtbot, section, "HON-1")
    assert section.edits["price"].isReadOnly() and not section.save_button.isEnabled()
    assert not section.active_button.isEnabled() and section.open_bulk() is None


def test_in_arabic(qtbot: QtBot, market: Market) -> None:
    app = create_application()
    apply_language(app, "ar")
    try:
        section = _open(qtbot, market)
        assert section.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert section.model.headerData(0, Qt.Orientation.Horizontal) == _("SKU")
        _search(qtbot, section, "عسل")
        assert _skus(section) == ["HON-1"]
        section.new_product()
        section.edits["price"].setText("abc")
        assert section.error_labels["price"].text() == render_error(
            UserError(N_("“{text}” is not an amount; write it like 12.50"), text="abc"), "ar")
    finally:
        apply_language(app, "fr")


def test_switching_language_keeps_the_category_chosen(qtbot: QtBot, market: Market) -> None:
    app = create_application()
    section = _open(qtbot, market)
    _select(qtbot, section, "HON-1")
    assert section.category_key() == "honey"
    apply_language(app, "ar")
    try:
        section.retranslate()
        assert section.category.currentText() == category_label("honey")  # in Arabic now
        assert section.category_key() == "honey"
        assert section.title.text() == _("Products")
    finally:
        apply_language(app, "fr")
