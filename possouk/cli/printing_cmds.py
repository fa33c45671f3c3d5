"""The receipt printer: ``printer set|show|test``, ``print REFERENCE`` and ``print-queue``.

A printer fault never loses a receipt: the job stays in the print queue, the
command says why in plain words and exits 2 (worth retrying).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING, Any

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_group, add_json_option
from possouk.cli.output import complain, emit, emit_json, say, warn
from possouk.domain.errors import N_
from possouk.hardware.printers import DRAWER_PINS, PAPER_WIDTHS, PrinterConfig, PrinterKind
from possouk.i18n import _, render_error, render_message
from possouk.i18n.formatting import format_datetime
from possouk.services.events import COMMAND_LINE

if TYPE_CHECKING:
    from possouk.services.printing import PrintOutcome

EXIT_OK, EXIT_ENVIRONMENT = 0, 2

# Command-line option → PrinterConfig field.
_OPTIONS = {
    "host": "host", "port": "port", "usb_vendor": "usb_vendor", "usb_product": "usb_product",
    "serial_device": "serial_device", "baudrate": "baudrate", "path": "path",
    "windows_name": "windows_name", "width": "width_dots", "profile": "profile",
    "drawer_pin": "drawer_pin", "drawer_pulse": "drawer_pulse_ms", "timeout": "timeout_s",
}


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register ``printer``, ``print`` and ``print-queue``."""
    group = add_group(subparsers, "printer", _("set up, show or test the receipt printer"), common)
    cmd = add_command(group, "set", _("set up the receipt printer"), common, printer_set_command)
    cmd.add_argument("--kind", required=True, choices=tuple(k.value for k in PrinterKind),
                     help=_("how the printer is reached"))
    cmd.add_argument("--host", help=_("a network printer's host name or IP address"))
    cmd.add_argument("--port", type=int, help=_("a network printer's port (default 9100)"))
    cmd.add_argument("--usb-vendor", metavar="ID", help=_("a USB printer's vendor id, e.g. 04b8"))
    cmd.add_argument("--usb-product", metavar="ID", help=_("a USB printer's product id, e.g. 0202"))
    cmd.add_argument("--serial-device", metavar="DEVICE",
                     help=_("a serial printer's device, e.g. /dev/ttyS0 or COM1"))
    cmd.add_argument("--baudrate", type=int, help=_("a serial printer's speed (default 9600)"))
    cmd.add_argument("--path", help=_("the device file of a file printer, or the folder of a preview "
                                      "printer"))
    cmd.add_argument("--windows-name", metavar="NAME",
                     help=_("the Windows printer's name (default: the default printer)"))
    cmd.add_argument("--width", type=int, choices=PAPER_WIDTHS,
                     help=_("the paper width in dots: 576 for 80 mm paper, 384 for 58 mm"))
    cmd.add_argument("--profile", metavar="NAME", help=_("the python-escpos printer profile"))
    cmd.add_argument("--drawer-pin", type=int, choices=DRAWER_PINS,
                     help=_("the cash drawer's connector pin, 2 or 5"))
    cmd.add_argument("--drawer-pulse", metavar="MS", type=int,
                     help=_("how long to pulse the cash drawer, in milliseconds"))
    cmd.add_argument("--timeout", metavar="SECONDS", type=float,
                     help=_("how long to wait for the printer, in seconds"))

    cmd = add_command(group, "show", _("show the receipt printer's settings"), common,
                      printer_show_command)
    add_json_option(cmd)
    add_command(group, "test", _("print a test page (Arabic, French, a barcode) and open the drawer"),
                common, printer_test_command)

    cmd = add_command(subparsers, "print", _("print the receipt of a sale or refund on the receipt "
                                             "printer"), common, print_command)
    cmd.add_argument("reference", metavar="REFERENCE", help=_("the receipt number, e.g. MEK1-000042"))
    cmd.add_argument("--reprint", action="store_true", help=_("print a copy marked DUPLICATA"))
    cmd.add_argument("--open-drawer", action="store_true", help=_("open the cash drawer too"))

    cmd = add_command(subparsers, "print-queue", _("list the receipts waiting for the printer"), common,
                      print_queue_command)
    cmd.add_argument("--retry", action="store_true", help=_("send the waiting receipts to the printer"))
    add_json_option(cmd)


def printer_set_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import printing  # the printer stack loads on first use

    data: dict[str, Any] = {"kind": args.kind}
    for option, name in _OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            data[name] = value
    config = printing.set_printer(app.db, COMMAND_LINE, PrinterConfig.from_dict(data))
    say(N_("The receipt printer is set up: {kind} {address}."), kind=str(config.kind),
        address=config.address)
    return EXIT_OK


def printer_show_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import printing  # the printer stack loads on first use

    config = printing.printer_config(app.db)
    if args.json:
        emit_json(None if config is None else config.to_dict())
        return EXIT_OK
    if config is None:
        say(N_("No receipt printer is set up."))
        return EXIT_OK
    for name, value in config.to_dict().items():
        emit(f"{name}: {value}")
    return EXIT_OK


def printer_test_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import printing  # the printer stack loads on first use

    return report(printing.print_test_page(app.db))


def print_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import printing  # the printer stack loads on first use

    return report(printing.print_receipt(app.db, args.reference, reprint=args.reprint,
                                          open_drawer=args.open_drawer))


def print_queue_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import printing  # the printer stack loads on first use

    code = EXIT_OK
    if args.retry:
        for outcome in printing.retry_pending(app.db):
            code = max(code, report(outcome))
    jobs = printing.pending(app.db)
    config = printing.printer_config(app.db)
    params = {"address": config.address if config else "?", "kind": str(config.kind) if config else "?"}
    rows = [{"id": job.id, "kind": job.kind, "reference": job.reference, "copy": job.copy,
             "created_at": job.created_at, "attempts": job.attempts, "last_error": job.last_error,
             "error": render_message(job.last_error, params) if job.last_error else None}
            for job in jobs]
    if args.json:
        emit_json(rows)
        return code
    if not rows:
        say(N_("No receipt is waiting for the printer."))
        return code
    for row in rows:
        copy = f" DUPLICATA {row['copy']}" if row["copy"] else ""
        when = format_datetime(datetime.fromisoformat(str(row["created_at"])))
        emit(f"{row['reference']}{copy}  {when}  {row['error'] or ''}".rstrip())
    return code


def report(outcome: PrintOutcome) -> int:
    """Say what became of a print job; 2 when it stays in the queue."""
    from possouk.services import printing  # the printer stack loads on first use

    if outcome.printed:
        if outcome.kind == printing.TEST:
            say(N_("The test page was sent to the printer."))
        elif outcome.kind == printing.SLIP:
            say(N_("Slip {reference} printed."), reference=outcome.reference)
        elif outcome.kind == printing.LABEL:
            say(N_("Labels of {sku} printed."), sku=outcome.reference)
        else:
            say(N_("Receipt {reference} printed."), reference=outcome.reference)
        return EXIT_OK
    if outcome.fault is not None:
        warn(render_error(outcome.fault))
    if outcome.kind == printing.RECEIPT:
        complain(N_("The receipt {reference} is kept in the print queue: print it later with "
                    "“possouk print-queue --retry”."), reference=outcome.reference)
    else:
        complain(N_("{reference} is kept in the print queue: print it later with "
                    "“possouk print-queue --retry”."), reference=outcome.reference)
    return EXIT_ENVIRONMENT
