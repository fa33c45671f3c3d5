"""Printer transports: deliver ESC/POS bytes to a network, USB, serial, file or Windows printer.

The bytes are built apart (:func:`possouk.hardware.escpos.receipt_bytes`) so a
failed print can be queued and sent again unchanged. :func:`send` either
delivers every byte or raises: a transport failure (printer off, refused
connection, timeout, missing device, permission denied, a stall mid-job) is an
:class:`~possouk.domain.errors.EnvironmentFault` whose message says what to
check, and the job must then be treated as not printed. A bad setting or a
missing optional package is a :class:`~possouk.domain.errors.UserError`.

python-escpos's printer classes are imported lazily: their optional
dependencies (pyusb, pyserial, pywin32) are only needed for the kind in use.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from possouk.domain.errors import N_, EnvironmentFault, UserError
from possouk.hardware.escpos import drawer_pulse

WIDTH_80MM = 576
WIDTH_58MM = 384
PAPER_WIDTHS = (WIDTH_80MM, WIDTH_58MM)
DRAWER_PINS = (2, 5)
# ESC p counts the pulse in 2 ms steps, one byte: beyond ~500 ms it would be clamped.
PULSE_RANGE_MS = (10, 500)
TIMEOUT_RANGE_S = (0.1, 120.0)
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


class PrinterKind(StrEnum):
    NETWORK = "network"  # raw TCP, usually port 9100
    USB = "usb"  # pyusb, by vendor and product id
    SERIAL = "serial"  # pyserial
    FILE = "file"  # a device file such as /dev/usb/lp0, or any file
    WINDOWS = "windows"  # the Windows spooler, RAW job (pywin32)
    PREVIEW = "preview"  # no printer: each job becomes a file in a folder


@dataclass(frozen=True)
class PrinterConfig:
    """Where and how to print; validated on creation (bad values raise :class:`UserError`).

    ``path`` is the device file for ``file`` and the folder for ``preview``;
    ``windows_name`` empty means the Windows default printer. ``check_paper``
    works only where the transport can read (network, USB, serial).
    """

    kind: PrinterKind = PrinterKind.PREVIEW
    host: str = ""
    port: int = 9100
    usb_vendor: int = 0
    usb_product: int = 0
    serial_device: str = ""
    baudrate: int = 9600
    path: str = ""
    windows_name: str = ""
    width_dots: int = WIDTH_80MM
    profile: str = "default"
    drawer_pin: int = 2
    drawer_pulse_ms: int = 100
    timeout_s: float = 10.0
    # Ask the printer for its paper sensor (DLE EOT 4) before each job. Off by
    # default: printers that never answer would make every job time out.
    check_paper: bool = False

    def __post_init__(self) -> None:
        _validate(self)

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-able dict (``kind`` as its string value)."""
        data = asdict(self)
        data["kind"] = str(self.kind)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PrinterConfig:
        """Settings read back from :meth:`to_dict` (or a hand-written JSON file); missing keys default.

        USB ids may be given as integers or as hexadecimal strings ("04b8", "0x04B8").
        """
        if not isinstance(data, Mapping):
            raise UserError(N_("The printer settings must be a table of names and values."))
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                raise UserError(N_("Unknown printer setting {name}."), name=str(name))
            values[name] = _coerce(name, value)
        return cls(**values)

    @property
    def address(self) -> str:
        """A short description of where the printer is, for messages."""
        match self.kind:
            case PrinterKind.NETWORK:
                return f"{self.host}:{self.port}"
            case PrinterKind.USB:
                return f"{self.usb_vendor:04x}:{self.usb_product:04x}"
            case PrinterKind.SERIAL:
                return self.serial_device
            case PrinterKind.WINDOWS:
                return self.windows_name
            case _:
                return self.path


_STR_FIELDS = ("host", "serial_device", "path", "windows_name", "profile")
_INT_FIELDS = ("port", "usb_vendor", "usb_product", "baudrate", "width_dots", "drawer_pin", "drawer_pulse_ms")


def _coerce(name: str, value: Any) -> Any:
    """Check one JSON value's type; USB ids also accept hexadecimal text."""
    if name == "kind":
        try:
            return PrinterKind(value)
        except ValueError:
            raise UserError(N_("Unknown printer kind {kind}: use one of {kinds}."), kind=str(value),
                            kinds=", ".join(k.value for k in PrinterKind)) from None
    if name in ("usb_vendor", "usb_product") and isinstance(value, str):
        if not re.fullmatch(r"(0[xX])?[0-9a-fA-F]{1,4}", value.strip()):
            raise UserError(
                N_("The USB id {value} is not valid: give four hexadecimal digits, such as 04b8."),
                value=value)
        return int(value.strip(), 16)
    if name in _STR_FIELDS and not isinstance(value, str):
        raise UserError(N_("The printer setting {name} must be text."), name=name)
    # bool is an int in Python; a JSON true is never a valid port or width.
    if name in _INT_FIELDS and (isinstance(value, bool) or not isinstance(value, int)):
        raise UserError(N_("The printer setting {name} must be a whole number."), name=name)
    if name == "check_paper" and not isinstance(value, bool):
        raise UserError(N_("The printer setting {name} must be true or false."), name=name)
    if name == "timeout_s":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UserError(N_("The printer setting {name} must be a number."), name=name)
        return float(value)
    return value


