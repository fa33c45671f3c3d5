"""``possouk receipt`` and ``possouk slip``: files from the ledger, or a clear refusal and no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from possouk.services.refunds import RefundRequest, refund
from tests.cli.conftest import Cli
from tests.conftest import Market


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("width", [576, 384])
def test_receipt_png_and_escpos_of_a_sale(market: Market, cli: Cli, tmp_path: Path, width: int) -> None:
    sale = market.sell([(market.honey, 1000), (market.figs, 1500)])
    png, raw = tmp_path / "r.png", tmp_path / "r.bin"
    result = cli("receipt", sale.reference, "--png", str(png), "--escpos", str(raw),
                 "--width", str(width))
    assert result.code == 0, result.err
    assert sale.reference in result.out
    with Image.open(png) as image:
        assert (image.mode, image.width) == ("1", width)
    data = raw.read_bytes()
    assert b"\x1dv0" in data and b"\x1dV" in data
    assert leftovers(tmp_path) == []


def test_receipt_of_a_refund(market: Market, cli: Cli, tmp_path: Path) -> None:
    sale = market.sell([(market.oil, 2000)])
    back = refund(market.db, RefundRequest("r1", "MEK1", market.supervisor, sale.id, []))
    png = tmp_path / "refund.png"
    result = cli("receipt", back.reference, "--png", str(png))
    assert result.code == 0, result.err
    with Image.open(png) as image:
        assert (image.mode, image.width) == ("1", 576)


def test_duplicata_is_drawn(market: Market, cli: Cli, tmp_path: Path) -> None:
    sale = market.sell([(market.soap, 1000)])
    first, again = tmp_path / "first.png", tmp_path / "again.png"
    assert cli("receipt", sale.reference, "--png", str(first)).code == 0
    assert cli("receipt", sale.reference, "--png", str(again), "--duplicata", "2").code == 0
    with Image.open(first) as a, Image.open(again) as b:
        assert b.height > a.height  # the DUPLICATA row


@pytest.mark.parametrize("reference, message", [
    ("MEK1-000099", "There is no receipt MEK1-000099."),
    ("garbage", "“garbage” is not a receipt number."),
])
def test_unknown_or_garbage_reference(market: Market, cli: Cli, tmp_path: Path,
                                      reference: str, message: str) -> None:
    png = tmp_path / "r.png"
    result = cli("receipt", reference, "--png", str(png))
    assert result.code == 1
    assert message in result.err
    assert "Traceback" not in result.err
    assert not png.exists()


def test_receipt_needs_an_output(market: Market, cli: Cli) -> None:
    sale = market.sell([(market.soap, 1000)])
    result = cli("receipt", sale.reference)
    assert result.code == 1
    assert "--png" in result.err


def test_unwritable_output(market: Market, cli: Cli, tmp_path: Path) -> None:
    sale = market.sell([(market.soap, 1000)])
    target = tmp_path / "no-such-folder" / "r.png"
    result = cli("receipt", sale.reference, "--png", str(target))
    assert result.code == 2
    assert "could not be written" in result.err
    assert not target.parent.exists()
    blocked = tmp_path / "blocked.bin"
    blocked.mkdir()
    result = cli("receipt", sale.reference, "--escpos", str(blocked))
    assert result.code == 2
    assert leftovers(tmp_path) == [] and list(blocked.iterdir()) == []


def test_slip_pdf(market: Market, cli: Cli, tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    result = cli("slip", "MEK-D-00001", "--pdf", str(pdf))
    assert result.code == 0, result.err
    assert pdf.read_bytes().startswith(b"%PDF")
    assert leftovers(tmp_path) == []


def test_unknown_slip(market: Market, cli: Cli, tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    result = cli("slip", "MEK-D-00099", "--pdf", str(pdf))
    assert result.code == 1
    assert "MEK-D-00099" in result.err
    assert not pdf.exists()


def test_store_set_group_receipts(market: Market, cli: Cli) -> None:
    from possouk.services.receipts import receipt_for

    sale = market.sell([(market.honey, 1000), (market.oil, 1000), (market.figs, 1000)])
    result = cli("store", "set", "--group-receipts", "yes")
    assert result.code == 0, result.err
    names = [row.fr for row in receipt_for(market.db, sale.reference).rows]
    assert names.count("Coopérative des abeilles") == 1
    assert cli("store", "set", "--group-receipts", "no").code == 0
    names = [row.fr for row in receipt_for(market.db, sale.reference).rows]
    assert names.count("Coopérative des abeilles") == 2
    assert cli("store", "set", "--group-receipts", "maybe").code != 0


def test_slip_printed_on_the_receipt_printer_through_the_queue(market: Market, cli: Cli,
                                                               tmp_path: Path) -> None:
    assert cli("slip", "MEK-D-00001").code == 1  # neither --pdf nor --print
    kept = cli("slip", "MEK-D-00001", "--print")  # no printer yet: the slip waits
    assert kept.code == 2 and "MEK-D-00001" in kept.err
    folder = tmp_path / "preview"
    assert cli("printer", "set", "--kind", "preview", "--path", str(folder)).code == 0
    retried = cli("print-queue", "--retry")
    assert retried.code == 0, retried.err
    printed = cli("slip", "MEK-D-00002", "--print",
                  "--pdf", str(tmp_path / "slip.pdf"))
    assert printed.code == 0, printed.err
    assert "MEK-D-00002" in printed.out and (tmp_path / "slip.pdf").read_bytes().startswith(b"%PDF")
    files = sorted(folder.iterdir())
    assert len(files) == 2  # the waiting slip once, then the new one
    assert all(b"\x1dv0" in f.read_bytes() for f in files)
    assert cli("print-queue", "--retry").code == 0 and len(list(folder.iterdir())) == 2


def test_cli_prints_labels_and_still_writes_sheets(market: Market, cli: Cli, tmp_path: Path) -> None:
    assert cli("labels", "--sku", "HON-1").code == 1  # neither --out nor --print
    kept = cli("labels", "--sku", "HON-1", "--sku", "OIL-1", "--print")  # no printer yet
    assert kept.code == 2 and "HON-1" in kept.err and "OIL-1" in kept.err
    folder = tmp_path / "preview"
    assert cli("printer", "set", "--kind", "preview", "--path", str(folder)).code == 0
    assert cli("print-queue", "--retry").code == 0
    both = cli("labels", "--sku", "FIG-1", "--print", "--out", str(tmp_path / "l.pdf"), "--copies", "2")
    assert both.code == 0, both.err
    assert "FIG-1" in both.out and (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")
    assert len(list(folder.iterdir())) == 3
