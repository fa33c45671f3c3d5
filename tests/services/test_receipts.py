"""Receipts read back from the ledger: sale, refund, reprint, and files written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from possouk.domain.errors import EnvironmentFault, UserError
from possouk.domain.model import Sale
from possouk.hardware.receipt import Receipt
from possouk.services.receipts import receipt_escpos, receipt_for, receipt_png
from possouk.services.refunds import RefundRequest, refund
from tests.conftest import Market


def texts(receipt: Receipt) -> str:
    return "\n".join(f"{r.fr} | {r.value} | {r.ar}" for r in receipt.rows)


def refunded(market: Market) -> tuple[Sale, Sale]:
    sale = market.sell([(market.honey, 1000), (market.figs, 1250)])
    back = refund(market.db, RefundRequest("r1", "MEK1", market.supervisor, sale.id, []))
    return sale, back


def test_receipt_of_a_sale_reads_the_ledger(market: Market) -> None:
    sale = market.sell([(market.honey, 1000), (market.oil, 1500)])
    receipt = receipt_for(market.db, sale.reference)
    text = texts(receipt)
    assert receipt.reference == sale.reference == "MEK1-000001"
    assert receipt.integrity == sale.hash[:8]
    for expected in ("Magasin solidaire", "المتجر التضامني", "Meknès", "Amina", "Miel de thym",
                     "Coopérative des abeilles", "تعاونية الزيتون", "240,00"):
        assert expected in text
    assert "DUPLICATA" not in text


def test_receipt_of_a_refund_names_the_original(market: Market) -> None:
    sale, back = refunded(market)
    receipt = receipt_for(market.db, back.reference)
    text = texts(receipt)
    assert back.reference == "MEK1-000002"
    assert sale.reference in text
    assert "Karim" in text  # the refund's cashier, not the sale's
    assert "-" in text


def test_a_reprint_says_duplicata_with_its_count(market: Market) -> None:
    sale = market.sell([(market.soap, 2000)])
    rows = receipt_for(market.db, sale.reference, duplicate_count=2).rows
    assert any("DUPLICATA" in r.fr and r.value == "#2" for r in rows)


def test_one_language_only(market: Market) -> None:
    sale = market.sell([(market.soap, 1000)])
    receipt = receipt_for(market.db, sale.reference, languages=("fr",))
    assert all(r.ar == "" for r in receipt.rows)


@pytest.mark.parametrize("reference", ["MEK1-000099", "XXX9-000001", "nonsense", ""])
def test_unknown_or_garbage_reference_is_a_user_error(market: Market, reference: str) -> None:
    market.sell([(market.soap, 1000)])
    with pytest.raises(UserError):
        receipt_for(market.db, reference)


@pytest.mark.parametrize("width", [576, 384])
def test_png_is_one_bit_at_paper_width(market: Market, tmp_path: Path, width: int) -> None:
    _, back = refunded(market)
    path = tmp_path / "r.png"
    receipt_png(market.db, back.reference, path, width=width)
    with Image.open(path) as image:
        assert image.mode == "1"
        assert image.width == width
        assert image.height > 400
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_escpos_has_raster_and_cut(market: Market, tmp_path: Path) -> None:
    sale = market.sell([(market.honey, 1000)])
    path = tmp_path / "r.bin"
    receipt_escpos(market.db, sale.reference, path, open_drawer=True)
    data = path.read_bytes()
    assert b"\x1dv0" in data  # GS v 0: raster bit image
    assert b"\x1dV" in data  # GS V: cut
    assert b"\x1bp" in data  # ESC p: drawer pulse


def test_unwritable_path_is_an_environment_fault_and_leaves_nothing(
    market: Market, tmp_path: Path
) -> None:
    sale = market.sell([(market.honey, 1000)])
    with pytest.raises(EnvironmentFault):
        receipt_png(market.db, sale.reference, tmp_path / "missing" / "r.png")
    # The rename fails (a folder is in the way): the temporary file must go too.
    # (A read-only folder would not do: the tests may run as root.)
    blocked = tmp_path / "blocked.png"
    (blocked / "inside").mkdir(parents=True)
    with pytest.raises(EnvironmentFault):
        receipt_png(market.db, sale.reference, blocked)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "possouk.sqlite3"
                  and not p.name.startswith("possouk.sqlite3")) == ["blocked.png"]
    assert [p.name for p in blocked.iterdir()] == ["inside"]


def test_unknown_reference_writes_no_file(market: Market, tmp_path: Path) -> None:
    path = tmp_path / "r.png"
    with pytest.raises(UserError):
        receipt_png(market.db, "MEK1-000042", path)
    assert not path.exists()


def test_grouping_by_cooperative_is_a_store_setting(market: Market) -> None:
    from possouk.domain.errors import PermissionDenied
    from possouk.services.receipts import GROUP_BY_COOPERATIVE, set_receipt_grouping

    sale = market.sell([(market.honey, 1000), (market.oil, 1000), (market.figs, 1000)])
    flat = receipt_for(market.db, sale.reference)
    assert texts(flat).count("Coopérative des abeilles") == 2  # named on each of its lines
    with pytest.raises(PermissionDenied):
        set_receipt_grouping(market.db, market.cashier, True)
    set_receipt_grouping(market.db, market.organizer, True)
    with market.db.read() as uow:
        assert uow.store.get_setting(GROUP_BY_COOPERATIVE) is True
    grouped = receipt_for(market.db, sale.reference)
    assert texts(grouped).count("Coopérative des abeilles") == 1  # one heading
    assert sorted(r.value for r in grouped.rows if r.value) == sorted(r.value for r in flat.rows if r.value)
    set_receipt_grouping(market.db, market.organizer, False)
    assert receipt_for(market.db, sale.reference) == flat