def _profiles() -> list[str]:
    from escpos.capabilities import CAPABILITIES  # type: ignore[import-untyped]

    return sorted(CAPABILITIES["profiles"])


def _validate(c: PrinterConfig) -> None:
    """Refuse settings no printer could use; the messages name the setting to fix."""
    if not isinstance(c.kind, PrinterKind):
        _coerce("kind", c.kind)  # raises on an unknown kind
        object.__setattr__(c, "kind", PrinterKind(c.kind))
    if c.kind is PrinterKind.NETWORK:
        if not c.host.strip():
            raise UserError(N_("A network printer needs a host name or IP address."))
        if not 1 <= c.port <= 65535:
            raise UserError(N_("The printer port must be a number from 1 to 65535, not {value}."),
                            value=c.port)
    if c.kind is PrinterKind.USB:
        for value in (c.usb_vendor, c.usb_product):
            if not 1 <= value <= 0xFFFF:
                raise UserError(N_("A USB printer needs its vendor and product ids (four hexadecimal digits "
                                   "each, as shown by lsusb or the Device Manager)."))
    if c.kind is PrinterKind.SERIAL:
        if not c.serial_device.strip():
            raise UserError(N_("A serial printer needs its device, such as /dev/ttyS0 or COM1."))
        if c.baudrate not in BAUDRATES:
            raise UserError(N_("The serial speed must be one of {values}, not {value}."),
                            values=", ".join(map(str, BAUDRATES)), value=c.baudrate)
    if c.kind is PrinterKind.FILE and not c.path.strip():
        raise UserError(N_("A file printer needs the path of its device file, such as /dev/usb/lp0."))
    if c.kind is PrinterKind.PREVIEW and not c.path.strip():
        raise UserError(N_("A preview printer needs a folder to write into."))
    if c.width_dots not in PAPER_WIDTHS:
        raise UserError(N_("The paper width must be 576 dots (80 mm) or 384 dots (58 mm), not {value}."),
                        value=c.width_dots)
    if c.profile not in _profiles():
        raise UserError(N_("Unknown printer profile {value}: use one of {values}."), value=c.profile,
                        values=", ".join(_profiles()))
    if c.drawer_pin not in DRAWER_PINS:
        raise UserError(N_("The drawer pin must be 2 or 5, not {value}."), value=c.drawer_pin)
    low, high = PULSE_RANGE_MS
    if not low <= c.drawer_pulse_ms <= high:
        raise UserError(N_("The drawer pulse must be from {low} to {high} ms, not {value}."),
                        low=low, high=high, value=c.drawer_pulse_ms)
    low_s, high_s = TIMEOUT_RANGE_S
    if not low_s <= c.timeout_s <= high_s:
        raise UserError(N_("The printer timeout must be from {low} to {high} seconds, not {value}."),
                        low=low_s, high=high_s, value=c.timeout_s)


_PACKAGES = {PrinterKind.USB: "pyusb", PrinterKind.SERIAL: "pyserial", PrinterKind.WINDOWS: "pywin32"}


def _open_printer(config: PrinterConfig) -> Any:
    """The python-escpos printer object for ``config``, not yet opened."""
    import escpos.printer as ep  # type: ignore[import-untyped]

    classes = {PrinterKind.NETWORK: ep.Network, PrinterKind.USB: ep.Usb, PrinterKind.SERIAL: ep.Serial,
               PrinterKind.FILE: ep.File, PrinterKind.WINDOWS: ep.Win32Raw}
    cls = classes[config.kind]
    if not cls.is_usable():
        raise UserError(N_("Printing to a {kind} printer needs the Python package {package}: install it "
                           "(pip install {package}) and restart possouk."),
                        kind=str(config.kind), package=_PACKAGES[config.kind])
    profile = config.profile
    match config.kind:
        case PrinterKind.NETWORK:
            return ep.Network(config.host, config.port, timeout=config.timeout_s, profile=profile)
        case PrinterKind.USB:
            # pyusb counts its timeout in milliseconds.
            return ep.Usb(config.usb_vendor, config.usb_product, timeout=int(config.timeout_s * 1000),
                          profile=profile)
        case PrinterKind.SERIAL:
            return ep.Serial(config.serial_device, baudrate=config.baudrate, timeout=config.timeout_s,
                             profile=profile)
        case PrinterKind.FILE:
            return ep.File(config.path, profile=profile)
        case _:
            return ep.Win32Raw(config.windows_name, profile=profile)


_READABLE = (PrinterKind.NETWORK, PrinterKind.USB, PrinterKind.SERIAL)
_OUT_OF_PAPER = N_("The printer {address} is out of paper: put in a new roll, close the cover, then print "
                   "again.")

