"""The till under the window, without Qt: who is logged in, the cart, parking, paying, refunds."""

from __future__ import annotations

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import PaymentMethod, SaleKind
from possouk.domain.permissions import Permission
from possouk.services.checkout import PaymentInput
from possouk.services.refunds import RefundLine
from possouk.ui.till import Till
from tests.conftest import Market


def test_login_refuses_a_wrong_pin_and_keeps_nobody(till: Till) -> None:
    with pytest.raises(UserError, match="wrong PIN"):
        till.login("amina", "9999")
    assert till.user is None
    with pytest.raises(UserError, match="Log in first"):
        till.scan("2000000000015")


def test_users_are_listed_cashiers_first(till: Till) -> None:
    assert [u.login for u in till.users()] == ["amina", "karim", "salma"]
    assert [u.login for u in till.supervisors()] == ["karim", "salma"]
    assert till.place.register.code == "MEK1" and till.place.site.code == "MEK"


def test_unknown_register_is_a_clear_refusal(market: Market) -> None:
    with pytest.raises(UserError, match="no register with the code NOPE"):
        _ = Till(market.db, "NOPE").place


def test_scan_refusals_leave_the_cart_alone(cashier_till: Till, market: Market) -> None:
    cashier_till.scan(market.honey.barcode)
    before = list(cashier_till.cart.items)
    for code in ("12ab#", "6111245160017", "9999999999994", ""):
        with pytest.raises(UserError):
            cashier_till.scan(code)
    assert cashier_till.cart.items == before


def test_switching_user_keeps_the_cart(cashier_till: Till, market: Market) -> None:
    cashier_till.scan(market.honey.barcode)
    cashier_till.logout()
    cashier_till.login("karim", "2222")
    assert [i.product.sku for i in cashier_till.cart.items] == ["HON-1"]


def test_park_and_recall(cashier_till: Till, market: Market) -> None:
    with pytest.raises(UserError, match="nothing to park"):
        cashier_till.park()
    cashier_till.add_product(market.honey)
    cashier_till.park()
    cashier_till.add_product(market.soap)
    cashier_till.recall(0)  # the soap cart goes to the parked list in its place
    assert [i.product.sku for i in cashier_till.cart.items] == ["HON-1"]
    assert [p.cart.items[0].product.sku for p in cashier_till.parked] == ["SOAP-1"]
    with pytest.raises(UserError):
        cashier_till.recall(3)


def test_price_override_needs_a_supervisor(cashier_till: Till, market: Market) -> None:
    cashier_till.add_product(market.honey)
    cashier_till.cart.set_price(0, 11000)
    assert cashier_till.needs_approval() == {Permission.PRICE_OVERRIDE}
    with pytest.raises(PermissionDenied):
        cashier_till.pay([PaymentInput(PaymentMethod.CASH, 11000)])
    with pytest.raises(UserError, match="may not approve"):
        cashier_till.approve("amina", "1111", [Permission.PRICE_OVERRIDE])
    cashier_till.approve("karim", "2222", [Permission.PRICE_OVERRIDE])
    assert cashier_till.needs_approval() == set()
    sale = cashier_till.pay([PaymentInput(PaymentMethod.CASH, 11000)])
    assert sale.lines[0].price_overridden and sale.approved_by_id == market.supervisor.id
    assert cashier_till.approver is None and cashier_till.cart.items == []


def test_paying_the_same_cart_twice_records_one_sale(cashier_till: Till, market: Market) -> None:
    cashier_till.add_product(market.soap)
    cart = cashier_till.cart
    first = cashier_till.pay([PaymentInput(PaymentMethod.CASH, 2000)])
    cashier_till.cart = cart  # the screen sent the same cart again (a double click)
    again = cashier_till.pay([PaymentInput(PaymentMethod.CASH, 2000)])
    assert again.id == first.id and first.change_given == 750
    assert cashier_till.last_reference == first.reference


def test_refund_of_some_lines_by_a_supervisor(cashier_till: Till, market: Market) -> None:
    cashier_till.add_product(market.honey)
    cashier_till.add_product(market.soap)
    sale = cashier_till.pay([PaymentInput(PaymentMethod.CARD, 13250)])
    found = cashier_till.find_sale(sale.reference)
    honey = found.lines[0]
    with pytest.raises(PermissionDenied):
        cashier_till.refund(found, [RefundLine(honey.id, 1000)], PaymentMethod.CARD, None, "r-1")
    back = cashier_till.refund(found, [RefundLine(honey.id, 1000)], PaymentMethod.CARD,
                               market.supervisor, "r-1")
    assert back.kind is SaleKind.REFUND and back.total == -12000
    assert cashier_till.refundable(found) == {honey.id: 0, found.lines[1].id: 1000}


def test_categories_and_their_products_come_from_the_catalogue(cashier_till: Till, market: Market) -> None:
    assert cashier_till.categories() == ["cosmetics", "figs", "honey", "olive oil"]
    assert [p.sku for p in cashier_till.products_in("honey")] == ["HON-1"]
    assert cashier_till.products_in("nothing") == []


def test_parked_carts_outlive_the_window(cashier_till: Till, market: Market) -> None:
    cashier_till.add_product(market.honey)
    cashier_till.cart.set_price(0, 11000)  # approved by a supervisor, kept as typed
    cashier_till.approve("karim", "2222", [Permission.PRICE_OVERRIDE])
    key = cashier_till.cart.client_key
    cashier_till.park()
    cashier_till.add_product(market.soap)
    cashier_till.cart.set_quantity(0, 3000)
    cashier_till.park()

    again = Till(market.db, "MEK1")  # the window closed, or crashed, and opened again
    again.login("amina", "1111")
    assert [(p.cashier, [(i.product.sku, i.quantity, i.unit_price) for i in p.cart.items])
            for p in again.parked] == [("Amina", [("HON-1", 1000, 11000)]),
                                       ("Amina", [("SOAP-1", 3000, 1250)])]
    again.recall(0)
    assert again.cart.client_key == key  # paying it later still records one sale
    assert [p.cart.items[0].product.sku for p in Till(market.db, "MEK1").parked] == ["SOAP-1"]
    assert Till(market.db, "MEK2").parked == []  # another register keeps its own


def test_a_parked_cart_follows_the_catalogue_price_unless_it_was_changed(cashier_till: Till,
                                                                         market: Market) -> None:
    from possouk.services import catalog

    cashier_till.add_product(market.soap)
    cashier_till.park()
    catalog.change_price(market.db, market.organizer, "SOAP-1", 1500)
    again = Till(market.db, "MEK1")
    assert again.parked[0].cart.items[0].unit_price == 1500
    assert not again.parked[0].cart.items[0].overridden


def test_a_database_fault_while_parking_changes_nothing(cashier_till: Till, market: Market,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from possouk.domain.errors import N_, EnvironmentFault
    from possouk.ui import till as till_module

    def busy(*_args: object) -> None:
        raise EnvironmentFault(N_("The database is busy; try again in a moment."))

    cashier_till.add_product(market.honey)
    monkeypatch.setattr(till_module, "save_parked", busy)
    with pytest.raises(EnvironmentFault):
        cashier_till.park()
    assert [i.product.sku for i in cashier_till.cart.items] == ["HON-1"] and cashier_till.parked == []
