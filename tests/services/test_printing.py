"""The print queue: a failed print keeps the receipt, a retry prints it once; reprints count up."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from possouk.domain.errors import EnvironmentFault, PermissionDenied, UserError
from possouk.hardware.printers import PrinterConfig, PrinterKind
from possouk.services import audit, printing
from possouk.services.events import COMMAND_LINE
from possouk.storage.uow import open_database
from tests.conftest import Market

RASTER, CUT, DRAWER = b"\x1dv0", b"\x1dV", b"\x1bp"


@contextmanager
def tcp_printer(deadline_s: float = 5.0) -> Iterator[tuple[int, list[bytes]]]:
    """A printer on 127.0.0.1 that takes any number of jobs: one entry a connection."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)  # how often the loop looks at ``stop``; bounds the test, not asserted
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(deadline_s)
                chunks: list[bytes] = []
                try:
                    while chunk := conn.recv(65536):
                        chunks.append(chunk)
                except OSError:
                    pass
                received.append(b"".join(chunks))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], received
    finally:
        stop.set()
        thread.join(deadline_s + 1)
        server.close()


def free_port() -> int:
    """A port nobody listens on: bound once, then released (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def network(port: int) -> PrinterConfig:
    return PrinterConfig(kind=PrinterKind.NETWORK, host="127.0.0.1", port=port, timeout_s=5.0)


def test_a_failed_print_keeps_the_sale_and_queues_the_receipt_until_a_retry_prints_it_once(
    market: Market, tmp_path: Path,
) -> None:
    sale = market.sell([(market.honey, 1000), (market.figs, 1500)])
    printing.set_printer(market.db, COMMAND_LINE, network(free_port()))

    outcome = printing.print_receipt(market.db, sale.reference, open_drawer=True)
    assert not outcome.printed
    assert isinstance(outcome.fault, EnvironmentFault)
    assert "does not answer" in outcome.fault.message
    assert audit.verify(market.db).ok

    # The queue survives closing and reopening the database.
    path = market.db.path
    assert path is not None
    market.db.close()
    db = open_database(path)
    try:
        [job] = printing.pending(db)
        assert (job.kind, job.reference, job.copy, job.status) == ("receipt", sale.reference, 0, "queued")
        assert job.attempts == 1 and job.last_error == outcome.fault.message
        assert RASTER in job.data and CUT in job.data and DRAWER in job.data

        with tcp_printer() as (port, received):
            printing.set_printer(db, COMMAND_LINE, network(port))
            [done] = printing.retry_pending(db)
            assert done.printed and done.job_id == job.id and done.fault is None
            assert printing.retry_pending(db) == []
        assert received == [job.data]
        assert printing.pending(db) == []
        with db.read() as uow:
            printed = uow.printing.get(job.id)
        assert printed.status == "printed" and printed.attempts == 2 and printed.printed_at
        assert audit.verify(db).ok
    finally:
        db.close()


def test_a_retry_stops_at_the_first_fault_and_keeps_the_order(market: Market, tmp_path: Path) -> None:
    first, second = market.sell([(market.soap, 1000)]), market.sell([(market.oil, 1000)])
    # A file printer whose device cannot be opened (its folder does not exist).
    printing.set_printer(market.db, COMMAND_LINE,
                         PrinterConfig(kind=PrinterKind.FILE, path=str(tmp_path / "no" / "lp0")))
    for sale in (first, second):
        outcome = printing.print_receipt(market.db, sale.reference)
        assert isinstance(outcome.fault, EnvironmentFault)
    [tried] = printing.retry_pending(market.db)
    assert tried.reference == first.reference and not tried.printed
    assert [j.attempts for j in printing.pending(market.db)] == [2, 1]

    waiting = printing.pending(market.db)
    device = tmp_path / "lp0"
    printing.set_printer(market.db, COMMAND_LINE, PrinterConfig(kind=PrinterKind.FILE, path=str(device)))
    outcomes = printing.retry_pending(market.db)
    assert [o.reference for o in outcomes] == [first.reference, second.reference]
    assert all(o.printed for o in outcomes)
    # A device file is opened afresh for each job: it holds the last one.
    assert device.read_bytes() == waiting[1].data
    assert printing.pending(market.db) == []


def test_reprints_say_duplicata_one_then_two(market: Market, tmp_path: Path) -> None:
    sale = market.sell([(market.honey, 1000)])
    folder = tmp_path / "preview"
    printing.set_printer(market.db, COMMAND_LINE, PrinterConfig(path=str(folder)))
    assert printing.print_receipt(market.db, sale.reference).copy == 0
    first = printing.print_receipt(market.db, sale.reference, reprint=True)
    second = printing.print_receipt(market.db, sale.reference, reprint=True)
    assert (first.copy, second.copy) == (1, 2) and first.printed and second.printed
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{sale.reference}-duplicata-1.escpos", f"{sale.reference}-duplicata-2.escpos",
        f"{sale.reference}.escpos"]
    with market.db.read() as uow:
        events = uow.ledger.events(kind="reprint")
    assert sorted(json.loads(e["detail"])["copy"] for e in events) == [1, 2]


def test_reprint_rows_carry_the_count(market: Market) -> None:
    # The bytes are an image: check the layout the job was drawn from.
    from possouk.services.receipts import receipt_for

    sale = market.sell([(market.honey, 1000)])
    rows = receipt_for(market.db, sale.reference, duplicate_count=2).rows
    assert any(r.value == "#2" and "DUPLICATA" in r.fr for r in rows)


def test_without_a_printer_the_receipt_waits_with_a_clear_message(market: Market) -> None:
    sale = market.sell([(market.soap, 2000)])
    assert printing.printer_config(market.db) is None
    outcome = printing.print_receipt(market.db, sale.reference)
    assert not outcome.printed and isinstance(outcome.fault, UserError)
    assert outcome.fault.message == printing.NO_PRINTER
    assert "possouk printer set" in printing.NO_PRINTER
    [job] = printing.pending(market.db)
    assert job.last_error == printing.NO_PRINTER and job.attempts == 0


def test_unknown_reference_queues_nothing(market: Market) -> None:
    with pytest.raises(UserError):
        printing.print_receipt(market.db, "MEK1-999999")
    assert printing.pending(market.db) == []


def test_printer_settings_need_the_right_to_change_settings(market: Market, tmp_path: Path) -> None:
    config = PrinterConfig(kind=PrinterKind.PREVIEW, path=str(tmp_path), width_dots=384, drawer_pin=5)
    with pytest.raises(PermissionDenied):
        printing.set_printer(market.db, market.cashier, config)
    printing.set_printer(market.db, market.organizer, config)
    assert printing.printer_config(market.db) == config
    with market.db.read() as uow:
        [event] = uow.ledger.events(kind="settings_changed", limit=1)
    assert "printer" in str(event)


def test_test_page_has_an_image_a_barcode_and_opens_the_drawer(market: Market, tmp_path: Path) -> None:
    folder = tmp_path / "preview"
    printing.set_printer(market.db, COMMAND_LINE,
                         PrinterConfig(path=str(folder), drawer_pin=5, drawer_pulse_ms=200))
    outcome = printing.print_test_page(market.db)
    assert outcome.printed and outcome.kind == "test"
    [page] = folder.iterdir()
    data = page.read_bytes()
    assert RASTER in data and data.endswith(bytes([0x1B, 0x70, 1, 100, 200]))
    kinds = [r.kind for r in printing.printer_test_page().rows]
    assert "barcode" in kinds