_FAILURES: dict[PrinterKind, tuple[str, str]] = {
    # (could not open, failed while writing)
    PrinterKind.NETWORK: (
        N_("The printer at {address} does not answer: check that it is switched on, that its network "
           "cable is plugged in and that its address is right."),
        N_("The printer at {address} stopped answering while printing: check its power, its paper and "
           "its network cable, then print again."),
    ),
    PrinterKind.USB: (
        N_("The USB printer {address} was not found: check that it is switched on and that its USB "
           "cable is plugged in."),
        N_("The USB printer {address} failed while printing: check its power, its paper and its cable, "
           "then print again."),
    ),
    PrinterKind.SERIAL: (
        N_("The serial printer on {address} could not be opened: check that it is switched on, that its "
           "cable is plugged in and that the port is right."),
        N_("The serial printer on {address} failed while printing: check its power, its paper and its "
           "cable, then print again."),
    ),
    PrinterKind.FILE: (
        N_("The printer device {address} could not be opened: check that the printer is switched on, "
           "that its cable is plugged in and that the path is right."),
        N_("Writing to the printer device {address} failed: check the printer's power, paper and cable, "
           "then print again."),
    ),
    PrinterKind.WINDOWS: (
        N_("The Windows printer {address} could not start a print job: check that it is installed, "
           "switched on and has paper."),
        N_("The Windows printer {address} failed while printing: check its power, its paper and its "
           "cable, then print again."),
    ),
}


def _is_permission_error(exc: BaseException) -> bool:
    """python-escpos re-raises an OSError as DeviceNotFoundError, keeping the original as context."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, PermissionError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _fault(config: PrinterConfig, while_writing: bool, exc: BaseException) -> EnvironmentFault:
    address = config.address or "?"
    if _is_permission_error(exc):
        return EnvironmentFault(N_("possouk may not use the printer {address}: ask the administrator to give "
                                   "this user access to it (on Linux, the lp or dialout group)."),
                                address=address)
    return EnvironmentFault(_FAILURES[config.kind][while_writing], address=address)


def send(config: PrinterConfig, data: bytes, *, job_name: str = "possouk") -> None:
    """Deliver ``data`` (raw ESC/POS bytes) to the printer of ``config``; return once all were written.

    Raises :class:`EnvironmentFault` when the transport fails — the job must
    then be treated as not printed and kept for a retry — and
    :class:`UserError` when the kind's optional package is missing.
    ``job_name`` names the Windows spooler job and the preview file.
    """
    if config.kind is PrinterKind.PREVIEW:
        _write_preview(Path(config.path), data, job_name)
        return
    printer = _open_printer(config)
    try:
        try:
            if config.kind is PrinterKind.NETWORK:
                # Network.open() leaks its socket when connect fails (python-escpos 3.1)
                # and knows only IPv4; create_connection closes on failure and resolves both.
                printer.device = socket.create_connection((config.host, config.port), config.timeout_s)
            elif config.kind is PrinterKind.WINDOWS:
                printer.open(job_name=job_name)
            else:
                printer.open()
            if config.kind is PrinterKind.SERIAL:
                # pyserial writes without a time limit by default: a printer switched
                # off with hardware flow control would block the till for ever.
                printer.device.write_timeout = config.timeout_s
            # Paper status 0 = no paper; 1 = near end, still prints; no answer counts as paper.
            if config.check_paper and config.kind in _READABLE and printer.paper_status() == 0:
                raise EnvironmentFault(_OUT_OF_PAPER, address=config.address)
        except EnvironmentFault:
            raise
        # Any failure of the third-party transport means "not printed"; the cause
        # stays chained for the log, the user sees what to check.
        except Exception as exc:
            raise _fault(config, False, exc) from exc
        try:
            printer._raw(data)
            # Closing ends the Windows spooler job and flushes serial and file
            # devices: until it succeeds the job is not known to be printed.
            printer.close()
        except Exception as exc:
            raise _fault(config, True, exc) from exc
    finally:
        # After a fault: closing a broken transport may fail again; the fault is already known.
        with contextlib.suppress(Exception):
            printer.close()
        # python-escpos closes again in __del__; mark it closed so that does nothing.
        printer._device = False


def open_drawer(config: PrinterConfig) -> None:
    """Kick the cash drawer wired to the printer, with the configured pin and pulse."""
    send(config, drawer_pulse(config.drawer_pin, config.drawer_pulse_ms), job_name="drawer")


def _safe_stem(job_name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", job_name).strip("._")
    return stem[:80] or "job"


def _write_preview(folder: Path, data: bytes, job_name: str) -> Path:
    """Write ``data`` to a new file ``<job_name>[-n].escpos`` in ``folder``; never overwrite one."""
    stem = _safe_stem(job_name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(1, 10_000):
            target = folder / (f"{stem}.escpos" if n == 1 else f"{stem}-{n}.escpos")
            try:
                # Exclusive create: two registers sharing a folder never overwrite each other.
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
            except OSError:
                target.unlink(missing_ok=True)
                raise
            return target
        raise FileExistsError(folder)
    except OSError as exc:
        raise EnvironmentFault(N_("The preview folder {address} could not be written: check that it exists "
                                  "and that this user may write to it."), address=str(folder)) from exc
