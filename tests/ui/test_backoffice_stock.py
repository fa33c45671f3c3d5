"""The back office's stock sections over the market's ledger: documents scanned and typed, their
slips, a stock count, the overview; refusals write nothing; a cashier may only look."""

from __future__ import annotations

import gc
import io
import json
import unicodedata
import weakref
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from possouk.domain.model import StockKind, Unit
from possouk.services import catalog, stock
from possouk.services.catalog import ProductDraft
from possouk.services.events import COMMAND_LINE
from possouk.ui.app import apply_language, create_application
from possouk.ui.backoffice.section import Section
from possouk.ui.backoffice.stock_documents import StockDocumentsSection
from possouk.ui.backoffice.stock_overview import StockOverviewSection
from tests.conftest import Market

WAIT_MS = 10_000


def settle(qtbot: QtBot, section: Section) -> None:
    """Wait until what the section asked for last is shown (it is read off the GUI thread)."""
    if section.loading:
        with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
            pass
    assert not section.loading


def levels(market: Market) -> dict[str, int]:
    return {level.sku: level.on_hand for level in stock.levels(market.db, "MEK")}


def documents_count(market: Market) -> int:
    with market.db.read() as uow:
        return len(uow.ledger.events(kind="stock_intake")) + len(uow.ledger.events(kind="stock_return")) \
            + len(uow.ledger.events(kind="stock_adjustment"))


def read_back(pdf: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)


def open_documents(qtbot: QtBot, market: Market, mode: str = "intake", cooperative: str = "COOP1",
                   *, user: str = "supervisor") -> StockDocumentsSection:
    section = StockDocumentsSection(market.db, getattr(market, user))
    qtbot.addWidget(section)
    section.resize(1050, 720)
    section.show()
    section.refresh()
    settle(qtbot, section)
    section.choose(mode, site="MEK", cooperative=cooperative)
    settle(qtbot, section)
    return section


def test_an_intake_of_three_products_scanned_picked_and_typed(qtbot: QtBot, market: Market,
                                                              tmp_path: Path) -> None:
    amlou = catalog.add_product(market.db, COMMAND_LINE, ProductDraft(
        "COOP1", "AML-1", "أملو", "Amlou", "spreads", Unit.PIECE, 6000))
    before = levels(market)
    section = open_documents(qtbot, market)
    # the scanner types the code and Enter into the scan box
    qtbot.keyClicks(section.scan, market.honey.barcode)
    qtbot.keyClick(section.scan, Qt.Key.Key_Return)
    section.scanned(market.honey.barcode)  # a second jar: the same line, one more
    section.scanned("aml-1")  # a sku typed in full
    section.search.setText("figues")
    assert section.search_results() == ["FIG-1"]
    section._pick_first()
    assert [line.product.sku for line in section.lines] == ["HON-1", "AML-1", "FIG-1"]
    assert [line.text for line in section.lines] == ["2", "1", ""]  # figs: the weight is typed
    section.set_quantity(2, "2,5")
    section.set_quantity(1, "12")
    assert section.record_button.isEnabled()
    doc = section.record()
    assert doc is not None and doc.kind is StockKind.INTAKE and doc.reference == "MEK-D-00003"
    assert sorted((line.sku, line.quantity) for line in doc.lines) == [
        ("AML-1", 12_000), ("FIG-1", 2_500), ("HON-1", 2_000)]
    after = levels(market)
    assert after["HON-1"] == before["HON-1"] + 2_000
    assert after["FIG-1"] == before["FIG-1"] + 2_500
    assert after["AML-1"] == 12_000 and amlou.sku == "AML-1"
    assert section.lines == [] and doc.reference in section.message.text()
    settle(qtbot, section)

    # the slip: its PDF where asked, holding the cooperative's names in both languages
    target = tmp_path / "slip"
    section.ask_path = lambda suggested: target  # type: ignore[method-assign]
    with qtbot.waitSignal(section.slip_done, timeout=WAIT_MS):
        section.save_slip()
    written = target.with_suffix(".pdf")
    text = read_back(written.read_bytes())
    assert "تعاونية النحل" in text and "Coopérative des abeilles" in text and "COOP1" in text
    assert "Amlou" in text and "أملو" in text
    assert str(written) in section.message.text()
    # no printer is set up: the slip waits in the print queue, and the bar says so
    with qtbot.waitSignal(section.slip_done, timeout=WAIT_MS):
        section.print_slip()
    assert section.message.kind == "fault" and doc.reference in section.message.text()


