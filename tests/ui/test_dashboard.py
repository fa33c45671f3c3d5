"""The organizers' dashboard over the market's ledger: figures, charts, period, site, language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from possouk.domain.report import Dimension
from possouk.i18n import current_language
from possouk.i18n import gettext as _
from possouk.i18n.categories import category_label
from possouk.i18n.formatting import format_date, format_money, format_rate
from possouk.services import analytics, setup
from possouk.services.events import COMMAND_LINE
from possouk.ui.app import apply_language, create_application
from possouk.ui.dashboard import DashboardWindow, Preset, short_name
from possouk.ui.workers import wait_for_jobs
from tests.conftest import Market

WAIT_MS = 10_000


def _loaded(qtbot: QtBot, window: DashboardWindow) -> None:
    """Wait until the figures asked last are shown (they are read off the GUI thread)."""
    if window.loading:
        with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
            pass
    assert not window.loading


@pytest.fixture
def sold(market: Market) -> date:
    """Three sales today: honey (COOP1), oil and soap (COOP2), figs (COOP1); their business day."""
    first = market.sell([(market.honey, 1000)])
    market.sell([(market.oil, 1500), (market.soap, 2000)])
    market.sell([(market.figs, 750)])
    return first.business_day


@pytest.fixture
def dashboard(qtbot: QtBot, market: Market, sold: date) -> Iterator[DashboardWindow]:
    window = DashboardWindow(market.db)
    qtbot.addWidget(window)
    window.show()
    _loaded(qtbot, window)
    yield window
    wait_for_jobs()


def test_headline_figures_are_the_services(dashboard: DashboardWindow, market: Market, sold: date) -> None:
    lang = current_language()
    impact = analytics.impact(market.db, sold, sold)
    report = analytics.sales_report(market.db, sold, sold, Dimension.DAY)
    assert dashboard.query.preset is Preset.EDITION
    assert (dashboard.data is not None and dashboard.data.start == sold and dashboard.data.end == sold)
    figures = {name: figure.value.text() for name, figure in dashboard.figures.items()}
    assert figures["net"] == format_money(impact.net, lang)
    assert figures["receipts"] == str(report.receipts) == "3"
    assert figures["owed"] == format_money(impact.owed, lang)
    assert figures["cooperatives"].startswith(str(impact.cooperatives))
    assert figures["women"] == format_rate(impact.women_led_share_bp, lang)
    assert dashboard.pages.currentWidget() is dashboard.tabs


def test_charts_have_one_bar_per_day_and_per_category(dashboard: DashboardWindow, market: Market,
                                                      sold: date) -> None:
    day = analytics.sales_report(market.db, sold, sold, Dimension.DAY)
    assert dashboard.day_chart.labels() == [sold.strftime("%d/%m")]
    assert dashboard.day_chart.values() == pytest.approx([day.net / 100])

    categories = analytics.sales_report(market.db, sold, sold, Dimension.CATEGORY)
    best_first = sorted(categories.rows, key=lambda r: -r.net)
    assert len(best_first) == 4
    assert dashboard.category_chart.labels() == [category_label(r.key) for r in best_first]
    assert dashboard.category_chart.values() == pytest.approx([r.net / 100 for r in best_first])
    assert dashboard.category_chart.bar_set.count() == 4

    cooperatives = analytics.sales_report(market.db, sold, sold, Dimension.COOPERATIVE)
    by_net = sorted(cooperatives.rows, key=lambda r: -r.net)
    assert dashboard.cooperative_chart.values() == pytest.approx([r.net / 100 for r in by_net])
    hours = analytics.sales_report(market.db, sold, sold, Dimension.HOUR)
    assert sum(dashboard.hour_chart.values()) == pytest.approx(hours.net / 100)


def test_the_table_follows_the_dimension(qtbot: QtBot, dashboard: DashboardWindow, market: Market,
                                         sold: date) -> None:
    table = dashboard.table
    assert table.rowCount() == 2 + 1  # two cooperatives and the total
    dashboard.set_dimension(Dimension.PRODUCT)
    _loaded(qtbot, dashboard)
    assert table.rowCount() == 4 + 1
    headings = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    net_column = headings.index(_("Net"))
    report = analytics.sales_report(market.db, sold, sold, Dimension.PRODUCT)
    total = table.item(4, net_column)
    assert total is not None
    assert total.text() == format_money(report.net, current_language(), currency=False)


def test_a_period_without_sales_says_so(qtbot: QtBot, dashboard: DashboardWindow, sold: date) -> None:
    before = sold - timedelta(days=30)
    dashboard.set_period(before, before + timedelta(days=2))
    _loaded(qtbot, dashboard)
    assert dashboard.pages.currentWidget() is dashboard.empty
    assert dashboard.empty.text()  # a sentence, not empty axes
    assert dashboard.figures["receipts"].value.text() == "0"
    assert dashboard.from_date.date().toPython() == before
    assert dashboard.query.preset is Preset.DATES
    assert not any(button.isChecked() for button in dashboard.presets.values())

    dashboard.choose(Preset.TODAY)
    _loaded(qtbot, dashboard)
    assert dashboard.pages.currentWidget() is dashboard.tabs
    assert dashboard.presets[Preset.TODAY].isChecked()
    assert dashboard.figures["receipts"].value.text() == "3"


def test_the_dates_typed_are_read(qtbot: QtBot, dashboard: DashboardWindow, sold: date) -> None:
    day = sold - timedelta(days=1)
    dashboard.from_date.setDate(QDate(day.year, day.month, day.day))
    dashboard.to_date.setDate(QDate(day.year, day.month, day.day))
    qtbot.waitUntil(lambda: dashboard.query.preset is Preset.DATES, timeout=WAIT_MS)
    _loaded(qtbot, dashboard)
    assert dashboard.data is not None and (dashboard.data.start, dashboard.data.end) == (day, day)
    assert dashboard.pages.currentWidget() is dashboard.empty


def test_a_period_ending_before_it_starts_is_refused(qtbot: QtBot, dashboard: DashboardWindow,
                                                     sold: date) -> None:
    dashboard.set_period(sold, sold - timedelta(days=1))
    _loaded(qtbot, dashboard)
    assert dashboard.message.kind == "error"
    assert format_date(sold, current_language()) not in dashboard.message.text()  # ISO dates
    assert sold.isoformat() in dashboard.message.text()


def test_the_site_and_new_sales_refresh_it(qtbot: QtBot, dashboard: DashboardWindow, market: Market,
                                           sold: date) -> None:
    setup.add_site(market.db, COMMAND_LINE, "HAJ", "الحاجب", "El Hajeb")
    dashboard.refresh()
    _loaded(qtbot, dashboard)
    assert dashboard.site.findData("HAJ") > 0  # the new site is offered
    dashboard.set_site("HAJ")
    _loaded(qtbot, dashboard)
    assert dashboard.query.site_code == "HAJ"
    assert dashboard.pages.currentWidget() is dashboard.empty

    dashboard.set_site("MEK")
    _loaded(qtbot, dashboard)
    assert dashboard.figures["receipts"].value.text() == "3"
    market.sell([(market.honey, 2000)])
    dashboard.refresh()
    _loaded(qtbot, dashboard)
    assert dashboard.figures["receipts"].value.text() == "4"
    assert dashboard.day_chart.values()[0] == pytest.approx(
        analytics.sales_report(market.db, sold, sold, Dimension.DAY).net / 100)

    dashboard.set_site(None)
    _loaded(qtbot, dashboard)
    assert dashboard.site.currentIndex() == 0 and dashboard.query.site_code is None


def test_arabic_mirrors_the_window(qtbot: QtBot, dashboard: DashboardWindow, market: Market,
                                   sold: date) -> None:
    app = create_application()
    apply_language(app, "ar")
    try:
        dashboard.retranslate()
        assert dashboard.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert dashboard.from_date.text() == sold.strftime("%d/%m/%Y")  # Latin digits, day first
        categories = analytics.sales_report(market.db, sold, sold, Dimension.CATEGORY)
        best = max(categories.rows, key=lambda r: r.net)
        assert dashboard.category_chart.labels()[0] == category_label(best.key)
        assert any("\u0600" <= ch <= "\u06ff" for ch in category_label(best.key))
        cooperatives = analytics.sales_report(market.db, sold, sold, Dimension.COOPERATIVE)
        best_coop = max(cooperatives.rows, key=lambda r: r.net)
        assert dashboard.cooperative_chart.labels()[0] == short_name(best_coop.name_ar)
        assert dashboard.figures["net"].value.text() == format_money(
            analytics.impact(market.db, sold, sold).net, "ar")
        assert dashboard.figures["net"].value.text()[0].isdigit()  # Latin digits
    finally:
        apply_language(app, "fr")
    dashboard.retranslate()
    assert dashboard.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert dashboard.from_date.text() == sold.strftime("%d/%m/%Y")


def test_short_names_drop_the_word_cooperative() -> None:
    assert short_name("Coopérative Al Amal d'apiculture") == "Al Amal d'apiculture"
    assert short_name("تعاونية الأمل لتربية النحل") == "الأمل لتربية النحل"
    assert short_name("Miel du Rif") == "Miel du Rif"


def test_no_export_buttons_without_a_user(dashboard: DashboardWindow) -> None:
    assert not any(button.isVisibleTo(dashboard) for button in dashboard.exports.values())


def test_an_organizer_saves_the_table(qtbot: QtBot, market: Market, sold: date, tmp_path: Path) -> None:
    window = DashboardWindow(market.db, user=market.organizer)
    qtbot.addWidget(window)
    _loaded(qtbot, window)
    assert all(button.isVisibleTo(window) for button in window.exports.values())
    asked: list[Path] = []

    def ask_path(suggested: Path) -> Path:
        asked.append(suggested)
        return tmp_path / "table"  # no suffix: the button's kind is added

    window.ask_path = ask_path  # type: ignore[method-assign]
    with qtbot.waitSignal(window.exported, timeout=WAIT_MS):
        qtbot.mouseClick(window.exports["csv"], Qt.MouseButton.LeftButton)
    assert asked[0].suffix == ".csv" and sold.isoformat() in asked[0].name
    text = (tmp_path / "table.csv").read_text(encoding="utf-8-sig")
    assert "COOP1" in text and "COOP2" in text
    assert window.message.kind == "info"
    wait_for_jobs()


def test_a_cashier_cannot_save_the_table(qtbot: QtBot, market: Market, sold: date) -> None:
    window = DashboardWindow(market.db, user=market.cashier)
    qtbot.addWidget(window)
    _loaded(qtbot, window)
    assert not any(button.isVisibleTo(window) for button in window.exports.values())


# -- opened from the cashier's window -----------------------------------------------------------


def test_the_window_opens_it_for_those_who_see_the_reports(qtbot: QtBot, market: Market,
                                                            tmp_path: Path) -> None:
    from possouk.ui.main_window import MainWindow
    from possouk.ui.till import Till

    create_application()
    till = Till(market.db, "MEK1")
    window = MainWindow(till, log_path=tmp_path / "possouk.log", config_folder=tmp_path / "cfg")
    qtbot.addWidget(window)
    window.show()
    till.login("amina", "1111")  # a cashier: no dashboard
    window.show_screen("sale")
    assert window.dashboard_button.isHidden()
    window.open_dashboard()
    assert window.dashboard is None

    window.switch_user_clicked()
    till.login("salma", "3333")  # an organizer
    window.show_screen("sale")
    assert not window.dashboard_button.isHidden()
    qtbot.mouseClick(window.dashboard_button, Qt.MouseButton.LeftButton)
    dashboard = window.dashboard
    assert isinstance(dashboard, DashboardWindow) and dashboard.isVisible()
    _loaded(qtbot, dashboard)
    window.switch_user_clicked()  # the next person does not find the organizer's reports open
    assert window.dashboard is None
    wait_for_jobs()
