"""Printer transports with real bytes: a TCP server on 127.0.0.1, real files, real refusals."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import escpos.printer as ep  # type: ignore[import-untyped]
import pytest

from possouk.domain.errors import EnvironmentFault, UserError
from possouk.hardware.escpos import drawer_pulse, receipt_bytes
from possouk.hardware.printers import PrinterConfig, PrinterKind, open_drawer, send
from possouk.hardware.receipt_image import render_receipt
from tests.hardware.samples import fixed_receipt


@pytest.fixture(scope="module")
def receipt_data() -> bytes:
    return receipt_bytes(render_receipt(fixed_receipt()), open_drawer=True)


@contextmanager
def tcp_printer(
    paper_status: int | None = None, deadline_s: float = 5.0
) -> Iterator[tuple[int, list[bytes]]]:
    """A one-job printer on a free port: collects what one client sends, then stops by itself.

    With ``paper_status``, it first answers the paper query (DLE EOT 4) with that byte.
    """
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(deadline_s)
    received: list[bytes] = []

    def serve() -> None:
        chunks: list[bytes] = []
        try:
            conn, _ = server.accept()
            with conn:
                conn.settimeout(deadline_s)
                if paper_status is not None:
                    query = b""
                    while len(query) < 3 and (chunk := conn.recv(3 - len(query))):
                        query += chunk
                    chunks.append(query)
                    conn.sendall(bytes([paper_status]))
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
        except OSError:
            pass
        finally:
            received.append(b"".join(chunks))
            server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], received
    finally:
        thread.join(deadline_s + 1)


def free_port() -> int:
    """A port nobody listens on: bound once, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_network_delivers_a_receipt_byte_for_byte(receipt_data: bytes) -> None:
    with tcp_printer() as (port, received):
        send(PrinterConfig(kind=PrinterKind.NETWORK, host="127.0.0.1", port=port, timeout_s=2), receipt_data)
    assert received == [receipt_data]
    assert len(receipt_data) > 10_000  # a real raster image, not a stub


def test_paper_check_prints_when_the_sensor_sees_paper(receipt_data: bytes) -> None:
    with tcp_printer(0x12) as (port, received):
        send(PrinterConfig(kind=PrinterKind.NETWORK, host="127.0.0.1", port=port, timeout_s=2,
                           check_paper=True), receipt_data)
    assert received == [b"\x10\x04\x04" + receipt_data]


def test_paper_check_refuses_to_print_without_paper(receipt_data: bytes) -> None:
    with tcp_printer(0x72) as (port, received), pytest.raises(EnvironmentFault) as caught:
        send(PrinterConfig(kind=PrinterKind.NETWORK, host="127.0.0.1", port=port, timeout_s=2,
                           check_paper=True), receipt_data)
    assert "out of paper" in caught.value.message
    assert received == [b"\x10\x04\x04"]  # only the query: nothing of the receipt went out


def test_refused_connection_is_an_environment_fault_quickly(receipt_data: bytes) -> None:
    config = PrinterConfig(kind=PrinterKind.NETWORK, host="127.0.0.1", port=free_port(), timeout_s=1)
    with pytest.raises(EnvironmentFault) as caught:
        send(config, receipt_data)
    assert "127.0.0.1" in str(caught.value) and "switched on" in caught.value.message
    assert caught.value.params == {"address": f"127.0.0.1:{config.port}"}


def test_a_printer_that_stops_reading_mid_job_times_out() -> None:
    # Listens (so the connection is accepted by the kernel) but never reads:
    # like a printer out of paper whose buffer is full. The send must give up.
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        port = server.getsockname()[1]
        config = PrinterConfig(kind=PrinterKind.NETWORK, host="127.0.0.1", port=port, timeout_s=0.5)
        with pytest.raises(EnvironmentFault) as caught:
            send(config, b"\x00" * 64_000_000)  # gives up after timeout_s instead of hanging
    assert "while printing" in caught.value.message


def test_file_transport_writes_the_bytes(tmp_path: Path, receipt_data: bytes) -> None:
    target = tmp_path / "lp0"
    send(PrinterConfig(kind=PrinterKind.FILE, path=str(target)), receipt_data)
    assert target.read_bytes() == receipt_data


def test_missing_device_is_an_environment_fault(tmp_path: Path) -> None:
    config = PrinterConfig(kind=PrinterKind.FILE, path=str(tmp_path / "no" / "such" / "lp0"))
    with pytest.raises(EnvironmentFault) as caught:
        send(config, b"x")
    assert "cable" in caught.value.message
    assert caught.value.params["address"].endswith("lp0")


