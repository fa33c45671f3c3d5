"""The back office window and its cooperatives: the table, the form checked field by field,
deactivation, and who may open what."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from possouk.domain.errors import UserError
from possouk.domain.model import StockKind
from possouk.domain.permissions import allows
from possouk.i18n import current_language, render_error, translator
from possouk.services import catalog, stock, unsold
from possouk.services.stock import StockInput
from possouk.ui.app import apply_language, create_application
from possouk.ui.backoffice.cooperatives import CooperativesSection
from possouk.ui.backoffice.window import BackOfficeWindow, sections_for
from possouk.ui.widgets import money_text
from possouk.ui.workers import wait_for_jobs
from tests.conftest import Market

WAIT_MS = 10_000
GOOD_RIB = "011780000012345678901296"  # 22 digits and their key, 96


def _loaded(qtbot: QtBot, section: CooperativesSection) -> None:
    if section.loading:
        with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
            pass


@pytest.fixture
def section(qtbot: QtBot, market: Market) -> Iterator[CooperativesSection]:
    create_application()
    market.sell([(market.honey, 2000)])  # 240,00 of COOP1
    shown = CooperativesSection(market.db, market.organizer)
    qtbot.addWidget(shown)
    shown.resize(1280, 760)
    shown.show()
    shown.refresh()
    _loaded(qtbot, shown)
    yield shown
    wait_for_jobs()


def _fill(section: CooperativesSection, **values: str) -> None:
    for key, value in values.items():
        edit = section.inputs[key]
        edit.setText(value)
        section.check_field(key)


def test_the_table_lists_the_cooperatives_with_their_figures(section: CooperativesSection) -> None:
    assert section.codes() == ["COOP1", "COOP2"]
    # COOP1: 18 honey × 120,00 + 10 kg figs × 45,00 on the shelves; 240,00 sold
    assert section.cell("COOP1", "stock_value") == money_text(18 * 12000 + 45000, currency=False)
    assert section.cell("COOP1", "net_sales") == money_text(24000, currency=False)
    assert section.cell("COOP2", "net_sales") == money_text(0, currency=False)
    section.search.setText("زيتون")  # COOP2's Arabic name, found from Arabic
    assert section.codes() == ["COOP2"]
    section.search.setText("abeilles")
    assert section.codes() == ["COOP1"]
    section.search.clear()
    section.table.sortByColumn(section.model.column_index("net_sales"), Qt.SortOrder.DescendingOrder)
    assert section.codes() == ["COOP1", "COOP2"]
    section.table.sortByColumn(section.model.column_index("code"), Qt.SortOrder.DescendingOrder)
    assert section.codes() == ["COOP2", "COOP1"]


def test_a_bad_rib_is_said_at_the_field_and_nothing_is_saved(
        qtbot: QtBot, section: CooperativesSection, market: Market) -> None:
    section.new_cooperative()
    _fill(section, code="FES01", name_ar="تعاونية فاس", name_fr="Coopérative de Fès",
          ice="001234567000089", phone="0612345678", rib="011780000012345678901295")
    assert section.field_error("rib")  # the key is wrong
    with pytest.raises(UserError) as wrong:
        from possouk.domain.identifiers import validate_rib
        validate_rib("011780000012345678901295")
    assert section.field_error("rib") == render_error(wrong.value)
    assert not section.save_button.isEnabled()
    section.save()
    assert "FES01" not in [c.code for c in catalog.cooperatives(market.db)]
    # fixed: saved and listed
    _fill(section, rib=GOOD_RIB, commission="12.5")
    assert section.field_error("rib") == "" and section.save_button.isEnabled()
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    saved = next(c for c in catalog.cooperatives(market.db) if c.code == "FES01")
    assert (saved.rib, saved.commission, saved.ice) == (GOOD_RIB, 1250, "001234567000089")
    assert "FES01" in section.codes() and section.form_message.kind == "info"


@pytest.mark.parametrize(("key", "value"), [
    ("ice", "12345"), ("phone", "12"), ("commission", "150"), ("minimum_payout", "-5"),
    ("name_ar", "تعاونية\u202eفاس"), ("code", "FES 01"), ("name_fr", "   "),
])
def test_each_field_says_what_is_wrong(section: CooperativesSection, key: str, value: str) -> None:
    section.new_cooperative()
    _fill(section, **{key: value})
    assert section.field_error(key)
    assert not section.save_button.isEnabled()


def test_edit_keeps_the_code_and_logs(qtbot: QtBot, section: CooperativesSection,
                                      market: Market) -> None:
    assert section.select("COOP2")
    assert section.inputs["code"].isReadOnly() and section.inputs["name_fr"].text()
    _fill(section, province="Meknès", commission="20")
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.save()
    coop2 = next(c for c in catalog.cooperatives(market.db) if c.code == "COOP2")
    assert (coop2.province, coop2.commission) == ("Meknès", 2000)
    assert section.cell("COOP2", "province") == "Meknès"


def test_deactivate_only_once_its_goods_are_handed_back(
        qtbot: QtBot, section: CooperativesSection, market: Market) -> None:
    section.ask_confirm = lambda question: True  # type: ignore[method-assign]
    section.select("COOP2")
    section.toggle_active()
    assert section.form_message.kind == "error"  # oil and soap still on the shelves
    assert all(c.active for c in catalog.cooperatives(market.db))
    unsold.hand_back(market.db, market.supervisor, "COOP2", "MEK")
    with qtbot.waitSignal(section.loaded, timeout=WAIT_MS):
        section.toggle_active()
    assert not next(c for c in catalog.cooperatives(market.db) if c.code == "COOP2").active
    assert section.cell("COOP2", "active") == section.cell("COOP2", "active")  # still listed
    section.show_inactive.setChecked(False)
    assert section.codes() == ["COOP1"]
    with pytest.raises(UserError, match="no longer active"):  # nothing more deposited for it
        stock.record(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP2",
                     [StockInput("OIL-1", 1000)])


def test_a_supervisor_sees_the_table_but_cannot_edit(qtbot: QtBot, market: Market) -> None:
    create_application()
    shown = CooperativesSection(market.db, market.supervisor)
    qtbot.addWidget(shown)
    shown.refresh()
    _loaded(qtbot, shown)
    assert shown.codes() == ["COOP1", "COOP2"]
    assert not shown.new_button.isEnabled() and not shown.save_button.isEnabled()
    shown.select("COOP1")
    assert shown.inputs["name_fr"].isReadOnly() and shown.active_button.isHidden()
    wait_for_jobs()


def test_who_may_open_the_back_office(qtbot: QtBot, market: Market) -> None:
    create_application()
    assert sections_for(market.cashier) == [] and sections_for(None) == []
    assert [s.key for s in sections_for(market.organizer)][:1] == ["cooperatives"]
    window = BackOfficeWindow(market.db, market.organizer)
    qtbot.addWidget(window)
    assert window.current_key == "cooperatives"
    assert isinstance(window.show_section("cooperatives"), CooperativesSection)
    cashier_window = BackOfficeWindow(market.db, market.cashier)
    qtbot.addWidget(cashier_window)
    with pytest.raises(PermissionError):
        cashier_window.show_section("cooperatives")
    wait_for_jobs()


def test_arabic_lays_the_section_out_right_to_left(qtbot: QtBot,
                                                   section: CooperativesSection) -> None:
    before = current_language()
    app = create_application()
    try:
        apply_language(app, "ar")
        section.retranslate()
        assert section.isRightToLeft()
        arabic = translator("ar").gettext
        assert section.new_button.text() == arabic("New cooperative") != "New cooperative"
        assert section.model.headerData(0, Qt.Orientation.Horizontal) == arabic("Code")
        assert section.labels["rib"].text() == arabic("RIB")
    finally:
        apply_language(app, before)


def test_the_cashiers_window_opens_it_by_permission_only(qtbot: QtBot, market: Market,
                                                         tmp_path: Path) -> None:
    from possouk.ui.main_window import MainWindow
    from possouk.ui.till import Till

    create_application()
    till = Till(market.db, "MEK1")
    main = MainWindow(till, log_path=tmp_path / "possouk.log", config_folder=tmp_path / "cfg")
    qtbot.addWidget(main)
    main.show()
    till.login("amina", "1111")  # a cashier: no button, and Ctrl+B does nothing
    main.show_screen("sale")
    assert main.backoffice_button.isHidden()
    QTest.keyClick(main, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    main.open_backoffice()
    assert main.backoffice is None
    main.switch_user_clicked()
    till.login("karim", "2222")  # a supervisor: the sections a supervisor may see
    main.show_screen("sale")
    assert not main.backoffice_button.isHidden()
    qtbot.mouseClick(main.backoffice_button, Qt.MouseButton.LeftButton)
    opened = main.backoffice
    assert isinstance(opened, BackOfficeWindow) and opened.isVisible()
    assert all(allows(market.supervisor, e.permission) for e in opened.entries)
    main.switch_user_clicked()  # the next person does not find it open
    assert main.backoffice is None
    wait_for_jobs()


def test_a_scan_with_the_back_office_in_front_never_reaches_the_sale(
        qtbot: QtBot, market: Market, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from possouk.ui import main_window as shell
    from possouk.ui.main_window import MainWindow
    from possouk.ui.till import Till

    create_application()
    till = Till(market.db, "MEK1")
    main = MainWindow(till, log_path=tmp_path / "possouk.log", config_folder=tmp_path / "cfg")
    qtbot.addWidget(main)
    main.show()
    till.login("karim", "2222")
    main.show_screen("sale")
    main.open_backoffice()
    office = main.backoffice
    assert office is not None
    monkeypatch.setattr(shell.QApplication, "activeWindow", staticmethod(lambda: office))
    assert not main.route_scan(market.honey.barcode)  # the cooperatives take no scan
    intake = office.show_section("intake")
    for _round in range(2):  # its sites and cooperatives, then the choice made here
        if intake.loading:
            with qtbot.waitSignal(intake.loaded, timeout=WAIT_MS):
                pass
        if _round == 0:
            intake.choose("intake", site="MEK", cooperative="COOP1")  # type: ignore[attr-defined]
    assert main.route_scan(market.honey.barcode)  # the deposit being written takes it
    assert len(intake.lines) == 1  # type: ignore[attr-defined]
    assert till.cart.items == []  # and the sale behind never saw it
    monkeypatch.setattr(shell.QApplication, "activeWindow", staticmethod(lambda: main))
    assert main.route_scan(market.honey.barcode)
    assert len(till.cart.items) == 1
    main.close_backoffice()
    wait_for_jobs()
