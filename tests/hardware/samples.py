"""A fixed sale, built by hand so the golden image does not depend on the clock or the ledger."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime

from possouk.domain.model import (
    Cooperative,
    Payment,
    PaymentMethod,
    Sale,
    SaleKind,
    SaleLine,
    Site,
    Store,
    Unit,
)
from possouk.hardware.label_receipt import label_receipt
from possouk.hardware.receipt import Receipt, build_receipt
from possouk.reports.labels import LabelData

STORE = Store(name_ar="المتجر التضامني", name_fr="Magasin solidaire", address="12, rue Dar Smen, Meknès",
              ice="001234567000089", if_number="12345678",
              receipt_footer="Merci et à bientôt")
SITE = Site(id=1, code="MEK", name_ar="مكناس", name_fr="Meknès")
COOPS = {
    1: Cooperative(id=1, code="COOP1", name_ar="تعاونية النحل", name_fr="Coopérative des abeilles"),
    2: Cooperative(id=2, code="COOP2", name_ar="تعاونية الزيتون (أزرو)", name_fr="Coopérative de l'olivier"),
}


def line(no: int, coop: int, name_ar: str, name_fr: str, unit: Unit, qty: int, price: int,
         discount: int = 0, vat: int = 0) -> SaleLine:
    """A sale line whose amounts follow from quantity and price."""
    gross = (qty * price + 500) // 1000
    net = gross - discount
    vat_amount = net * vat // (10_000 + vat)
    return SaleLine(id=no, line_no=no, product_id=no, sku=f"P{no}", cooperative_id=coop, name_ar=name_ar,
                    name_fr=name_fr, unit=unit, quantity=qty, unit_price=price, gross=gross,
                    line_discount=discount, ticket_discount=0, net=net, vat_rate=vat,
                    vat_amount=vat_amount, commission_rate=1000)


def fixed_sale() -> Sale:
    """Three lines (one weighed, one discounted), cash tendered 300.00 with change."""
    lines = (
        line(1, 1, "عسل الزعتر", "Miel de thym", Unit.PIECE, 1000, 12000),
        line(2, 1, "تين مجفف", "Figues sèches", Unit.KG, 750, 4500),
        line(3, 2, "زيت الزيتون البكر", "Huile d'olive vierge", Unit.LITRE, 1500, 8000, discount=1000),
        line(4, 2, "صابون بلدي", "Savon beldi", Unit.PIECE, 2000, 1250, vat=2000),
    )
    total = sum(x.net for x in lines)
    return Sale(id=42, kind=SaleKind.SALE, register_id=1, register_code="MEK1", site_id=1, number=42,
                created_at=datetime(2026, 5, 3, 13, 5, tzinfo=UTC), business_day=date(2026, 5, 3),
                cashier_id=1, client_key="k", total=total, rounding=0, change_given=30000 - total,
                lines=lines, payments=(Payment(PaymentMethod.CASH, total, 30000),),
                hash="3fa2b91c" + "0" * 56)


def fixed_receipt(**options: object) -> Receipt:
    """The receipt of :func:`fixed_sale`."""
    return build_receipt(fixed_sale(), STORE, site=SITE, cooperatives=COOPS, cashier_name="Amina",
                         **options)  # type: ignore[arg-type]


LONG_ARABIC_NAME = "زيت أركان تجميلي عضوي معصور على البارد من تعاونية نساء تافراوت "[:60]


def long_name_receipt() -> Receipt:
    """:func:`fixed_sale` plus a line whose Arabic name has 60 characters."""
    sale = fixed_sale()
    long_line = line(9, 1, LONG_ARABIC_NAME, "Huile d'argan cosmétique bio pressée à froid de Tafraout",
                     Unit.PIECE, 1000, 9000)
    sale = dataclasses.replace(sale, lines=(*sale.lines, long_line),
                               total=sale.total + long_line.net)
    sale = dataclasses.replace(sale, payments=(Payment(PaymentMethod.CASH, sale.total, 40000),),
                               change_given=40000 - sale.total)
    return build_receipt(sale, STORE, site=SITE, cooperatives=COOPS, cashier_name="Amina")


def refund_receipt(duplicate_count: int = 0) -> Receipt:
    """The refund of :func:`fixed_sale` (receipt 43), optionally a reprint."""
    sale = fixed_sale()
    refund = dataclasses.replace(sale, kind=SaleKind.REFUND, number=43, manual_ref=None, change_given=0,
                                 payments=(Payment(PaymentMethod.CASH, sale.total),))
    return build_receipt(refund, STORE, site=SITE, cooperatives=COOPS, cashier_name="Amina",
                         original=fixed_sale(), duplicate_count=duplicate_count)


def label() -> LabelData:
    """A weighed product's shelf label."""
    return LabelData("FIG-1", "2000000000022", "تين مجفف من تاونات", "Figues sèches de Taounate", 4500,
                     Unit.KG, "Coopérative des figues", "تعاونية التين")


# Golden images (tests/hardware/golden/NAME.png): the layout, with labels left in English,
# and the paper width.
GOLDEN_CASES: dict[str, tuple[Callable[[], Receipt], int]] = {
    "receipt-80mm": (fixed_receipt, 576),
    "long-name-58mm": (long_name_receipt, 384),
    "refund-80mm": (refund_receipt, 576),
    "duplicata-58mm": (lambda: fixed_receipt(duplicate_count=2), 384),
    "label-80mm": (lambda: label_receipt(label()), 576),
}


def english_receipt(build: Callable[[], Receipt]) -> Receipt:
    """``build()`` with every label left in English: translating the catalogs leaves goldens alone."""
    import gettext

    from possouk.hardware import receipt as receipt_module

    real = getattr(receipt_module, "translator")  # noqa: B009 - not re-exported
    setattr(receipt_module, "translator", lambda code=None: gettext.NullTranslations())  # noqa: B010
    try:
        return build()
    finally:
        setattr(receipt_module, "translator", real)  # noqa: B010


def write_images(golden: bool = False) -> None:
    """Draw docs/receipt-example.png (with the current catalogs) and, if asked, the golden images.

    ``python -m tests.hardware.samples [--golden]`` from the repository root.
    """
    import sys
    from pathlib import Path

    from possouk.hardware.receipt_image import render_receipt

    root = Path(__file__).resolve().parents[2]
    render_receipt(fixed_receipt(), use_raqm=True).save(root / "docs" / "receipt-example.png")
    if golden:
        for name, (build, width) in GOLDEN_CASES.items():
            image = render_receipt(english_receipt(build), width, use_raqm=True)
            image.save(Path(__file__).parent / "golden" / f"{name}.png")
    print("written", file=sys.stderr)


if __name__ == "__main__":
    import sys

    write_images(golden="--golden" in sys.argv)