def test_permission_denied_says_so(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    target = tmp_path / "lp0"
    target.write_bytes(b"")
    target.chmod(0o444)
    with pytest.raises(EnvironmentFault) as caught:
        send(PrinterConfig(kind=PrinterKind.FILE, path=str(target)), b"x")
    assert "access" in caught.value.message


def test_permission_error_inside_python_escpos_is_recognised() -> None:
    # Root (as in CI containers) may write anywhere, so build the chain python-escpos
    # raises: DeviceNotFoundError raised while handling a PermissionError.
    from escpos.exceptions import DeviceNotFoundError  # type: ignore[import-untyped]

    from possouk.hardware.printers import _fault

    try:
        try:
            raise PermissionError(13, "Permission denied", "/dev/usb/lp0")
        except OSError as exc:
            raise DeviceNotFoundError(f"Could not open the specified file:\n{exc}")  # noqa: B904 - as escpos
    except DeviceNotFoundError as wrapped:
        fault = _fault(PrinterConfig(kind=PrinterKind.FILE, path="/dev/usb/lp0"), False, wrapped)
    assert "access" in fault.message and fault.params == {"address": "/dev/usb/lp0"}


def test_drawer_kick_goes_through_the_transport(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    open_drawer(PrinterConfig(kind=PrinterKind.FILE, path=str(target), drawer_pin=5, drawer_pulse_ms=200))
    assert target.read_bytes() == drawer_pulse(5, 200)


def test_preview_writes_a_new_file_per_job(tmp_path: Path, receipt_data: bytes) -> None:
    folder = tmp_path / "preview"
    config = PrinterConfig(kind=PrinterKind.PREVIEW, path=str(folder))
    send(config, receipt_data, job_name="MEK1-42")
    send(config, b"second", job_name="MEK1-42")
    send(config, b"odd", job_name="../../etc/passwd")
    assert (folder / "MEK1-42.escpos").read_bytes() == receipt_data
    assert (folder / "MEK1-42-2.escpos").read_bytes() == b"second"
    assert sorted(p.name for p in folder.iterdir()) == ["MEK1-42-2.escpos", "MEK1-42.escpos",
                                                        "etc_passwd.escpos"]


def test_preview_into_a_file_instead_of_a_folder_is_a_fault(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(EnvironmentFault):
        send(PrinterConfig(kind=PrinterKind.PREVIEW, path=str(blocker)), b"x")


def test_missing_optional_package_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ep.Usb, "is_usable", staticmethod(lambda: False))  # as without pyusb
    with pytest.raises(UserError) as caught:
        send(PrinterConfig(kind=PrinterKind.USB, usb_vendor=0x04B8, usb_product=0x0202), b"x")
    assert caught.value.params["package"] == "pyusb"


def test_windows_spooler_without_pywin32_names_it() -> None:
    if ep.Win32Raw.is_usable():
        pytest.skip("pywin32 is installed here")
    with pytest.raises(UserError) as caught:
        send(PrinterConfig(kind=PrinterKind.WINDOWS, windows_name="EPSON TM-T20II"), b"x")
    assert caught.value.params["package"] == "pywin32"


def test_dict_round_trip_through_json() -> None:
    config = PrinterConfig(kind=PrinterKind.USB, usb_vendor=0x04B8, usb_product=0x0E15, width_dots=384,
                           profile="TM-T20II", drawer_pin=5, drawer_pulse_ms=250, timeout_s=3,
                           check_paper=True)
    again = PrinterConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert again == config
    assert config.to_dict()["kind"] == "usb"


def test_from_dict_accepts_hex_usb_ids_and_defaults() -> None:
    config = PrinterConfig.from_dict({"kind": "usb", "usb_vendor": "04b8", "usb_product": "0x0E15"})
    assert (config.usb_vendor, config.usb_product, config.width_dots) == (0x04B8, 0x0E15, 576)


@pytest.mark.parametrize(
    ("data", "msgid_part"),
    [
        ({"kind": "fax"}, "Unknown printer kind"),
        ({"kind": "network"}, "host name"),
        ({"kind": "network", "host": "10.0.0.9", "port": 70000}, "port"),
        ({"kind": "network", "host": "10.0.0.9", "port": "9100"}, "whole number"),
        ({"kind": "network", "host": "10.0.0.9", "port": True}, "whole number"),
        ({"kind": "usb"}, "vendor and product"),
        ({"kind": "usb", "usb_vendor": "zz", "usb_product": 1}, "USB id"),
        ({"kind": "serial"}, "serial printer needs"),
        ({"kind": "serial", "serial_device": "COM1", "baudrate": 1234}, "serial speed"),
        ({"kind": "file"}, "device file"),
        ({"kind": "preview"}, "folder"),
        ({"kind": "preview", "path": "p", "width_dots": 500}, "paper width"),
        ({"kind": "preview", "path": "p", "profile": "nope"}, "profile"),
        ({"kind": "preview", "path": "p", "drawer_pin": 3}, "drawer pin"),
        ({"kind": "preview", "path": "p", "drawer_pulse_ms": 2000}, "drawer pulse"),
        ({"kind": "preview", "path": "p", "timeout_s": 0}, "timeout"),
        ({"kind": "preview", "path": "p", "timeout_s": "fast"}, "must be a number"),
        ({"kind": "preview", "path": 5}, "must be text"),
        ({"kind": "preview", "path": "p", "check_paper": "yes"}, "true or false"),
        ({"kind": "preview", "path": "p", "colour": "red"}, "Unknown printer setting"),
    ],
)
def test_bad_settings_are_user_errors(data: dict[str, Any], msgid_part: str) -> None:
    with pytest.raises(UserError) as caught:
        PrinterConfig.from_dict(data)
    assert msgid_part in caught.value.message
    assert not isinstance(caught.value, EnvironmentFault)


def test_from_dict_refuses_a_non_mapping() -> None:
    with pytest.raises(UserError):
        PrinterConfig.from_dict(["network"])  # type: ignore[arg-type]


def test_kind_given_as_text_to_the_constructor_is_normalised() -> None:
    config = PrinterConfig(kind="preview", path="out")  # type: ignore[arg-type]
    assert config.kind is PrinterKind.PREVIEW
