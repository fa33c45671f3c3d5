"""The customer's screen: names in Arabic and French, each product's cooperative, the total."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from possouk.i18n import set_language
from possouk.i18n.formatting import format_money
from possouk.ui.customer_display import CustomerDisplay
from possouk.ui.till import Till
from tests.conftest import Market


def test_names_cooperatives_and_total_in_both_languages(qtbot: QtBot, market: Market,
                                                        cashier_till: Till) -> None:
    set_language("en")  # the cashier's language does not matter here
    cashier_till.add_product(market.honey)
    cashier_till.add_product(market.soap)
    cashier_till.add_product(market.soap)
    display = CustomerDisplay(cashier_till)
    qtbot.addWidget(display)
    shown = display.shown_text()
    for text in ("Miel de thym", "عسل الزعتر", "Coopérative des abeilles", "تعاونية النحل",
                 "Savon beldi", "صابون بلدي", "Coopérative de l'olivier", "تعاونية الزيتون",
                 "Magasin solidaire", "المتجر التضامني"):
        assert text in shown, text
    assert display.table.rowCount() == 2
    assert display.table.item(1, 1).text() == "2"
    assert display.total_amount.text() == format_money(14500, "fr")
    assert "Total" in display.total_caption.text()


def test_an_empty_cart_shows_a_welcome(qtbot: QtBot, market: Market, cashier_till: Till) -> None:
    display = CustomerDisplay(cashier_till)
    qtbot.addWidget(display)
    assert display.table.isHidden() and not display.welcome.isHidden()
    cashier_till.add_product(market.figs)
    display.refresh()
    assert not display.table.isHidden() and display.welcome.isHidden()
    assert "Figues sèches" in display.shown_text()


def test_it_stays_left_to_right_in_an_arabic_window(qtbot: QtBot, cashier_till: Till) -> None:
    display = CustomerDisplay(cashier_till)
    qtbot.addWidget(display)
    set_language("ar")
    display.retranslate()
    assert not display.isRightToLeft()  # French left, Arabic right, whatever the cashier reads