def test_bad_scans_and_bad_quantities_are_refused_and_write_nothing(qtbot: QtBot, market: Market) -> None:
    before, written = levels(market), documents_count(market)
    section = open_documents(qtbot, market)
    section.scanned("0000000000000")
    assert section.message.kind == "error" and section.lines == []
    section.scanned(market.oil.barcode)  # COOP2's oil on COOP1's deposit
    assert section.message.kind == "error" and "OIL-1" in section.message.text() and section.lines == []
    section.scanned(market.honey.barcode)
    for bad in ("0", "-3", "1,5", "abc"):
        section.set_quantity(0, bad)
        assert section.message.kind == "error"
        assert section.line_error(section.lines[0]) is not None
        assert section.record() is None
    assert levels(market) == before and documents_count(market) == written
    section.remove_selected()
    assert section.lines == [] and not section.record_button.isEnabled()

    # a return above what is on hand
    section.choose("return", cooperative="COOP1")
    section.scanned(market.honey.barcode)
    section.set_quantity(0, "21")
    assert section.message.kind == "error"
    assert section.record() is None
    assert levels(market) == before and documents_count(market) == written
    section.set_quantity(0, "3")
    doc = section.record()
    assert doc is not None and doc.reference == "MEK-R-00001"
    assert levels(market)["HON-1"] == before["HON-1"] - 3_000


def test_an_adjustment_for_damaged_goods(qtbot: QtBot, market: Market) -> None:
    section = open_documents(qtbot, market, "adjustment")
    section.choose("adjustment", reason="damaged")
    assert not section.cooperative.isVisible() and section.reason.isVisible()
    section.scanned(market.soap.barcode)  # any cooperative's goods
    section.scanned(market.honey.barcode)
    doc = section.record()
    assert doc is not None and doc.reason == "damaged"
    assert sorted((line.sku, line.quantity) for line in doc.lines) == [("HON-1", -1_000), ("SOAP-1", -1_000)]
    assert not section.save_slip_button.isEnabled()  # an adjustment has no slip


def test_a_stock_count_with_one_difference_posts_one_adjustment(qtbot: QtBot, market: Market) -> None:
    section = open_documents(qtbot, market, "count", cooperative="")
    assert [e.line.sku for e in section.entries] == ["FIG-1", "HON-1", "OIL-1", "SOAP-1"]
    assert section.sheet_cell("FIG-1", "expected").startswith("10,000")
    assert not section.post_button.isEnabled()
    section.set_counted("HON-1", "20")  # as expected
    section.set_counted("FIG-1", "9,4")
    assert section.differences() == {"FIG-1": -600}
    assert section.sheet_cell("FIG-1", "difference").startswith("-0,600")
    assert section.post_button.isEnabled() and "1" in section.post_button.text()
    section.set_counted("SOAP-1", "x")  # a typo: nothing can be posted while it is there
    assert section.message.kind == "error" and not section.post_button.isEnabled()
    section.set_counted("SOAP-1", "")
    asked: list[str] = []
    section.ask_confirm = lambda q: asked.append(q) or True  # type: ignore[method-assign]
    with market.db.read() as uow:
        events_before = len(uow.ledger.events(kind="stock_adjustment"))
    doc = section.post_count()
    assert len(asked) == 1 and "MEK" in asked[0]
    assert doc is not None and doc.reason == "count"
    assert [(line.sku, line.quantity) for line in doc.lines] == [("FIG-1", -600)]
    with market.db.read() as uow:
        found = uow.ledger.events(kind="stock_adjustment")
    assert len(found) == events_before + 1 and json.loads(found[0]["detail"])["reason"] == "count"
    assert levels(market)["FIG-1"] == 9_400
    settle(qtbot, section)
    assert section.sheet_cell("FIG-1", "expected").startswith("9,400")
    assert section.counted() == {}

    # a scan during the count: one more piece counted
    section.scanned(market.soap.barcode)
    section.scanned(market.soap.barcode)
    assert section.counted() == {"SOAP-1": 2_000}


def test_a_count_can_be_refused_at_the_question(qtbot: QtBot, market: Market) -> None:
    section = open_documents(qtbot, market, "count", cooperative="COOP2")
    assert [e.line.sku for e in section.entries] == ["OIL-1", "SOAP-1"]
    section.set_counted("OIL-1", "29")
    section.ask_confirm = lambda q: False  # type: ignore[method-assign]
    assert section.post_count() is None
    assert levels(market)["OIL-1"] == 30_000


