"""``possouk printer set|show|test``, ``possouk print`` and ``possouk print-queue``."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.conftest import Market


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "network"], "needs a host name"),
    (["--kind", "network", "--host", "10.0.0.9", "--port", "70000"], "port must be a number"),
    (["--kind", "usb", "--usb-vendor", "zz", "--usb-product", "0202"], "USB id zz is not valid"),
    (["--kind", "usb"], "needs its vendor and product ids"),
    (["--kind", "serial", "--serial-device", "/dev/ttyS0", "--baudrate", "1234"], "serial speed"),
    (["--kind", "preview"], "needs a folder"),
    (["--kind", "file", "--path", "/dev/usb/lp0", "--drawer-pulse", "5000"], "drawer pulse"),
    (["--kind", "file", "--path", "/dev/usb/lp0", "--profile", "nope"], "Unknown printer profile"),
    (["--kind", "file", "--path", "/dev/usb/lp0", "--timeout", "0"], "printer timeout"),
])
def test_bad_printer_settings_are_refused(market: Market, cli: Cli, args: list[str], message: str) -> None:
    result = cli("printer", "set", *args)
    assert result.code == 1, result.out
    assert message in result.err
    assert cli("printer", "show", "--json").json() is None


def test_width_and_pin_outside_their_choices_are_refused_by_the_command_line(cli: Cli) -> None:
    assert cli("printer", "set", "--kind", "preview", "--path", "x", "--width", "500").code == 2
    assert cli("printer", "set", "--kind", "preview", "--path", "x", "--drawer-pin", "3").code == 2


def test_set_then_show(market: Market, cli: Cli) -> None:
    result = cli("printer", "set", "--kind", "usb", "--usb-vendor", "04b8", "--usb-product", "0x0202",
                 "--width", "384", "--drawer-pin", "5", "--drawer-pulse", "120")
    assert result.code == 0, result.err
    assert "04b8:0202" in result.out
    shown = cli("printer", "show", "--json").json()
    assert (shown["kind"], shown["usb_vendor"], shown["usb_product"]) == ("usb", 0x04B8, 0x0202)
    assert (shown["width_dots"], shown["drawer_pin"], shown["drawer_pulse_ms"]) == (384, 5, 120)
    text = cli("printer", "show")
    assert "width_dots: 384" in text.out


def test_show_without_a_printer(cli: Cli, market: Market) -> None:
    result = cli("printer", "show")
    assert result.code == 0 and "No receipt printer is set up" in result.out


def test_printer_test_to_a_preview_folder(market: Market, cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "preview"
    set_up = cli("printer", "set", "--kind", "preview", "--path", str(folder), "--drawer-pulse", "100")
    assert set_up.code == 0, set_up.err
    result = cli("printer", "test")
    assert result.code == 0, result.err
    [page] = folder.iterdir()
    data = page.read_bytes()
    assert b"\x1dv0" in data and b"\x1dV" in data
    assert bytes([0x1B, 0x70, 0, 50, 100]) in data


def test_print_fault_keeps_the_receipt_and_exits_2(market: Market, cli: Cli, tmp_path: Path) -> None:
    sale = market.sell([(market.honey, 1000)])
    assert cli("printer", "set", "--kind", "network", "--host", "127.0.0.1",
               "--port", str(free_port()), "--timeout", "5").code == 0
    result = cli("print", sale.reference, "--open-drawer")
    assert result.code == 2
    assert "does not answer" in result.err and "kept in the print queue" in result.err
    assert "Traceback" not in result.err
    [job] = cli("print-queue", "--json").json()
    assert (job["reference"], job["copy"], job["attempts"]) == (sale.reference, 0, 1)
    assert "127.0.0.1" in job["error"]
    listed = cli("print-queue")
    assert sale.reference in listed.out and "does not answer" in listed.out

    folder = tmp_path / "preview"
    assert cli("printer", "set", "--kind", "preview", "--path", str(folder)).code == 0
    retried = cli("print-queue", "--retry")
    assert retried.code == 0, retried.err
    assert f"Receipt {sale.reference} printed." in retried.out
    assert "No receipt is waiting" in retried.out
    assert [p.name for p in folder.iterdir()] == [f"{sale.reference}.escpos"]

    reprint = cli("print", sale.reference, "--reprint")
    assert reprint.code == 0, reprint.err
    assert (folder / f"{sale.reference}-duplicata-1.escpos").exists()


def test_print_without_a_printer_says_how_to_set_one_up(market: Market, cli: Cli) -> None:
    sale = market.sell([(market.soap, 1000)])
    result = cli("print", sale.reference)
    assert result.code == 2
    assert "possouk printer set" in result.err and "kept in the print queue" in result.err


def test_print_an_unknown_receipt(market: Market, cli: Cli) -> None:
    result = cli("print", "MEK1-999999")
    assert result.code == 1 and result.err
    assert cli("print-queue", "--json").json() == []
