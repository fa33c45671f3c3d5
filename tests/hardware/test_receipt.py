"""Receipt layout from real sales made through the services."""

from __future__ import annotations

import uuid

from possouk.domain.model import PaymentMethod, Sale, SaleKind, Site
from possouk.hardware.receipt import Receipt, RowKind, build_receipt
from possouk.i18n import translator
from possouk.services import catalog, setup
from possouk.services.refunds import RefundRequest, refund
from tests.conftest import Market

SITE = Site(id=1, code="MEK", name_ar="مكناس", name_fr="Meknès")


def receipt_of(market: Market, sale: Sale, **options: object) -> Receipt:
    coops = {c.id: c for c in catalog.cooperatives(market.db)}
    return build_receipt(sale, setup.get_store(market.db), site=SITE, cooperatives=coops,
                         cashier_name="Amina", **options)  # type: ignore[arg-type]


def texts(receipt: Receipt) -> list[str]:
    return [" | ".join((row.fr, row.value, row.ar)) for row in receipt.rows]


def fr(label: str) -> str:
    """The French side of the receipt shows the label translated."""
    return translator("fr").gettext(label)


def find(receipt: Receipt, label: str) -> str:
    return next(row.value for row in receipt.rows if row.fr == fr(label))


def test_sale_lines_totals_payments_and_change(market: Market) -> None:
    sale = market.sell([(market.honey, 1000), (market.figs, 750)], pay=[(PaymentMethod.CASH, 20000)])
    receipt = receipt_of(market, sale)
    joined = "\n".join(texts(receipt))
    assert "Magasin solidaire" in joined and "المتجر التضامني" in joined
    assert "Miel de thym" in joined and "عسل الزعتر" in joined
    assert "تعاونية النحل" in joined and "Coopérative des abeilles" in joined
    assert "0,750\u00a0kg × 45,00" in joined  # the weighed line shows its unit
    assert find(receipt, "TOTAL").startswith("153,75")
    assert find(receipt, "Cash").startswith("153,75")
    assert find(receipt, "Tendered").startswith("200,00")
    assert find(receipt, "Change").startswith("46,25")
    assert any(row.fr == fr("VAT exempt") for row in receipt.rows)
    assert receipt.integrity == sale.hash[:8] and len(receipt.integrity) == 8
    assert find(receipt, "Check code") == sale.hash[:8]
    assert find(receipt, "Receipt") == sale.reference
    barcode = [row for row in receipt.rows if row.kind is RowKind.BARCODE]
    assert [row.value for row in barcode] == [sale.reference]


def test_refund_names_the_original_and_duplicate_counts(market: Market) -> None:
    sale = market.sell([(market.soap, 2000)])
    back = refund(market.db, RefundRequest(uuid.uuid4().hex, "MEK1", market.supervisor, sale.id, [],
                                           approver=market.supervisor))
    assert back.kind is SaleKind.REFUND
    receipt = receipt_of(market, back, original=sale, duplicate_count=2)
    joined = "\n".join(texts(receipt))
    assert fr("REFUND") in joined and "استرجاع" in joined
    assert find(receipt, "Refund of receipt") == sale.reference
    assert find(receipt, "DUPLICATA") == "#2"


def test_one_language_can_be_switched_off(market: Market) -> None:
    sale = market.sell([(market.honey, 1000)])
    french = receipt_of(market, sale, languages=("fr",))
    assert all(not row.ar for row in french.rows)
    arabic = receipt_of(market, sale, languages=("ar",))
    assert all(not row.fr for row in arabic.rows if row.kind is RowKind.TEXT and row.ar)
    assert any(row.ar == "عسل الزعتر" for row in arabic.rows)
