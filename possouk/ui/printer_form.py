"""The receipt printer's form: how the printer is reached, the paper, its profile, the drawer.

One widget for the back office's settings and the first-run setup. Each field is checked
as it is edited with the checks :mod:`possouk.services.settings_admin` runs again when
saving; only the rows of the connection chosen show. The form writes nothing itself: its
owner saves :meth:`PrinterForm.values` and runs the test print (:func:`report_of_test_print`
turns the outcome into what to say).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from possouk.domain.errors import N_, EnvironmentFault, PossoukError, UserError
from possouk.hardware.printers import BAUDRATES, PrinterConfig, PrinterKind
from possouk.i18n import gettext as _
from possouk.i18n import render_error, render_message
from possouk.services import printing as printing_service
from possouk.services import settings_admin
from possouk.ui.backoffice.users import CheckedField, all_valid
from possouk.ui.widgets import MessageBar
from possouk.ui.workers import Done

__all__ = ["PRINTER_KINDS", "PrinterForm", "report_of_test_print"]

PRINTER_KINDS = {
    PrinterKind.NETWORK: N_("Network (IP address)"),
    PrinterKind.USB: N_("USB"),
    PrinterKind.SERIAL: N_("Serial port"),
    PrinterKind.FILE: N_("Device file"),
    PrinterKind.WINDOWS: N_("Windows printer"),
    # Translators: printer kind: no printer, each receipt is written as a file in a folder
    PrinterKind.PREVIEW: N_("No printer (files in a folder)"),
}

# The fields of each connection, in the order they show.
_KIND_FIELDS = {"network": ("host", "port"), "usb": ("usb_vendor", "usb_product"),
                "serial": ("serial_device",), "file": ("device_path",),
                "windows": ("windows_name",), "preview": ("preview_path",)}


def report_of_test_print(done: Done) -> PossoukError | str:
    """What to say once a test print (:func:`settings_admin.print_test_page`) has reported:
    the words of a success, or the error to show (a printer that is off says why)."""
    try:
        outcome = done.result()
    except PossoukError as error:
        return error
    assert isinstance(outcome, printing_service.PrintOutcome)
    if outcome.printed:
        return _("The test page was sent to the printer.")
    reason = render_error(outcome.fault) if outcome.fault is not None else ""
    return EnvironmentFault(N_("The test page was not printed: {reason}"), reason=reason)


class PrinterForm(QWidget):
    """The printer's settings as fields; :meth:`fill` shows a saved setting, :meth:`values`
    reads the form back. ``message`` is where "Detect USB printers" says what it found."""

    def __init__(self, message: MessageBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = message
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox(self)
        self.kind.setObjectName("printer_kind")
        # Sized to a short choice, not the longest: the row keeps its label beside it.
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(16)
        for kind in PRINTER_KINDS:
            self.kind.addItem("", kind.value)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_rows())
        form.addRow(self._label("printer_kind"), self.kind)
        checks: dict[str, Callable[[str], object]] = {
            "host": settings_admin.check_host, "port": settings_admin.check_port,
            "usb_vendor": settings_admin.check_usb_id, "usb_product": settings_admin.check_usb_id,
            "serial_device": settings_admin.check_serial_device,
            "device_path": settings_admin.check_device_path,
            "windows_name": lambda v: v,
            "preview_path": settings_admin.check_preview_folder,
        }
        self.fields = {name: CheckedField(check, name=name, parent=self)
                       for name, check in checks.items()}
        self.baudrate = QComboBox(self)
        self.baudrate.setObjectName("baudrate")
        for rate in BAUDRATES:
            self.baudrate.addItem(str(rate), rate)
        self.usb_found = QComboBox(self)
        self.usb_found.setObjectName("usb_found")
        self.usb_found.activated.connect(self._usb_chosen)
        self.usb_found.hide()
        self.detect_button = QPushButton(self)
        self.detect_button.setObjectName("detect_usb")
        self.detect_button.clicked.connect(lambda _checked=False: self.detect_usb())
        self.rows: dict[str, list[QWidget]] = {}
        for kind_name, names in _KIND_FIELDS.items():
            for name in names:
                label = self._label(name)
                form.addRow(label, self.fields[name].box)
                self.rows.setdefault(kind_name, []).extend([label, self.fields[name].box])
        usb_row = QWidget(self)
        detect = QHBoxLayout(usb_row)
        detect.setContentsMargins(0, 0, 0, 0)
        detect.addWidget(self.detect_button)
        detect.addWidget(self.usb_found, 1)
        form.addRow(usb_row)
        self.rows["usb"].append(usb_row)
        form.addRow(self._label("baudrate"), self.baudrate)
        self.rows["serial"].extend([self.labels["baudrate"], self.baudrate])
        self.paper = QComboBox(self)
        self.paper.setObjectName("paper")
        self.paper.addItem("\u206680 mm\u2069", 576)  # isolated: "80 mm", not "mm 80", in Arabic
        self.paper.addItem("\u206658 mm\u2069", 384)
        self.profile = QComboBox(self)
        self.profile.setObjectName("profile")
        self.drawer_pin = QComboBox(self)
        self.drawer_pin.setObjectName("drawer_pin")
        self.drawer_pin.addItem("2", 2)
        self.drawer_pin.addItem("5", 5)
        self.drawer_pin.setMinimumWidth(70)
        self.pulse = QSpinBox(self)
        self.pulse.setObjectName("pulse")
        self.pulse.setRange(10, 500)
        self.pulse.setSingleStep(10)
        self.pulse.setSuffix(" ms")
        drawer = QHBoxLayout()
        drawer.addWidget(self.drawer_pin)
        drawer.addWidget(self.pulse, 1)
        form.addRow(self._label("paper"), self.paper)
        form.addRow(self._label("profile"), self.profile)
        form.addRow(self._label("drawer"), drawer)
        self.fill(None, ["default"])  # the profiles are read by the owner, off the GUI thread
        self.retranslate()

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        self.labels[name] = label
        return label

    # -- words ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        words = {
            # Translators: settings, printer: how the printer is reached (network, USB…)
            "printer_kind": _("Connection"),
            "host": _("Host or IP address"), "port": _("Port"),
            "usb_vendor": _("USB vendor id"), "usb_product": _("USB product id"),
            "serial_device": _("Serial device"), "baudrate": _("Speed (baud)"),
            "device_path": _("Device file"), "windows_name": _("Windows printer name"),
            "preview_path": _("Folder"),
            "paper": _("Paper width"), "profile": _("Printer profile"),
            # Translators: settings, printer: the cash drawer's pin (2 or 5) and pulse length
            "drawer": _("Cash drawer (pin, pulse)"),
        }
        for name, label in words.items():
            self.labels[name].setText(label)
        self.detect_button.setText(_("Detect USB printers"))
        for index in range(self.kind.count()):
            kind = PrinterKind(str(self.kind.itemData(index)))
            self.kind.setItemText(index, _(PRINTER_KINDS[kind]))
        self.fields["host"].edit.setPlaceholderText(_("e.g. 192.168.1.50"))
        self.fields["usb_vendor"].edit.setPlaceholderText(_("e.g. 04b8"))
        self.fields["usb_product"].edit.setPlaceholderText(_("e.g. 0202"))
        self.fields["device_path"].edit.setPlaceholderText(_("e.g. /dev/usb/lp0"))
        self.fields["serial_device"].edit.setPlaceholderText(_("e.g. /dev/ttyS0 or COM1"))
        for field in self.fields.values():
            if field.wrong:
                field.validate()

    # -- showing and reading ----------------------------------------------------------------------

    def fill(self, saved: PrinterConfig | None, profiles: list[str]) -> None:
        """Show the printer ``saved``; None (no printer yet): the defaults, "no printer" chosen,
        its folder left to fill in."""
        config = saved or PrinterConfig(kind=PrinterKind.PREVIEW, path="-")
        self.profile.clear()
        for name in profiles:
            self.profile.addItem(name, name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(config.kind))))
        values = {
            "host": config.host, "port": str(config.port),
            "usb_vendor": f"{config.usb_vendor:04x}" if config.usb_vendor else "",
            "usb_product": f"{config.usb_product:04x}" if config.usb_product else "",
            "serial_device": config.serial_device,
            "device_path": config.path if config.kind is PrinterKind.FILE else "",
            "windows_name": config.windows_name,
            "preview_path": config.path if saved is not None
            and config.kind is PrinterKind.PREVIEW else "",
        }
        for name, value in values.items():
            self.fields[name].edit.setText(value)
            self.fields[name].show_error("")
        self.baudrate.setCurrentIndex(max(0, self.baudrate.findData(config.baudrate)))
        self.paper.setCurrentIndex(max(0, self.paper.findData(config.width_dots)))
        self.profile.setCurrentIndex(max(0, self.profile.findData(config.profile)))
        self.drawer_pin.setCurrentIndex(max(0, self.drawer_pin.findData(config.drawer_pin)))
        self.pulse.setValue(config.drawer_pulse_ms)
        self._show_rows()

    def choose_kind(self, kind: PrinterKind | str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(kind))))

    def _show_rows(self) -> None:
        kind = str(self.kind.currentData())
        for rows_kind, widgets in self.rows.items():
            for widget in widgets:
                widget.setVisible(rows_kind == kind)

    def fields_shown(self) -> list[CheckedField]:
        """The fields of the connection chosen (the others are not saved)."""
        return [self.fields[name] for name in _KIND_FIELDS[str(self.kind.currentData())]
                if name != "windows_name"]  # empty: the Windows default printer

    def valid(self) -> bool:
        """Check the fields shown (each says its problem); True when all are accepted."""
        return all_valid(self.fields_shown())

    def values(self) -> dict[str, Any]:
        """The form as the settings :class:`PrinterConfig` reads."""
        kind = PrinterKind(str(self.kind.currentData()))
        f = {name: field.value.strip() for name, field in self.fields.items()}
        values: dict[str, Any] = {
            "kind": kind.value, "width_dots": int(self.paper.currentData()),
            "profile": str(self.profile.currentData() or "default"),
            "drawer_pin": int(self.drawer_pin.currentData()), "drawer_pulse_ms": self.pulse.value(),
        }
        if kind is PrinterKind.NETWORK:
            values.update(host=f["host"], port=int(f["port"]) if f["port"].isdigit() else 0)
        elif kind is PrinterKind.USB:
            values.update(usb_vendor=f["usb_vendor"] or "0", usb_product=f["usb_product"] or "0")
        elif kind is PrinterKind.SERIAL:
            values.update(serial_device=f["serial_device"], baudrate=int(self.baudrate.currentData()))
        elif kind is PrinterKind.FILE:
            values.update(path=f["device_path"])
        elif kind is PrinterKind.WINDOWS:
            values.update(windows_name=f["windows_name"])
        else:
            values.update(path=f["preview_path"])
        return values

    # -- USB --------------------------------------------------------------------------------------

    def detect_usb(self) -> None:
        """List the USB devices plugged in; choosing one fills the ids."""
        try:
            devices = settings_admin.usb_devices()
        except PossoukError as error:
            self.usb_found.hide()
            self.message.show_error(error)
            return
        self.usb_found.clear()
        for device in devices:
            label = f"{device.ids} {device.name}".strip()
            if device.printer:
                label = render_message(N_("{device} (printer)"), {"device": label})
            self.usb_found.addItem(label, (device.vendor, device.product))
        self.usb_found.setVisible(bool(devices))
        if devices:
            self.usb_found.setCurrentIndex(0)
            self._usb_chosen(0)
            self.message.show_info(render_message(
                N_("USB devices found: {count}. Choose the printer in the list."),
                {"count": len(devices)}))
        else:
            self.message.show_error(UserError(N_("No USB device was found: check that the printer "
                                                 "is switched on and its cable plugged in.")))

    def _usb_chosen(self, index: int) -> None:
        ids = self.usb_found.itemData(index)
        if isinstance(ids, tuple):
            self.fields["usb_vendor"].edit.setText(f"{ids[0]:04x}")
            self.fields["usb_product"].edit.setText(f"{ids[1]:04x}")
            for name in ("usb_vendor", "usb_product"):
                self.fields[name].validate()