def test_a_cashier_may_not_record(qtbot: QtBot, market: Market) -> None:
    before, written = levels(market), documents_count(market)
    section = open_documents(qtbot, market, user="cashier")
    section.scanned(market.honey.barcode)
    assert not section.record_button.isEnabled() and section.record_button.toolTip()
    assert section.record() is None
    section.choose("count", cooperative="")
    settle(qtbot, section)
    section.set_counted("HON-1", "3")
    assert not section.post_button.isEnabled()
    section.ask_confirm = lambda q: True  # type: ignore[method-assign]
    assert section.post_count() is None
    assert levels(market) == before and documents_count(market) == written


@pytest.fixture
def overview(qtbot: QtBot, market: Market) -> StockOverviewSection:
    market.sell([(market.honey, 19_000)])
    section = StockOverviewSection(market.db, market.supervisor)
    qtbot.addWidget(section)
    section.resize(1050, 720)
    section.show()
    section.refresh()
    settle(qtbot, section)
    return section


def test_the_overview_shows_the_stock_its_value_and_the_low_stock(overview: StockOverviewSection) -> None:
    assert [r.sku for r in overview.shown()] == ["FIG-1", "HON-1", "OIL-1", "SOAP-1"]
    assert overview.cell("HON-1", "on_hand") == "1" and overview.cell("HON-1", "sold") == "19"
    assert overview.cell("HON-1", "value") == "120,00"
    assert overview.cell_is_alert("HON-1", "on_hand") and not overview.cell_is_alert("SOAP-1", "on_hand")
    assert "4 products" in overview.totals.text() or "4" in overview.totals.text()
    overview.low_only.setChecked(True)
    assert [r.sku for r in overview.shown()] == ["HON-1"]
    overview.threshold.setValue(10)  # 10 kg of figs is low now
    assert [r.sku for r in overview.shown()] == ["FIG-1", "HON-1"]
    overview.low_only.setChecked(False)
    overview.search.setText("huile")
    assert [r.sku for r in overview.shown()] == ["OIL-1"]


def test_the_overview_filters_by_cooperative(qtbot: QtBot, overview: StockOverviewSection) -> None:
    overview.choose(cooperative="COOP2")
    settle(qtbot, overview)
    assert [r.sku for r in overview.shown()] == ["OIL-1", "SOAP-1"]
    overview.choose(site="MEK")
    settle(qtbot, overview)
    assert [r.sku for r in overview.shown()] == ["OIL-1", "SOAP-1"]


def test_both_sections_speak_arabic(qtbot: QtBot, market: Market, overview: StockOverviewSection) -> None:
    app = create_application()
    section = open_documents(qtbot, market)
    try:
        apply_language(app, "ar")
        section.retranslate()
        overview.retranslate()
        assert section.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert overview.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert "تعاونية النحل" in section.cooperative.currentText()
    finally:
        apply_language(app, "fr")


def test_the_overview_sorts_by_a_click_on_a_heading(qtbot: QtBot, overview: StockOverviewSection) -> None:
    header = overview.table.horizontalHeader()
    column = overview.model.column_index("on_hand")
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    on_hand = [r.on_hand for r in overview.shown()]
    assert on_hand in (sorted(on_hand), sorted(on_hand, reverse=True)) and on_hand[0] != on_hand[1]
    assert overview.shown()[0].sku in ("HON-1", "SOAP-1")


def test_a_section_let_go_is_freed_at_once(qtbot: QtBot, market: Market) -> None:
    """No reference cycle keeps a section: the garbage collector could break one in a worker
    thread, destroying the widget off the GUI thread (a crash)."""
    gc.disable()
    try:
        for cls in (StockDocumentsSection, StockOverviewSection):
            section: Section = cls(market.db, market.supervisor)
            section.refresh()
            settle(qtbot, section)
            if isinstance(section, StockDocumentsSection):
                section.choose("intake", site="MEK", cooperative="COOP1")
                section.scanned(market.honey.barcode)
                section.set_quantity(0, "x")
                section.scanned(market.oil.barcode)
                section.choose("count", cooperative="")
                settle(qtbot, section)
                section.set_counted("HON-1", "y")
            else:
                section.low_only.setChecked(True)
            alive = weakref.ref(section)
            del section
            assert alive() is None, cls.__name__
    finally:
        gc.enable()
